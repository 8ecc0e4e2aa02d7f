//! Full decode of each CoAP fixture where every library's decoder has exactly one call site in
//! the binary, so link-time optimization inlines all of it into the measured routine: the
//! best case for every implementation, as in an application with a single receive path.
//!
//! The inputs come from `CoapFixture::bytes_unchecked` so that m2mwire's decoder is not
//! called anywhere else either; the walks are checked against the fixture's option digest,
//! and `benches/coap.rs` checks the same inputs fully.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m2mwire_benches::{COAP_FIXTURES, option_digest};
use m2mwire_coap::{DecodeOptions, Message};

/// m2mwire: strict decode, then visit every option, the token and the payload.
#[inline(never)]
fn m2mwire_decode_walk(bytes: &[u8], strict: &DecodeOptions) -> u64 {
    let msg = Message::decode(bytes, strict).expect("strict decode");
    let mut digest = 0;
    for opt in msg.options() {
        let opt = opt.expect("validated by decode");
        black_box((opt.number, opt.value));
        digest = option_digest(digest, opt.number.0, opt.value.len());
    }
    black_box((msg.token(), msg.payload()));
    digest
}

/// minicoap: parse, then visit every option, the token and the payload.
#[inline(never)]
fn minicoap_parse_walk(bytes: &[u8]) -> u64 {
    let msg = minicoap::Message::parse(bytes).expect("minicoap parse");
    let mut digest = 0;
    for opt in msg.options {
        black_box((opt.number, opt.value));
        digest = option_digest(digest, u16::from(opt.number), opt.value.len());
    }
    black_box((msg.token, msg.payload));
    digest
}

/// coap-lite: decode into its owned `Packet`.
#[inline(never)]
fn coap_lite_decode(bytes: &[u8]) -> coap_lite::Packet {
    coap_lite::Packet::from_bytes(bytes).expect("coap-lite decode")
}

fn coap_inlined(c: &mut Criterion) {
    let strict = DecodeOptions::strict();
    for fx in &COAP_FIXTURES {
        let bytes = fx.bytes_unchecked();
        let bytes = bytes.as_slice();
        let digest = fx.option_digest();
        assert_eq!(m2mwire_decode_walk(bytes, &strict), digest, "{}", fx.name);
        assert_eq!(minicoap_parse_walk(bytes), digest, "{}", fx.name);
        let lite_options: usize = coap_lite_decode(bytes)
            .options()
            .map(|(_, v)| v.len())
            .sum();
        assert_eq!(lite_options, fx.options.len(), "{}", fx.name);

        let mut g = c.benchmark_group(format!("{} (inlined)", fx.name));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("m2mwire decode+walk", |b| {
            b.iter(|| m2mwire_decode_walk(black_box(bytes), &strict))
        });
        g.bench_function("minicoap parse+walk", |b| {
            b.iter(|| minicoap_parse_walk(black_box(bytes)))
        });
        g.bench_function("coap-lite decode", |b| {
            b.iter(|| coap_lite_decode(black_box(bytes)))
        });
        g.finish();
    }
}

criterion_group!(benches, coap_inlined);
criterion_main!(benches);
