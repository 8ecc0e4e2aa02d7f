//! `coap_inverse`: `decode(encode(m)) == m` for an arbitrary owned `MessageBuf`.
//!
//! The encoder writes any structurally fine message (token of at most 8 bytes, options in
//! ascending order, each header in its single §3.1 form, payload marker only before a
//! non-empty payload), so for every `m` the `arbitrary` feature builds:
//!
//! 1. `m.encode_to_vec()` succeeds. The only encode error allowed is
//!    `EncodeError::Invalid` for a token longer than 8 bytes (which `Arbitrary` never makes;
//!    the check stays so a change there is noticed).
//! 2. `m.encoded_len()` is exactly the number of bytes written.
//! 3. `Message::decode(bytes, &DecodeOptions::lenient())`:
//!    - if it succeeds, `MessageBuf::from(&decoded) == m` and the view re-encodes to `bytes`;
//!    - if it fails, the error must be one a well-framed message can still hit with every
//!      `Relax` flag on, and exactly the one `m` calls for (see `expected_rejection`). Any
//!      other error, a framing error above all, means encoder and decoder disagree: a bug.
//! 4. A strict decode, when it succeeds, gives the same message too.
//!
//! Half of all codes have a reserved class, which lenient decoding still rejects first of
//! all; after checking that rejection the message is checked again with the class moved to
//! a neighbouring valid one, so those inputs exercise the rest of the decoder as well.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use m2mwire_coap::{
    CoapErrorKind, Code, DecodeOptions, MAX_TOKEN_LEN, Message, MessageBuf, OptionNumber,
};
use m2mwire_core::{Encode, EncodeError, Limits};

/// Why lenient decoding may reject a message the encoder wrote without error. Everything
/// else `Message::parse` checks is either framing (which the encoder always gets right:
/// version, token length, option nibbles, extended fields, option number range, truncation)
/// or a rule a `Relax` flag turns off (Empty-message content, type/code combinations,
/// empty payload marker, critical-option checks).
const LEGITIMATE_REJECTIONS: &[CoapErrorKind] = &[
    // RFC 7252 §12.1: code classes 1, 3, 6 and 7 are reserved; no flag relaxes it.
    CoapErrorKind::ReservedCodeClass,
    // RFC 8613 §2: an OSCORE option requires a payload; no flag relaxes it.
    CoapErrorKind::OscoreWithoutPayload,
    // Resource limits (Limits::DEFAULT), not relaxations: only past 256 options or 16 MiB.
    CoapErrorKind::TooManyOptions,
    CoapErrorKind::MessageTooLarge,
];

fuzz_target!(|msg: MessageBuf| {
    check(&msg);
    if msg.code.is_reserved_class() {
        let mut moved = msg.clone();
        moved.code = Code::new(valid_class(msg.code.class()), msg.code.detail());
        check(&moved);
    }
});

fn check(msg: &MessageBuf) {
    // 1. Encoding.
    let bytes = match msg.encode_to_vec() {
        Ok(bytes) => bytes,
        Err(EncodeError::Invalid { what, .. }) if msg.token.len() > MAX_TOKEN_LEN => {
            black_box(what);
            return;
        }
        Err(e) => panic!("encoding {msg:?} failed: {e:?}"),
    };
    // 2. Exact length.
    assert_eq!(msg.encoded_len(), bytes.len(), "encoded_len of {msg:?}");

    // 3. Lenient decoding.
    let expected = expected_rejection(msg, bytes.len());
    match Message::decode(&bytes, &DecodeOptions::lenient()) {
        Ok(decoded) => {
            assert_eq!(expected, None, "lenient decode accepted {msg:?}");
            assert_eq!(&MessageBuf::from(&decoded), msg, "decode(encode(m)) != m");
            assert_eq!(decoded.encode_to_vec().ok().as_deref(), Some(&bytes[..]));
            black_box(decoded);
        }
        Err(e) => {
            assert!(
                LEGITIMATE_REJECTIONS.contains(&e.kind),
                "lenient decode rejected a well-formed encoding with {e:?}\n\
                 message: {msg:?}\nbytes: {bytes:02x?}"
            );
            let (kind, offset) = expected.unwrap_or_else(|| panic!("unexpected {e:?} for {msg:?}"));
            assert_eq!(
                (e.kind, e.offset),
                (kind, offset),
                "wrong rejection of {msg:?}"
            );
        }
    }

    // 4. Strict decoding, when it accepts, agrees.
    if let Ok(decoded) = Message::decode(&bytes, &DecodeOptions::strict()) {
        assert_eq!(
            &MessageBuf::from(&decoded),
            msg,
            "strict decode(encode(m)) != m"
        );
    }
}

/// The error (kind, offset) lenient decoding must report for `msg` encoded in `len` bytes,
/// in the order `Message::parse` checks: size, code class, option count, OSCORE.
fn expected_rejection(msg: &MessageBuf, len: usize) -> Option<(CoapErrorKind, usize)> {
    let limits = Limits::DEFAULT;
    if len > limits.max_message_size {
        return Some((CoapErrorKind::MessageTooLarge, limits.max_message_size));
    }
    if msg.code.is_reserved_class() {
        // Offset of the Code byte.
        return Some((CoapErrorKind::ReservedCodeClass, 1));
    }
    if msg.options().len() > limits.max_options {
        // Reported at the header of the first option too many.
        return Some((
            CoapErrorKind::TooManyOptions,
            offset_of_option(msg, limits.max_options),
        ));
    }
    let oscore = msg
        .options()
        .iter()
        .any(|o| o.number == OptionNumber::OSCORE);
    if oscore && msg.payload.is_empty() {
        // With no payload the options run to the end of the message.
        return Some((CoapErrorKind::OscoreWithoutPayload, len));
    }
    None
}

/// Byte offset of option `index` in the encoding of `msg`: the length of the message cut
/// just before it.
fn offset_of_option(msg: &MessageBuf, index: usize) -> usize {
    let mut head =
        MessageBuf::new(msg.mtype, msg.code, msg.message_id).with_token(msg.token.clone());
    for o in msg.options().iter().take(index) {
        head.add_option(o.number, o.value.clone());
    }
    head.encoded_len()
}

/// A non-reserved class next to a reserved one: 1 → 0, 3 → 2, 6 → 5, 7 → 5.
fn valid_class(class: u8) -> u8 {
    match class {
        1 => 0,
        3 => 2,
        6 | 7 => 5,
        c => c,
    }
}
