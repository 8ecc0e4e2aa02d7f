//! LwM2M TLV: decode and encode throughput of the Device object /3/0 (the LwM2M 1.0
//! §6.4.3.1 example, 121 bytes) and of a 4 KiB payload of many object instances. No Rust
//! TLV codec exists to compare with; the goal is ≥ 1 GB/s decoding the 4 KiB payload.
//!
//! "decode" validates the whole tree (`Tlvs::decode`); "decode+walk" also visits every TLV
//! and reads every value as its core-model type; "typed" builds the owned typed content
//! against the request path (`decode_tlv`, allocating); "encode" writes an owned tree into a
//! caller's buffer.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m2mwire_core::Encode;
use m2mwire_lwm2m::{
    DecodeOptions, Model, ObjectDef, OwnedTlv, OwnedTlvs, Path, ResourceType, Tlv, TlvKind, Tlvs,
    Value, decode_tlv,
};
use std::hint::black_box;

fn int(v: i64) -> Vec<u8> {
    Value::Integer(v).encode_to_vec().expect("encodes")
}

fn text(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// The Device object instance of the spec example, as bare resources.
fn device() -> OwnedTlvs {
    let mr = |id, v: &[i64]| {
        OwnedTlv::multiple_resource(
            id,
            v.iter()
                .enumerate()
                .map(|(i, &x)| OwnedTlv::resource_instance(i as u16, int(x)))
                .collect(),
        )
    };
    OwnedTlvs(vec![
        OwnedTlv::resource(0, text("Open Mobile Alliance")),
        OwnedTlv::resource(1, text("Lightweight M2M Client")),
        OwnedTlv::resource(2, text("345000123")),
        OwnedTlv::resource(3, text("1.0")),
        mr(6, &[1, 5]),
        mr(7, &[3800, 5000]),
        mr(8, &[125, 900]),
        OwnedTlv::resource(9, int(100)),
        OwnedTlv::resource(10, int(15)),
        mr(11, &[0]),
        OwnedTlv::resource(13, int(1_367_491_215)),
        OwnedTlv::resource(14, text("+02:00")),
        OwnedTlv::resource(16, text("U")),
    ])
}

/// About 4 KiB of Access Control-like instances (object /2): integers and a multiple
/// resource each, read for the object path.
fn many_instances() -> OwnedTlvs {
    let inst = |i: u16| {
        OwnedTlv::object_instance(
            i,
            vec![
                OwnedTlv::resource(0, int(i64::from(i) * 7)),
                OwnedTlv::resource(1, int(i64::from(i))),
                OwnedTlv::multiple_resource(
                    2,
                    vec![
                        OwnedTlv::resource_instance(0, int(15)),
                        OwnedTlv::resource_instance(101, int(1)),
                        OwnedTlv::resource_instance(310, int(31)),
                    ],
                ),
                OwnedTlv::resource(3, int(65_000)),
            ],
        )
    };
    let mut v = Vec::new();
    let mut len = 0;
    let mut i = 0;
    while len < 4096 {
        let t = inst(i);
        len += t.encoded_len();
        v.push(t);
        i += 1;
    }
    OwnedTlvs(v)
}

/// Visit every TLV below `t`, reading each value as the type `object` gives its resource.
fn walk(t: &Tlv<'_>, object: Option<&ObjectDef>, resource: u16, opts: &DecodeOptions) {
    if t.kind.is_container() {
        for c in t.children() {
            let r = if t.kind == TlvKind::MultipleResource {
                t.id
            } else {
                c.id
            };
            walk(&c, object, r, opts);
        }
        return;
    }
    let r = if t.kind == TlvKind::Resource {
        t.id
    } else {
        resource
    };
    let ty = object
        .and_then(|o| o.resource(r))
        .map_or(ResourceType::Opaque, |d| d.ty);
    let _ = black_box(t.typed(ty, opts));
}

fn bench(c: &mut Criterion) {
    let model = Model::core();
    let opts = DecodeOptions::strict();
    for (name, tree, path) in [
        ("device /3/0", device(), "/3/0"),
        ("4 KiB instances /2", many_instances(), "/2"),
    ] {
        let bytes = tree.encode_to_vec().expect("fixture encodes");
        let path = Path::parse(path).expect("path");
        // Check the fixture before timing it.
        decode_tlv(&bytes, &path, &model, &opts).expect("fixture decodes");
        let mut g = c.benchmark_group(format!("lwm2m-tlv {name} ({} B)", bytes.len()));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("decode", |b| {
            b.iter(|| black_box(Tlvs::decode(black_box(&bytes), &opts).is_ok()))
        });
        g.bench_function("decode+walk", |b| {
            b.iter(|| {
                let t = Tlvs::decode(black_box(&bytes), &opts).expect("valid");
                // One model lookup per payload, as a server reading one object would do.
                let object = path.object().and_then(|o| model.object(o));
                for tlv in t.iter() {
                    walk(&tlv, object, tlv.id, &opts);
                }
            })
        });
        g.bench_function("typed (alloc)", |b| {
            b.iter(|| black_box(decode_tlv(black_box(&bytes), &path, &model, &opts).is_ok()))
        });
        let mut buf = vec![0u8; bytes.len()];
        g.bench_function("encode", |b| {
            b.iter(|| black_box(tree.encode_to_slice(black_box(&mut buf)).expect("fits")))
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
