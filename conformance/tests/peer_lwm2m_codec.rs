//! Differential check: npm `lwm2m-codec` 0.1.1 (an independent JavaScript LwM2M TLV codec
//! with its own object model) reads every `valid` single-resource TLV vector of a core object
//! — bytes m2mwire re-encodes byte for byte — to the same typed value.
//!
//! It is not a judge: it has the field bugs this crate exists to avoid. Where it disagrees
//! with the spec the vector is listed in `KNOWN_PEER_BUGS` with the reason, and the test
//! fails if such a vector starts to agree (so the list stays true).
//!
//! Needs `node` and `lwm2m-codec` under `target/node-peers` (`.ci/run` installs it), or at
//! `$LWM2M_CODEC`. Without them the test is skipped locally and fails under CI (`CI` set).

use m2mwire_conformance::{Outcome, default_vectors_dir, load_dir, parse_hex};
use m2mwire_lwm2m::{Content, DecodeOptions, Model, Path, Value, decode_tlv};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const SCRIPT: &str = r#"
const c = require(process.env.LWM2M_CODEC);
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', line => {
  const [path, hex] = line.split(' ');
  let out;
  try { out = { value: c.decode('tlv', path, Buffer.from(hex, 'hex')) }; }
  catch (e) { out = { error: String(e.message || e) }; }
  console.log(JSON.stringify(out));
});
"#;

/// Vectors lwm2m-codec reads against the spec, with the reason.
const KNOWN_PEER_BUGS: &[(&str, &str)] = &[
    (
        "val-int-8-min",
        "8-byte Integer i64::MIN read as -9.22337204544471e18: its two 32-bit halves are combined wrongly",
    ),
    (
        "val-uint-129",
        "no Unsigned Integer type (its model is LwM2M 1.0): the value comes back as the hex string 81",
    ),
    (
        "val-uint-max",
        "no Unsigned Integer type: the value comes back as a hex string",
    ),
    (
        "val-float-8",
        "an 8-byte Float read as its first 4 bytes (binary32): 0.1 becomes 1.4499999284744265 — the field bug of LwM2M 1.1 Core App. C",
    ),
    (
        "val-float-8-exact",
        "the same: 1.5 sent in 8 bytes becomes 1.9375",
    ),
    (
        "val-float-subnormal",
        "the same: the smallest binary64 subnormal becomes 0",
    ),
];

fn module() -> Option<PathBuf> {
    let path = std::env::var_os("LWM2M_CODEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/node-peers/node_modules/lwm2m-codec"
            ))
        });
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (node && path.join("package.json").exists()).then_some(path)
}

/// Our value as the JSON number, string or boolean a JavaScript codec would give.
fn ours(v: &Value<'_>) -> Option<serde_json::Value> {
    Some(match *v {
        Value::Integer(i) | Value::Time(i) => serde_json::json!(i),
        Value::UnsignedInteger(u) => serde_json::json!(u),
        Value::Float(f) if f.is_finite() => serde_json::json!(f),
        Value::Boolean(b) => serde_json::json!(b),
        Value::String(s) => serde_json::json!(s),
        _ => return None,
    })
}

#[test]
fn lwm2m_codec_reads_single_resources_the_same_way() {
    let Some(module) = module() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install node and lwm2m-codec"
        );
        eprintln!("skipped: node with lwm2m-codec not found");
        return;
    };
    let model = Model::core();
    let mut cases = Vec::new();
    for f in load_dir(&default_vectors_dir().join("lwm2m-tlv")).unwrap() {
        for v in f.vectors.iter().filter(|v| v.result == Outcome::Valid) {
            let Some(path) = v.path.as_deref() else {
                continue;
            };
            let p = Path::parse(path).unwrap();
            if p.depth() != 3 {
                continue;
            }
            let wire = parse_hex(&v.wire).unwrap();
            let Ok(Content::Resource(r)) = decode_tlv(&wire, &p, &model, &DecodeOptions::strict())
            else {
                continue;
            };
            let Some(value) = r.single().and_then(ours) else {
                continue;
            };
            cases.push((v.id.clone(), path.to_string(), wire, value));
        }
    }
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut child = Command::new("node")
        .args(["-e", SCRIPT])
        .env("LWM2M_CODEC", &module)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for (_, path, wire, _) in &cases {
        writeln!(stdin, "{path} {}", hex::encode(wire)).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), cases.len());
    let mut disagreements = Vec::new();
    for ((id, path, _, value), peer) in cases.iter().zip(&lines) {
        let known = KNOWN_PEER_BUGS.iter().any(|(k, _)| k == id);
        let agree = match (&peer["value"], value) {
            (serde_json::Value::Number(a), serde_json::Value::Number(b)) => {
                a.as_f64() == b.as_f64()
            }
            (a, b) => a == b,
        };
        if agree == known {
            disagreements.push(format!(
                "{id} {path}: {}ours {value}, lwm2m-codec {peer}",
                if known {
                    "now agrees, remove from KNOWN_PEER_BUGS; "
                } else {
                    ""
                }
            ));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    println!(
        "lwm2m-codec agrees on {} of {} single-resource vectors ({} known peer bugs)",
        cases.len() - KNOWN_PEER_BUGS.len(),
        cases.len(),
        KNOWN_PEER_BUGS.len()
    );
}
