//! Differential check: npm `mqtt-packet` 9.0.2 (an independent, strict JavaScript parser)
//! parses every `valid` MQTT vector — bytes m2mwire re-encodes byte for byte — to the same
//! packet type, topic, packet identifier, QoS, client id, payload and filters.
//!
//! Needs `node` and `mqtt-packet` installed under `target/node-peers` (`.ci/run` does
//! `npm install --prefix target/node-peers mqtt-packet@9.0.2`), or at `$MQTT_PACKET`.
//! Without them the test is skipped locally and fails under CI (`CI` set).

use m2mwire_conformance::{Outcome, default_vectors_dir, load_dir, parse_hex, parse_mqtt_version};
use m2mwire_mqtt::{DecodeOptions, Packet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const SCRIPT: &str = r#"
const mp = require(process.env.MQTT_PACKET);
const rl = require('readline').createInterface({ input: process.stdin });
rl.on('line', line => {
  const [ver, hex] = line.split(' ');
  const p = mp.parser({ protocolVersion: ver === '5.0' ? 5 : 4 });
  let got = null;
  p.on('packet', pk => { got = got || pk; });
  p.on('error', e => { got = got || { error: e.message }; });
  p.parse(Buffer.from(hex, 'hex'));
  const o = got || { error: 'no packet' };
  const h = v => Buffer.isBuffer(v) ? v.toString('hex') : v;
  console.log(JSON.stringify({ cmd: o.cmd, error: o.error, topic: o.topic, messageId: o.messageId,
    qos: o.qos, clientId: o.clientId, payload: h(o.payload),
    subscriptions: o.subscriptions && o.subscriptions.map(s => s.topic),
    unsubscriptions: o.unsubscriptions }));
});
"#;

/// Vectors mqtt-packet gets wrong, with the reason; everything else must agree.
const KNOWN_PEER_BUGS: &[(&str, &str)] = &[(
    "v5-auth-empty",
    "MQTT 5.0 §3.15.2.1 lets AUTH omit Reason Code and properties (Remaining Length 0); mqtt-packet 9.0.2 says 'Invalid auth reason code'",
)];

fn module() -> Option<PathBuf> {
    let path = std::env::var_os("MQTT_PACKET")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/node-peers/node_modules/mqtt-packet"
            ))
        });
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (node && path.join("package.json").exists()).then_some(path)
}

#[test]
fn mqtt_packet_parses_every_valid_vector_the_same_way() {
    let Some(module) = module() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install node and mqtt-packet"
        );
        eprintln!("skipped: node with mqtt-packet not found");
        return;
    };
    let mut cases = Vec::new();
    for f in load_dir(&default_vectors_dir().join("mqtt")).unwrap() {
        for v in f.vectors.iter().filter(|v| v.result == Outcome::Valid) {
            let version = v
                .version
                .clone()
                .or(f.version.clone())
                .unwrap_or_else(|| "3.1.1".into());
            cases.push((v.id.clone(), version, parse_hex(&v.wire).unwrap()));
        }
    }
    let mut child = Command::new("node")
        .args(["-e", SCRIPT])
        .env("MQTT_PACKET", &module)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for (_, version, wire) in &cases {
        writeln!(stdin, "{version} {}", hex::encode(wire)).unwrap();
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
    for ((id, version, wire), peer) in cases.iter().zip(&lines) {
        let known = KNOWN_PEER_BUGS.iter().any(|(k, _)| k == id);
        let v = parse_mqtt_version(Some(version)).unwrap();
        let p = Packet::decode(wire, v, &DecodeOptions::strict()).unwrap();
        let agree = peer.get("error").is_none_or(|e| e.is_null()) && {
            let ty = p.packet_type().name().unwrap_or_default().to_lowercase();
            let mut ok = peer["cmd"] == ty;
            match &p {
                Packet::Publish(x) => {
                    ok &= peer["topic"] == x.topic
                        && peer["qos"] == x.qos.bits()
                        && peer["payload"] == hex::encode(x.payload);
                    if let Some(id) = x.packet_id {
                        ok &= peer["messageId"] == id;
                    }
                }
                Packet::Connect(c) => ok &= peer["clientId"] == c.client_id,
                Packet::Subscribe(s) => {
                    let ours: Vec<&str> = s.subscriptions.iter().map(|s| s.filter).collect();
                    ok &= peer["messageId"] == s.packet_id
                        && peer["subscriptions"] == serde_json::json!(ours);
                }
                Packet::Unsubscribe(u) => {
                    let ours: Vec<&str> = u.filters.iter().collect();
                    ok &= peer["unsubscriptions"] == serde_json::json!(ours);
                }
                Packet::Puback(a) | Packet::Pubrec(a) | Packet::Pubrel(a) | Packet::Pubcomp(a) => {
                    ok &= peer["messageId"] == a.packet_id;
                }
                _ => {}
            }
            ok
        };
        if agree == known {
            disagreements.push(format!(
                "{id} ({version}): {}mqtt-packet reads {peer}",
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
        "mqtt-packet agrees on {} of {} valid vectors ({} known peer bugs)",
        cases.len() - KNOWN_PEER_BUGS.len(),
        cases.len(),
        KNOWN_PEER_BUGS.len()
    );
}
