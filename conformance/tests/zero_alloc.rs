//! The borrowed decode paths allocate nothing: every valid CoAP and MQTT vector is decoded
//! (and its options / properties / subscriptions walked) under a counting global allocator.
#![allow(unsafe_code)] // a GlobalAlloc is unsafe to implement; this one only counts.

use m2mwire_conformance::{Outcome, default_vectors_dir, load_dir, parse_hex, parse_mqtt_version};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
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
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
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
