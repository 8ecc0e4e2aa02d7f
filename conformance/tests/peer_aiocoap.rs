//! Differential check: aiocoap (an independent Python implementation, from PyPI) reads every
//! `valid` CoAP vector the way m2mwire does — type, code, Message ID, token, option numbers,
//! option values (uint options compared as numbers, since aiocoap re-encodes them minimally)
//! and payload.
//!
//! Needs `python3` with `aiocoap` (`.ci/run` installs it). Without it the test is skipped
//! locally, and fails under CI (`CI` set) so a missing install step cannot hide.

use m2mwire_coap::{DecodeOptions, Message, OptionFormat, decode_uint};
use m2mwire_conformance::{Outcome, default_vectors_dir, load_dir, parse_hex};
mod common;

use std::io::Write;
use std::process::{Command, Stdio};

const SCRIPT: &str = r#"
import sys, json, warnings
warnings.filterwarnings("ignore")
import aiocoap
for line in sys.stdin:
    w = bytes.fromhex(line.strip())
    try:
        m = aiocoap.Message.decode(w)
    except Exception as e:
        print(json.dumps({"error": repr(e)})); continue
    print(json.dumps({"type": int(m.mtype), "code": int(m.code), "mid": m.mid,
        "token": m.token.hex(), "payload": m.payload.hex(),
        "options": [[int(o.number), o.encode().hex()] for o in m.opt.option_list()]}))
"#;

#[test]
fn aiocoap_reads_every_valid_vector_the_same_way() {
    let Some(python) = common::python_with("aiocoap", "aiocoap") else {
        return;
    };
    let files = load_dir(&default_vectors_dir().join("coap")).unwrap();
    let valid: Vec<_> = files
        .iter()
        .flat_map(|f| &f.vectors)
        .filter(|v| v.result == Outcome::Valid)
        .collect();
    let wires: Vec<Vec<u8>> = valid.iter().map(|v| parse_hex(&v.wire).unwrap()).collect();
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for w in &wires {
        writeln!(stdin, "{}", hex::encode(w)).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), wires.len());
    let mut disagreements = Vec::new();
    for ((v, w), peer) in valid.iter().zip(&wires).zip(&lines) {
        let m = Message::decode(w, &DecodeOptions::strict()).unwrap();
        if let Some(e) = peer.get("error") {
            disagreements.push(format!("{}: aiocoap rejects it: {e}", v.id));
            continue;
        }
        let ours_options: Vec<(u64, String)> = m
            .options()
            .flatten()
            .map(|o| {
                let uint = o
                    .definition()
                    .is_some_and(|d| d.format == OptionFormat::Uint);
                // aiocoap re-encodes uint values minimally; compare those by value.
                let value = match (uint, o.as_uint()) {
                    (true, Some(n)) => n.to_string(),
                    _ => hex::encode(o.value),
                };
                (u64::from(o.number.0), value)
            })
            .collect();
        let peer_options: Vec<(u64, String)> = peer["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let n = o[0].as_u64().unwrap();
                let hex_value = o[1].as_str().unwrap().to_string();
                let uint = m2mwire_coap::OptionNumber(n as u16)
                    .definition()
                    .is_some_and(|d| d.format == OptionFormat::Uint);
                let value = if uint {
                    decode_uint(&hex::decode(&hex_value).unwrap())
                        .unwrap()
                        .to_string()
                } else {
                    hex_value
                };
                (n, value)
            })
            .collect();
        let same = peer["type"] == u64::from(m.message_type().bits())
            && peer["code"] == u64::from(m.code().0)
            && peer["mid"] == u64::from(m.message_id())
            && peer["token"] == hex::encode(m.token())
            && peer["payload"] == hex::encode(m.payload())
            && peer_options == ours_options;
        if !same {
            disagreements.push(format!("{}: aiocoap reads {peer}", v.id));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    println!("aiocoap agrees on {} valid vectors", valid.len());
}
