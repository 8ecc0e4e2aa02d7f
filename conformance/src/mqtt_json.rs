//! MQTT packets as JSON: the `m2mwire decode mqtt` / `encode mqtt` contract (README, "CLI").
//!
//! Field names are the spec's, in snake_case. Binary fields (payloads, passwords, Binary Data
//! properties) are hex strings.

use crate::{Mode, Protocol, Rejection};
use m2mwire_mqtt::{
    Ack, Connack, Connect, DecodeOptions, Disconnect, MqttErrorKind, Packet, Properties, Property,
    PropertyId, PropertyType, PropertyValue, ProtocolVersion, Publish, QoS, ReasonCode, Relax,
    RetainHandling, Sender, Suback, Subscribe, Subscription, SubscriptionOptions, Subscriptions,
    TopicFilters, Unsuback, Unsubscribe, Will, connack_v311_name,
};
use serde_json::{Map, Value, json};

/// MQTT 3.1.1 and 5.0 as a [`Protocol`]; the version comes from the vector file or
/// `--mqtt-version` (default 3.1.1).
#[derive(Clone, Copy, Debug, Default)]
pub struct Mqtt;

/// Parse `3.1.1`, `4`, `5`, `5.0` (default 3.1.1).
pub fn parse_version(v: Option<&str>) -> Result<ProtocolVersion, String> {
    match v.unwrap_or("3.1.1") {
        "3.1.1" | "4" | "311" => Ok(ProtocolVersion::V311),
        "5" | "5.0" => Ok(ProtocolVersion::V5),
        "3.1" | "3" => Ok(ProtocolVersion::V31),
        other => Err(format!("unknown MQTT version {other} (3.1.1 or 5.0)")),
    }
}

fn props_json(p: &Properties<'_>) -> Value {
    Value::Array(
        p.iter()
            .map(|prop| {
                let value = match prop.value {
                    PropertyValue::Byte(v) => json!(v),
                    PropertyValue::TwoByte(v) => json!(v),
                    PropertyValue::FourByte(v) | PropertyValue::VarInt(v) => json!(v),
                    PropertyValue::Utf8(s) => json!(s),
                    PropertyValue::Binary(b) => json!(hex::encode(b)),
                    PropertyValue::Pair(k, v) => json!([k, v]),
                };
                json!({ "id": prop.id.0, "name": prop.id.name(), "value": value })
            })
            .collect(),
    )
}

fn opt_props_json(p: &Option<Properties<'_>>) -> Value {
    p.as_ref().map_or(Value::Null, props_json)
}

fn reason_json(code: Option<ReasonCode>) -> (Value, Value) {
    match code {
        Some(c) => (json!(c.0), json!(c.name())),
        None => (Value::Null, Value::Null),
    }
}

/// The JSON form of a decoded packet.
pub(crate) fn packet_to_json(p: &Packet<'_>, version: ProtocolVersion) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!(p.packet_type().name()));
    let v = match p {
        Packet::Connect(c) => c.protocol,
        _ => version,
    };
    o.insert("protocol_version".into(), json!(v.as_str()));
    match p {
        Packet::Connect(c) => {
            o.insert("clean_start".into(), json!(c.clean_start));
            o.insert("keep_alive".into(), json!(c.keep_alive));
            o.insert("properties".into(), props_json(&c.properties));
            o.insert("client_id".into(), json!(c.client_id));
            let will = c.will.map_or(Value::Null, |w| {
                json!({
                    "qos": w.qos.bits(),
                    "retain": w.retain,
                    "properties": props_json(&w.properties),
                    "topic": w.topic,
                    "payload": hex::encode(w.payload),
                })
            });
            o.insert("will".into(), will);
            o.insert("username".into(), json!(c.username));
            o.insert("password".into(), json!(c.password.map(hex::encode)));
        }
        Packet::Connack(c) => {
            o.insert("session_present".into(), json!(c.session_present));
            o.insert("reason_code".into(), json!(c.reason_code.0));
            let name = if v.is_v5() {
                c.reason_code.name()
            } else {
                connack_v311_name(c.reason_code.0)
            };
            o.insert("reason_name".into(), json!(name));
            o.insert("properties".into(), props_json(&c.properties));
        }
        Packet::Publish(x) => {
            o.insert("dup".into(), json!(x.dup));
            o.insert("qos".into(), json!(x.qos.bits()));
            o.insert("retain".into(), json!(x.retain));
            o.insert("topic".into(), json!(x.topic));
            o.insert("packet_id".into(), json!(x.packet_id));
            o.insert("properties".into(), props_json(&x.properties));
            o.insert("payload".into(), json!(hex::encode(x.payload)));
        }
        Packet::Puback(a) | Packet::Pubrec(a) | Packet::Pubrel(a) | Packet::Pubcomp(a) => {
            o.insert("packet_id".into(), json!(a.packet_id));
            let (code, name) = reason_json(a.reason_code);
            o.insert("reason_code".into(), code);
            o.insert("reason_name".into(), name);
            o.insert("properties".into(), opt_props_json(&a.properties));
        }
        Packet::Subscribe(s) => {
            o.insert("packet_id".into(), json!(s.packet_id));
            o.insert("properties".into(), props_json(&s.properties));
            let subs: Vec<Value> = s
                .subscriptions
                .iter()
                .map(|s| {
                    json!({
                        "filter": s.filter,
                        "qos": s.options.qos.bits(),
                        "no_local": s.options.no_local,
                        "retain_as_published": s.options.retain_as_published,
                        "retain_handling": s.options.retain_handling as u8,
                    })
                })
                .collect();
            o.insert("subscriptions".into(), json!(subs));
        }
        Packet::Suback(s) => {
            o.insert("packet_id".into(), json!(s.packet_id));
            o.insert("properties".into(), props_json(&s.properties));
            o.insert("reason_codes".into(), json!(s.reason_codes));
        }
        Packet::Unsubscribe(u) => {
            o.insert("packet_id".into(), json!(u.packet_id));
            o.insert("properties".into(), props_json(&u.properties));
            o.insert(
                "filters".into(),
                json!(u.filters.iter().collect::<Vec<_>>()),
            );
        }
        Packet::Unsuback(u) => {
            o.insert("packet_id".into(), json!(u.packet_id));
            o.insert("properties".into(), props_json(&u.properties));
            o.insert("reason_codes".into(), json!(u.reason_codes));
        }
        Packet::Pingreq | Packet::Pingresp => {}
        Packet::Disconnect(d) | Packet::Auth(d) => {
            let (code, name) = reason_json(d.reason_code);
            o.insert("reason_code".into(), code);
            o.insert("reason_name".into(), name);
            o.insert("properties".into(), opt_props_json(&d.properties));
        }
    }
    Value::Object(o)
}

// ---- JSON to packet: an owned mirror first, then borrowed views of it. ----

enum OwnedValue {
    Num(u32),
    Str(String),
    Bin(Vec<u8>),
    Pair(String, String),
}

struct OwnedProp {
    id: PropertyId,
    value: OwnedValue,
}

fn field<'v>(o: &'v Map<String, Value>, k: &str) -> Option<&'v Value> {
    o.get(k).filter(|v| !v.is_null())
}

fn num(o: &Map<String, Value>, k: &str) -> Result<u64, String> {
    field(o, k)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("{k}: expected a number"))
}

fn boolean(o: &Map<String, Value>, k: &str) -> Result<bool, String> {
    Ok(field(o, k).and_then(Value::as_bool).unwrap_or(false))
}

fn string<'v>(o: &'v Map<String, Value>, k: &str) -> Result<&'v str, String> {
    field(o, k)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{k}: expected a string"))
}

fn hexbytes(o: &Map<String, Value>, k: &str) -> Result<Vec<u8>, String> {
    match field(o, k) {
        None => Ok(Vec::new()),
        Some(v) => crate::parse_hex(v.as_str().ok_or_else(|| format!("{k}: expected hex"))?)
            .map_err(|e| format!("{k}: {e}")),
    }
}

fn u16_of(o: &Map<String, Value>, k: &str) -> Result<u16, String> {
    u16::try_from(num(o, k)?).map_err(|_| format!("{k}: out of range"))
}

fn qos_of(v: u64) -> Result<QoS, String> {
    u8::try_from(v)
        .ok()
        .and_then(QoS::from_bits)
        .ok_or_else(|| "qos: expected 0, 1 or 2".to_string())
}

fn owned_props(v: Option<&Value>) -> Result<Option<Vec<OwnedProp>>, String> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let arr = v.as_array().ok_or("properties: expected an array")?;
    arr.iter()
        .map(|p| {
            let p = p.as_object().ok_or("property: expected an object")?;
            let id = match (field(p, "id"), field(p, "name").and_then(Value::as_str)) {
                (Some(id), _) => PropertyId(
                    id.as_u64()
                        .and_then(|v| u32::try_from(v).ok())
                        .ok_or("property id: expected a number")?,
                ),
                (None, Some(n)) => {
                    PropertyId::from_name(n).ok_or_else(|| format!("unknown property {n}"))?
                }
                _ => return Err("property: needs id or name".to_string()),
            };
            let def = id
                .definition()
                .ok_or_else(|| format!("unknown property id {}", id.0))?;
            let raw = field(p, "value").ok_or("property: needs a value")?;
            let value = match def.ty {
                PropertyType::Byte
                | PropertyType::TwoByte
                | PropertyType::FourByte
                | PropertyType::VarInt => OwnedValue::Num(
                    raw.as_u64()
                        .and_then(|v| u32::try_from(v).ok())
                        .ok_or("property value: expected a number")?,
                ),
                PropertyType::Utf8 => OwnedValue::Str(
                    raw.as_str()
                        .ok_or("property value: expected a string")?
                        .into(),
                ),
                PropertyType::Binary => OwnedValue::Bin(crate::parse_hex(
                    raw.as_str().ok_or("property value: expected hex")?,
                )?),
                PropertyType::Pair => {
                    let pair = raw.as_array().filter(|a| a.len() == 2);
                    let (k, v) = pair
                        .and_then(|a| Some((a.first()?.as_str()?, a.get(1)?.as_str()?)))
                        .ok_or("user property value: expected [name, value]")?;
                    OwnedValue::Pair(k.into(), v.into())
                }
            };
            Ok(OwnedProp { id, value })
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Some)
}

fn borrow_props(p: &[OwnedProp]) -> Result<Vec<Property<'_>>, String> {
    p.iter()
        .map(|p| {
            let ty = p.id.definition().map(|d| d.ty);
            let value = match (&p.value, ty) {
                (OwnedValue::Num(n), Some(PropertyType::Byte)) => {
                    PropertyValue::Byte(u8::try_from(*n).map_err(|_| "byte property > 255")?)
                }
                (OwnedValue::Num(n), Some(PropertyType::TwoByte)) => PropertyValue::TwoByte(
                    u16::try_from(*n).map_err(|_| "two-byte property > 65535")?,
                ),
                (OwnedValue::Num(n), Some(PropertyType::FourByte)) => PropertyValue::FourByte(*n),
                (OwnedValue::Num(n), _) => PropertyValue::VarInt(*n),
                (OwnedValue::Str(s), _) => PropertyValue::Utf8(s),
                (OwnedValue::Bin(b), _) => PropertyValue::Binary(b),
                (OwnedValue::Pair(k, v), _) => PropertyValue::Pair(k, v),
            };
            Ok(Property::new(p.id, value))
        })
        .collect()
}

/// Encode the JSON form of a packet.
pub(crate) fn encode_json(
    json: &Value,
    default_version: ProtocolVersion,
) -> Result<Vec<u8>, String> {
    let o = json.as_object().ok_or("expected a JSON object")?;
    let version = match field(o, "protocol_version").and_then(Value::as_str) {
        Some(v) => parse_version(Some(v))?,
        None => default_version,
    };
    let ty = string(o, "type")?;
    // Owned storage that the borrowed packet points into.
    let props_owned = owned_props(o.get("properties"))?;
    let props_vec = props_owned.as_deref().map(borrow_props).transpose()?;
    let props_sl = props_vec.as_deref();
    let props = props_sl.as_ref().map(Properties::List);
    let all_props = props.unwrap_or(Properties::EMPTY);
    let payload = hexbytes(o, "payload")?;
    let password = field(o, "password")
        .map(|_| hexbytes(o, "password"))
        .transpose()?;
    let will_obj = field(o, "will").and_then(Value::as_object);
    let will_props_owned = will_obj
        .map(|w| owned_props(w.get("properties")))
        .transpose()?
        .flatten();
    let will_props_vec = will_props_owned.as_deref().map(borrow_props).transpose()?;
    let will_props_sl = will_props_vec.as_deref();
    let will_payload = will_obj.map(|w| hexbytes(w, "payload")).transpose()?;
    let subs_vec: Vec<Subscription<'_>> = match field(o, "subscriptions") {
        Some(v) => v
            .as_array()
            .ok_or("subscriptions: expected an array")?
            .iter()
            .map(|s| {
                let s = s.as_object().ok_or("subscription: expected an object")?;
                let rh = match num(s, "retain_handling").unwrap_or(0) {
                    0 => RetainHandling::SendOnSubscribe,
                    1 => RetainHandling::SendIfNew,
                    2 => RetainHandling::DoNotSend,
                    _ => return Err("retain_handling: expected 0, 1 or 2".to_string()),
                };
                Ok(Subscription {
                    filter: string(s, "filter")?,
                    options: SubscriptionOptions {
                        qos: qos_of(num(s, "qos").unwrap_or(0))?,
                        no_local: boolean(s, "no_local")?,
                        retain_as_published: boolean(s, "retain_as_published")?,
                        retain_handling: rh,
                    },
                })
            })
            .collect::<Result<_, String>>()?,
        None => Vec::new(),
    };
    let filters_vec: Vec<&str> = match field(o, "filters") {
        Some(v) => v
            .as_array()
            .ok_or("filters: expected an array")?
            .iter()
            .map(|f| f.as_str().ok_or("filter: expected a string"))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let codes: Vec<u8> = match field(o, "reason_codes") {
        Some(v) => v
            .as_array()
            .ok_or("reason_codes: expected an array")?
            .iter()
            .map(|c| {
                c.as_u64()
                    .and_then(|c| u8::try_from(c).ok())
                    .ok_or("reason code: expected 0-255")
            })
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let reason = field(o, "reason_code")
        .map(|c| {
            c.as_u64()
                .and_then(|c| u8::try_from(c).ok())
                .ok_or("reason_code: expected 0-255")
        })
        .transpose()?
        .map(ReasonCode);
    let packet = match ty {
        "CONNECT" => {
            let will = match will_obj {
                Some(w) => Some(Will {
                    qos: qos_of(num(w, "qos").unwrap_or(0))?,
                    retain: boolean(w, "retain")?,
                    properties: will_props_sl
                        .as_ref()
                        .map_or(Properties::EMPTY, Properties::List),
                    topic: string(w, "topic")?,
                    payload: will_payload.as_deref().unwrap_or_default(),
                }),
                None => None,
            };
            Packet::Connect(Connect {
                protocol: version,
                clean_start: boolean(o, "clean_start")?,
                keep_alive: u16_of(o, "keep_alive")?,
                properties: all_props,
                client_id: string(o, "client_id")?,
                will,
                username: field(o, "username").and_then(Value::as_str),
                password: password.as_deref(),
            })
        }
        "CONNACK" => Packet::Connack(Connack {
            session_present: boolean(o, "session_present")?,
            reason_code: reason.unwrap_or(ReasonCode::SUCCESS),
            properties: all_props,
        }),
        "PUBLISH" => Packet::Publish(Publish {
            dup: boolean(o, "dup")?,
            qos: qos_of(num(o, "qos").unwrap_or(0))?,
            retain: boolean(o, "retain")?,
            topic: string(o, "topic")?,
            packet_id: field(o, "packet_id")
                .map(|_| u16_of(o, "packet_id"))
                .transpose()?,
            properties: all_props,
            payload: &payload,
        }),
        "PUBACK" | "PUBREC" | "PUBREL" | "PUBCOMP" => {
            let a = Ack {
                packet_id: u16_of(o, "packet_id")?,
                reason_code: reason,
                properties: props,
            };
            match ty {
                "PUBACK" => Packet::Puback(a),
                "PUBREC" => Packet::Pubrec(a),
                "PUBREL" => Packet::Pubrel(a),
                _ => Packet::Pubcomp(a),
            }
        }
        "SUBSCRIBE" => Packet::Subscribe(Subscribe {
            packet_id: u16_of(o, "packet_id")?,
            properties: all_props,
            subscriptions: Subscriptions::List(&subs_vec),
        }),
        "SUBACK" => Packet::Suback(Suback {
            packet_id: u16_of(o, "packet_id")?,
            properties: all_props,
            reason_codes: &codes,
        }),
        "UNSUBSCRIBE" => Packet::Unsubscribe(Unsubscribe {
            packet_id: u16_of(o, "packet_id")?,
            properties: all_props,
            filters: TopicFilters::List(&filters_vec),
        }),
        "UNSUBACK" => Packet::Unsuback(Unsuback {
            packet_id: u16_of(o, "packet_id")?,
            properties: all_props,
            reason_codes: &codes,
        }),
        "PINGREQ" => Packet::Pingreq,
        "PINGRESP" => Packet::Pingresp,
        "DISCONNECT" | "AUTH" => {
            let d = Disconnect {
                reason_code: reason,
                properties: props,
            };
            if ty == "AUTH" {
                Packet::Auth(d)
            } else {
                Packet::Disconnect(d)
            }
        }
        other => return Err(format!("type: unknown packet type {other}")),
    };
    let mut out = Vec::with_capacity(packet.encoded_len(version));
    packet
        .encode(version, &mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

impl Protocol for Mqtt {
    fn name(&self) -> &'static str {
        "mqtt"
    }

    fn decode(
        &self,
        wire: &[u8],
        mode: Mode<'_>,
        ctx: &crate::Context<'_>,
    ) -> Result<Value, Rejection> {
        let v = parse_version(ctx.version).map_err(Rejection::usage)?;
        let opts: DecodeOptions = crate::decode_options(mode).map_err(Rejection::usage)?;
        let sender = match ctx.sender {
            None => None,
            Some("client") => Some(Sender::Client),
            Some("server") => Some(Sender::Server),
            Some(other) => {
                return Err(Rejection::usage(format!(
                    "sender: {other} (client or server)"
                )));
            }
        };
        let p = Packet::decode(wire, v, &opts)?;
        if let Some(s) = sender {
            p.check_sender(s, v)?;
        }
        Ok(packet_to_json(&p, v))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        encode_json(json, ProtocolVersion::V311)
    }

    fn reencode(&self, wire: &[u8], ctx: &crate::Context<'_>) -> Result<Vec<u8>, String> {
        let v = parse_version(ctx.version)?;
        let p = Packet::decode(wire, v, &DecodeOptions::strict()).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        p.encode(v, &mut out).map_err(|e| e.to_string())?;
        if out.len() != p.encoded_len(v) {
            return Err("encoded_len disagrees with the bytes written".into());
        }
        Ok(out)
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        crate::kind_names::<MqttErrorKind>()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        crate::flag_names::<Relax>()
    }

    fn statements(&self) -> Vec<(&'static str, &'static [&'static str])> {
        vec![
            ("MQTT 3.1.1", crate::mqtt_statements::V311),
            ("MQTT 5.0", crate::mqtt_statements::V5),
        ]
    }
}
