//! Differential check against tshark: every vector of a protocol goes into one pcap (one
//! conversation per message), tshark dissects it once, and the fields it reports are compared
//! with the codec's JSON.
//!
//! A valid vector where tshark reads a field differently is a failure unless the vector's
//! `notes` explain it (they mention tshark and say which side is right). For invalid vectors
//! the report says where tshark flags the frame as malformed and where it accepts what the
//! codec rejects (informational: tshark is lenient by design).

use crate::vectors::{Outcome, VectorFile, parse_hex};
use crate::{Context, Mode, protocol};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Separator between occurrences of one field (ASCII unit separator: not in any field value).
const AGG: char = '\u{1f}';

/// How one protocol is fed to tshark and which of its fields are compared.
struct Setup {
    /// Our protocol name.
    name: &'static str,
    /// tshark fields, in the order `ours` returns values for them.
    fields: &'static [&'static str],
    /// Extra tshark options.
    options: &'static [&'static str],
    /// How each message is framed in the pcap.
    framing: Framing,
}

#[derive(Clone, Copy)]
enum Framing {
    /// Exported-PDU link type 252, tag 12 naming the dissector.
    ExportedPdu(&'static str),
    /// Ethernet/IPv4/UDP to this port.
    Udp(u16),
}

const SETUPS: &[Setup] = &[
    Setup {
        name: "coap",
        fields: &[
            "coap.type",
            "coap.code",
            "coap.mid",
            "coap.token",
            "coap.opt.uri_path",
            "coap.opt.uri_query",
        ],
        options: &[],
        framing: Framing::ExportedPdu("coap"),
    },
    Setup {
        name: "mqtt",
        fields: &["mqtt.msgtype", "mqtt.msgid", "mqtt.topic", "mqtt.clientid"],
        options: &[],
        framing: Framing::ExportedPdu("mqtt"),
    },
    Setup {
        name: "mqtt-sn",
        fields: &["mqttsn.msg.type", "mqttsn.msg.id"],
        options: &["-d", "udp.port==1884,mqttsn"],
        framing: Framing::Udp(1884),
    },
    Setup {
        name: "lwm2m-tlv",
        fields: &[
            "lwm2mtlv.type.type",
            "lwm2mtlv.identifier",
            "lwm2mtlv.value",
        ],
        options: &[],
        framing: Framing::ExportedPdu("lwm2mtlv"),
    },
    Setup {
        name: "wbxml",
        fields: &["wbxml.version", "wbxml.public_id.known", "wbxml.charset"],
        options: &[],
        framing: Framing::ExportedPdu("wbxml"),
    },
];

/// The protocols `crosscheck` covers.
pub fn crosscheck_protocols() -> Vec<&'static str> {
    SETUPS.iter().map(|s| s.name).collect()
}

const MQTT_TYPES: [&str; 16] = [
    "",
    "CONNECT",
    "CONNACK",
    "PUBLISH",
    "PUBACK",
    "PUBREC",
    "PUBREL",
    "PUBCOMP",
    "SUBSCRIBE",
    "SUBACK",
    "UNSUBSCRIBE",
    "UNSUBACK",
    "PINGREQ",
    "PINGRESP",
    "DISCONNECT",
    "AUTH",
];

const MQTTSN_TYPES: &[(&str, u8)] = &[
    ("ADVERTISE", 0x00),
    ("SEARCHGW", 0x01),
    ("GWINFO", 0x02),
    ("CONNECT", 0x04),
    ("CONNACK", 0x05),
    ("WILLTOPICREQ", 0x06),
    ("WILLTOPIC", 0x07),
    ("WILLMSGREQ", 0x08),
    ("WILLMSG", 0x09),
    ("REGISTER", 0x0a),
    ("REGACK", 0x0b),
    ("PUBLISH", 0x0c),
    ("PUBACK", 0x0d),
    ("PUBCOMP", 0x0e),
    ("PUBREC", 0x0f),
    ("PUBREL", 0x10),
    ("SUBSCRIBE", 0x12),
    ("SUBACK", 0x13),
    ("UNSUBSCRIBE", 0x14),
    ("UNSUBACK", 0x15),
    ("PINGREQ", 0x16),
    ("PINGRESP", 0x17),
    ("DISCONNECT", 0x18),
    ("WILLTOPICUPD", 0x1a),
    ("WILLTOPICRESP", 0x1b),
    ("WILLMSGUPD", 0x1c),
    ("WILLMSGRESP", 0x1d),
    ("ENCAPSULATED", 0xfe),
];

/// Our values for the setup's fields, as tshark prints them (`None`: do not compare).
fn ours(name: &str, j: &Value) -> Vec<Option<String>> {
    let s = |v: &Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    };
    match name {
        "coap" => {
            let ty = ["CON", "NON", "ACK", "RST"]
                .iter()
                .position(|t| j["type"] == *t)
                .map(|i| i.to_string());
            let code = j["code"].as_str().and_then(|c| {
                let (class, detail) = c.split_once('.')?;
                Some((class.parse::<u32>().ok()? * 32 + detail.parse::<u32>().ok()?).to_string())
            });
            let token = j["token"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            vec![ty, code, s(&j["message_id"]), token]
        }
        "mqtt" => {
            let ty = MQTT_TYPES
                .iter()
                .position(|t| j["type"] == *t)
                .map(|i| i.to_string());
            // A zero-length topic or client id: tshark prints nothing.
            let nonempty = |v: &Value| s(v).filter(|x| !x.is_empty());
            vec![
                ty,
                s(&j["packet_id"]),
                nonempty(&j["topic"]),
                nonempty(&j["client_id"]),
            ]
        }
        "mqtt-sn" => {
            let ty = MQTTSN_TYPES
                .iter()
                .find(|(n, _)| j["type"] == *n)
                .map(|(_, c)| c.to_string());
            vec![ty, s(&j["msg_id"])]
        }
        "lwm2m-tlv" => {
            let mut kinds = Vec::new();
            let mut ids = Vec::new();
            let mut values = Vec::new();
            fn walk(
                e: &Value,
                kinds: &mut Vec<String>,
                ids: &mut Vec<String>,
                values: &mut Vec<String>,
            ) {
                let kind = match e["kind"].as_str() {
                    Some("object_instance") => 0,
                    Some("resource_instance") => 1,
                    Some("multiple_resource") => 2,
                    _ => 3,
                };
                kinds.push(kind.to_string());
                ids.push(e["id"].to_string());
                // tshark shows the value bytes of a non-empty resource or resource instance.
                if let Some(h) = e["hex"].as_str().filter(|h| !h.is_empty()) {
                    values.push(h.to_string());
                }
                for c in e["children"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    walk(c, kinds, ids, values);
                }
            }
            for e in j["entries"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                walk(e, &mut kinds, &mut ids, &mut values);
            }
            let join = |v: Vec<String>| (!v.is_empty()).then(|| v.join(&AGG.to_string()));
            vec![join(kinds), join(ids), join(values)]
        }
        "wbxml" => vec![
            s(&j["version"]),
            j.get("public_id").and_then(s),
            j.get("charset").and_then(s),
        ],
        _ => Vec::new(),
    }
}

/// tshark prints some integer fields in hex (`0x0c`): each occurrence as decimal.
fn normalise(field: &str) -> String {
    field
        .split(AGG)
        .map(|o| {
            match o
                .strip_prefix("0x")
                .and_then(|h| u64::from_str_radix(h, 16).ok())
            {
                Some(v) => v.to_string(),
                None => o.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(&AGG.to_string())
}

/// A classic pcap of `frames` with link type `linktype`.
fn pcap(linktype: u32, frames: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&262_144u32.to_le_bytes());
    out.extend_from_slice(&linktype.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        out.extend_from_slice(&(i as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(f);
    }
    out
}

fn exported_pdu(dissector: &str, payload: &[u8]) -> Vec<u8> {
    let mut name = dissector.as_bytes().to_vec();
    while name.len() % 4 != 0 {
        name.push(0);
    }
    let mut f = Vec::new();
    f.extend_from_slice(&12u16.to_be_bytes());
    f.extend_from_slice(&(name.len() as u16).to_be_bytes());
    f.extend_from_slice(&name);
    f.extend_from_slice(&[0, 0, 0, 0]);
    f.extend_from_slice(payload);
    f
}

/// Ethernet/IPv4/UDP from port `sport` to `dport` (checksums left zero: tshark does not
/// verify them by default).
fn udp_frame(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
    let total = (20 + 8 + payload.len()) as u16;
    let mut ip = vec![0x45, 0];
    ip.extend_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&[0, 1, 0, 0, 64, 17, 0, 0, 10, 1, 1, 1, 10, 2, 2, 2]);
    let sum = {
        let mut s: u32 = ip
            .chunks(2)
            .map(|c| u32::from(u16::from_be_bytes([c[0], c[1]])))
            .sum();
        while s > 0xffff {
            s = (s & 0xffff) + (s >> 16);
        }
        !(s as u16)
    };
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    f.extend_from_slice(&ip);
    f.extend_from_slice(&sport.to_be_bytes());
    f.extend_from_slice(&dport.to_be_bytes());
    f.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(payload);
    f
}

/// One protocol's crosscheck result.
#[derive(Debug, Default)]
pub struct CrossReport {
    /// Protocol name.
    pub protocol: String,
    /// Valid vectors compared.
    pub compared: usize,
    /// Valid vectors where every field agrees.
    pub agreed: usize,
    /// Disagreements the vector's notes explain: `(id, detail)`.
    pub explained: Vec<(String, String)>,
    /// Disagreements nobody explained: `(id, detail)`.
    pub unexplained: Vec<(String, String)>,
    /// Invalid vectors tshark marks malformed.
    pub invalid_flagged: usize,
    /// Invalid vectors tshark dissects without complaint (ids).
    pub invalid_accepted: Vec<String>,
}

struct Case {
    id: String,
    wire: Vec<u8>,
    valid: bool,
    notes: String,
    version: Option<String>,
    path: Option<String>,
}

/// Run tshark over `files` for one protocol. `tshark` is the program to run.
pub fn crosscheck(
    name: &str,
    files: &[VectorFile],
    tshark: &str,
    dir: &Path,
) -> Result<CrossReport, String> {
    let setup = SETUPS
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| format!("no tshark setup for {name}"))?;
    let p = protocol(name).ok_or_else(|| format!("unknown protocol {name}"))?;
    let mut cases = Vec::new();
    for f in files.iter().filter(|f| f.protocol == name) {
        for v in &f.vectors {
            cases.push(Case {
                id: v.id.clone(),
                wire: parse_hex(&v.wire)?,
                // Acceptable vectors break a rule on purpose: reported with the invalid ones.
                valid: v.result == Outcome::Valid,
                notes: v.notes.clone().unwrap_or_default().to_lowercase(),
                version: v.version.clone().or(f.version.clone()),
                path: v.path.clone(),
            });
        }
    }
    let mut report = CrossReport {
        protocol: name.to_string(),
        ..CrossReport::default()
    };
    // MQTT 5.0 packets need the dissector told the level: one tshark run per level.
    let groups: Vec<(Option<&str>, Vec<&Case>)> = if name == "mqtt" {
        ["3.1.1", "5.0"]
            .iter()
            .map(|l| {
                (
                    Some(*l),
                    cases
                        .iter()
                        .filter(|c| c.version.as_deref().unwrap_or("3.1.1") == *l)
                        .collect(),
                )
            })
            .collect()
    } else {
        vec![(None, cases.iter().collect())]
    };
    for (level, group) in groups {
        if group.is_empty() {
            continue;
        }
        let frames: Vec<Vec<u8>> = group
            .iter()
            .enumerate()
            .map(|(i, c)| match setup.framing {
                Framing::ExportedPdu(d) => exported_pdu(d, &c.wire),
                Framing::Udp(port) => udp_frame(40_000 + i as u16, port, &c.wire),
            })
            .collect();
        let linktype = match setup.framing {
            Framing::ExportedPdu(_) => 252,
            Framing::Udp(_) => 1,
        };
        let file = dir.join(format!("crosscheck-{name}-{}.pcap", level.unwrap_or("all")));
        std::fs::write(&file, pcap(linktype, &frames)).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(tshark);
        cmd.arg("-r")
            .arg(&file)
            .args(["-T", "fields", "-E", "occurrence=a"]);
        cmd.arg("-E").arg(format!("aggregator={AGG}"));
        cmd.args([
            "-E",
            "separator=/t",
            "-e",
            "frame.number",
            "-e",
            "_ws.malformed",
        ]);
        for f in setup.fields {
            cmd.args(["-e", f]);
        }
        cmd.args(setup.options);
        if level == Some("5.0") {
            cmd.args(["-o", "mqtt.default_version:MQTT v5.0"]);
        }
        let out = cmd.output().map_err(|e| format!("{tshark}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "tshark failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() != group.len() {
            return Err(format!(
                "tshark printed {} lines for {} frames",
                lines.len(),
                group.len()
            ));
        }
        for (c, line) in group.iter().zip(lines) {
            let cols: Vec<&str> = line.split('\t').collect();
            let malformed = cols.get(1).is_some_and(|m| !m.is_empty());
            if !c.valid {
                if malformed {
                    report.invalid_flagged += 1;
                } else {
                    report.invalid_accepted.push(c.id.clone());
                }
                continue;
            }
            let ctx = Context {
                version: c.version.as_deref(),
                sender: None,
                path: c.path.as_deref(),
            };
            let json = p
                .decode(&c.wire, Mode::Lenient, &ctx)
                .map_err(|r| format!("{}: {} rejects its own vector: {}", c.id, name, r.kind))?;
            let mine = ours(name, &json);
            let mut diffs = Vec::new();
            if malformed {
                diffs.push("tshark marks it malformed".to_string());
            }
            for (i, (field, want)) in setup.fields.iter().zip(&mine).enumerate() {
                let Some(want) = want else { continue };
                let got = normalise(cols.get(i + 2).copied().unwrap_or_default());
                let got = got.as_str();
                // Some dissectors add occurrences for nested messages: compare the first.
                let got_first = got.split(AGG).next().unwrap_or_default();
                let same = got == want
                    || (!want.contains(AGG) && got_first == want)
                    || (field.ends_with("token") && got.replace(':', "") == *want);
                if !same {
                    diffs.push(format!("{field}: tshark {got:?}, m2mwire {want:?}"));
                }
            }
            report.compared += 1;
            if diffs.is_empty() {
                report.agreed += 1;
            } else if c.notes.contains("tshark") {
                report.explained.push((c.id.clone(), diffs.join("; ")));
            } else {
                report.unexplained.push((c.id.clone(), diffs.join("; ")));
            }
        }
    }
    Ok(report)
}
