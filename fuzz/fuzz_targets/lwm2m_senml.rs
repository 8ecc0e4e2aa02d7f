//! `lwm2m_senml`: any bytes as SenML JSON (first byte 0 mod 4), SenML CBOR (1), LwM2M CBOR
//! (2) or LwM2M 1.0 JSON (3): never a panic; a pack that decodes resolves or fails with a typed error, and its
//! canonical encoding is a fixed point (encode → decode → encode gives the same bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_lwm2m::Model;
use m2mwire_lwm2m::lwm2m_cbor::{decode_lwm2m_cbor, encode_lwm2m_cbor};
use m2mwire_lwm2m::senml::{
    decode_cbor, decode_json, decode_lwm2m_json, encode_cbor, encode_json, encode_lwm2m_json,
    resolve,
};
use std::sync::OnceLock;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::core)
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    if sel % 4 == 3 {
        let Ok(records) = decode_lwm2m_json(bytes) else {
            return;
        };
        let _ = resolve(&records, model());
        let once = encode_lwm2m_json(&records).expect("LwM2M JSON re-encodes");
        let back = decode_lwm2m_json(once.as_bytes()).expect("own LwM2M JSON rejected");
        assert_eq!(encode_lwm2m_json(&back).unwrap(), once);
    } else if sel % 4 == 2 {
        let Ok(entries) = decode_lwm2m_cbor(bytes, model()) else {
            return;
        };
        let once = encode_lwm2m_cbor(&entries).expect("decoded entries re-encode");
        let back = decode_lwm2m_cbor(&once, model()).expect("own LwM2M CBOR rejected");
        assert_eq!(encode_lwm2m_cbor(&back).unwrap(), once);
    } else if sel % 4 == 0 {
        let Ok(records) = decode_json(bytes) else {
            return;
        };
        let _ = resolve(&records, model());
        // Non-finite numbers cannot come from JSON, so the pack always re-encodes.
        let once = encode_json(&records).expect("JSON pack re-encodes");
        let back = decode_json(once.as_bytes()).expect("own JSON rejected");
        assert_eq!(encode_json(&back).unwrap(), once);
    } else {
        let Ok(records) = decode_cbor(bytes) else {
            return;
        };
        let _ = resolve(&records, model());
        let once = encode_cbor(&records);
        let back = decode_cbor(&once).expect("own CBOR rejected");
        assert_eq!(encode_cbor(&back), once);
    }
});
