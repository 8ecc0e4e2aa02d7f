//! A driver for instruction counts: one MQTT benchmark packet decoded (or encoded) 100,000
//! times by one library, for `valgrind --tool=callgrind`, whose counts do not depend on the
//! load of the machine the way criterion's times do. Build it with the `bench` profile (fat
//! LTO, one codegen unit), as the benchmarks are built: the `release` profile's thin LTO
//! leaves peers' decoders out of line where the benchmark binary inlines them.
//!
//! ```text
//! CARGO_TARGET_DIR=target/bench-profile cargo build --profile bench \
//!     -p m2mwire-benches --bin instructions
//! valgrind --tool=callgrind --callgrind-out-file=cg.out \
//!     target/bench-profile/release/instructions decode-m2mwire 'PUBLISH QoS 1'
//! callgrind_annotate cg.out | head
//! ```
//!
//! The first argument is `decode-m2mwire`, `decode-mqttrs`, `walk-m2mwire`,
//! `walk-m2mwire-escaping`, `walk-m2mwire-escaping-copy`, `walk-mqttrs` (the benchmark's
//! decode+walk routines, `m2mwire_benches::walk`), `encode-m2mwire`, `reencode-m2mwire` (the
//! decoded packet, wire property bytes) or `encode-mqttbytes`; the second picks the fixture of `MQTT_FIXTURES`
//! whose name contains it. Each operation is an `#[inline(never)]` function whose result
//! goes through `black_box`, as in `benches/mqtt.rs`. The total divided by 100,000 (less a
//! few instructions of loop) is the cost of one; `INSTRUCTIONS_ROUNDS=N` sets another count
//! (for timing the loop with `time`).

use std::hint::black_box;
use std::process::ExitCode;

use m2mwire_benches::MQTT_FIXTURES;
use m2mwire_benches::walk::{
    m2mwire_decode_walk, m2mwire_decode_walk_escaping, m2mwire_decode_walk_escaping_copy,
    mqttrs_decode, mqttrs_decode_walk,
};
use m2mwire_mqtt::{DecodeOptions, Packet, ProtocolVersion};

const DEFAULT_ROUNDS: usize = 100_000;

#[inline(never)]
fn decode_m2mwire<'a>(b: &'a [u8], v: ProtocolVersion, o: &DecodeOptions) -> Packet<'a> {
    Packet::decode(b, v, o).expect("strict decode")
}

#[inline(never)]
fn encode_m2mwire(p: &Packet<'_>, v: ProtocolVersion, buf: &mut [u8; 4096]) -> usize {
    let mut sink = &mut buf[..];
    p.encode(v, &mut sink).expect("fits");
    4096 - sink.len()
}

#[inline(never)]
fn encode_mqttbytes_v4(p: &mqttbytes::v4::Packet, out: &mut bytes::BytesMut) -> usize {
    use mqttbytes::v4::Packet as P;
    out.clear();
    match p {
        P::Connect(p) => p.write(out),
        P::Publish(p) => p.write(out),
        P::Subscribe(p) => p.write(out),
        P::PubAck(p) => p.write(out),
        other => unreachable!("no fixture is a {other:?}"),
    }
    .expect("mqttbytes v4 write")
}

#[inline(never)]
fn encode_mqttbytes_v5(p: &mqttbytes::v5::Packet, out: &mut bytes::BytesMut) -> usize {
    use mqttbytes::v5::Packet as P;
    out.clear();
    match p {
        P::Publish(p) => p.write(out),
        other => unreachable!("no v5 fixture is a {other:?}"),
    }
    .expect("mqttbytes v5 write")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [op, name] = args.as_slice() else {
        eprintln!(
            "usage: instructions decode-m2mwire|decode-mqttrs|walk-m2mwire|walk-m2mwire-escaping|walk-m2mwire-escaping-copy|walk-mqttrs|encode-m2mwire|reencode-m2mwire|encode-mqttbytes NAME"
        );
        return ExitCode::FAILURE;
    };
    let Some(fx) = MQTT_FIXTURES
        .iter()
        .find(|f| f.name.contains(name.as_str()))
    else {
        eprintln!("no fixture named like {name:?}");
        return ExitCode::FAILURE;
    };
    // `INSTRUCTIONS_ROUNDS` raises the count for a wall-clock comparison (`time`).
    let rounds = std::env::var("INSTRUCTIONS_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ROUNDS);
    let bytes = fx.bytes();
    let strict = DecodeOptions::strict();
    let mut buf = [0u8; 4096];
    match op.as_str() {
        "decode-m2mwire" => {
            for _ in 0..rounds {
                black_box(decode_m2mwire(black_box(&bytes), fx.version, &strict));
            }
        }
        "decode-mqttrs" => {
            for _ in 0..rounds {
                black_box(mqttrs_decode(black_box(&bytes)));
            }
        }
        "walk-m2mwire" => {
            for _ in 0..rounds {
                black_box(m2mwire_decode_walk(black_box(&bytes), fx.version, &strict));
            }
        }
        "walk-m2mwire-escaping" => {
            for _ in 0..rounds {
                black_box(m2mwire_decode_walk_escaping(
                    black_box(&bytes),
                    fx.version,
                    &strict,
                ));
            }
        }
        "walk-m2mwire-escaping-copy" => {
            for _ in 0..rounds {
                black_box(m2mwire_decode_walk_escaping_copy(
                    black_box(&bytes),
                    fx.version,
                    &strict,
                ));
            }
        }
        "walk-mqttrs" => {
            for _ in 0..rounds {
                black_box(mqttrs_decode_walk(black_box(&bytes)));
            }
        }
        // The packet as decoded (property list as checked wire bytes, checked again when
        // written): what a broker forwarding a PUBLISH encodes.
        "reencode-m2mwire" => {
            let p = Packet::decode(&bytes, fx.version, &strict).expect("strict decode");
            for _ in 0..rounds {
                black_box(encode_m2mwire(black_box(&p), fx.version, &mut buf));
            }
        }
        "encode-m2mwire" => {
            for _ in 0..rounds {
                black_box(encode_m2mwire(black_box(&fx.packet), fx.version, &mut buf));
            }
        }
        // The same packet as mqttbytes decodes it, written into a reused `BytesMut` (as in
        // benches/mqtt.rs), for a count beside m2mwire's encode.
        "encode-mqttbytes" => {
            let mut out = bytes::BytesMut::with_capacity(4096);
            if fx.version == ProtocolVersion::V5 {
                let p = mqttbytes::v5::read(&mut bytes::BytesMut::from(&bytes[..]), 1 << 20)
                    .expect("mqttbytes v5 read");
                for _ in 0..rounds {
                    black_box(encode_mqttbytes_v5(black_box(&p), &mut out));
                }
            } else {
                let p = mqttbytes::v4::read(&mut bytes::BytesMut::from(&bytes[..]), 1 << 20)
                    .expect("mqttbytes v4 read");
                for _ in 0..rounds {
                    black_box(encode_mqttbytes_v4(black_box(&p), &mut out));
                }
            }
        }
        other => {
            eprintln!("unknown operation {other:?}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
