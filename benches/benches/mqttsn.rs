//! MQTT-SN 1.2: m2mwire against the `mqtt-sn` crate 0.2, same bytes, same run.
//!
//! Each fixture is built by m2mwire's encoder and checked, before anything is timed, to
//! decode strictly with m2mwire and — where the peer supports the message — to decode with
//! `mqtt-sn` and re-encode to the same bytes through it.

use byte::{TryRead, TryWrite};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use m2mwire_core::Encode;
use m2mwire_mqttsn::{DecodeOptions, Flags, Message, Packet, QosSn, TopicIdType};
use std::hint::black_box;

const BUF_LEN: usize = 512;

struct Fixture {
    name: &'static str,
    bytes: Vec<u8>,
    /// The peer reads this message (it has no 3-octet Length and reads data as UTF-8).
    peer: bool,
}

fn fixtures() -> Vec<Fixture> {
    let data32 = b"{\"t\":21.5,\"h\":40,\"ok\":true,\"n\":7}";
    let short = Flags::new(false, QosSn::Q1, false, false, false, TopicIdType::Short);
    let mk = |m: Message<'_>| Packet::new(m).encode_to_vec().expect("fixture encodes");
    let big: Vec<u8> = (0..293).map(|i| b'a' + (i % 26) as u8).collect();
    vec![
        Fixture {
            name: "PUBLISH, short topic, 32-byte payload (39 B)",
            bytes: mk(Message::Publish {
                flags: short,
                topic_id: u16::from_be_bytes(*b"t1"),
                msg_id: 7,
                data: &data32[..32],
            }),
            peer: true,
        },
        Fixture {
            name: "PUBLISH, 300 bytes (3-byte length)",
            bytes: mk(Message::Publish {
                flags: short,
                topic_id: 1,
                msg_id: 8,
                data: &big,
            }),
            peer: false,
        },
        Fixture {
            name: "CONNECT (17 B)",
            bytes: mk(Message::Connect {
                flags: Flags::new(false, QosSn::Q0, false, false, true, TopicIdType::Normal),
                protocol_id: 1,
                duration: 60,
                client_id: "sensor-0042",
            }),
            peer: true,
        },
        Fixture {
            name: "REGISTER (20 B)",
            bytes: mk(Message::Register {
                topic_id: 0,
                msg_id: 3,
                topic_name: "plant/7/temp/c",
            }),
            peer: true,
        },
    ]
}

#[inline(never)]
fn m2mwire_decode<'a>(b: &'a [u8], opts: &DecodeOptions) -> Packet<'a> {
    Packet::decode(b, opts).expect("strict decode")
}

#[inline(never)]
fn m2mwire_encode(p: &Packet<'_>, buf: &mut [u8; BUF_LEN]) -> usize {
    p.encode_to_slice(buf).expect("encode")
}

#[inline(never)]
fn peer_decode(b: &[u8]) -> mqtt_sn::Message {
    mqtt_sn::Message::try_read(b, ()).expect("mqtt-sn decode").0
}

#[inline(never)]
fn peer_encode(m: &mqtt_sn::Message, buf: &mut [u8; BUF_LEN]) -> usize {
    m.clone().try_write(buf, ()).expect("mqtt-sn encode")
}

fn bench(c: &mut Criterion) {
    let strict = DecodeOptions::strict();
    for f in fixtures() {
        let p = m2mwire_decode(&f.bytes, &strict);
        let mut buf = [0u8; BUF_LEN];
        let n = m2mwire_encode(&p, &mut buf);
        assert_eq!(&buf[..n], &f.bytes[..]);
        let mut g = c.benchmark_group(f.name);
        g.throughput(Throughput::Bytes(f.bytes.len() as u64));
        g.bench_function(BenchmarkId::new("m2mwire decode", ""), |b| {
            b.iter(|| black_box(m2mwire_decode(black_box(&f.bytes), &strict)))
        });
        g.bench_function(BenchmarkId::new("m2mwire encode", ""), |b| {
            b.iter(|| black_box(m2mwire_encode(black_box(&p), &mut buf)))
        });
        if f.peer {
            let m = peer_decode(&f.bytes);
            let n = peer_encode(&m, &mut buf);
            assert_eq!(
                &buf[..n],
                &f.bytes[..],
                "{}: mqtt-sn re-encodes differently",
                f.name
            );
            g.bench_function(BenchmarkId::new("mqtt-sn decode", ""), |b| {
                b.iter(|| black_box(peer_decode(black_box(&f.bytes))))
            });
            g.bench_function(BenchmarkId::new("mqtt-sn encode", ""), |b| {
                b.iter(|| black_box(peer_encode(black_box(&m), &mut buf)))
            });
        } else {
            // mqtt-sn 0.2 has no 3-octet Length: it fails, or reads another message type.
            let peer = mqtt_sn::Message::try_read(&f.bytes, ());
            assert!(
                !matches!(peer, Ok((mqtt_sn::Message::Publish(_), _))),
                "{}: the peer reads it after all",
                f.name
            );
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
