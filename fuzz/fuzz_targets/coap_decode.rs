//! `coap_decode`: `Message::decode` on arbitrary bytes.
//!
//! Properties checked, for every input:
//!
//! 1. Decoding never panics, with `DecodeOptions::strict()` or `DecodeOptions::lenient()`.
//! 2. Lenient only ever accepts more: when strict decoding succeeds, lenient decoding succeeds
//!    too and yields an equal `Message`.
//! 3. An error's offset lies inside the input (`offset <= len`), and a lenient error is never
//!    one of the kinds that `Relax::all()` switches off.
//! 4. Every accepted message can be walked in full without surprises: every accessor, every
//!    option (the iterator never yields an error over a decoded message, yields exactly
//!    `option_count()` options, in non-decreasing number order), and `option_problems()`
//!    (indexes in range and increasing; after a strict decode, no critical problem is left,
//!    since strict decoding rejects those).
//!
//! Results go through `std::hint::black_box` so the optimizer cannot drop the walk, which
//! would leave coverage flat.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use m2mwire_coap::{CoapErrorKind, DecodeOptions, Message, MessageBuf, OptionNumber};

/// Kinds a decoder with every relaxation on must never report: each one is the rule a
/// `Relax` flag turns off.
const RELAXED_KINDS: &[CoapErrorKind] = &[
    CoapErrorKind::EmptyPayload,
    CoapErrorKind::EmptyMessageNotEmpty,
    CoapErrorKind::AckCarriesRequest,
    CoapErrorKind::ResetNotEmpty,
    CoapErrorKind::NonConfirmableEmpty,
    CoapErrorKind::UnrecognizedCriticalOption,
    CoapErrorKind::BadCriticalOptionLength,
    CoapErrorKind::RepeatedCriticalOption,
];

/// How many options per message `walk` looks up by number.
const LOOKUPS: usize = 16;

fuzz_target!(|data: &[u8]| {
    let strict = Message::decode(data, &DecodeOptions::strict());
    let lenient = Message::decode(data, &DecodeOptions::lenient());

    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => assert_eq!(s, l, "strict and lenient disagree on an accepted input"),
        (Ok(s), Err(e)) => panic!("strict accepted {s:?} but lenient rejected it: {e:?}"),
        _ => {}
    }

    for (mode, result) in [("strict", &strict), ("lenient", &lenient)] {
        match result {
            Ok(msg) => walk(msg, mode == "strict"),
            Err(e) => {
                assert!(
                    e.offset <= data.len(),
                    "{mode}: error offset {} past the {}-byte input: {e:?}",
                    e.offset,
                    data.len()
                );
                black_box(e.clause());
            }
        }
    }
    if let Err(e) = &lenient {
        assert!(
            !RELAXED_KINDS.contains(&e.kind),
            "lenient decode reported {:?}, a rule it relaxes",
            e.kind
        );
    }

    // The owned form is built from the same view.
    if let Ok(msg) = &lenient {
        let owned = MessageBuf::decode(data, &DecodeOptions::lenient());
        assert_eq!(owned.as_ref().ok(), Some(&MessageBuf::from(msg)));
        let _ = black_box(owned);
    }
});

/// Touch everything a decoded message offers and check its documented invariants.
fn walk(msg: &Message<'_>, strict: bool) {
    black_box(msg.version());
    black_box(msg.message_type());
    black_box(msg.code());
    black_box(msg.message_id());
    black_box(msg.token());
    black_box(msg.payload());
    black_box(msg.raw_options());
    black_box(msg.content_format());
    assert!(msg.token().len() <= m2mwire_coap::MAX_TOKEN_LEN);

    let mut seen = 0usize;
    let mut prev: Option<OptionNumber> = None;
    for opt in msg.options() {
        let opt = match opt {
            Ok(opt) => opt,
            Err(e) => panic!("options() yielded {e:?} over a decoded message"),
        };
        if let Some(p) = prev {
            assert!(p <= opt.number, "options out of order: {p:?} then {opt:?}");
        }
        prev = Some(opt.number);
        seen += 1;
        black_box(opt.as_uint());
        black_box(opt.as_str());
        black_box(opt.definition());
        // The lookup helpers find the same option. Each lookup scans from the start, so
        // only the first few options are looked up: otherwise a 256-option input costs
        // ~65k option reads per walk and throughput drops several-fold.
        if seen <= LOOKUPS {
            let first = msg.option(opt.number).map(|o| o.number);
            assert_eq!(first, Some(opt.number));
            black_box(msg.options_of(opt.number).count());
        }
    }
    assert_eq!(
        seen,
        msg.option_count(),
        "option_count disagrees with options()"
    );
    black_box(msg.uri_path().count());

    let mut last_index: Option<usize> = None;
    for problem in msg.option_problems() {
        assert!(problem.index < msg.option_count());
        if let Some(i) = last_index {
            assert!(i < problem.index, "option_problems() not in wire order");
        }
        last_index = Some(problem.index);
        if strict {
            assert!(
                !problem.is_critical(),
                "strict decode accepted a critical option problem: {problem:?}"
            );
        }
        black_box(problem);
    }
}
