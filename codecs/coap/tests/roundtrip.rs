//! Property tests: decode(encode(m)) == m over generated messages, and
//! encode(decode(b)) == b over the bytes they produce.

use m2mwire_coap::{
    Code, DecodeOptions, Message, MessageBuf, MessageEncoder, MessageType, OptionNumber,
};
use m2mwire_core::Encode;
use proptest::prelude::*;

fn mtype() -> impl Strategy<Value = MessageType> {
    (0u8..4).prop_map(MessageType::from_bits)
}

/// Values for any option number: registered ones get a length inside their range, so the
/// message is valid under strict decoding; unregistered ones are elective (even).
fn option() -> impl Strategy<Value = (OptionNumber, Vec<u8>)> {
    let registered = prop::sample::select(OptionNumber::REGISTERED.to_vec()).prop_flat_map(|n| {
        let d = n.definition().unwrap();
        let max = usize::from(d.max_len).min(300);
        prop::collection::vec(any::<u8>(), usize::from(d.min_len)..=max).prop_map(move |v| (n, v))
    });
    let elective = (any::<u16>(), prop::collection::vec(any::<u8>(), 0..300))
        .prop_map(|(n, v)| (OptionNumber(n & !1), v));
    prop_oneof![3 => registered, 1 => elective]
}

/// A message strict decoding accepts: code and type combinations of §4, no repeated
/// non-repeatable critical option, a payload whenever OSCORE is present.
fn valid_message() -> impl Strategy<Value = MessageBuf> {
    (
        mtype(),
        prop_oneof![Just(0u8), 1u8..0x20, 0x40u8..0xc0],
        any::<u16>(),
        prop::collection::vec(any::<u8>(), 0..=8),
        prop::collection::vec(option(), 0..12),
        prop::collection::vec(any::<u8>(), 0..200),
    )
        .prop_map(|(mtype, code, mid, token, options, payload)| {
            let code = Code(code);
            let mtype = match mtype {
                MessageType::Reset if !code.is_empty() => MessageType::Confirmable,
                MessageType::NonConfirmable if code.is_empty() => MessageType::Confirmable,
                MessageType::Acknowledgement if code.is_request() => MessageType::Confirmable,
                t => t,
            };
            let mut m = MessageBuf::new(mtype, code, mid);
            if code.is_empty() {
                return m;
            }
            m.token = token;
            for (n, v) in options {
                let d = n.definition();
                if n.is_critical() && d.is_some_and(|d| !d.repeatable) && m.option(n).is_some() {
                    continue;
                }
                m.add_option(n, v);
            }
            m.payload = payload;
            if m.option(OptionNumber::OSCORE).is_some() && m.payload.is_empty() {
                m.payload.push(0);
            }
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decode_of_encode_is_identity(m in valid_message()) {
        let bytes = m.encode_to_vec().unwrap();
        prop_assert_eq!(bytes.len(), m.encoded_len());
        let view = Message::decode(&bytes, &DecodeOptions::strict()).unwrap();
        prop_assert_eq!(MessageBuf::from(&view), m.clone());
        // Canonical: re-encoding the view gives the same bytes.
        prop_assert_eq!(view.encode_to_vec().unwrap(), bytes.clone());
        prop_assert_eq!(view.option_count(), m.options().len());
        // The streaming encoder writes the same bytes.
        let mut buf = vec![0u8; bytes.len()];
        let mut enc = MessageEncoder::new(&mut buf[..], m.mtype, m.code, m.message_id, &m.token).unwrap();
        for o in m.options() {
            enc.option(o.number, &o.value).unwrap();
        }
        prop_assert_eq!(enc.finish(&m.payload).unwrap(), bytes.len());
        prop_assert_eq!(buf, bytes);
    }

    #[test]
    fn encode_of_decode_is_identity_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        for opts in [DecodeOptions::strict(), DecodeOptions::lenient()] {
            if let Ok(m) = Message::decode(&bytes, &opts) {
                let again = m.encode_to_vec().unwrap();
                // Lenient decoding may drop a payload marker with no payload; nothing else.
                if opts == DecodeOptions::strict() {
                    prop_assert_eq!(&again, &bytes);
                } else {
                    prop_assert!(again == bytes || again[..] == bytes[..bytes.len() - 1]);
                }
            }
        }
    }

    #[test]
    fn encoding_into_a_short_buffer_fails_cleanly(m in valid_message(), cut in 0usize..64) {
        let len = m.encoded_len();
        let mut buf = vec![0u8; len.saturating_sub(cut + 1)];
        prop_assert!(m.encode_to_slice(&mut buf).is_err());
    }
}
