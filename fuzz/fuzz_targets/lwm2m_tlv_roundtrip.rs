//! `lwm2m_tlv_roundtrip`: a payload that decodes re-encodes to the same bytes, through the
//! borrowed view and through the owned tree — except Type bits 2-0 under a Length field,
//! which a receiver ignores (LwM2M 1.0 §6.4.3) and the encoder writes as 0 — and the
//! re-encoding reads back as the same tree; typed content re-encodes and decodes to the same
//! values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_core::Encode;
use m2mwire_lwm2m::{DecodeOptions, Model, OwnedTlvs, Path, Tlvs, decode_tlv};
use std::sync::OnceLock;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::core)
}

fuzz_target!(|bytes: &[u8]| {
    let opts = DecodeOptions::lenient();
    let Ok(t) = Tlvs::decode(bytes, &opts) else {
        return;
    };
    let mut view = Vec::new();
    for tlv in t.iter() {
        tlv.encode(&mut view).unwrap();
    }
    // The view copies values (and so nested headers) verbatim; the owned tree rewrites every
    // header.
    let owned = OwnedTlvs::from_tlvs(&t);
    assert_eq!(owned.encoded_len(), bytes.len());
    let rewritten = owned.encode_to_vec().unwrap();
    for again in [&view, &rewritten] {
        assert_eq!(again.len(), bytes.len());
        for (a, b) in again.iter().zip(bytes) {
            assert_eq!(a & !0x07, b & !0x07, "re-encodes differently");
            if a != b {
                assert_eq!(a & 0x07, 0, "ignored bits written");
            }
        }
        let back = Tlvs::decode(again, &opts).expect("re-encoding rejected");
        assert_eq!(
            OwnedTlvs::from_tlvs(&back),
            owned,
            "re-encoding reads back differently"
        );
    }
    // Typed content: its canonical encoding reads back as the same content.
    for p in ["/3", "/3/0", "/3/0/6", "/6/0/0"] {
        let path = Path::parse(p).unwrap();
        if let Ok(c) = decode_tlv(bytes, &path, model(), &DecodeOptions::strict()) {
            let again = c.to_tlvs().unwrap().encode_to_vec().unwrap();
            let back = decode_tlv(&again, &path, model(), &DecodeOptions::strict())
                .unwrap_or_else(|e| panic!("{p}: canonical form rejected: {e:?}"));
            // NaN != NaN: compare the canonical bytes instead of the values.
            assert_eq!(
                back.to_tlvs().unwrap().encode_to_vec().unwrap(),
                again,
                "{p}"
            );
        }
    }
});
