//! `mqttsn_roundtrip`: `encode(decode(b)) == b` for every datagram strict decoding accepts,
//! `encoded_len` is exact, and encoding into a buffer one byte short fails cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_core::{Encode, EncodeError};
use m2mwire_mqttsn::{DecodeOptions, Packet};

fuzz_target!(|data: &[u8]| {
    let Ok(p) = Packet::decode(data, &DecodeOptions::strict()) else {
        return;
    };
    assert_eq!(p.encoded_len(), data.len(), "encoded_len");
    let bytes = p.encode_to_vec().expect("a decoded packet always encodes");
    assert_eq!(bytes, data, "re-encoding differs from the input");
    let mut short = vec![0u8; data.len() - 1];
    assert!(
        matches!(
            p.encode_to_slice(&mut short),
            Err(EncodeError::BufferFull { .. })
        ),
        "a short buffer must fail with BufferFull"
    );
});
