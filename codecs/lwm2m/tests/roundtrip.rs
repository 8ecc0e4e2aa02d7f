//! Property tests: generated TLV trees and typed values survive encode → decode unchanged,
//! and a decoded payload re-encodes to its own bytes.

use m2mwire_core::Encode;
use m2mwire_lwm2m::{
    DecodeOptions, Form, ObjectLink, OwnedContent, OwnedTlv, OwnedTlvs, ResourceType, TlvKind,
    Tlvs, Value,
};
use proptest::prelude::*;

fn id() -> impl Strategy<Value = u16> {
    prop_oneof![0u16..300, 0u16..65535]
}

fn form_for(id: u16, len: usize) -> impl Strategy<Value = Option<Form>> {
    let shortest = Form::shortest(id, len);
    prop_oneof![
        Just(None),
        (any::<bool>(), 0u8..4).prop_map(move |(id16, lb)| {
            let f = Form {
                id16: id16 || shortest.id16,
                length_bytes: lb.max(shortest.length_bytes),
            };
            Some(f)
        }),
    ]
}

fn value_tlv(kind: TlvKind) -> impl Strategy<Value = OwnedTlv> {
    (id(), prop::collection::vec(any::<u8>(), 0..300)).prop_flat_map(move |(id, v)| {
        form_for(id, v.len()).prop_map(move |form| OwnedTlv {
            kind,
            id,
            form,
            content: OwnedContent::Value(v.clone()),
        })
    })
}

/// Sibling lists with distinct ids, as the decoder demands.
fn distinct(mut v: Vec<OwnedTlv>) -> Vec<OwnedTlv> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|t| seen.insert(t.id));
    v
}

fn multiple() -> impl Strategy<Value = OwnedTlv> {
    (
        id(),
        prop::collection::vec(value_tlv(TlvKind::ResourceInstance), 0..6),
    )
        .prop_map(|(id, c)| OwnedTlv::multiple_resource(id, distinct(c)))
}

fn resource_level() -> impl Strategy<Value = OwnedTlv> {
    prop_oneof![value_tlv(TlvKind::Resource), multiple()]
}

fn instance() -> impl Strategy<Value = OwnedTlv> {
    (id(), prop::collection::vec(resource_level(), 0..6))
        .prop_map(|(id, c)| OwnedTlv::object_instance(id, distinct(c)))
}

fn payload() -> impl Strategy<Value = OwnedTlvs> {
    prop_oneof![
        prop::collection::vec(instance(), 0..4),
        prop::collection::vec(resource_level(), 0..8),
        prop::collection::vec(value_tlv(TlvKind::ResourceInstance), 0..8),
    ]
    .prop_map(|v| OwnedTlvs(distinct(v)))
}

fn value() -> impl Strategy<Value = (ResourceType, Value<'static>)> {
    prop_oneof![
        prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX), -130i64..130]
            .prop_map(|v| (ResourceType::Integer, Value::Integer(v))),
        prop_oneof![any::<i64>(), Just(i64::MIN)]
            .prop_map(|v| (ResourceType::Time, Value::Time(v))),
        prop_oneof![any::<u64>(), Just(u64::MAX), 0u64..300]
            .prop_map(|v| (ResourceType::UnsignedInteger, Value::UnsignedInteger(v))),
        prop_oneof![
            any::<f64>(),
            any::<f32>().prop_map(f64::from),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(f64::MIN_POSITIVE / 2.0),
            Just(5e-324),
            Just(f64::MAX),
        ]
        .prop_map(|v| (ResourceType::Float, Value::Float(v))),
        any::<bool>().prop_map(|v| (ResourceType::Boolean, Value::Boolean(v))),
        (any::<u16>(), any::<u16>()).prop_map(|(object, instance)| {
            (
                ResourceType::Objlnk,
                Value::Objlnk(ObjectLink { object, instance }),
            )
        }),
        ".*".prop_map(|s| (
            ResourceType::String,
            Value::String(Box::leak(s.into_boxed_str()))
        )),
        prop::collection::vec(any::<u8>(), 0..40)
            .prop_map(|v| (ResourceType::Opaque, Value::Opaque(v.leak()))),
    ]
}

fn same(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        // Bit-for-bit: NaN payloads and the sign of zero must survive.
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn trees_round_trip(tree in payload()) {
        let bytes = tree.encode_to_vec().unwrap();
        prop_assert_eq!(bytes.len(), tree.encoded_len());
        let tlvs = Tlvs::decode(&bytes, &DecodeOptions::strict()).unwrap();
        let back = OwnedTlvs::from_tlvs(&tlvs);
        // Same tree; forms compare as written (None means the shortest).
        prop_assert_eq!(back.encode_to_vec().unwrap(), bytes.clone());
        prop_assert_eq!(back.0.len(), tree.0.len());
        for (a, b) in back.0.iter().zip(&tree.0) {
            prop_assert_eq!((a.kind, a.id), (b.kind, b.id));
        }
    }

    #[test]
    fn typed_values_round_trip((ty, v) in value()) {
        let bytes = v.encode_to_vec().unwrap();
        prop_assert_eq!(bytes.len(), v.encoded_len());
        let back = Value::decode_tlv(ty, &bytes, 0, &DecodeOptions::strict()).unwrap();
        prop_assert!(same(&back, &v), "{:?} -> {:?} -> {:?}", v, bytes, back);
        // And the form is the shortest that loses nothing.
        match v {
            Value::Integer(i) | Value::Time(i) => {
                for n in [1usize, 2, 4] {
                    if n < bytes.len() {
                        let fits = i >= -(1i64 << (8 * n - 1)) && i < (1i64 << (8 * n - 1));
                        prop_assert!(!fits);
                    }
                }
            }
            Value::Float(f) => prop_assert_eq!(bytes.len() == 4, ((f as f32) as f64).to_bits() == f.to_bits()),
            _ => {}
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(t) = Tlvs::decode(&bytes, &DecodeOptions::lenient()) {
            // Equal but for Type bits 2-0 under a Length field, which are ignored and
            // written as 0.
            let again = OwnedTlvs::from_tlvs(&t).encode_to_vec().unwrap();
            prop_assert_eq!(again.len(), bytes.len());
            for (a, b) in again.iter().zip(&bytes) {
                prop_assert!(a == b || (a & !7 == b & !7 && a & 7 == 0));
            }
        }
    }
}
