//! `mqttsn_decode`: decoding any datagram never panics, strict and lenient agree where both
//! accept, errors point inside the input, and an encapsulation's inner message decodes too.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use m2mwire_mqttsn::{DecodeOptions, Message, Packet};

fuzz_target!(|data: &[u8]| {
    let strict = Packet::decode(data, &DecodeOptions::strict());
    let lenient = Packet::decode(data, &DecodeOptions::lenient());
    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => assert_eq!(s, l, "strict and lenient disagree"),
        (Ok(_), Err(e)) => panic!("lenient rejects what strict accepts: {e}"),
        (Err(e), _) => assert!(
            e.offset <= data.len(),
            "error offset {} past the input",
            e.offset
        ),
    }
    if let Ok(p) = lenient {
        if let Message::Encapsulated { inner, .. } = p.message {
            let inner = Packet::decode(inner, &DecodeOptions::lenient());
            assert!(
                inner.is_ok(),
                "an accepted encapsulation holds an undecodable message"
            );
            black_box(inner.ok());
        }
        black_box((p.msg_type(), p.long_length));
    }
    black_box(strict.ok());
});
