//! Running vectors and reporting per spec clause.

use crate::vectors::{Outcome, Vector, VectorFile, parse_hex};
use crate::{Context, Mode, Protocol};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Counts for one clause.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClauseRow {
    /// The clause, e.g. `RFC 7252 §3.1`.
    pub clause: String,
    /// Vectors citing it.
    pub vectors: usize,
    /// Of those, passed.
    pub passed: usize,
    /// Of those, failed.
    pub failed: usize,
}

/// A vector that did not behave as it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// File name of the vector file.
    pub file: String,
    /// The vector's id.
    pub id: String,
    /// What went wrong.
    pub reason: String,
}

/// How many of a spec's codec-checkable normative statements the vectors cite.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The spec, e.g. `MQTT 5.0`.
    pub spec: String,
    /// Statements the codec can check.
    pub statements: usize,
    /// Of those, cited by at least one vector.
    pub covered: usize,
    /// The ids no vector cites.
    pub uncovered: Vec<String>,
}

/// The result of running one protocol's vectors.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// Protocol name.
    pub protocol: String,
    /// Vectors run.
    pub vectors: usize,
    /// Vectors with each verdict: valid, acceptable, invalid.
    pub by_result: BTreeMap<String, usize>,
    /// One row per clause cited, in natural clause order.
    pub clauses: Vec<ClauseRow>,
    /// Every failure.
    pub failures: Vec<Failure>,
    /// Normative statement coverage per spec version (protocols that list statements).
    pub coverage: Vec<Coverage>,
}

impl Report {
    /// Vectors that passed.
    pub fn passed(&self) -> usize {
        self.vectors - self.failures.len()
    }

    /// Vectors that failed.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }
}

/// Sort key that orders `§3.10` after `§3.9` and `§12` after `§3`.
fn natural_key(s: &str) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(
                num.unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u64::from(d)),
            );
        } else {
            if let Some(n) = num.take() {
                out.push((n, std::mem::take(&mut text)));
            }
            text.push(c);
        }
    }
    out.push((num.unwrap_or(0), text));
    out
}

/// Run every vector of `files` against `p`.
pub fn run(p: &dyn Protocol, files: &[VectorFile]) -> Report {
    run_with(p.name(), files, p.statements(), |v, ctx| check(p, v, ctx))
}

/// Run the accept/reject verdicts of every vector of protocol `protocol` against a codec
/// that only says whether it accepts bytes: `decode(wire, ctx)` returns `Ok(())` to accept or
/// `Err(reason)` to reject. A valid vector must be accepted and an invalid one rejected; an
/// acceptable one (bytes the spec forbids that real peers send) passes either way. The report
/// has the same per-clause rows as [`run`]'s.
///
/// ```no_run
/// use m2mwire_conformance::{default_vectors_dir, load_dir, run_verdicts};
/// # fn my_decoder(_: &[u8]) -> Result<(), String> { Ok(()) }
/// let files = load_dir(&default_vectors_dir().join("mqtt-sn"))?;
/// let report = run_verdicts("mqtt-sn", &files, |wire, _ctx| my_decoder(wire));
/// assert_eq!(report.failed(), 0, "{:#?}", report.failures);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_verdicts(
    protocol: &str,
    files: &[VectorFile],
    decode: impl Fn(&[u8], &Context<'_>) -> Result<(), String>,
) -> Report {
    run_with(protocol, files, Vec::new(), |v, ctx| {
        let wire = parse_hex(&v.wire)?;
        match (v.result, decode(&wire, ctx)) {
            (Outcome::Valid, Err(e)) => Err(format!("rejects a valid vector: {e}")),
            (Outcome::Invalid, Ok(())) => Err(format!(
                "accepts an invalid vector (m2mwire: {})",
                v.error.as_deref().unwrap_or("?")
            )),
            _ => Ok(()),
        }
    })
}

fn run_with(
    protocol: &str,
    files: &[VectorFile],
    statements: Vec<(&'static str, &'static [&'static str])>,
    check: impl Fn(&Vector, &Context<'_>) -> Result<(), String>,
) -> Report {
    let mut report = Report {
        protocol: protocol.to_string(),
        ..Report::default()
    };
    let mut rows: BTreeMap<String, ClauseRow> = BTreeMap::new();
    for f in files.iter().filter(|f| f.protocol == protocol) {
        let file = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for v in &f.vectors {
            report.vectors += 1;
            let result = match v.result {
                Outcome::Valid => "valid",
                Outcome::Acceptable => "acceptable",
                Outcome::Invalid => "invalid",
            };
            *report.by_result.entry(result.to_string()).or_default() += 1;
            let ctx = Context {
                version: v.version.as_deref().or(f.version.as_deref()),
                sender: v.sender.as_deref(),
                path: v.path.as_deref(),
            };
            let outcome = check(v, &ctx);
            for clause in &v.spec {
                let row = rows.entry(clause.clone()).or_insert_with(|| ClauseRow {
                    clause: clause.clone(),
                    ..ClauseRow::default()
                });
                row.vectors += 1;
                if outcome.is_ok() {
                    row.passed += 1;
                } else {
                    row.failed += 1;
                }
            }
            if let Err(reason) = outcome {
                report.failures.push(Failure {
                    file: file.clone(),
                    id: v.id.clone(),
                    reason,
                });
            }
        }
    }
    report.coverage = statements
        .into_iter()
        .map(|(spec, ids)| {
            let uncovered: Vec<String> = ids
                .iter()
                .filter(|id| !rows.contains_key(&format!("{spec} [{id}]")))
                .map(|id| id.to_string())
                .collect();
            Coverage {
                spec: spec.to_string(),
                statements: ids.len(),
                covered: ids.len() - uncovered.len(),
                uncovered,
            }
        })
        .collect();
    let mut clauses: Vec<ClauseRow> = rows.into_values().collect();
    clauses.sort_by_cached_key(|r| natural_key(&r.clause));
    report.clauses = clauses;
    report
}

/// Check one vector; `Err` says how it misbehaved.
pub(crate) fn check(p: &dyn Protocol, v: &Vector, ctx: &Context<'_>) -> Result<(), String> {
    if v.spec.is_empty() {
        return Err("vector cites no clause".into());
    }
    let wire = parse_hex(&v.wire)?;
    match v.result {
        Outcome::Valid => {
            let json = p
                .decode(&wire, Mode::Strict, ctx)
                .map_err(|r| format!("strict decode rejected it: {} at {}", r.kind, r.offset))?;
            if let Some(expect) = &v.expect {
                matches(expect, &json, "$")?;
            }
            let lenient = p
                .decode(&wire, Mode::Lenient, ctx)
                .map_err(|r| format!("lenient decode rejected it: {}", r.kind))?;
            if lenient != json {
                return Err("lenient decode differs from strict".into());
            }
            let again = p.reencode(&wire, ctx)?;
            if again != wire {
                return Err(format!("re-encodes to {}", hex::encode(again)));
            }
            let from_json = p.encode(&json)?;
            if from_json != wire {
                return Err(format!("its JSON encodes to {}", hex::encode(from_json)));
            }
            Ok(())
        }
        Outcome::Acceptable => {
            let strict = p
                .decode(&wire, Mode::Strict, ctx)
                .err()
                .ok_or("strict decode accepted it")?;
            expect_error(v, &strict)?;
            let json = p
                .decode(&wire, Mode::Lenient, ctx)
                .map_err(|r| format!("lenient decode rejected it: {} at {}", r.kind, r.offset))?;
            if let Some(expect) = &v.expect {
                matches(expect, &json, "$")?;
            }
            if let Some(flag) = &v.relax {
                if !p.relaxations().contains(&flag.as_str()) {
                    return Err(format!("no relaxation named {flag}"));
                }
                p.decode(&wire, Mode::Relax(flag), ctx)
                    .map_err(|r| format!("with only {flag} relaxed it is rejected: {}", r.kind))?;
            }
            Ok(())
        }
        Outcome::Invalid => {
            let strict = p
                .decode(&wire, Mode::Strict, ctx)
                .err()
                .ok_or("strict decode accepted it")?;
            expect_error(v, &strict)?;
            let lenient = p
                .decode(&wire, Mode::Lenient, ctx)
                .err()
                .ok_or("lenient decode accepted it")?;
            expect_error(v, &lenient)
        }
    }
}

fn expect_error(v: &Vector, got: &crate::Rejection) -> Result<(), String> {
    let want = v.error.as_deref().ok_or("vector names no error")?;
    if got.kind != want {
        return Err(format!(
            "rejected with {} at {} instead of {want}",
            got.kind, got.offset
        ));
    }
    if let Some(off) = v.offset {
        if off != got.offset {
            return Err(format!("error at offset {} instead of {off}", got.offset));
        }
    }
    Ok(())
}

/// `expect` is a subset of `actual`: objects by key, arrays element by element (same length).
fn matches(expect: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expect, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k} missing"))?;
                matches(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: {} items, expected {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if expect == actual => Ok(()),
        _ => Err(format!("{path}: got {actual}, expected {expect}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn natural_order_of_clauses() {
        let mut v = vec![
            "RFC 7252 §12.1",
            "RFC 7252 §3.1",
            "RFC 7252 §3",
            "RFC 7959 §2",
        ];
        v.sort_by_cached_key(|s| natural_key(s));
        assert_eq!(
            v,
            [
                "RFC 7252 §3",
                "RFC 7252 §3.1",
                "RFC 7252 §12.1",
                "RFC 7959 §2"
            ]
        );
    }

    #[test]
    fn subset_matching_finds_every_kind_of_difference() {
        let actual = json!({"a": 1, "b": [{"x": 1, "y": 2}], "c": "s"});
        assert!(matches(&json!({"b": [{"x": 1}]}), &actual, "$").is_ok());
        assert!(matches(&json!({"a": 2}), &actual, "$").is_err());
        assert!(matches(&json!({"z": 1}), &actual, "$").is_err());
        assert!(matches(&json!({"b": []}), &actual, "$").is_err());
        assert!(matches(&json!({"b": [{"x": 2}]}), &actual, "$").is_err());
    }
}
