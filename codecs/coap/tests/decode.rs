//! Behaviour of the decoder beyond the vectors: limits, offsets, the option iterator.

use m2mwire_coap::{
    CoapErrorKind, Code, DecodeOptions, Message, MessageBuf, MessageEncoder, MessageType,
    OptionNumber, ProblemKind, Relax,
};
use m2mwire_core::{Decode, Encode, EncodeError, Limits, Reader};

#[test]
fn rejects_message_larger_than_the_limit() {
    let opts = DecodeOptions {
        limits: Limits {
            max_message_size: 8,
            ..Limits::DEFAULT
        },
        ..DecodeOptions::strict()
    };
    let bytes = b"\x40\x02\x00\x01\xffhello";
    let err = Message::decode(bytes, &opts).unwrap_err();
    assert_eq!((err.kind, err.offset), (CoapErrorKind::MessageTooLarge, 8));
    assert!(Message::decode(&bytes[..8], &opts).is_ok());
}

#[test]
fn max_options_limit_is_configurable() {
    let opts = DecodeOptions {
        limits: Limits {
            max_options: 2,
            ..Limits::DEFAULT
        },
        ..DecodeOptions::strict()
    };
    assert!(Message::decode(b"\x40\x01\x00\x01\xb0\x00", &opts).is_ok());
    let err = Message::decode(b"\x40\x01\x00\x01\xb0\x00\x00", &opts).unwrap_err();
    assert_eq!((err.kind, err.offset), (CoapErrorKind::TooManyOptions, 6));
}

#[test]
fn decode_trait_reports_offsets_from_the_start_of_the_reader_input() {
    let input = b"\xaa\xbb\x44\x01\x00\x01\x01";
    let mut r = Reader::new(input);
    r.take(2).unwrap();
    let err = <Message as Decode>::decode(&mut r, &DecodeOptions::strict()).unwrap_err();
    assert_eq!((err.kind, err.offset), (CoapErrorKind::TruncatedToken, 6));
}

#[test]
fn accessors_find_options_by_number() {
    let bytes = MessageBuf::new(MessageType::Confirmable, Code::GET, 1)
        .with_option(OptionNumber::URI_PATH, b"a")
        .with_option(OptionNumber::URI_PATH, b"b")
        .with_uint_option(OptionNumber::CONTENT_FORMAT, 11542)
        .with_option(OptionNumber::URI_HOST, b"h")
        .encode_to_vec()
        .unwrap();
    let m = Message::decode(&bytes, &DecodeOptions::strict()).unwrap();
    assert_eq!(m.uri_path().collect::<Vec<_>>(), [b"a", b"b"]);
    assert_eq!(
        m.content_format(),
        Some(m2mwire_coap::ContentFormat::LWM2M_TLV)
    );
    assert_eq!(m.option(OptionNumber::URI_HOST).unwrap().value, b"h");
    assert_eq!(m.option(OptionNumber::ETAG), None);
    assert_eq!(m.option_count(), 4);
}

#[test]
fn lenient_decode_lists_the_critical_problems_it_let_through() {
    // Unknown critical 13, then Uri-Port 3 bytes... (13 > 7, so order: Uri-Port first).
    let bytes = b"\x40\x01\x00\x01\x73\x00\x16\x33\x61\x00";
    assert!(Message::decode(bytes, &DecodeOptions::strict()).is_err());
    let m = Message::decode(bytes, &DecodeOptions::lenient()).unwrap();
    let problems: Vec<_> = m
        .option_problems()
        .map(|p| (p.index, p.number.0, p.kind))
        .collect();
    assert_eq!(
        problems,
        [
            (0, 7, ProblemKind::BadLength),
            (1, 13, ProblemKind::Unrecognized)
        ]
    );
    assert!(m.option_problems().all(|p| p.is_critical()));
    let only_length = DecodeOptions::strict().relaxing(Relax::CRITICAL_OPTION_LENGTH);
    let err = Message::decode(bytes, &only_length).unwrap_err();
    assert_eq!(
        (err.kind, err.offset),
        (CoapErrorKind::UnrecognizedCriticalOption, 8)
    );
}

#[test]
fn lenient_empty_message_keeps_its_token() {
    let m = Message::decode(b"\x41\x00\x00\x01\xaa", &DecodeOptions::lenient()).unwrap();
    assert_eq!(m.token(), [0xaa]);
    assert!(m.code().is_empty());
}

#[test]
fn encoder_refuses_descending_options_and_long_tokens() {
    let mut buf = [0u8; 32];
    let mut enc =
        MessageEncoder::new(&mut buf[..], MessageType::Confirmable, Code::GET, 1, &[]).unwrap();
    enc.option(OptionNumber::URI_PATH, b"x").unwrap();
    assert!(matches!(
        enc.option(OptionNumber::URI_HOST, b"h"),
        Err(EncodeError::Invalid { .. })
    ));
    let long = MessageBuf::new(MessageType::Confirmable, Code::GET, 1).with_token([0u8; 9]);
    assert!(matches!(
        long.encode_to_vec(),
        Err(EncodeError::Invalid { .. })
    ));
    let mut tiny = [0u8; 3];
    assert!(matches!(
        MessageEncoder::new(&mut tiny[..], MessageType::Confirmable, Code::GET, 1, &[]),
        Err(EncodeError::BufferFull { .. })
    ));
}

#[test]
fn options_are_sorted_stably_whatever_order_they_are_added_in() {
    let m = MessageBuf::new(MessageType::Confirmable, Code::GET, 1)
        .with_option(OptionNumber::URI_QUERY, b"q")
        .with_option(OptionNumber::URI_PATH, b"1")
        .with_option(OptionNumber::URI_HOST, b"h")
        .with_option(OptionNumber::URI_PATH, b"2");
    let order: Vec<_> = m
        .options()
        .iter()
        .map(|o| (o.number.0, o.value.clone()))
        .collect();
    assert_eq!(
        order,
        [
            (3, b"h".to_vec()),
            (11, b"1".to_vec()),
            (11, b"2".to_vec()),
            (15, b"q".to_vec())
        ]
    );
    let mut m = m;
    m.remove_options(OptionNumber::URI_PATH);
    assert_eq!(m.options().len(), 2);
}

#[test]
fn every_error_kind_names_a_clause() {
    use m2mwire_core::ErrorKind;
    for k in CoapErrorKind::all() {
        assert!(!k.clause().is_empty(), "{k:?}");
        assert_eq!(format!("{k:?}"), k.name());
    }
    for (flag, clause) in Relax::describe() {
        assert!(clause.starts_with("RFC"), "{flag}");
    }
}
