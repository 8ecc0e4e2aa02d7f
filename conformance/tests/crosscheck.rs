//! The tshark cross-check can fail: run against a stand-in "tshark" that reads every frame
//! with wrong field values, every valid vector must come out as a disagreement, and against
//! one that reads them right (the real tshark, when installed) none may be unexplained.

use m2mwire_conformance::{crosscheck, default_vectors_dir, load_dir};
use std::process::Command;

#[test]
fn a_lying_dissector_is_caught() {
    let dir = std::env::temp_dir().join(format!("m2mwire-fake-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fake = dir.join("tshark");
    // Counts the records of the classic pcap given with -r and prints one wrong line each.
    std::fs::write(
        &fake,
        r#"#!/usr/bin/env python3
import struct, sys
f = sys.argv[sys.argv.index("-r") + 1]
b = open(f, "rb").read()
i, n = 24, 0
while i + 16 <= len(b):
    i += 16 + struct.unpack("<I", b[i + 8:i + 12])[0]
    n += 1
for k in range(n):
    print(f"{k + 1}\t\t99\t99\t99\t99")
"#,
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let files = load_dir(&default_vectors_dir().join("lwm2m-tlv")).unwrap();
    let r = crosscheck("lwm2m-tlv", &files, fake.to_str().unwrap(), &dir).unwrap();
    // Only the empty payload (no TLV, so no field to compare) can agree with anything.
    assert_eq!(r.agreed, 1, "{r:?}");
    assert_eq!(
        r.unexplained.len() + r.explained.len(),
        r.compared - r.agreed
    );
    assert!(r.compared > 50);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tshark_agrees_or_the_vector_says_why() {
    if Command::new("tshark").arg("-v").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must install tshark");
        eprintln!("skipped: tshark not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("m2mwire-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in m2mwire_conformance::crosscheck_protocols() {
        let files = load_dir(&default_vectors_dir().join(name)).unwrap();
        let r = crosscheck(name, &files, "tshark", &dir).unwrap();
        assert!(r.unexplained.is_empty(), "{name}: {:#?}", r.unexplained);
        assert!(r.agreed > r.compared / 2, "{name}: {r:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
