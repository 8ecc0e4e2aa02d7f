//! Every vector of the corpus, run as part of `cargo test`.

use m2mwire_conformance::{Protocol, default_vectors_dir, load_dir, parse_hex, protocols, run};
use std::collections::BTreeSet;

#[test]
fn every_vector_passes() {
    for p in protocols() {
        let files = load_dir(&default_vectors_dir().join(p.name())).unwrap();
        let report = run(p.as_ref(), &files);
        // The codecs have many rules; the small text formats fewer.
        let least = match p.name() {
            "lwm2m-text" | "link-format" | "senml-json" | "senml-cbor" | "lwm2m-cbor"
            | "lwm2m-json" => 20,
            "wbxml" => 60,
            _ => 80,
        };
        assert!(
            report.vectors >= least,
            "{}: only {} vectors",
            p.name(),
            report.vectors
        );
        assert!(
            report.failures.is_empty(),
            "{} failures:\n{:#?}",
            report.failures.len(),
            report.failures
        );
        println!("{}: {} vectors passed", p.name(), report.vectors);
    }
}

/// Kinds no vector can show: the input would have to exceed a multi-megabyte default limit.
/// A unit test in the codec covers each (see `codecs/coap/tests/limits.rs`).
const NOT_IN_VECTORS: &[&str] = &["MessageTooLarge"];

#[test]
fn every_error_kind_and_relaxation_is_exercised_by_a_vector() {
    for p in protocols() {
        let files = load_dir(&default_vectors_dir().join(p.name())).unwrap();
        let vectors: Vec<_> = files.iter().flat_map(|f| &f.vectors).collect();
        let errors: BTreeSet<&str> = vectors.iter().filter_map(|v| v.error.as_deref()).collect();
        let relaxed: BTreeSet<&str> = vectors.iter().filter_map(|v| v.relax.as_deref()).collect();
        for kind in p.error_kinds() {
            assert!(
                errors.contains(kind) || NOT_IN_VECTORS.contains(&kind),
                "{}: no vector for error kind {kind}",
                p.name()
            );
        }
        for flag in p.relaxations() {
            assert!(
                relaxed.contains(flag),
                "{}: no acceptable vector for {flag}",
                p.name()
            );
        }
        let known: BTreeSet<&str> = p.error_kinds().into_iter().collect();
        for e in &errors {
            assert!(
                known.contains(e),
                "{}: vectors name unknown kind {e}",
                p.name()
            );
        }
    }
}

#[test]
fn ids_are_unique_and_wire_is_hex() {
    for p in protocols() {
        let files = load_dir(&default_vectors_dir().join(p.name())).unwrap();
        let mut ids = BTreeSet::new();
        for f in &files {
            assert_eq!(f.format, 1, "{}", f.path.display());
            assert_eq!(f.protocol, p.name(), "{}", f.path.display());
            for v in &f.vectors {
                assert!(ids.insert(v.id.clone()), "duplicate id {}", v.id);
                parse_hex(&v.wire).unwrap_or_else(|e| panic!("{}: {e}", v.id));
                assert!(!v.spec.is_empty(), "{} cites no clause", v.id);
            }
        }
    }
}

/// The runner itself must fail a vector that lies; otherwise a green report proves nothing.
#[test]
fn runner_catches_a_vector_that_lies() {
    let coap = m2mwire_conformance::Coap;
    let lies = r#"{"protocol":"coap","source":"test","vectors":[
        {"id":"wrong-field","comment":"","wire":"40010001","result":"valid","expect":{"code":"0.02"},"spec":["x"]},
        {"id":"wrong-error","comment":"","wire":"49010001","result":"invalid","error":"TruncatedToken","spec":["x"]},
        {"id":"not-invalid","comment":"","wire":"40010001","result":"invalid","error":"TruncatedToken","spec":["x"]},
        {"id":"wrong-offset","comment":"","wire":"44010001aabb","result":"invalid","error":"TruncatedToken","offset":5,"spec":["x"]},
        {"id":"not-acceptable","comment":"","wire":"00010001","result":"acceptable","error":"UnsupportedVersion","spec":["x"]},
        {"id":"wrong-relax","comment":"","wire":"40010001ff","result":"acceptable","error":"EmptyPayload","relax":"MESSAGE_TYPE_RULES","spec":["x"]},
        {"id":"truthful","comment":"","wire":"40010001","result":"valid","expect":{"code":"0.01"},"spec":["x"]}
    ]}"#;
    let file: m2mwire_conformance::VectorFile = serde_json::from_str(lies).unwrap();
    let report = run(&coap, &[file]);
    let failed: Vec<&str> = report.failures.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        failed,
        [
            "wrong-field",
            "wrong-error",
            "not-invalid",
            "wrong-offset",
            "not-acceptable",
            "wrong-relax"
        ]
    );
    assert_eq!(report.clauses[0].failed, 6);
    assert_eq!(coap.name(), "coap");
}

/// The accept/reject runner another project can point at its codec in a few lines: our own
/// MQTT-SN codec passes every vector, and a codec that accepts everything fails exactly the
/// invalid ones.
#[test]
fn verdict_runner_checks_accept_and_reject() {
    use m2mwire_conformance::{Outcome, run_verdicts};
    let files = load_dir(&default_vectors_dir().join("mqtt-sn")).unwrap();
    let strict = m2mwire_mqttsn::DecodeOptions::strict();
    let ours = run_verdicts("mqtt-sn", &files, |wire, _| {
        m2mwire_mqttsn::Packet::decode(wire, &strict)
            .map(drop)
            .map_err(|e| e.kind.to_string())
    });
    assert_eq!(ours.failed(), 0, "{:#?}", ours.failures);
    assert!(!ours.clauses.is_empty());
    let lax = run_verdicts("mqtt-sn", &files, |_, _| Ok(()));
    let invalid = files
        .iter()
        .flat_map(|f| &f.vectors)
        .filter(|v| v.result == Outcome::Invalid)
        .count();
    assert_eq!(lax.failed(), invalid);
}
