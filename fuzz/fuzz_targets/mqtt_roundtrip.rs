//! `mqtt_roundtrip`: `encode(decode(b)) == b` for every packet the decoder accepts.
//!
//! Input layout: byte 0 is the selector, the rest is the packet. Selector bit 0 picks the
//! version (0: MQTT 3.1.1, 1: MQTT 5.0), bit 1 the options (0: strict, 1: lenient); the other
//! bits are ignored.
//!
//! The crate promises (lib.rs) that 5.0 forms leaving out a reason code or properties are kept
//! as `None` and property lists keep their wire order, so `encode(decode(b)) == b`. Nothing
//! lenient decoding relaxes is normalized either (the `MQIsdp` name is written back for level
//! 3, strings and the CONNECT flags are kept), so the promise is checked under both options.
//! For every input that `Packet::decode(.., version, opts)` accepts:
//!
//! 1. `encoded_len(version) == input.len()` and `encode(version, &mut Vec)` writes the input;
//! 2. the `Encode` view (`versioned`): `encode_to_vec` writes the input, `encode_to_slice`
//!    into exactly that many bytes writes the input, into one byte less fails with
//!    `BufferFull { needed: 1 }`;
//! 3. `encode` straight into a `&mut [u8]` one byte short fails cleanly with
//!    `BufferFull { needed: 1 }` (the sink never writes partially, so the one write that does
//!    not fit is the last), never panics, and what it wrote before is a prefix of the input;
//! 4. the owned form: `OwnedPacket::from_packet` keeps exactly the input and reads back the
//!    same packet.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use m2mwire_core::{Encode, EncodeError};
use m2mwire_mqtt::{DecodeOptions, OwnedPacket, Packet, ProtocolVersion};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, wire)) = data.split_first() else {
        return;
    };
    let version = if selector & 1 == 0 {
        ProtocolVersion::V311
    } else {
        ProtocolVersion::V5
    };
    let opts = if selector & 2 == 0 {
        DecodeOptions::strict()
    } else {
        DecodeOptions::lenient()
    };
    let Ok(p) = Packet::decode(wire, version, &opts) else {
        return;
    };
    let len = wire.len();

    // 1. Straight encode into a Vec.
    assert_eq!(p.encoded_len(version), len, "encoded_len of {p:?}");
    let mut out = Vec::new();
    p.encode(version, &mut out)
        .unwrap_or_else(|e| panic!("a decoded packet failed to encode: {e:?}\n{p:?}"));
    assert_eq!(out, wire, "re-encoding differs from the input: {p:?}");

    // 2. The `Encode` view.
    let view = p.versioned(version);
    assert_eq!(view.encoded_len(), len);
    assert_eq!(view.encode_to_vec().as_deref(), Ok(wire));
    let mut buf = vec![0u8; len];
    assert_eq!(view.encode_to_slice(&mut buf), Ok(len));
    assert_eq!(buf, wire, "encode_to_slice differs from the input");
    assert_eq!(
        view.encode_to_slice(&mut buf[..len - 1]),
        Err(EncodeError::BufferFull { needed: 1 })
    );

    // 3. A fixed sink one byte short, through `Packet::encode` itself.
    let mut short = vec![0u8; len - 1];
    let mut sink: &mut [u8] = &mut short;
    assert_eq!(
        p.encode(version, &mut sink),
        Err(EncodeError::BufferFull { needed: 1 }),
        "encoding {p:?} into {} bytes",
        len - 1
    );
    let written = len - 1 - sink.len();
    assert_eq!(
        short[..written],
        wire[..written],
        "partial write is no prefix"
    );

    // 4. The owned form.
    let owned = OwnedPacket::from_packet(&p, version, &opts)
        .unwrap_or_else(|e| panic!("OwnedPacket::from_packet failed: {e:?}\n{p:?}"));
    assert_eq!(owned.as_bytes(), wire);
    assert_eq!(owned.get(), p);
    black_box(owned);
});
