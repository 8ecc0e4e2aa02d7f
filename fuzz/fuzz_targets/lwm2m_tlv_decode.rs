//! `lwm2m_tlv_decode`: any bytes, strict and lenient, as a raw payload and against request
//! paths with the core object model: never a panic; what strict decoding accepts, lenient
//! decoding accepts too; every value of an accepted payload can be read as every type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_lwm2m::{DecodeOptions, Model, Path, ResourceType, Tlv, Tlvs, decode_tlv};
use std::hint::black_box;
use std::sync::OnceLock;

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::core)
}

fn walk(t: &Tlv<'_>, opts: &DecodeOptions) {
    for ty in ResourceType::ALL {
        let _ = black_box(t.typed(ty, opts));
    }
    for c in t.children() {
        walk(&c, opts);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let strict = Tlvs::decode(bytes, &DecodeOptions::strict());
    let lenient = Tlvs::decode(bytes, &DecodeOptions::lenient());
    if strict.is_ok() {
        assert!(lenient.is_ok(), "lenient rejects what strict accepts");
    }
    if let Ok(t) = lenient {
        for tlv in t.iter() {
            walk(&tlv, &DecodeOptions::lenient());
        }
        let spans: usize = t.iter().map(|t| t.wire_len()).sum();
        assert_eq!(
            spans,
            bytes.len(),
            "top-level TLVs do not cover the payload"
        );
    }
    const PATHS: [&str; 8] = [
        "/3",
        "/3/0",
        "/3/0/6",
        "/3/0/6/1",
        "/1/0/6",
        "/6/0/0",
        "/2",
        "/9999/0/1",
    ];
    let path = Path::parse(PATHS[usize::from(selector) % PATHS.len()]).unwrap();
    let opts = if selector & 0x80 != 0 {
        DecodeOptions::lenient()
    } else {
        DecodeOptions::strict()
    };
    let _ = black_box(decode_tlv(bytes, &path, model(), &opts));
});
