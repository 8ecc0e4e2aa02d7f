//! MQTT-SN messages as JSON: the `m2mwire decode mqtt-sn` / `encode mqtt-sn` contract.

use crate::{Context, Mode, Protocol, Rejection};
use m2mwire_core::Encode;
use m2mwire_mqttsn::{
    DecodeOptions, Flags, Message, MqttSnErrorKind, MsgType, Packet, QosSn, Relax, ReturnCode,
    Topic, TopicIdType,
};
use serde_json::{Map, Value, json};

/// MQTT-SN 1.2 as a [`Protocol`].
#[derive(Clone, Copy, Debug, Default)]
pub struct MqttSn;

fn flags_json(f: Flags) -> Value {
    json!({
        "dup": f.dup(),
        "qos": f.qos().as_i8(),
        "retain": f.retain(),
        "will": f.will(),
        "clean_session": f.clean_session(),
        "topic_id_type": f.topic_id_type().as_str(),
        "raw": format!("{:02x}", f.0),
    })
}

fn rc(o: &mut Map<String, Value>, code: ReturnCode) {
    o.insert("return_code".into(), json!(code.0));
    o.insert("return_code_name".into(), json!(code.name()));
}

/// The JSON form of a decoded packet.
pub(crate) fn packet_to_json(p: &Packet<'_>) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!(p.msg_type().name()));
    o.insert("long_length".into(), json!(p.long_length));
    match p.message {
        Message::Advertise { gw_id, duration } => {
            o.insert("gw_id".into(), json!(gw_id));
            o.insert("duration".into(), json!(duration));
        }
        Message::SearchGw { radius } => {
            o.insert("radius".into(), json!(radius));
        }
        Message::GwInfo { gw_id, gw_add } => {
            o.insert("gw_id".into(), json!(gw_id));
            o.insert("gw_add".into(), json!(hex::encode(gw_add)));
        }
        Message::Connect {
            flags,
            protocol_id,
            duration,
            client_id,
        } => {
            o.insert("flags".into(), flags_json(flags));
            o.insert("protocol_id".into(), json!(protocol_id));
            o.insert("duration".into(), json!(duration));
            o.insert("client_id".into(), json!(client_id));
        }
        Message::Connack { return_code }
        | Message::WillTopicResp { return_code }
        | Message::WillMsgResp { return_code } => rc(&mut o, return_code),
        Message::WillTopicReq | Message::WillMsgReq | Message::Pingresp => {}
        Message::WillTopic { will } | Message::WillTopicUpd { will } => {
            o.insert(
                "flags".into(),
                will.map_or(Value::Null, |(f, _)| flags_json(f)),
            );
            o.insert("will_topic".into(), json!(will.map(|(_, t)| t)));
        }
        Message::WillMsg { msg } | Message::WillMsgUpd { msg } => {
            o.insert("will_msg".into(), json!(hex::encode(msg)));
        }
        Message::Register {
            topic_id,
            msg_id,
            topic_name,
        } => {
            o.insert("topic_id".into(), json!(topic_id));
            o.insert("msg_id".into(), json!(msg_id));
            o.insert("topic_name".into(), json!(topic_name));
        }
        Message::Regack {
            topic_id,
            msg_id,
            return_code,
        }
        | Message::Puback {
            topic_id,
            msg_id,
            return_code,
        } => {
            o.insert("topic_id".into(), json!(topic_id));
            o.insert("msg_id".into(), json!(msg_id));
            rc(&mut o, return_code);
        }
        Message::Publish {
            flags,
            topic_id,
            msg_id,
            data,
        } => {
            o.insert("flags".into(), flags_json(flags));
            o.insert("topic_id".into(), json!(topic_id));
            if flags.topic_id_type() == TopicIdType::Short {
                let name = core::str::from_utf8(&topic_id.to_be_bytes())
                    .ok()
                    .map(str::to_string);
                o.insert("short_topic".into(), json!(name));
            }
            o.insert("msg_id".into(), json!(msg_id));
            o.insert("data".into(), json!(hex::encode(data)));
        }
        Message::Pubcomp { msg_id }
        | Message::Pubrec { msg_id }
        | Message::Pubrel { msg_id }
        | Message::Unsuback { msg_id } => {
            o.insert("msg_id".into(), json!(msg_id));
        }
        Message::Subscribe {
            flags,
            msg_id,
            topic,
        }
        | Message::Unsubscribe {
            flags,
            msg_id,
            topic,
        } => {
            o.insert("flags".into(), flags_json(flags));
            o.insert("msg_id".into(), json!(msg_id));
            match topic {
                Topic::Name(n) => o.insert("topic_name".into(), json!(n)),
                Topic::Id(id) => o.insert("topic_id".into(), json!(id)),
            };
        }
        Message::Suback {
            flags,
            topic_id,
            msg_id,
            return_code,
        } => {
            o.insert("flags".into(), flags_json(flags));
            o.insert("topic_id".into(), json!(topic_id));
            o.insert("msg_id".into(), json!(msg_id));
            rc(&mut o, return_code);
        }
        Message::Pingreq { client_id } => {
            o.insert("client_id".into(), json!(client_id));
        }
        Message::Disconnect { duration } => {
            o.insert("duration".into(), json!(duration));
        }
        Message::Encapsulated {
            ctrl,
            node_id,
            inner,
        } => {
            o.insert("ctrl".into(), json!(ctrl));
            o.insert("radius".into(), json!(ctrl & 0b11));
            o.insert("node_id".into(), json!(hex::encode(node_id)));
            // The inner message was checked by the decode that produced `p`.
            let inner = Packet::decode(inner, &DecodeOptions::lenient())
                .map(|p| packet_to_json(&p))
                .unwrap_or(Value::Null);
            o.insert("message".into(), inner);
        }
    }
    Value::Object(o)
}

fn num<T: TryFrom<u64>>(o: &Map<String, Value>, k: &str) -> Result<T, String> {
    o.get(k)
        .and_then(Value::as_u64)
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| format!("{k}: expected a number in range"))
}

fn hexf(o: &Map<String, Value>, k: &str) -> Result<Vec<u8>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => crate::parse_hex(v.as_str().ok_or_else(|| format!("{k}: expected hex"))?),
    }
}

fn strf<'v>(o: &'v Map<String, Value>, k: &str) -> Result<&'v str, String> {
    o.get(k)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{k}: expected a string"))
}

fn flags_of(v: Option<&Value>) -> Result<Flags, String> {
    let f = v
        .and_then(Value::as_object)
        .ok_or("flags: expected an object")?;
    if let Some(raw) = f.get("raw").and_then(Value::as_str) {
        let b = crate::parse_hex(raw)?;
        return match b.as_slice() {
            [x] => Ok(Flags(*x)),
            _ => Err("flags.raw: expected one octet".into()),
        };
    }
    let b = |k: &str| f.get(k).and_then(Value::as_bool).unwrap_or(false);
    let qos = f
        .get("qos")
        .and_then(Value::as_i64)
        .and_then(|q| i8::try_from(q).ok())
        .and_then(QosSn::from_i8)
        .unwrap_or(QosSn::Q0);
    let tid = match f
        .get("topic_id_type")
        .and_then(Value::as_str)
        .unwrap_or("normal")
    {
        "normal" => TopicIdType::Normal,
        "predefined" => TopicIdType::Predefined,
        "short" => TopicIdType::Short,
        "reserved" => TopicIdType::Reserved,
        other => return Err(format!("topic_id_type: {other}")),
    };
    Ok(Flags::new(
        b("dup"),
        qos,
        b("retain"),
        b("will"),
        b("clean_session"),
        tid,
    ))
}

/// Encode the JSON form of a packet.
pub(crate) fn encode_json(json: &Value) -> Result<Vec<u8>, String> {
    let o = json.as_object().ok_or("expected a JSON object")?;
    let ty = MsgType::from_name(strf(o, "type")?).ok_or("type: unknown message type")?;
    let code = || num::<u8>(o, "return_code").map(ReturnCode);
    let bytes_a = match ty {
        MsgType::GWINFO => hexf(o, "gw_add")?,
        MsgType::WILLMSG | MsgType::WILLMSGUPD => hexf(o, "will_msg")?,
        MsgType::PUBLISH => hexf(o, "data")?,
        MsgType::ENCAPSULATED => hexf(o, "node_id")?,
        _ => Vec::new(),
    };
    let inner = match ty {
        MsgType::ENCAPSULATED => {
            encode_json(o.get("message").ok_or("message: expected an object")?)?
        }
        _ => Vec::new(),
    };
    let will = || -> Result<Option<(Flags, &str)>, String> {
        match o.get("will_topic").and_then(Value::as_str) {
            Some(t) => Ok(Some((flags_of(o.get("flags"))?, t))),
            None => Ok(None),
        }
    };
    let sub_topic = || -> Result<Topic<'_>, String> {
        match o.get("topic_name").and_then(Value::as_str) {
            Some(n) => Ok(Topic::Name(n)),
            None => Ok(Topic::Id(num(o, "topic_id")?)),
        }
    };
    let message = match ty {
        MsgType::ADVERTISE => Message::Advertise {
            gw_id: num(o, "gw_id")?,
            duration: num(o, "duration")?,
        },
        MsgType::SEARCHGW => Message::SearchGw {
            radius: num(o, "radius")?,
        },
        MsgType::GWINFO => Message::GwInfo {
            gw_id: num(o, "gw_id")?,
            gw_add: &bytes_a,
        },
        MsgType::CONNECT => Message::Connect {
            flags: flags_of(o.get("flags"))?,
            protocol_id: num(o, "protocol_id")?,
            duration: num(o, "duration")?,
            client_id: strf(o, "client_id")?,
        },
        MsgType::CONNACK => Message::Connack {
            return_code: code()?,
        },
        MsgType::WILLTOPICREQ => Message::WillTopicReq,
        MsgType::WILLTOPIC => Message::WillTopic { will: will()? },
        MsgType::WILLMSGREQ => Message::WillMsgReq,
        MsgType::WILLMSG => Message::WillMsg { msg: &bytes_a },
        MsgType::REGISTER => Message::Register {
            topic_id: num(o, "topic_id")?,
            msg_id: num(o, "msg_id")?,
            topic_name: strf(o, "topic_name")?,
        },
        MsgType::REGACK => Message::Regack {
            topic_id: num(o, "topic_id")?,
            msg_id: num(o, "msg_id")?,
            return_code: code()?,
        },
        MsgType::PUBLISH => Message::Publish {
            flags: flags_of(o.get("flags"))?,
            topic_id: num(o, "topic_id")?,
            msg_id: num(o, "msg_id")?,
            data: &bytes_a,
        },
        MsgType::PUBACK => Message::Puback {
            topic_id: num(o, "topic_id")?,
            msg_id: num(o, "msg_id")?,
            return_code: code()?,
        },
        MsgType::PUBCOMP => Message::Pubcomp {
            msg_id: num(o, "msg_id")?,
        },
        MsgType::PUBREC => Message::Pubrec {
            msg_id: num(o, "msg_id")?,
        },
        MsgType::PUBREL => Message::Pubrel {
            msg_id: num(o, "msg_id")?,
        },
        MsgType::SUBSCRIBE => Message::Subscribe {
            flags: flags_of(o.get("flags"))?,
            msg_id: num(o, "msg_id")?,
            topic: sub_topic()?,
        },
        MsgType::SUBACK => Message::Suback {
            flags: flags_of(o.get("flags"))?,
            topic_id: num(o, "topic_id")?,
            msg_id: num(o, "msg_id")?,
            return_code: code()?,
        },
        MsgType::UNSUBSCRIBE => Message::Unsubscribe {
            flags: flags_of(o.get("flags"))?,
            msg_id: num(o, "msg_id")?,
            topic: sub_topic()?,
        },
        MsgType::UNSUBACK => Message::Unsuback {
            msg_id: num(o, "msg_id")?,
        },
        MsgType::PINGREQ => Message::Pingreq {
            client_id: o.get("client_id").and_then(Value::as_str),
        },
        MsgType::PINGRESP => Message::Pingresp,
        MsgType::DISCONNECT => Message::Disconnect {
            duration: o
                .get("duration")
                .filter(|v| !v.is_null())
                .map(|_| num(o, "duration"))
                .transpose()?,
        },
        MsgType::WILLTOPICUPD => Message::WillTopicUpd { will: will()? },
        MsgType::WILLTOPICRESP => Message::WillTopicResp {
            return_code: code()?,
        },
        MsgType::WILLMSGUPD => Message::WillMsgUpd { msg: &bytes_a },
        MsgType::WILLMSGRESP => Message::WillMsgResp {
            return_code: code()?,
        },
        _ => Message::Encapsulated {
            ctrl: num(o, "ctrl")?,
            node_id: &bytes_a,
            inner: &inner,
        },
    };
    let p = Packet {
        long_length: o
            .get("long_length")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        message,
    };
    p.encode_to_vec().map_err(|e| e.to_string())
}

impl Protocol for MqttSn {
    fn name(&self) -> &'static str {
        "mqtt-sn"
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, _ctx: &Context<'_>) -> Result<Value, Rejection> {
        let opts: DecodeOptions = crate::decode_options(mode).map_err(Rejection::usage)?;
        Ok(packet_to_json(&Packet::decode(wire, &opts)?))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        encode_json(json)
    }

    fn reencode(&self, wire: &[u8], _ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let p = Packet::decode(wire, &DecodeOptions::strict()).map_err(|e| e.to_string())?;
        let out = p.encode_to_vec().map_err(|e| e.to_string())?;
        if out.len() != p.encoded_len() {
            return Err("encoded_len disagrees with the bytes written".into());
        }
        Ok(out)
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        crate::kind_names::<MqttSnErrorKind>()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        crate::flag_names::<Relax>()
    }
}
