//! Differential check: packets produced by paho-mqtt 2.2 (an independent Python client, from
//! PyPI, driven through its internal packet writers without a network) decode strictly with
//! m2mwire to the fields paho was told to write, and re-encode byte for byte.
//!
//! Needs `python3` with `paho-mqtt` (`.ci/run` installs it). Without it the test is skipped
//! locally and fails under CI (`CI` set).

mod common;

use m2mwire_conformance::{Mqtt, Protocol, parse_hex};
use std::process::Command;

/// Each line printed: `version<TAB>hex<TAB>expected JSON fields`.
const SCRIPT: &str = r#"
import json, warnings
warnings.filterwarnings("ignore")
import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.subscribeoptions import SubscribeOptions
from paho.mqtt.reasoncodes import ReasonCode

def client(proto, cid="c1"):
    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=cid, protocol=proto)
    out = []
    c._sock = type("S", (), {"close": lambda s: None})()
    c._packet_queue = lambda cmd, pkt, mid, qos, info=None: out.append(bytes(pkt).hex()) or 0
    return c, out

def emit(ver, out, expects):
    assert len(out) == len(expects), (out, expects)
    for hx, e in zip(out, expects):
        print(ver + "\t" + hx + "\t" + json.dumps(e))

for proto, ver in [(mqtt.MQTTv311, "3.1.1"), (mqtt.MQTTv5, "5.0")]:
    v5 = proto == mqtt.MQTTv5
    c, out = client(proto, "sensor-7")
    c.username_pw_set("alice", "s3cret")
    c.will_set("status/sensor-7", b"gone", qos=1, retain=True)
    c._send_connect(45)
    ex = [{"type": "CONNECT", "client_id": "sensor-7", "keep_alive": 45, "username": "alice",
           "password": b"s3cret".hex(), "will": {"qos": 1, "retain": True, "topic": "status/sensor-7", "payload": b"gone".hex()}}]
    props = None
    if v5:
        props = Properties(PacketTypes.PUBLISH)
        props.ContentType = "text/plain"
        props.MessageExpiryInterval = 30
        props.UserProperty = ("k", "v")
        props.UserProperty = ("k2", "v2")
    for qos, mid in [(0, 0), (1, 17), (2, 65535)]:
        c._send_publish(mid, b"plant/a/temp", b"\x00\x01\xff", qos=qos, retain=qos == 0, properties=props)
        e = {"type": "PUBLISH", "qos": qos, "retain": qos == 0, "topic": "plant/a/temp",
             "packet_id": mid if qos else None, "payload": "0001ff"}
        if v5:
            # paho writes properties in identifier order.
            e["properties"] = [{"name": "Message Expiry Interval", "value": 30},
                               {"name": "Content Type", "value": "text/plain"},
                               {"name": "User Property", "value": ["k", "v"]},
                               {"name": "User Property", "value": ["k2", "v2"]}]
        ex.append(e)
    opts = SubscribeOptions(qos=2, noLocal=True, retainAsPublished=True, retainHandling=1) if v5 else 2
    c._send_subscribe(False, [(b"plant/+/temp", opts), (b"alarms/#", SubscribeOptions(qos=1) if v5 else 1)])
    sub = {"filter": "plant/+/temp", "qos": 2}
    if v5:
        sub.update({"no_local": True, "retain_as_published": True, "retain_handling": 1})
    ex.append({"type": "SUBSCRIBE", "subscriptions": [sub, {"filter": "alarms/#", "qos": 1}]})
    c._send_unsubscribe(False, [b"alarms/#"])
    ex.append({"type": "UNSUBSCRIBE", "filters": ["alarms/#"]})
    for send, name in [(c._send_puback, "PUBACK"), (c._send_pubrec, "PUBREC"), (c._send_pubrel, "PUBREL"), (c._send_pubcomp, "PUBCOMP")]:
        send(513)
        ex.append({"type": name, "packet_id": 513})
    c._send_pingreq()
    ex.append({"type": "PINGREQ"})
    if v5:
        c._send_disconnect(ReasonCode(PacketTypes.DISCONNECT, "Disconnect with will message"))
        ex.append({"type": "DISCONNECT", "reason_code": 4})
    else:
        c._send_disconnect()
        ex.append({"type": "DISCONNECT"})
    emit(ver, out, ex)
"#;

/// `expect` is a subset of `actual` (objects by key, arrays element-wise).
fn subset(expect: &serde_json::Value, actual: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (expect, actual) {
        (Object(e), Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av))),
        (Array(e), Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| subset(x, y)),
        _ => expect == actual,
    }
}

#[test]
fn paho_packets_decode_strictly_and_reencode_exactly() {
    let Some(python) = common::python_with("paho.mqtt.client", "paho-mqtt") else {
        return;
    };
    let out = Command::new(python).args(["-c", SCRIPT]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mqtt = Mqtt;
    let mut checked = 0;
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (version, hex, expect) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let wire = parse_hex(hex).unwrap();
        let expect: serde_json::Value = serde_json::from_str(expect).unwrap();
        let json = mqtt
            .decode(
                &wire,
                m2mwire_conformance::Mode::Strict,
                &m2mwire_conformance::Context {
                    version: Some(version),
                    sender: None,
                    path: None,
                },
            )
            .unwrap_or_else(|r| panic!("{version} {hex}: rejected: {r:?}"));
        assert!(
            subset(&expect, &json),
            "{version} {hex}:\nexpected {expect}\ngot {json}"
        );
        assert_eq!(
            mqtt.reencode(
                &wire,
                &m2mwire_conformance::Context {
                    version: Some(version),
                    sender: None,
                    path: None,
                }
            )
            .unwrap(),
            wire,
            "{version} {hex}"
        );
        assert_eq!(
            mqtt.encode(&json).unwrap(),
            wire,
            "{version} {hex} via JSON"
        );
        checked += 1;
    }
    assert_eq!(checked, 2 * 12, "packets checked");
    println!("paho-mqtt: {checked} packets agree");
}
