//! CoAP messages as JSON: the `m2mwire decode coap` / `encode coap` contract (README, "CLI").

use crate::{Mode, Protocol, Rejection};
use m2mwire_coap::{
    CoapErrorKind, Code, DecodeOptions, Message, MessageBuf, MessageType, OptionFormat,
    OptionNumber, ProblemKind, Relax, encode_uint,
};
use m2mwire_core::Encode;
use serde_json::{Map, Value, json};

/// The CoAP (RFC 7252, over UDP) codec as a [`Protocol`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Coap;

fn problem_name(k: ProblemKind) -> &'static str {
    match k {
        ProblemKind::Unrecognized => "unrecognized",
        ProblemKind::BadLength => "bad_length",
        ProblemKind::Repeated => "repeated",
    }
}

/// The JSON form of a decoded message.
pub(crate) fn message_to_json(m: &Message<'_>) -> Value {
    let options: Vec<Value> = m
        .options()
        .flatten()
        .map(|o| {
            let mut obj = Map::new();
            obj.insert("number".into(), json!(o.number.0));
            if let Some(name) = o.number.name() {
                obj.insert("name".into(), json!(name));
            }
            obj.insert("hex".into(), json!(hex::encode(o.value)));
            let value = match o.definition().map(|d| d.format) {
                Some(OptionFormat::Uint) => o.as_uint().map(|v| json!(v)),
                Some(OptionFormat::String) => o.as_str().map(|s| json!(s)),
                _ => None,
            };
            if let Some(v) = value {
                obj.insert("value".into(), v);
            }
            Value::Object(obj)
        })
        .collect();
    let problems: Vec<Value> = m
        .option_problems()
        .map(|p| {
            json!({
                "index": p.index,
                "number": p.number.0,
                "problem": problem_name(p.kind),
                "critical": p.is_critical(),
            })
        })
        .collect();
    json!({
        "version": m.version(),
        "type": m.message_type().abbrev(),
        "code": format!("{}.{:02}", m.code().class(), m.code().detail()),
        "code_name": m.code().name(),
        "message_id": m.message_id(),
        "token": hex::encode(m.token()),
        "options": options,
        "payload": hex::encode(m.payload()),
        "option_problems": problems,
    })
}

fn hex_field(obj: &Map<String, Value>, key: &str) -> Result<Vec<u8>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => crate::parse_hex(s).map_err(|e| format!("{key}: {e}")),
        Some(_) => Err(format!("{key}: expected a hex string")),
    }
}

/// Build a message from its JSON form (see the README for the fields).
pub(crate) fn message_from_json(json: &Value) -> Result<MessageBuf, String> {
    let obj = json.as_object().ok_or("expected a JSON object")?;
    if let Some(v) = obj.get("version") {
        if v.as_u64() != Some(1) {
            return Err("version: only 1 can be encoded (RFC 7252 §3)".into());
        }
    }
    let mtype = obj
        .get("type")
        .and_then(Value::as_str)
        .and_then(MessageType::from_abbrev)
        .ok_or("type: expected CON, NON, ACK or RST")?;
    let code = obj
        .get("code")
        .and_then(Value::as_str)
        .and_then(Code::parse_dotted)
        .ok_or("code: expected \"c.dd\" with class 0-7, detail 00-31")?;
    let mid = obj
        .get("message_id")
        .and_then(Value::as_u64)
        .and_then(|v| u16::try_from(v).ok())
        .ok_or("message_id: expected 0-65535")?;
    let mut m = MessageBuf::new(mtype, code, mid)
        .with_token(hex_field(obj, "token")?)
        .with_payload(hex_field(obj, "payload")?);
    let options = match obj.get("options") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(_) => return Err("options: expected an array".into()),
    };
    for (i, o) in options.iter().enumerate() {
        let o = o
            .as_object()
            .ok_or_else(|| format!("options[{i}]: expected an object"))?;
        let number = match (o.get("number"), o.get("name").and_then(Value::as_str)) {
            (Some(n), _) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .map(OptionNumber)
                .ok_or_else(|| format!("options[{i}].number: expected 0-65535"))?,
            (None, Some(name)) => OptionNumber::from_name(name)
                .ok_or_else(|| format!("options[{i}].name: unknown option {name}"))?,
            (None, None) => return Err(format!("options[{i}]: needs number or name")),
        };
        let value = if o.contains_key("hex") {
            hex_field(o, "hex").map_err(|e| format!("options[{i}].{e}"))?
        } else {
            match o.get("value") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Number(n)) => n
                    .as_u64()
                    .map(|v| encode_uint(v).as_slice().to_vec())
                    .ok_or_else(|| format!("options[{i}].value: expected an unsigned integer"))?,
                Some(Value::String(s)) => s.as_bytes().to_vec(),
                Some(_) => return Err(format!("options[{i}].value: expected number or string")),
            }
        };
        m.add_option(number, value);
    }
    Ok(m)
}

impl Protocol for Coap {
    fn name(&self) -> &'static str {
        "coap"
    }

    fn decode(
        &self,
        wire: &[u8],
        mode: Mode<'_>,
        _ctx: &crate::Context<'_>,
    ) -> Result<Value, Rejection> {
        let opts: DecodeOptions = crate::decode_options(mode).map_err(Rejection::usage)?;
        Ok(message_to_json(&Message::decode(wire, &opts)?))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        message_from_json(json)?
            .encode_to_vec()
            .map_err(|e| e.to_string())
    }

    fn reencode(&self, wire: &[u8], _ctx: &crate::Context<'_>) -> Result<Vec<u8>, String> {
        let m = Message::decode(wire, &DecodeOptions::strict()).map_err(|e| e.to_string())?;
        let view = m.encode_to_vec().map_err(|e| e.to_string())?;
        let owned = MessageBuf::from(&m);
        let from_owned = owned.encode_to_vec().map_err(|e| e.to_string())?;
        if view != from_owned {
            return Err(format!(
                "view re-encodes to {}, owned form to {}",
                hex::encode(view),
                hex::encode(from_owned)
            ));
        }
        if owned.encoded_len() != wire.len() || m.encoded_len() != wire.len() {
            return Err("encoded_len disagrees with the input length".into());
        }
        Ok(view)
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        crate::kind_names::<CoapErrorKind>()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        crate::flag_names::<Relax>()
    }
}
