//! Every vector file validates against `testvectors/schema.json` (JSON Schema draft
//! 2020-12), checked by Python's `jsonschema` (an independent validator), and the schema
//! names every protocol this build has.

mod common;

use m2mwire_conformance::{default_vectors_dir, protocols};
use std::process::Command;

const CHECK: &str = r#"
import json, sys, pathlib
from jsonschema import Draft202012Validator
root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "schema.json").read_text())
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
n = 0
bad = 0
for f in sorted(root.glob("*/*.json")):
    for e in v.iter_errors(json.loads(f.read_text())):
        print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += 1
    n += 1
print(f"{n} files checked")
sys.exit(1 if bad or n == 0 else 0)
"#;

#[test]
fn vector_files_match_the_schema() {
    let Some(python) = common::python_with("jsonschema", "jsonschema") else {
        return;
    };
    let out = Command::new(python)
        .args(["-c", CHECK])
        .arg(default_vectors_dir())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
}

#[test]
fn the_schema_names_every_protocol() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(default_vectors_dir().join("schema.json")).unwrap(),
    )
    .unwrap();
    let names = &schema["properties"]["protocol"]["enum"];
    for p in protocols() {
        assert!(
            names.as_array().unwrap().iter().any(|n| n == p.name()),
            "schema.json does not list {}",
            p.name()
        );
    }
}
