//! `coap_roundtrip`: `encode(decode(b)) == b` for every datagram strict decoding accepts.
//!
//! The crate promises (lib.rs) that option headers have a single encoding (RFC 7252 §3.1)
//! and values are kept as received, so a strictly decoded message re-encodes to its exact
//! input. For every input that `Message::decode(.., strict)` accepts:
//!
//! 1. the borrowed view: `encoded_len() == input.len()` and `encode_to_vec() == input`;
//! 2. `encode_to_slice` into a buffer of exactly that size writes the input, and into one
//!    byte less fails with `BufferFull { needed: 1 }`;
//! 3. the owned form: `MessageBuf::from(&msg)` has the same `encoded_len()` and
//!    `encode_to_vec() == input`;
//! 4. the allocation-free `MessageEncoder`, fed the decoded fields and options, writes the
//!    input too.
//!
//! For inputs only `lenient()` accepts, the canonical re-encoding (`MessageBuf`) is checked
//! to be a fixed point: it decodes leniently to the same owned message.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use m2mwire_coap::{DecodeOptions, Message, MessageBuf, MessageEncoder};
use m2mwire_core::{Encode, EncodeError};

fuzz_target!(|data: &[u8]| {
    let msg = match Message::decode(data, &DecodeOptions::strict()) {
        Ok(msg) => msg,
        Err(_) => {
            lenient_fixed_point(data);
            return;
        }
    };

    // 1. The view.
    assert_eq!(msg.encoded_len(), data.len(), "view encoded_len");
    let bytes = msg.encode_to_vec().expect("a decoded view always encodes");
    assert_eq!(bytes, data, "view re-encoding differs from the input");

    // 2. Fixed buffers.
    let mut buf = vec![0u8; data.len()];
    assert_eq!(msg.encode_to_slice(&mut buf), Ok(data.len()));
    assert_eq!(buf, data, "encode_to_slice differs from the input");
    assert_eq!(
        msg.encode_to_slice(&mut buf[..data.len() - 1]),
        Err(EncodeError::BufferFull { needed: 1 })
    );

    // 3. The owned form.
    let owned = MessageBuf::from(&msg);
    assert_eq!(owned.encoded_len(), data.len(), "MessageBuf encoded_len");
    let bytes = owned
        .encode_to_vec()
        .expect("a decoded message always encodes");
    assert_eq!(bytes, data, "MessageBuf re-encoding differs from the input");

    // 4. The streaming encoder.
    let mut out = Vec::new();
    let mut enc = MessageEncoder::new(
        &mut out,
        msg.message_type(),
        msg.code(),
        msg.message_id(),
        msg.token(),
    )
    .expect("header of a decoded message encodes");
    for opt in msg.options().flatten() {
        enc.option(opt.number, opt.value)
            .expect("options of a decoded message encode in order");
    }
    let len = enc
        .finish(msg.payload())
        .expect("payload of a decoded message encodes");
    assert_eq!(len, data.len(), "MessageEncoder length");
    assert_eq!(out, data, "MessageEncoder output differs from the input");
    black_box(out);
});

/// A message only lenient decoding accepts is normalized by re-encoding (an empty payload
/// marker is dropped); the normalized bytes must decode leniently to the same message.
fn lenient_fixed_point(data: &[u8]) {
    let Ok(msg) = Message::decode(data, &DecodeOptions::lenient()) else {
        return;
    };
    let owned = MessageBuf::from(&msg);
    let bytes = owned
        .encode_to_vec()
        .expect("a leniently decoded message always encodes");
    assert_eq!(bytes.len(), owned.encoded_len(), "MessageBuf encoded_len");
    assert!(
        bytes.len() <= data.len(),
        "normalizing made the message longer"
    );
    match Message::decode(&bytes, &DecodeOptions::lenient()) {
        Ok(again) => assert_eq!(MessageBuf::from(&again), owned, "not a fixed point"),
        Err(e) => panic!("normalized form of an accepted message rejected: {e:?}"),
    }
}
