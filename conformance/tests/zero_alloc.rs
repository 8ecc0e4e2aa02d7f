//! The borrowed decode paths allocate nothing: every valid CoAP, MQTT, MQTT-SN, LwM2M TLV,
//! LwM2M plain-text and WBXML vector is decoded (and its options / properties / subscriptions / TLV tree
//! and typed values walked) under a counting global allocator.
#![allow(unsafe_code)] // a GlobalAlloc is unsafe to implement; this one only counts.

use m2mwire_conformance::{Outcome, default_vectors_dir, load_dir, parse_hex, parse_mqtt_version};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

struct Counting;

// Per thread, so tests running in parallel do not see each other's allocations.
thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() -> usize {
    ALLOCATIONS.try_with(Cell::get).unwrap_or(0)
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = count();
    f();
    count() - before
}

#[test]
fn borrowed_decoding_never_allocates() {
    // The counter sees allocations, so a zero below means something.
    assert_eq!(allocations_during(|| drop(black_box(vec![1u8]))), 1);
    let mut checked = 0;
    for (proto, dir) in [("coap", "coap"), ("mqtt", "mqtt")] {
        let files = load_dir(&default_vectors_dir().join(dir)).unwrap();
        for f in &files {
            for v in f.vectors.iter().filter(|v| v.result == Outcome::Valid) {
                let wire = parse_hex(&v.wire).unwrap();
                let version =
                    parse_mqtt_version(v.version.as_deref().or(f.version.as_deref())).unwrap();
                let n = allocations_during(|| {
                    if proto == "coap" {
                        let m = m2mwire_coap::Message::decode(
                            &wire,
                            &m2mwire_coap::DecodeOptions::strict(),
                        )
                        .unwrap();
                        for o in m.options() {
                            black_box(o.unwrap());
                        }
                        black_box(m.option_problems().count());
                    } else {
                        let p = m2mwire_mqtt::Packet::decode(
                            &wire,
                            version,
                            &m2mwire_mqtt::DecodeOptions::strict(),
                        )
                        .unwrap();
                        walk(&p);
                    }
                });
                assert_eq!(n, 0, "{proto} {} allocated {n} times", v.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 100);
    println!("{checked} valid vectors decoded with zero allocations");
}

#[test]
fn mqttsn_and_lwm2m_decoding_never_allocates() {
    let model = m2mwire_lwm2m::Model::core();
    let mut checked = 0;
    for dir in ["mqtt-sn", "lwm2m-tlv", "lwm2m-text", "wbxml"] {
        let files = load_dir(&default_vectors_dir().join(dir)).unwrap();
        for v in files.iter().flat_map(|f| &f.vectors) {
            if v.result != Outcome::Valid {
                continue;
            }
            let wire = parse_hex(&v.wire).unwrap();
            let path = v
                .path
                .as_deref()
                .map(|p| m2mwire_lwm2m::Path::parse(p).unwrap());
            let n = allocations_during(|| match dir {
                "mqtt-sn" => {
                    black_box(
                        m2mwire_mqttsn::Packet::decode(
                            &wire,
                            &m2mwire_mqttsn::DecodeOptions::strict(),
                        )
                        .unwrap(),
                    );
                }
                "lwm2m-tlv" => {
                    let opts = m2mwire_lwm2m::DecodeOptions::strict();
                    let tlvs = m2mwire_lwm2m::Tlvs::decode(&wire, &opts).unwrap();
                    let object = path.and_then(|p| p.object());
                    for t in tlvs.iter() {
                        walk_tlv(&t, object, path.and_then(|p| p.resource()), &model, &opts);
                    }
                }
                "wbxml" => {
                    let d =
                        m2mwire_wbxml::Decoder::new(&wire, &m2mwire_wbxml::DecodeOptions::strict())
                            .unwrap();
                    for e in d {
                        black_box(e.unwrap());
                    }
                }
                _ => {
                    let p = path.unwrap();
                    let ty = model
                        .resource(p.object().unwrap(), p.resource().unwrap())
                        .unwrap()
                        .ty;
                    black_box(m2mwire_lwm2m::decode_text(ty, &wire).unwrap());
                }
            });
            assert_eq!(n, 0, "{dir} {} allocated {n} times", v.id);
            checked += 1;
        }
    }
    assert!(checked > 150);
    println!("{checked} valid vectors decoded with zero allocations");
}

/// Visit a TLV and its children, reading each value as the model types it.
fn walk_tlv(
    t: &m2mwire_lwm2m::Tlv<'_>,
    object: Option<u16>,
    resource: Option<u16>,
    model: &m2mwire_lwm2m::Model,
    opts: &m2mwire_lwm2m::DecodeOptions,
) {
    use m2mwire_lwm2m::TlvKind;
    if t.kind.is_container() {
        for c in t.children() {
            let r = if t.kind == TlvKind::MultipleResource {
                t.id
            } else {
                c.id
            };
            walk_tlv(&c, object, Some(r), model, opts);
        }
        return;
    }
    let r = if t.kind == TlvKind::Resource {
        Some(t.id)
    } else {
        resource
    };
    match object.zip(r).and_then(|(o, r)| model.resource(o, r)) {
        Some(def) => drop(black_box(t.typed(def.ty, opts).unwrap())),
        None => drop(black_box(t.value)),
    }
}

fn walk(p: &m2mwire_mqtt::Packet<'_>) {
    use m2mwire_mqtt::Packet::*;
    match p {
        Connect(c) => {
            black_box(c.properties.iter().count());
            if let Some(w) = &c.will {
                black_box(w.properties.iter().count());
            }
        }
        Connack(c) => {
            black_box(c.properties.iter().count());
        }
        Publish(x) => {
            black_box(x.properties.iter().count());
        }
        Subscribe(s) => {
            black_box(s.subscriptions.iter().count());
            black_box(s.properties.iter().count());
        }
        Unsubscribe(u) => {
            black_box(u.filters.iter().count());
        }
        Suback(s) => {
            black_box(s.codes().count());
        }
        _ => {}
    }
    black_box(p);
}
