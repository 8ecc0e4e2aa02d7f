//! `lwm2m_tlv_inverse`: a tree built from arbitrary input (with sibling ids made distinct)
//! encodes with an exact `encoded_len`, decodes strictly and gives back the same bytes; an
//! arbitrary typed value encodes in its shortest lossless form and decodes to itself, bit for
//! bit.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use m2mwire_core::Encode;
use m2mwire_lwm2m::{
    DecodeOptions, ObjectLink, OwnedTlv, OwnedTlvs, ResourceType, TlvKind, Tlvs, Value,
};

#[derive(Arbitrary, Debug)]
enum Leaf {
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
    Link(u16, u16),
    Text(String),
    Bytes(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Node {
    id: u16,
    leaf: Leaf,
    instances: Vec<(u16, Leaf)>,
    multiple: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    level: u8,
    instances: Vec<(u16, Vec<Node>)>,
    nodes: Vec<Node>,
}

fn value(l: &Leaf) -> (ResourceType, Value<'_>) {
    match l {
        Leaf::Int(v) => (ResourceType::Integer, Value::Integer(*v)),
        Leaf::Uint(v) => (ResourceType::UnsignedInteger, Value::UnsignedInteger(*v)),
        Leaf::Float(v) => (ResourceType::Float, Value::Float(*v)),
        Leaf::Bool(v) => (ResourceType::Boolean, Value::Boolean(*v)),
        Leaf::Link(o, i) => (
            ResourceType::Objlnk,
            Value::Objlnk(ObjectLink {
                object: *o,
                instance: *i,
            }),
        ),
        Leaf::Text(s) => (ResourceType::String, Value::String(s)),
        Leaf::Bytes(b) => (ResourceType::Opaque, Value::Opaque(b)),
    }
}

fn check_value(l: &Leaf) -> Vec<u8> {
    let (ty, v) = value(l);
    let bytes = v.encode_to_vec().unwrap();
    assert_eq!(bytes.len(), v.encoded_len());
    let back = Value::decode_tlv(ty, &bytes, 0, &DecodeOptions::strict()).unwrap();
    match (v, back) {
        (Value::Float(a), Value::Float(b)) => assert_eq!(a.to_bits(), b.to_bits()),
        (a, b) => assert_eq!(a, b),
    }
    bytes
}

fn id(raw: u16) -> u16 {
    raw.min(65534)
}

fn distinct(mut v: Vec<OwnedTlv>) -> Vec<OwnedTlv> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|t| seen.insert(t.id));
    v
}

fn resource(n: &Node) -> OwnedTlv {
    if n.multiple {
        let ris = n
            .instances
            .iter()
            .map(|(i, l)| OwnedTlv::resource_instance(id(*i), check_value(l)))
            .collect();
        OwnedTlv::multiple_resource(id(n.id), distinct(ris))
    } else {
        OwnedTlv::resource(id(n.id), check_value(&n.leaf))
    }
}

fuzz_target!(|input: Input| {
    let top: Vec<OwnedTlv> = match input.level % 3 {
        0 => input
            .instances
            .iter()
            .map(|(i, nodes)| {
                OwnedTlv::object_instance(id(*i), distinct(nodes.iter().map(resource).collect()))
            })
            .collect(),
        1 => input.nodes.iter().map(resource).collect(),
        _ => input
            .nodes
            .iter()
            .map(|n| OwnedTlv::resource_instance(id(n.id), check_value(&n.leaf)))
            .collect(),
    };
    let tree = OwnedTlvs(distinct(top));
    let Ok(bytes) = tree.encode_to_vec() else {
        // Only a value over 2^24-1 bytes cannot be written.
        return;
    };
    assert_eq!(bytes.len(), tree.encoded_len());
    let opts = DecodeOptions {
        limits: m2mwire_core::Limits {
            max_options: usize::MAX,
            ..Default::default()
        },
        ..DecodeOptions::strict()
    };
    let t = Tlvs::decode(&bytes, &opts).unwrap_or_else(|e| panic!("own encoding rejected: {e:?}"));
    assert_eq!(OwnedTlvs::from_tlvs(&t).encode_to_vec().unwrap(), bytes);
    for (a, b) in t.iter().zip(&tree.0) {
        assert_eq!((a.kind, a.id), (b.kind, b.id));
        assert_eq!(
            a.kind == TlvKind::ObjectInstance,
            b.kind == TlvKind::ObjectInstance
        );
    }
});
