//! The `m2mwire` binary's public JSON contract.

use std::io::Write;
use std::process::{Command, Stdio};

fn m2mwire(args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_m2mwire"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn decode_prints_the_documented_fields() {
    let (code, out) = m2mwire(
        &["decode", "coap", "41 01 7d 34 20 bb 74656d7065726174757265"],
        None,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["type"], "CON");
    assert_eq!(v["code"], "0.01");
    assert_eq!(v["code_name"], "GET");
    assert_eq!(v["message_id"], 0x7d34);
    assert_eq!(v["token"], "20");
    assert_eq!(v["options"][0]["number"], 11);
    assert_eq!(v["options"][0]["name"], "Uri-Path");
    assert_eq!(v["options"][0]["hex"], "74656d7065726174757265");
    assert_eq!(v["options"][0]["value"], "temperature");
    assert_eq!(v["payload"], "");
}

#[test]
fn decode_then_encode_gives_back_the_bytes() {
    let hex = "6445beef01020304b3666f6f0162d10b01ff6869";
    let (code, json) = m2mwire(&["decode", "coap", hex], None);
    assert_eq!(code, 0);
    let (code, out) = m2mwire(&["encode", "coap"], Some(&json));
    assert_eq!(code, 0);
    assert_eq!(out.trim(), hex);
}

#[test]
fn malformed_input_is_a_json_error_with_exit_1() {
    let (code, out) = m2mwire(&["decode", "coap", "40010001ff"], None);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["kind"], "EmptyPayload");
    assert_eq!(v["error"]["offset"], 4);
    assert_eq!(v["error"]["clause"], "RFC 7252 §3");
    // The same bytes pass with --lenient.
    let (code, _) = m2mwire(&["decode", "coap", "--lenient", "40010001ff"], None);
    assert_eq!(code, 0);
}

#[test]
fn decode_reads_raw_bytes_from_a_file() {
    let path = std::env::temp_dir().join(format!("m2mwire-cli-{}.bin", std::process::id()));
    std::fs::write(&path, [0x60, 0x45, 0x7d, 0x34, 0xff, b'o', b'k']).unwrap();
    let (code, out) = m2mwire(&["decode", "coap", "--file", path.to_str().unwrap()], None);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["payload"], "6f6b");
}

#[test]
fn encode_accepts_typed_values_and_names() {
    let json = r#"{"type":"NON","code":"0.02","message_id":5,
        "options":[{"name":"Uri-Path","value":"a"},{"number":12,"value":50}],"payload":"7b7d"}"#;
    let (code, out) = m2mwire(&["encode", "coap"], Some(json));
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "50020005b1611132ff7b7d");
}

#[test]
fn conform_json_report_passes_and_counts_clauses() {
    let (code, out) = m2mwire(&["conform", "--protocol", "coap", "--format", "json"], None);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["passed"], true);
    let coap = &v["protocols"][0];
    assert_eq!(coap["protocol"], "coap");
    assert!(coap["vectors"].as_u64().unwrap() >= 80);
    assert!(coap["failures"].as_array().unwrap().is_empty());
    let clauses = coap["clauses"].as_array().unwrap();
    assert!(clauses.iter().any(|c| c["clause"] == "RFC 7252 §3.1"));
}

#[test]
fn conform_fails_on_a_failing_vector() {
    let dir = std::env::temp_dir().join(format!("m2mwire-bad-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("coap")).unwrap();
    std::fs::write(
        dir.join("coap/bad.json"),
        r#"{"protocol":"coap","source":"t","vectors":[{"id":"x","comment":"","wire":"40010001","result":"invalid","error":"EmptyPayload","spec":["RFC 7252 §3"]}]}"#,
    )
    .unwrap();
    let (code, out) = m2mwire(
        &[
            "conform",
            "--protocol",
            "coap",
            "--vectors",
            dir.to_str().unwrap(),
        ],
        None,
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1);
    assert!(out.contains("0 passed, 1 failed"), "{out}");
}
