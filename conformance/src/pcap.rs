//! `m2mwire decode --pcap`: find and decode the protocol messages in a capture (pcap or
//! pcapng, read with pcap-parser).
//!
//! - CoAP over UDP port 5683 (5684 is DTLS: reported as skipped); an LwM2M payload in a CoAP
//!   message is decoded by its Content-Format (TLV 11542, SenML JSON/CBOR, LwM2M CBOR/JSON,
//!   link format, plain text).
//! - MQTT over TCP port 1883: each direction of a connection is reassembled and cut into
//!   packets with the MQTT framer; the protocol level comes from the connection's CONNECT.
//! - MQTT-SN over UDP on the port `--mqttsn-port` names (none by default: it has no port).
//! - WBXML in HTTP bodies (TCP 80, 8080) whose Content-Type says `wbxml`.
//! - `--port N=PROTO` maps any port to `coap`, `mqtt`, `mqtt-sn` or `http`.
//!
//! One JSON object per message: `frame`, `time`, `src`, `dst`, `transport`, `protocol`, and
//! `message` (the decoded JSON, as `m2mwire decode` prints it) or `error`.

use crate::{Context, Mode, Rejection, protocol};
use pcap_parser::data::{PacketData, get_packetdata};
use pcap_parser::pcapng::Block;
use pcap_parser::{Linktype, PcapBlockOwned, PcapError, create_reader};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::IpAddr;

/// What a port carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortProtocol {
    /// CoAP over UDP.
    Coap,
    /// CoAP over DTLS: not decoded.
    CoapDtls,
    /// MQTT over TCP.
    Mqtt,
    /// MQTT-SN over UDP.
    MqttSn,
    /// HTTP (WBXML bodies).
    Http,
}

impl PortProtocol {
    /// The protocol named on the command line.
    pub fn from_name(s: &str) -> Option<PortProtocol> {
        Some(match s {
            "coap" => PortProtocol::Coap,
            "mqtt" => PortProtocol::Mqtt,
            "mqtt-sn" => PortProtocol::MqttSn,
            "http" | "wbxml" => PortProtocol::Http,
            _ => return None,
        })
    }
}

/// Port assignments for [`decode_capture`].
#[derive(Clone, Debug)]
pub struct PortMap {
    map: HashMap<(bool, u16), PortProtocol>,
}

impl Default for PortMap {
    fn default() -> Self {
        let mut map = HashMap::new();
        map.insert((false, 5683), PortProtocol::Coap);
        map.insert((false, 5684), PortProtocol::CoapDtls);
        map.insert((true, 1883), PortProtocol::Mqtt);
        map.insert((true, 80), PortProtocol::Http);
        map.insert((true, 8080), PortProtocol::Http);
        PortMap { map }
    }
}

impl PortMap {
    /// Also read UDP port `port` as MQTT-SN.
    pub fn mqttsn_port(&mut self, port: u16) {
        self.map.insert((false, port), PortProtocol::MqttSn);
    }

    /// Read `port` (UDP for CoAP and MQTT-SN, TCP for MQTT and HTTP) as `p`.
    pub fn set(&mut self, port: u16, p: PortProtocol) {
        let tcp = matches!(p, PortProtocol::Mqtt | PortProtocol::Http);
        self.map.insert((tcp, port), p);
    }

    fn get(&self, tcp: bool, sport: u16, dport: u16) -> Option<PortProtocol> {
        self.map
            .get(&(tcp, dport))
            .or_else(|| self.map.get(&(tcp, sport)))
            .copied()
    }
}

struct Packet<'a> {
    src: IpAddr,
    dst: IpAddr,
    tcp: bool,
    sport: u16,
    dport: u16,
    seq: u32,
    payload: &'a [u8],
}

fn ip_layer(ethertype: u16, d: &[u8]) -> Option<Packet<'_>> {
    let (src, dst, proto, rest): (IpAddr, IpAddr, u8, &[u8]) = match ethertype {
        0x0800 => {
            let ihl = usize::from(*d.first()? & 0x0f) * 4;
            let total = usize::from(u16::from_be_bytes([*d.get(2)?, *d.get(3)?]));
            let src: [u8; 4] = d.get(12..16)?.try_into().ok()?;
            let dst: [u8; 4] = d.get(16..20)?.try_into().ok()?;
            (
                src.into(),
                dst.into(),
                *d.get(9)?,
                d.get(ihl..total.min(d.len()))?,
            )
        }
        0x86dd => {
            let len = usize::from(u16::from_be_bytes([*d.get(4)?, *d.get(5)?]));
            let src: [u8; 16] = d.get(8..24)?.try_into().ok()?;
            let dst: [u8; 16] = d.get(24..40)?.try_into().ok()?;
            (
                src.into(),
                dst.into(),
                *d.get(6)?,
                d.get(40..(40 + len).min(d.len()))?,
            )
        }
        _ => return None,
    };
    let port = |i: usize| Some(u16::from_be_bytes([*rest.get(i)?, *rest.get(i + 1)?]));
    match proto {
        17 => Some(Packet {
            src,
            dst,
            tcp: false,
            sport: port(0)?,
            dport: port(2)?,
            seq: 0,
            payload: rest.get(8..)?,
        }),
        6 => {
            let off = usize::from(*rest.get(12)? >> 4) * 4;
            Some(Packet {
                src,
                dst,
                tcp: true,
                sport: port(0)?,
                dport: port(2)?,
                seq: u32::from_be_bytes(rest.get(4..8)?.try_into().ok()?),
                payload: rest.get(off..)?,
            })
        }
        _ => None,
    }
}

fn packet(data: PacketData<'_>) -> Option<Packet<'_>> {
    match data {
        PacketData::L2(eth) => {
            let mut et = u16::from_be_bytes([*eth.get(12)?, *eth.get(13)?]);
            let mut off = 14;
            while et == 0x8100 || et == 0x88a8 {
                et = u16::from_be_bytes([*eth.get(off + 2)?, *eth.get(off + 3)?]);
                off += 4;
            }
            ip_layer(et, eth.get(off..)?)
        }
        PacketData::L3(et, d) => ip_layer(et, d),
        _ => None,
    }
}

/// One direction of a TCP connection being reassembled.
#[derive(Default)]
struct Stream {
    next_seq: Option<u32>,
    buf: Vec<u8>,
}

type FlowKey = (IpAddr, u16, IpAddr, u16);

fn endpoint(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(a) => format!("{a}:{port}"),
        IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

/// Decode every message in a capture (`bytes`: a pcap or pcapng file).
pub fn decode_capture(bytes: &[u8], ports: &PortMap) -> Result<Vec<Value>, String> {
    let mut reader =
        create_reader(1 << 16, bytes).map_err(|e| format!("not a pcap or pcapng file: {e:?}"))?;
    let mut out = Vec::new();
    let mut legacy_link = Linktype::ETHERNET;
    let mut interfaces: Vec<(Linktype, u8)> = Vec::new();
    let mut streams: HashMap<FlowKey, Stream> = HashMap::new();
    // MQTT protocol level per connection (both directions), from its CONNECT.
    let mut levels: HashMap<(IpAddr, u16, IpAddr, u16), m2mwire_mqtt::ProtocolVersion> =
        HashMap::new();
    let mut requests = Requests::new();
    let mut frame = 0usize;
    loop {
        match reader.next() {
            Ok((offset, block)) => {
                let data: Option<(Linktype, &[u8], f64)> = match &block {
                    PcapBlockOwned::LegacyHeader(h) => {
                        legacy_link = h.network;
                        None
                    }
                    PcapBlockOwned::Legacy(b) => Some((
                        legacy_link,
                        b.data,
                        f64::from(b.ts_sec) + f64::from(b.ts_usec) / 1e6,
                    )),
                    PcapBlockOwned::NG(Block::SectionHeader(_)) => {
                        interfaces.clear();
                        None
                    }
                    PcapBlockOwned::NG(Block::InterfaceDescription(i)) => {
                        interfaces.push((i.linktype, i.if_tsresol));
                        None
                    }
                    PcapBlockOwned::NG(Block::EnhancedPacket(p)) => {
                        let (link, res) = interfaces
                            .get(p.if_id as usize)
                            .copied()
                            .unwrap_or((Linktype::ETHERNET, 6));
                        let ticks = (u64::from(p.ts_high) << 32) | u64::from(p.ts_low);
                        let per_sec = if res & 0x80 == 0 {
                            10f64.powi(i32::from(res))
                        } else {
                            2f64.powi(i32::from(res & 0x7f))
                        };
                        Some((
                            link,
                            &p.data[..(p.caplen as usize).min(p.data.len())],
                            ticks as f64 / per_sec,
                        ))
                    }
                    PcapBlockOwned::NG(Block::SimplePacket(p)) => Some((
                        interfaces.first().map_or(Linktype::ETHERNET, |i| i.0),
                        p.data,
                        0.0,
                    )),
                    _ => None,
                };
                if let Some((link, data, time)) = data {
                    frame += 1;
                    if let Some(p) = get_packetdata(data, link, data.len()).and_then(packet) {
                        handle(
                            &p,
                            frame,
                            time,
                            ports,
                            &mut streams,
                            &mut levels,
                            &mut requests,
                            &mut out,
                        );
                    }
                }
                reader.consume(offset);
            }
            Err(PcapError::Eof) => break,
            Err(PcapError::Incomplete(_)) => {
                reader
                    .refill()
                    .map_err(|e| format!("reading the capture: {e:?}"))?;
            }
            Err(e) => return Err(format!("malformed capture after frame {frame}: {e:?}")),
        }
    }
    Ok(out)
}

fn record(
    frame: usize,
    time: f64,
    p: &Packet<'_>,
    proto: &str,
    result: Result<Value, Rejection>,
) -> Value {
    let mut o = json!({
        "frame": frame,
        "time": format!("{time:.6}"),
        "src": endpoint(p.src, p.sport),
        "dst": endpoint(p.dst, p.dport),
        "transport": if p.tcp { "tcp" } else { "udp" },
        "protocol": proto,
    });
    match result {
        Ok(m) => o["message"] = m,
        Err(r) => o["error"] = json!(r),
    }
    o
}

/// The LwM2M protocol (as `m2mwire decode` names it) of a CoAP Content-Format.
fn lwm2m_format(cf: u64) -> Option<&'static str> {
    Some(match cf {
        0 => "lwm2m-text",
        40 => "link-format",
        110 => "senml-json",
        112 => "senml-cbor",
        11542 | 1542 => "lwm2m-tlv",
        11543 => "lwm2m-json",
        11544 => "lwm2m-cbor",
        _ => return None,
    })
}

/// Request paths by (client endpoint, token), so a response's payload is read against the
/// path of its request.
type Requests = HashMap<(IpAddr, u16, String), String>;

fn coap(frame: usize, time: f64, p: &Packet<'_>, requests: &mut Requests, out: &mut Vec<Value>) {
    let Some(c) = protocol("coap") else { return };
    let result = c.decode(p.payload, Mode::Strict, &Context::default());
    let mut rec = record(frame, time, p, "coap", result);
    // The payload, by its Content-Format, with the request path from Uri-Path.
    let msg = &rec["message"];
    let opts = msg["options"].as_array().cloned().unwrap_or_default();
    let cf = opts
        .iter()
        .find(|o| o["number"] == 12)
        .and_then(|o| o["value"].as_u64());
    let path: Vec<String> = opts
        .iter()
        .filter(|o| o["number"] == 11)
        .filter_map(|o| o["value"].as_str().map(str::to_string))
        .collect();
    let payload = msg["payload"].as_str().and_then(|h| hex::decode(h).ok());
    let token = msg["token"].as_str().unwrap_or_default().to_string();
    let is_request = msg["code"]
        .as_str()
        .is_some_and(|c| c.starts_with("0.") && c != "0.00");
    let path = if is_request {
        let path = (!path.is_empty()).then(|| format!("/{}", path.join("/")));
        if let Some(pa) = &path {
            requests.insert((p.src, p.sport, token), pa.clone());
        }
        path
    } else {
        requests.get(&(p.dst, p.dport, token)).cloned()
    };
    if let (Some(name), Some(body)) = (cf.and_then(lwm2m_format), payload.filter(|b| !b.is_empty()))
    {
        let needs_path = name == "lwm2m-text";
        if let Some(lp) = protocol(name).filter(|_| !needs_path || path.is_some()) {
            let ctx = Context {
                path: path.as_deref().filter(|_| name != "link-format"),
                ..Context::default()
            };
            let r = lp.decode(&body, Mode::Strict, &ctx).or_else(|e| {
                // A response carries no Uri-Path: read the payload without one.
                if ctx.path.is_some() && name == "lwm2m-tlv" {
                    lp.decode(&body, Mode::Strict, &Context::default())
                } else {
                    Err(e)
                }
            });
            rec["payload"] = match r {
                Ok(v) => json!({ "format": name, "decoded": v }),
                Err(e) => json!({ "format": name, "error": e }),
            };
        }
    }
    out.push(rec);
}

#[allow(clippy::too_many_arguments)]
fn handle(
    p: &Packet<'_>,
    frame: usize,
    time: f64,
    ports: &PortMap,
    streams: &mut HashMap<FlowKey, Stream>,
    levels: &mut HashMap<FlowKey, m2mwire_mqtt::ProtocolVersion>,
    requests: &mut Requests,
    out: &mut Vec<Value>,
) {
    let Some(kind) = ports.get(p.tcp, p.sport, p.dport) else {
        return;
    };
    match kind {
        PortProtocol::Coap if !p.payload.is_empty() => coap(frame, time, p, requests, out),
        PortProtocol::CoapDtls if !p.payload.is_empty() => out.push(json!({
            "frame": frame, "src": endpoint(p.src, p.sport), "dst": endpoint(p.dst, p.dport),
            "protocol": "coaps", "skipped": "DTLS-encrypted",
        })),
        PortProtocol::MqttSn if !p.payload.is_empty() => {
            if let Some(sn) = protocol("mqtt-sn") {
                let r = sn.decode(p.payload, Mode::Strict, &Context::default());
                out.push(record(frame, time, p, "mqtt-sn", r));
            }
        }
        PortProtocol::Mqtt | PortProtocol::Http if p.tcp && !p.payload.is_empty() => {
            let key = (p.src, p.sport, p.dst, p.dport);
            let s = streams.entry(key).or_default();
            // In-order data only: a retransmission or a segment after a gap is dropped.
            match s.next_seq {
                Some(n) if n != p.seq => return,
                _ => {}
            }
            s.next_seq = Some(p.seq.wrapping_add(p.payload.len() as u32));
            s.buf.extend_from_slice(p.payload);
            if kind == PortProtocol::Mqtt {
                mqtt(frame, time, p, key, streams, levels, out);
            } else {
                http(frame, time, p, key, streams, out);
            }
        }
        _ => {}
    }
}

fn mqtt(
    frame: usize,
    time: f64,
    p: &Packet<'_>,
    key: FlowKey,
    streams: &mut HashMap<FlowKey, Stream>,
    levels: &mut HashMap<FlowKey, m2mwire_mqtt::ProtocolVersion>,
    out: &mut Vec<Value>,
) {
    use m2mwire_mqtt::{DecodeOptions, Decoded, Packet as MqttPacket, ProtocolVersion};
    let conn = if (p.src, p.sport) <= (p.dst, p.dport) {
        key
    } else {
        (p.dst, p.dport, p.src, p.sport)
    };
    let Some(s) = streams.get_mut(&key) else {
        return;
    };
    loop {
        let level = levels.get(&conn).copied().unwrap_or(ProtocolVersion::V311);
        match MqttPacket::decode_stream(&s.buf, level, &DecodeOptions::strict()) {
            Ok(Decoded::Packet(pkt, used)) => {
                let level = match &pkt {
                    MqttPacket::Connect(c) => {
                        levels.insert(conn, c.protocol);
                        c.protocol
                    }
                    _ => level,
                };
                let json = crate::mqtt_json::packet_to_json(&pkt, level);
                out.push(record(frame, time, p, "mqtt", Ok(json)));
                s.buf.drain(..used);
            }
            Ok(Decoded::Incomplete { .. }) => break,
            Err(e) => {
                out.push(record(frame, time, p, "mqtt", Err(e.into())));
                // The stream cannot be resynchronised after a malformed packet.
                s.buf.clear();
                s.next_seq = None;
                break;
            }
        }
    }
}

fn http(
    frame: usize,
    time: f64,
    p: &Packet<'_>,
    key: FlowKey,
    streams: &mut HashMap<FlowKey, Stream>,
    out: &mut Vec<Value>,
) {
    let Some(s) = streams.get_mut(&key) else {
        return;
    };
    while let Some(end) = s.buf.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&s.buf[..end]).to_lowercase();
        let header = |name: &str| {
            head.lines()
                .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
        };
        let len: usize = header("content-length:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let body_at = end + 4;
        if s.buf.len() < body_at + len {
            break;
        }
        let body = s.buf[body_at..body_at + len].to_vec();
        if header("content-type:").is_some_and(|t| t.contains("wbxml")) && !body.is_empty() {
            if let Some(w) = protocol("wbxml") {
                let r = w.decode(&body, Mode::Strict, &Context::default());
                out.push(record(frame, time, p, "wbxml", r));
            }
        }
        s.buf.drain(..body_at + len);
    }
}
