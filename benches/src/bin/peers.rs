//! The conformance corpus on the field: every vector of `testvectors/` run through the other
//! Rust codecs (the benchmarks' peers) and through m2mwire itself, printed as the Markdown
//! report committed as `conformance/PEERS.md`:
//!
//! ```text
//! cargo run -q -p m2mwire-benches --bin peers > conformance/PEERS.md
//! ```
//!
//! Each peer is an [`Adapter`]: the bytes of one vector in, a [`Verdict`] out (accepted, with
//! the peer's own re-encoding where it has one, or rejected with its error text). Panics are
//! caught and counted. The process exits with status 1 if m2mwire itself fails any vector.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use byte::{TryRead, TryWrite};
use bytes::{Buf, Bytes, BytesMut};
use m2mwire_conformance::{
    Context, Mode, Outcome, Protocol, Vector, default_vectors_dir, load_dir, parse_hex, protocol,
};
use mqtt::{Decodable, Encodable};
use mqtt5_protocol::packet::MqttPacket;
use serde_json::Value;

/// What a peer made of the bytes once it accepted them.
enum Reencoded {
    /// Its own encoding of what it decoded.
    Bytes(Vec<u8>),
    /// Its encoder refused what its decoder built (the error text).
    Failed(String),
}

/// A peer's answer: `Ok` = it accepts the bytes, `Err` = it rejects them (error text).
type Verdict = Result<Reencoded, String>;

/// One peer codec on one protocol (and level).
struct Adapter {
    /// The crate and the API used (`coap-lite 0.13`).
    name: &'static str,
    /// The vector directory, and the m2mwire protocol name (`coap`, `mqtt`, `mqtt-sn`).
    protocol: &'static str,
    /// The MQTT level whose vectors it gets; `None` for protocols with one level.
    level: Option<&'static str>,
    /// Whether it can encode at all.
    encoder: bool,
    /// It keeps MQTT 5.0 properties in a map: its round trip is compared up to the order of
    /// properties with different identifiers (see [`same_up_to_property_order`]).
    unordered_properties: bool,
    /// The decode (and re-encode) of one vector's bytes.
    decode: fn(&[u8]) -> Verdict,
}

/// The largest Remaining Length MQTT allows (given to mqttbytes as its size limit, so that the
/// limit is the protocol's, not ours).
const MQTT_MAX_REMAINING: usize = 268_435_455;

fn peers() -> Vec<Adapter> {
    vec![
        Adapter {
            name: "coap-lite 0.13",
            protocol: "coap",
            level: None,
            encoder: true,
            unordered_properties: false,
            decode: coap_lite,
        },
        Adapter {
            name: "minicoap 0.2",
            protocol: "coap",
            level: None,
            encoder: true,
            unordered_properties: false,
            decode: minicoap,
        },
        Adapter {
            name: "mqttrs 0.4",
            protocol: "mqtt",
            level: Some("3.1.1"),
            encoder: true,
            unordered_properties: false,
            decode: mqttrs,
        },
        Adapter {
            name: "mqtt-protocol 0.12",
            protocol: "mqtt",
            level: Some("3.1.1"),
            encoder: true,
            unordered_properties: false,
            decode: mqtt_protocol,
        },
        Adapter {
            name: "mqttbytes 0.6 (v4)",
            protocol: "mqtt",
            level: Some("3.1.1"),
            encoder: true,
            unordered_properties: false,
            decode: mqttbytes_v4,
        },
        Adapter {
            name: "mqttbytes 0.6 (v5)",
            protocol: "mqtt",
            level: Some("5.0"),
            encoder: true,
            unordered_properties: false,
            decode: mqttbytes_v5,
        },
        Adapter {
            name: "mqtt5-protocol 0.14",
            protocol: "mqtt",
            level: Some("5.0"),
            encoder: true,
            unordered_properties: true,
            decode: mqtt5_protocol,
        },
        Adapter {
            name: "mqtt-sn 0.2",
            protocol: "mqtt-sn",
            level: None,
            encoder: true,
            unordered_properties: false,
            decode: mqtt_sn,
        },
    ]
}

/// A peer's error as text, on one line.
fn text(e: impl std::fmt::Debug) -> String {
    format!("{e:?}")
}

/// The error for bytes left after the one packet the peer read.
fn trailing(used: usize, total: usize) -> String {
    format!("trailing bytes: the packet is {used} of the {total} bytes")
}

// --- CoAP ---------------------------------------------------------------------------------

/// coap-lite: `Packet::from_bytes`, re-encoded by `to_bytes`.
fn coap_lite(wire: &[u8]) -> Verdict {
    let p = coap_lite::Packet::from_bytes(wire).map_err(text)?;
    Ok(match p.to_bytes() {
        Ok(b) => Reencoded::Bytes(b),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

/// minicoap: `Message::parse`, re-encoded through its builder from the parsed parts (type,
/// code, Message ID, token, every option in the order its iterator gives, payload).
fn minicoap(wire: &[u8]) -> Verdict {
    let m = minicoap::Message::parse(wire).map_err(text)?;
    let mut buf = vec![0u8; wire.len() + 64];
    let built = (|| {
        let mut b = minicoap::MessageBuilder::new(&mut buf)?
            .header(m.message_type, m.code)
            .message_id(m.message_id)
            .token(m.token)?;
        for opt in &m.options {
            b = b.option(opt.number, opt.value)?;
        }
        let done = match m.payload {
            Some(p) => b.payload(p)?,
            None => b.no_payload(),
        };
        Ok::<_, minicoap::CoapBuildError>(done.build().to_vec())
    })();
    Ok(match built {
        Ok(b) => Reencoded::Bytes(b),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

// --- MQTT ---------------------------------------------------------------------------------

/// mqttrs: `decode_slice` (`Ok(None)` = it wants more bytes), then `clone_packet` for the
/// length of the packet it framed; re-encoded by `encode_slice`.
fn mqttrs(wire: &[u8]) -> Verdict {
    let p = mqttrs::decode_slice(wire)
        .map_err(text)?
        .ok_or("incomplete: decode_slice wants more bytes")?;
    let mut copy = vec![0u8; wire.len()];
    let used = mqttrs::clone_packet(wire, &mut copy).map_err(text)?;
    if used != wire.len() {
        return Err(trailing(used, wire.len()));
    }
    let mut buf = vec![0u8; 2 * wire.len() + 64];
    Ok(match mqttrs::encode_slice(&p, &mut buf) {
        Ok(n) => Reencoded::Bytes(buf[..n].to_vec()),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

/// mqtt-protocol: `VariablePacket::decode` from a `Read` over the bytes. It reads the body
/// through `Read::take(remaining length)`, so on a slice that ends early it may decode a
/// short body: its own `FixedHeader::decode` gives the frame length, and a frame longer than
/// the bytes counts as "incomplete" (on a socket it would still be waiting). Re-encoded by
/// `Encodable::encode`.
fn mqtt_protocol(wire: &[u8]) -> Verdict {
    let mut reader = wire;
    let p = mqtt::packet::VariablePacket::decode(&mut reader).map_err(text)?;
    let mut hdr = wire;
    let h = mqtt::control::FixedHeader::decode(&mut hdr).map_err(text)?;
    let frame = (wire.len() - hdr.len()) + h.remaining_length as usize;
    if frame > wire.len() {
        return Err(format!(
            "incomplete: the fixed header frames {frame} bytes, {} given",
            wire.len()
        ));
    }
    if !reader.is_empty() {
        return Err(trailing(wire.len() - reader.len(), wire.len()));
    }
    let mut out = Vec::new();
    Ok(match p.encode(&mut out) {
        Ok(()) => Reencoded::Bytes(out),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

/// mqttbytes: `v4::read` from a `BytesMut` (it frames the packet itself and splits it off);
/// re-encoded by the packet's `write`.
fn mqttbytes_v4(wire: &[u8]) -> Verdict {
    use mqttbytes::v4::{self, Packet as P};
    let mut buf = BytesMut::from(wire);
    let p = v4::read(&mut buf, MQTT_MAX_REMAINING).map_err(text)?;
    if !buf.is_empty() {
        return Err(trailing(wire.len() - buf.len(), wire.len()));
    }
    let mut out = BytesMut::new();
    let written = match &p {
        P::Connect(x) => x.write(&mut out),
        P::ConnAck(x) => x.write(&mut out),
        P::Publish(x) => x.write(&mut out),
        P::PubAck(x) => x.write(&mut out),
        P::PubRec(x) => x.write(&mut out),
        P::PubRel(x) => x.write(&mut out),
        P::PubComp(x) => x.write(&mut out),
        P::Subscribe(x) => x.write(&mut out),
        P::SubAck(x) => x.write(&mut out),
        P::Unsubscribe(x) => x.write(&mut out),
        P::UnsubAck(x) => x.write(&mut out),
        P::PingReq => v4::PingReq.write(&mut out),
        P::PingResp => v4::PingResp.write(&mut out),
        P::Disconnect => v4::Disconnect.write(&mut out),
    };
    Ok(match written {
        Ok(_) => Reencoded::Bytes(out.to_vec()),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

/// mqttbytes: `v5::read`, as [`mqttbytes_v4`].
fn mqttbytes_v5(wire: &[u8]) -> Verdict {
    use mqttbytes::v5::{self, Packet as P};
    let mut buf = BytesMut::from(wire);
    let p = v5::read(&mut buf, MQTT_MAX_REMAINING).map_err(text)?;
    if !buf.is_empty() {
        return Err(trailing(wire.len() - buf.len(), wire.len()));
    }
    let mut out = BytesMut::new();
    let written = match &p {
        P::Connect(x) => x.write(&mut out),
        P::ConnAck(x) => x.write(&mut out),
        P::Publish(x) => x.write(&mut out),
        P::PubAck(x) => x.write(&mut out),
        P::PubRec(x) => x.write(&mut out),
        P::PubRel(x) => x.write(&mut out),
        P::PubComp(x) => x.write(&mut out),
        P::Subscribe(x) => x.write(&mut out),
        P::SubAck(x) => x.write(&mut out),
        P::Unsubscribe(x) => x.write(&mut out),
        P::UnsubAck(x) => x.write(&mut out),
        P::PingReq => v5::PingReq.write(&mut out),
        P::PingResp => v5::PingResp.write(&mut out),
        P::Disconnect(x) => x.write(&mut out),
    };
    Ok(match written {
        Ok(_) => Reencoded::Bytes(out.to_vec()),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

/// mqtt5-protocol at level 5: `FixedHeader::decode`, then exactly Remaining Length bytes
/// (fewer = "incomplete") to `Packet::decode_from_body_with_version`; bytes after that frame
/// are trailing. Re-encoded by `MqttPacket::encode`.
fn mqtt5_protocol(wire: &[u8]) -> Verdict {
    use mqtt5_protocol::Packet as P;
    use mqtt5_protocol::packet::{pingreq::PingReqPacket, pingresp::PingRespPacket};
    let mut b = Bytes::copy_from_slice(wire);
    let h = mqtt5_protocol::FixedHeader::decode(&mut b).map_err(text)?;
    let header_len = wire.len() - b.remaining();
    let rl = h.remaining_length as usize;
    if b.remaining() < rl {
        return Err(format!(
            "incomplete: Remaining Length {rl}, {} bytes follow",
            b.remaining()
        ));
    }
    let mut body = b.split_to(rl);
    let p = P::decode_from_body_with_version(h.packet_type, &h, &mut body, 5).map_err(text)?;
    if b.has_remaining() {
        return Err(trailing(header_len + rl, wire.len()));
    }
    let mut out = BytesMut::new();
    let written = match &p {
        P::Connect(x) => x.encode(&mut out),
        P::ConnAck(x) => x.encode(&mut out),
        P::Publish(x) => x.encode(&mut out),
        P::PubAck(x) => x.encode(&mut out),
        P::PubRec(x) => x.encode(&mut out),
        P::PubRel(x) => x.encode(&mut out),
        P::PubComp(x) => x.encode(&mut out),
        P::Subscribe(x) => x.encode(&mut out),
        P::SubAck(x) => x.encode(&mut out),
        P::Unsubscribe(x) => x.encode(&mut out),
        P::UnsubAck(x) => x.encode(&mut out),
        P::PingReq => PingReqPacket::default().encode(&mut out),
        P::PingResp => PingRespPacket::default().encode(&mut out),
        P::Disconnect(x) => x.encode(&mut out),
        P::Auth(x) => x.encode(&mut out),
    };
    Ok(match written {
        Ok(()) => Reencoded::Bytes(out.to_vec()),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

// --- MQTT-SN ------------------------------------------------------------------------------

/// mqtt-sn: `Message::try_read` (it returns how many bytes it read: fewer than the datagram
/// are trailing bytes); re-encoded by `try_write`.
fn mqtt_sn(wire: &[u8]) -> Verdict {
    let (m, used) = mqtt_sn::Message::try_read(wire, ()).map_err(text)?;
    if used != wire.len() {
        let debug = text(&m);
        let kind = debug.split(['(', ' ']).next().unwrap_or_default();
        return Err(format!("{} (read as {kind})", trailing(used, wire.len())));
    }
    let mut buf = vec![0u8; 2 * wire.len() + 64];
    Ok(match m.try_write(&mut buf, ()) {
        Ok(n) => Reencoded::Bytes(buf[..n].to_vec()),
        Err(e) => Reencoded::Failed(text(e)),
    })
}

// --- Running ------------------------------------------------------------------------------

/// One vector, with what the runner needs from its file.
struct Case {
    file: String,
    vector: Vector,
    version: Option<String>,
    wire: Vec<u8>,
}

impl Case {
    fn ctx(&self) -> Context<'_> {
        Context {
            version: self.version.as_deref(),
            sender: self.vector.sender.as_deref(),
            path: self.vector.path.as_deref(),
        }
    }
}

/// Every vector of a protocol directory, at `level` if given.
fn cases(protocol: &str, level: Option<&str>) -> Vec<Case> {
    let dir = default_vectors_dir().join(protocol);
    let files = load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for f in files {
        let file = f
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for v in f.vectors {
            let version = v.version.clone().or_else(|| f.version.clone());
            if level.is_some() && version.as_deref() != level {
                continue;
            }
            let wire = parse_hex(&v.wire).unwrap_or_else(|e| panic!("{}: {e}", v.id));
            out.push(Case {
                file: file.clone(),
                vector: v,
                version,
                wire,
            });
        }
    }
    out
}

/// What happened to one vector.
enum Got {
    Verdict(Verdict),
    Panic(String),
}

/// Run `f`, turning a panic into [`Got::Panic`] with its message.
fn guarded(f: impl FnOnce() -> Verdict) -> Got {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Got::Verdict(v),
        Err(payload) => Got::Panic(
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into()),
        ),
    }
}

/// The tallies and the itemised failures of one row.
#[derive(Default)]
struct Row {
    peer: String,
    protocol: &'static str,
    level: Option<&'static str>,
    encoder: bool,
    /// Round trips compared up to property order (see [`Adapter::unordered_properties`]).
    unordered: bool,
    m2mwire: bool,
    valid: usize,
    valid_ok: usize,
    invalid: usize,
    invalid_rejected: usize,
    acceptable: usize,
    acceptable_ok: usize,
    roundtrip_n: usize,
    roundtrip_ok: usize,
    panics: usize,
    /// Invalid vectors accepted: (file, id, the error m2mwire's strict decoder names, sender rule).
    invalid_accepted: Vec<(String, String, String, bool)>,
    /// Valid vectors rejected: (id, error text).
    valid_rejected: Vec<(String, String)>,
    /// Valid vectors accepted whose round trip is not byte-exact: (id, what differs).
    roundtrip_bad: Vec<(String, String)>,
    /// Panics: (id, result, message).
    panicked: Vec<(String, &'static str, String)>,
}

impl Row {
    /// Checks failed; for m2mwire also an `acceptable` vector its strict decoder accepts.
    fn failures(&self) -> usize {
        let strict_acceptable = if self.m2mwire { self.acceptable_ok } else { 0 };
        strict_acceptable
            + (self.valid - self.valid_ok)
            + (self.invalid - self.invalid_rejected)
            + (self.roundtrip_n - self.roundtrip_ok)
            + self.panics
    }
}

fn result_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Valid => "valid",
        Outcome::Acceptable => "acceptable",
        Outcome::Invalid => "invalid",
    }
}

/// Sort every `properties` array of a decoded MQTT packet by property identifier (stably, so
/// repeated properties keep their order).
fn sort_properties(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k == "properties"
                    && let Value::Array(a) = x
                {
                    a.sort_by_key(|p| p.get("id").and_then(Value::as_u64));
                }
                sort_properties(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(sort_properties),
        _ => {}
    }
}

/// Whether `out` is `wire` with the properties of some list in another order: same length,
/// and m2mwire decodes both strictly to the same packet once each property list is sorted by
/// identifier.
fn same_up_to_property_order(m: &dyn Protocol, case: &Case, out: &[u8]) -> bool {
    if out.len() != case.wire.len() {
        return false;
    }
    let ctx = case.ctx();
    match (
        m.decode(&case.wire, Mode::Strict, &ctx),
        m.decode(out, Mode::Strict, &ctx),
    ) {
        (Ok(mut a), Ok(mut b)) => {
            sort_properties(&mut a);
            sort_properties(&mut b);
            a == b
        }
        _ => false,
    }
}

/// How `out` differs from `wire`, briefly.
fn diff(wire: &[u8], out: &[u8]) -> String {
    let at = wire
        .iter()
        .zip(out)
        .position(|(a, b)| a != b)
        .unwrap_or(wire.len().min(out.len()));
    let show = |b: &[u8]| {
        let end = (at + 4).min(b.len());
        let mut s: String = b[at.min(end)..end]
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect();
        if s.is_empty() {
            s = "end".into();
        }
        s
    };
    format!(
        "{} bytes re-encoded as {}; first difference at byte {at}: {} vs {}",
        wire.len(),
        out.len(),
        show(wire),
        show(out)
    )
}

/// Run one subject over `cases`. `run` gives the subject's verdict on a case.
fn run_row(
    peer: String,
    protocol: &'static str,
    level: Option<&'static str>,
    encoder: bool,
    unordered_properties: bool,
    cases: &[Case],
    mut run: impl FnMut(&Case) -> Verdict,
) -> Row {
    let m = protocol_of(protocol);
    let mut row = Row {
        peer,
        protocol,
        level,
        encoder,
        unordered: unordered_properties,
        ..Row::default()
    };
    for case in cases {
        let v = &case.vector;
        let got = guarded(|| run(case));
        match v.result {
            Outcome::Valid => row.valid += 1,
            Outcome::Invalid => row.invalid += 1,
            Outcome::Acceptable => row.acceptable += 1,
        }
        let verdict = match got {
            Got::Panic(msg) => {
                row.panics += 1;
                row.panicked
                    .push((v.id.clone(), result_name(v.result), one_line(&msg)));
                continue;
            }
            Got::Verdict(verdict) => verdict,
        };
        match (v.result, verdict) {
            (Outcome::Valid, Ok(re)) => {
                row.valid_ok += 1;
                if !encoder {
                    continue;
                }
                row.roundtrip_n += 1;
                match re {
                    Reencoded::Bytes(out) if out == case.wire => row.roundtrip_ok += 1,
                    Reencoded::Bytes(out) => {
                        let reordered =
                            protocol == "mqtt" && same_up_to_property_order(&*m, case, &out);
                        if reordered && unordered_properties {
                            row.roundtrip_ok += 1;
                        } else if reordered {
                            row.roundtrip_bad.push((
                                v.id.clone(),
                                format!(
                                    "only the order of properties differs ({})",
                                    diff(&case.wire, &out)
                                ),
                            ));
                        } else {
                            row.roundtrip_bad
                                .push((v.id.clone(), diff(&case.wire, &out)));
                        }
                    }
                    Reencoded::Failed(e) => row
                        .roundtrip_bad
                        .push((v.id.clone(), format!("encoder fails: {}", one_line(&e)))),
                }
            }
            (Outcome::Valid, Err(e)) => row.valid_rejected.push((v.id.clone(), one_line(&e))),
            (Outcome::Invalid, Err(_)) => row.invalid_rejected += 1,
            (Outcome::Invalid, Ok(_)) => row.invalid_accepted.push((
                case.file.clone(),
                v.id.clone(),
                v.error.clone().unwrap_or_default(),
                v.sender.is_some(),
            )),
            (Outcome::Acceptable, Ok(_)) => row.acceptable_ok += 1,
            (Outcome::Acceptable, Err(_)) => {}
        }
    }
    row
}

fn protocol_of(name: &str) -> Box<dyn Protocol> {
    protocol(name).unwrap_or_else(|| panic!("m2mwire has no protocol {name}"))
}

/// m2mwire's own row: strict decode through the `Protocol` trait, round trip through
/// `reencode`.
fn m2mwire_row(protocol: &'static str, level: Option<&'static str>, cases: &[Case]) -> Row {
    let m = protocol_of(protocol);
    let mut row = run_row(
        "**m2mwire**".into(),
        protocol,
        level,
        true,
        false,
        cases,
        |case| {
            let ctx = case.ctx();
            m.decode(&case.wire, Mode::Strict, &ctx)
                .map_err(|r| format!("{} at {}", r.kind, r.offset))?;
            Ok(match m.reencode(&case.wire, &ctx) {
                Ok(b) => Reencoded::Bytes(b),
                Err(e) => Reencoded::Failed(e),
            })
        },
    );
    row.m2mwire = true;
    row
}

/// Cut `s` to one line of at most 100 characters.
fn one_line(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 100 {
        format!("{}…", s.chars().take(100).collect::<String>())
    } else {
        s
    }
}

fn cell(ok: usize, n: usize) -> String {
    if ok == n {
        format!("{ok}/{n}")
    } else {
        format!("**{ok}/{n}**")
    }
}

fn print_report(rows: &[Row]) {
    println!("# m2mwire conformance vectors on other Rust codecs");
    println!();
    println!(
        "Generated — do not edit by hand. Regenerate with \
         `cargo run -q -p m2mwire-benches --bin peers > conformance/PEERS.md` \
         (the binary is `benches/src/bin/peers.rs`; it exits with status 1 if m2mwire fails \
         any vector)."
    );
    println!();
    println!(
        "Every vector of `testvectors/coap`, `testvectors/mqtt` and `testvectors/mqtt-sn` goes \
         through each peer crate (the ones `benches/` measures) and through m2mwire. MQTT \
         peers that only speak 3.1.1 get the `3.1.1` vectors, the 5.0 ones the `5.0` \
         vectors. `acceptable` vectors (bytes real peers send that the spec forbids) are left \
         out of the scores and counted in the last column."
    );
    println!();
    println!("How each peer is called:");
    println!();
    for line in [
        "**m2mwire**: strict decode through `m2mwire_conformance::Protocol::decode` (with the \
         vector's level and sender); round trip through `Protocol::reencode` (borrowed view and \
         owned form must agree).",
        "**coap-lite**: `Packet::from_bytes`, then `Packet::to_bytes`.",
        "**minicoap**: `Message::parse`, then its `MessageBuilder` fed the parsed type, code, \
         Message ID, token, options (in the order its iterator yields them) and payload.",
        "**mqttrs**: `decode_slice` (`Ok(None)`, \"wants more bytes\", counts as a rejection), \
         `clone_packet` for the length of the frame it read; `encode_slice`.",
        "**mqtt-protocol** (crate `mqtt`): `VariablePacket::decode` from a `&[u8]` reader; \
         `Encodable::encode`. It reads the body through `Read::take(remaining length)`, so on a \
         slice that ends early it can build a packet from a short body; when its own \
         `FixedHeader::decode` frames more bytes than the vector has, that counts as a \
         rejection (\"incomplete\": on a socket it would still be waiting).",
        "**mqttbytes**: `v4::read` / `v5::read` from a `BytesMut` (size limit: the protocol's, \
         268,435,455); the packet's `write`.",
        "**mqtt5-protocol**: `FixedHeader::decode`, then exactly Remaining Length bytes to \
         `Packet::decode_from_body_with_version(.., 5)` (fewer bytes: \"incomplete\"); \
         `MqttPacket::encode`. It keeps properties in a `HashMap`, so its re-encoding is \
         compared up to the order of properties with different identifiers: same length, and \
         the same packet when both are decoded by m2mwire with each property list sorted.",
        "**mqtt-sn**: `Message::try_read` (it returns the bytes it read); `try_write`.",
        "Trailing bytes: every peer above reports (or lets us see) how many bytes its packet \
         took; when that is fewer than the vector's bytes and the peer accepted the packet, the \
         vector counts as rejected with \"trailing bytes\". CoAP has no such case (a message is \
         the whole datagram for both CoAP peers).",
        "Panics are caught (`catch_unwind`, panic hook silenced) and count against both \
         columns. The binary runs in the dev profile, so integer overflow panics (in release \
         it would wrap silently).",
    ] {
        println!("- {line}");
    }
    println!();
    println!(
        "| codec | protocol | level | valid accepted | invalid rejected | valid round trips \
         byte-exact | panics | acceptable accepted |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for r in rows {
        let rt = if r.unordered {
            format!("{} ¹", cell(r.roundtrip_ok, r.roundtrip_n))
        } else if r.encoder {
            cell(r.roundtrip_ok, r.roundtrip_n)
        } else {
            "no encoder".into()
        };
        let panics = if r.panics == 0 {
            "0".to_string()
        } else {
            format!("**{}**", r.panics)
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} of {} |",
            r.peer,
            r.protocol,
            r.level.unwrap_or("—"),
            cell(r.valid_ok, r.valid),
            cell(r.invalid_rejected, r.invalid),
            rt,
            panics,
            r.acceptable_ok,
            r.acceptable
        );
    }
    println!();
    println!(
        "¹ Up to the order of properties with different identifiers (mqtt5-protocol keeps \
         them in a `HashMap`, whose order changes from run to run); every other round trip is \
         compared byte for byte."
    );
    println!();
    println!(
        "Round trips count the valid vectors the codec accepted. Bold: short of the total. The \
         error names in brackets below are the ones m2mwire's strict decoder reports for the \
         vector; \"sender rule\" marks a vector that is invalid only from that sender (a codec \
         without a notion of direction cannot reject it)."
    );
    for r in rows {
        if r.failures() == 0 {
            continue;
        }
        println!();
        let level = r.level.map(|l| format!(" {l}")).unwrap_or_default();
        println!("## {} — {}{}", r.peer, r.protocol, level);
        if !r.invalid_accepted.is_empty() {
            println!();
            println!("Invalid vectors accepted ({}):", r.invalid_accepted.len());
            println!();
            let mut by_file: BTreeMap<&str, Vec<String>> = BTreeMap::new();
            for (file, id, error, sender) in &r.invalid_accepted {
                let note = if *sender {
                    format!("{error}, sender rule")
                } else {
                    error.clone()
                };
                by_file
                    .entry(file)
                    .or_default()
                    .push(format!("`{id}` ({note})"));
            }
            for (file, ids) in by_file {
                println!("- `{file}`: {}", ids.join(", "));
            }
        }
        if !r.valid_rejected.is_empty() {
            println!();
            println!("Valid vectors rejected ({}):", r.valid_rejected.len());
            println!();
            for (id, e) in &r.valid_rejected {
                println!("- `{id}`: {e}");
            }
        }
        if !r.roundtrip_bad.is_empty() {
            println!();
            println!("Round trips not byte-exact ({}):", r.roundtrip_bad.len());
            println!();
            for (id, d) in &r.roundtrip_bad {
                println!("- `{id}`: {d}");
            }
        }
        if !r.panicked.is_empty() {
            println!();
            println!("Panics ({}):", r.panicked.len());
            println!();
            for (id, result, msg) in &r.panicked {
                println!("- `{id}` ({result}): {msg}");
            }
        }
    }
}

fn main() {
    let groups: [(&'static str, Option<&'static str>); 4] = [
        ("coap", None),
        ("mqtt", Some("3.1.1")),
        ("mqtt", Some("5.0")),
        ("mqtt-sn", None),
    ];
    let peers = peers();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rows = Vec::new();
    for (protocol, level) in groups {
        let cases = cases(protocol, level);
        rows.push(m2mwire_row(protocol, level, &cases));
        for p in peers
            .iter()
            .filter(|p| p.protocol == protocol && p.level == level)
        {
            rows.push(run_row(
                p.name.into(),
                protocol,
                level,
                p.encoder,
                p.unordered_properties,
                &cases,
                |case| (p.decode)(&case.wire),
            ));
        }
    }
    std::panic::set_hook(hook);
    print_report(&rows);
    let failing: Vec<&Row> = rows
        .iter()
        .filter(|r| r.m2mwire && r.failures() > 0)
        .collect();
    if !failing.is_empty() {
        for r in failing {
            eprintln!(
                "m2mwire fails {} check(s) on {} {}",
                r.failures(),
                r.protocol,
                r.level.unwrap_or("")
            );
        }
        std::process::exit(1);
    }
}
