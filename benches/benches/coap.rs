//! CoAP decode and encode: m2mwire against coap-lite 0.13 and minicoap 0.2, with a memcpy
//! baseline, one criterion group per message (see `m2mwire_benches::COAP_FIXTURES`).
//!
//! Every measured operation is an `#[inline(never)]` routine below, and the untimed checks
//! call those same routines: each library's entry points then have the same call sites in
//! this binary, so the optimizer treats every library alike (how much of a library gets
//! inlined into its caller changes its speed by up to 3x; `coap_inlined.rs` measures the
//! other extreme). Before timing, each input is checked: m2mwire decodes it strictly (through
//! the timed routine), every decoder walks the same options, and every encoder writes exactly
//! the fixture's bytes.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m2mwire_benches::{COAP_FIXTURES, CoapFixture, option_digest};
use m2mwire_coap::{DecodeOptions, Message, MessageBuf, MessageEncoder, MessageType};
use m2mwire_core::Encode;

/// Large enough for every fixture; encoders write into one of these on the stack.
const BUF_LEN: usize = 2048;

/// minicoap's spelling of a message type.
fn minicoap_type(t: MessageType) -> minicoap::MessageType {
    match t {
        MessageType::Confirmable => minicoap::MessageType::Confirmable,
        MessageType::NonConfirmable => minicoap::MessageType::NonConfirmable,
        MessageType::Acknowledgement => minicoap::MessageType::Acknowledgement,
        MessageType::Reset => minicoap::MessageType::Reset,
    }
}

/// coap-lite's spelling of a message type.
fn coap_lite_type(t: MessageType) -> coap_lite::MessageType {
    match t {
        MessageType::Confirmable => coap_lite::MessageType::Confirmable,
        MessageType::NonConfirmable => coap_lite::MessageType::NonConfirmable,
        MessageType::Acknowledgement => coap_lite::MessageType::Acknowledgement,
        MessageType::Reset => coap_lite::MessageType::Reset,
    }
}

/// The fixture as a coap-lite packet, built through its API (not parsed).
fn coap_lite_packet(fx: &CoapFixture) -> coap_lite::Packet {
    let mut p = coap_lite::Packet::new();
    p.header.set_type(coap_lite_type(fx.mtype));
    p.header.code = coap_lite::MessageClass::from(fx.code.0);
    p.header.message_id = fx.message_id;
    p.set_token(fx.token.to_vec());
    for &(number, value) in fx.options {
        p.add_option(coap_lite::CoapOption::from(number.0), value.to_vec());
    }
    p.payload = fx.payload.to_vec();
    p
}

/// The measured routines: one per implementation and operation, never inlined into the
/// benchmark loop, each the only place in this binary that calls its library for that job.
mod run {
    use super::*;

    /// Copy the datagram into `buf`: the floor for touching every byte once.
    #[inline(never)]
    pub(crate) fn memcpy(bytes: &[u8], buf: &mut [u8; BUF_LEN]) {
        buf[..bytes.len()].copy_from_slice(bytes);
    }

    /// m2mwire: strict decode only (validates everything, options included).
    #[inline(never)]
    pub(crate) fn m2mwire_decode<'a>(bytes: &'a [u8], strict: &DecodeOptions) -> Message<'a> {
        Message::decode(bytes, strict).expect("strict decode")
    }

    /// m2mwire: strict decode, then visit every option, the token and the payload.
    #[inline(never)]
    pub(crate) fn m2mwire_decode_walk(bytes: &[u8], strict: &DecodeOptions) -> u64 {
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

    /// minicoap: parse only (checks option framing; options are read lazily).
    #[inline(never)]
    pub(crate) fn minicoap_parse(bytes: &[u8]) -> minicoap::Message<'_> {
        minicoap::Message::parse(bytes).expect("minicoap parse")
    }

    /// minicoap: parse, then visit every option, the token and the payload.
    #[inline(never)]
    pub(crate) fn minicoap_parse_walk(bytes: &[u8]) -> u64 {
        let msg = minicoap::Message::parse(bytes).expect("minicoap parse");
        let mut digest = 0;
        for opt in msg.options {
            black_box((opt.number, opt.value));
            digest = option_digest(digest, u16::from(opt.number), opt.value.len());
        }
        black_box((msg.token, msg.payload));
        digest
    }

    /// coap-lite: decode into its owned `Packet` (every option copied into the packet).
    #[inline(never)]
    pub(crate) fn coap_lite_decode(bytes: &[u8]) -> coap_lite::Packet {
        coap_lite::Packet::from_bytes(bytes).expect("coap-lite decode")
    }

    /// m2mwire: the allocation-free streaming encoder, from the fixture's parts.
    #[inline(never)]
    pub(crate) fn m2mwire_encoder(fx: &CoapFixture, buf: &mut [u8; BUF_LEN]) -> usize {
        let mut enc = MessageEncoder::new(&mut buf[..], fx.mtype, fx.code, fx.message_id, fx.token)
            .expect("header fits");
        for &(number, value) in fx.options {
            enc.option(number, value).expect("option fits");
        }
        enc.finish(fx.payload).expect("payload fits")
    }

    /// m2mwire: an owned, already built `MessageBuf` into a slice.
    #[inline(never)]
    pub(crate) fn m2mwire_buf_to_slice(m: &MessageBuf, buf: &mut [u8; BUF_LEN]) -> usize {
        m.encode_to_slice(buf).expect("fits")
    }

    /// m2mwire: an owned, already built `MessageBuf` into a new `Vec` (allocates, as
    /// coap-lite's encoder does).
    #[inline(never)]
    pub(crate) fn m2mwire_buf_to_vec(m: &MessageBuf) -> Vec<u8> {
        m.encode_to_vec().expect("encodes")
    }

    /// minicoap: its builder, from the fixture's parts (the same steps as `m2mwire_encoder`).
    #[inline(never)]
    pub(crate) fn minicoap_encode(fx: &CoapFixture, buf: &mut [u8; BUF_LEN]) -> usize {
        let mut b = minicoap::MessageBuilder::new(buf)
            .expect("buffer of at least 4 bytes")
            .header(minicoap_type(fx.mtype), fx.code.0)
            .message_id(fx.message_id)
            .token(fx.token)
            .expect("token fits");
        for &(number, value) in fx.options {
            b = b.option(number.0, value).expect("option fits");
        }
        if fx.payload.is_empty() {
            b.no_payload().len()
        } else {
            b.payload(fx.payload).expect("payload fits").len()
        }
    }

    /// coap-lite: an already built `Packet` into a new `Vec`.
    #[inline(never)]
    pub(crate) fn coap_lite_encode(p: &coap_lite::Packet) -> Vec<u8> {
        p.to_bytes().expect("coap-lite encode")
    }
}

/// Check, once and untimed, through the same routines that are timed, that every
/// implementation agrees on the fixture, so that each does the same work on the same message.
fn check_all_agree(fx: &CoapFixture, bytes: &[u8], lite: &coap_lite::Packet, mbuf: &MessageBuf) {
    let name = fx.name;
    let strict = DecodeOptions::strict();
    let digest = fx.option_digest();

    // m2mwire decodes it strictly, to the fixture's fields.
    let m = run::m2mwire_decode(bytes, &strict);
    assert_eq!(m.message_type(), fx.mtype, "{name}: m2mwire type");
    assert_eq!(m.code(), fx.code, "{name}: m2mwire code");
    assert_eq!(m.message_id(), fx.message_id, "{name}: m2mwire MID");
    assert_eq!(m.token(), fx.token, "{name}: m2mwire token");
    assert_eq!(m.payload(), fx.payload, "{name}: m2mwire payload");
    assert_eq!(
        m.option_count(),
        fx.options.len(),
        "{name}: m2mwire options"
    );
    assert_eq!(
        run::m2mwire_decode_walk(bytes, &strict),
        digest,
        "{name}: m2mwire walk"
    );

    let m = run::minicoap_parse(bytes);
    assert_eq!(m.code, fx.code.0, "{name}: minicoap code");
    assert_eq!(m.message_id, fx.message_id, "{name}: minicoap MID");
    assert_eq!(m.token, fx.token, "{name}: minicoap token");
    let payload = (!fx.payload.is_empty()).then_some(fx.payload);
    assert_eq!(m.payload, payload, "{name}: minicoap payload");
    assert_eq!(
        run::minicoap_parse_walk(bytes),
        digest,
        "{name}: minicoap walk"
    );

    // coap-lite parses to the packet its own API builds.
    assert_eq!(
        &run::coap_lite_decode(bytes),
        lite,
        "{name}: coap-lite packet"
    );

    // Every encoder writes exactly the fixture.
    let mut buf = [0u8; BUF_LEN];
    let n = run::minicoap_encode(fx, &mut buf);
    assert_eq!(&buf[..n], bytes, "{name}: minicoap bytes");
    let n = run::m2mwire_encoder(fx, &mut buf);
    assert_eq!(&buf[..n], bytes, "{name}: MessageEncoder bytes");
    let n = run::m2mwire_buf_to_slice(mbuf, &mut buf);
    assert_eq!(&buf[..n], bytes, "{name}: MessageBuf bytes");
    assert_eq!(
        run::m2mwire_buf_to_vec(mbuf),
        bytes,
        "{name}: MessageBuf Vec"
    );
    assert_eq!(
        run::coap_lite_encode(lite),
        bytes,
        "{name}: coap-lite bytes"
    );
}

/// One group: every implementation on one message.
fn bench_message(c: &mut Criterion, fx: &CoapFixture) {
    // Not `fx.bytes()`: its own decode would give m2mwire's decoder call sites that the
    // peers' decoders do not have. `check_all_agree` checks the strict decode instead.
    let bytes = fx.bytes_unchecked();
    let bytes = bytes.as_slice();
    let strict = DecodeOptions::strict();
    let mbuf = fx.message_buf();
    let lite = coap_lite_packet(fx);
    check_all_agree(fx, bytes, &lite, &mbuf);
    let mut buf = [0u8; BUF_LEN];

    let mut g = c.benchmark_group(fx.name);
    g.throughput(Throughput::Bytes(bytes.len() as u64));

    g.bench_function("memcpy", |b| {
        b.iter(|| {
            run::memcpy(black_box(bytes), &mut buf);
            black_box(&buf);
        })
    });

    // Decoding.
    g.bench_function("m2mwire decode+walk", |b| {
        b.iter(|| run::m2mwire_decode_walk(black_box(bytes), &strict))
    });
    g.bench_function("m2mwire decode", |b| {
        b.iter(|| run::m2mwire_decode(black_box(bytes), &strict))
    });
    g.bench_function("minicoap parse+walk", |b| {
        b.iter(|| run::minicoap_parse_walk(black_box(bytes)))
    });
    g.bench_function("minicoap parse", |b| {
        b.iter(|| run::minicoap_parse(black_box(bytes)))
    });
    g.bench_function("coap-lite decode", |b| {
        b.iter(|| run::coap_lite_decode(black_box(bytes)))
    });

    // Encoding.
    g.bench_function("m2mwire encode MessageEncoder", |b| {
        b.iter(|| {
            let n = run::m2mwire_encoder(black_box(fx), &mut buf);
            black_box(&buf[..n]);
        })
    });
    g.bench_function("m2mwire encode MessageBuf to slice", |b| {
        b.iter(|| {
            let n = run::m2mwire_buf_to_slice(black_box(&mbuf), &mut buf);
            black_box(&buf[..n]);
        })
    });
    g.bench_function("m2mwire encode MessageBuf to Vec", |b| {
        b.iter(|| run::m2mwire_buf_to_vec(black_box(&mbuf)))
    });
    g.bench_function("minicoap encode", |b| {
        b.iter(|| {
            let n = run::minicoap_encode(black_box(fx), &mut buf);
            black_box(&buf[..n]);
        })
    });
    g.bench_function("coap-lite encode", |b| {
        b.iter(|| run::coap_lite_encode(black_box(&lite)))
    });

    g.finish();
}

fn coap(c: &mut Criterion) {
    for fx in &COAP_FIXTURES {
        bench_message(c, fx);
    }
}

criterion_group!(benches, coap);
criterion_main!(benches);
