//! LwM2M payloads as JSON: the `m2mwire decode lwm2m-tlv | lwm2m-text | link-format`
//! contract.

use crate::{Context, Mode, Protocol, Rejection};
use m2mwire_core::Encode;
use m2mwire_lwm2m::link::{Link, Links, Param, ParamValue, parse_links_bytes};
use m2mwire_lwm2m::lwm2m_cbor;
use m2mwire_lwm2m::senml::{self, Number, Record, SenmlValue};
use m2mwire_lwm2m::{
    DecodeOptions, Form, Lwm2mErrorKind as K, Model, ObjectLink, OwnedContent, OwnedTlv, OwnedTlvs,
    Path, Relax, ResourceType, Text, Tlv, TlvKind, Tlvs, Value as Lv, decode_text, decode_tlv,
};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

fn core_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(Model::core)
}

fn options(mode: Mode<'_>) -> Result<DecodeOptions, Rejection> {
    crate::decode_options::<Relax>(mode).map_err(Rejection::usage)
}

fn path_of(ctx: &Context<'_>) -> Result<Option<Path>, Rejection> {
    ctx.path
        .map(|p| Path::parse(p).map_err(Rejection::from))
        .transpose()
}

/// A typed value as JSON: numbers as numbers, Objlnk as `"66:0"`, Opaque as hex, non-finite
/// floats as the strings `"NaN"`, `"inf"`, `"-inf"`.
pub(crate) fn value_json(v: &Lv<'_>) -> Value {
    match *v {
        Lv::String(s) | Lv::Corelnk(s) => json!(s),
        Lv::Integer(i) | Lv::Time(i) => json!(i),
        Lv::UnsignedInteger(u) => json!(u),
        Lv::Float(f) if f.is_finite() => json!(f),
        Lv::Float(f) if f.is_nan() => json!("NaN"),
        Lv::Float(f) => json!(if f > 0.0 { "inf" } else { "-inf" }),
        Lv::Boolean(b) => json!(b),
        Lv::Opaque(b) => json!(hex::encode(b)),
        Lv::Objlnk(l) => json!(format!("{}:{}", l.object, l.instance)),
    }
}

/// The typed value `json` of type `ty` (the inverse of [`value_json`]), its text and bytes
/// kept in `store` so the value can borrow them.
fn json_value<'s>(
    ty: ResourceType,
    json: &'s Value,
    store: &'s mut Vec<u8>,
) -> Result<Lv<'s>, String> {
    let bad = || format!("{json} is not a {} value", ty.name());
    Ok(match ty {
        ResourceType::String => Lv::String(json.as_str().ok_or_else(bad)?),
        ResourceType::Corelnk => Lv::Corelnk(json.as_str().ok_or_else(bad)?),
        ResourceType::Integer => Lv::Integer(json.as_i64().ok_or_else(bad)?),
        ResourceType::Time => Lv::Time(json.as_i64().ok_or_else(bad)?),
        ResourceType::UnsignedInteger => Lv::UnsignedInteger(json.as_u64().ok_or_else(bad)?),
        ResourceType::Float => Lv::Float(match json {
            Value::String(s) if s == "NaN" => f64::NAN,
            Value::String(s) if s == "inf" => f64::INFINITY,
            Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
            _ => json.as_f64().ok_or_else(bad)?,
        }),
        ResourceType::Boolean => Lv::Boolean(json.as_bool().ok_or_else(bad)?),
        ResourceType::Opaque => {
            *store = hex::decode(json.as_str().ok_or_else(bad)?).map_err(|e| e.to_string())?;
            Lv::Opaque(store)
        }
        ResourceType::Objlnk => {
            let s = json.as_str().ok_or_else(bad)?;
            let (o, i) = s.split_once(':').ok_or_else(bad)?;
            Lv::Objlnk(ObjectLink {
                object: o.parse().map_err(|_| bad())?,
                instance: i.parse().map_err(|_| bad())?,
            })
        }
        ResourceType::None => return Err("an executable resource has no value".into()),
    })
}

/// The JSON of one TLV; `ty` is the type the model gives its value (if known).
fn tlv_json(t: &Tlv<'_>, object: Option<u16>, res: Option<u16>, opts: &DecodeOptions) -> Value {
    let mut o = Map::new();
    o.insert("kind".into(), json!(t.kind.name()));
    o.insert("id".into(), json!(t.id));
    if t.form != Form::shortest(t.id, t.value.len()) {
        o.insert(
            "form".into(),
            json!({ "id16": t.form.id16, "length_bytes": t.form.length_bytes }),
        );
    }
    if t.kind.is_container() {
        let res_of_child = |c: &Tlv<'_>| match t.kind {
            TlvKind::MultipleResource => Some(t.id),
            _ => Some(c.id),
        };
        let children: Vec<Value> = t
            .children()
            .map(|c| tlv_json(&c, object, res_of_child(&c), opts))
            .collect();
        o.insert("children".into(), Value::Array(children));
    } else {
        o.insert("hex".into(), json!(hex::encode(t.value)));
        let def = object
            .zip(res)
            .and_then(|(ob, r)| core_model().resource(ob, r));
        if let Some(def) = def {
            o.insert("type".into(), json!(def.ty.name()));
            if let Ok(v) = t.typed(def.ty, opts) {
                o.insert("value".into(), value_json(&v));
            }
        }
    }
    Value::Object(o)
}

fn tlv_from_json(j: &Value) -> Result<OwnedTlv, String> {
    let kind_name = j["kind"].as_str().ok_or("entry without kind")?;
    let kind = TlvKind::from_name(kind_name).ok_or_else(|| format!("unknown kind {kind_name}"))?;
    let id = j["id"]
        .as_u64()
        .and_then(|v| u16::try_from(v).ok())
        .ok_or("entry without a 16-bit id")?;
    let form = match j.get("form") {
        Some(f) => Some(Form {
            id16: f["id16"].as_bool().ok_or("form.id16")?,
            length_bytes: f["length_bytes"]
                .as_u64()
                .and_then(|v| u8::try_from(v).ok())
                .ok_or("form.length_bytes")?,
        }),
        None => None,
    };
    let content = if let Some(children) = j.get("children") {
        OwnedContent::Children(
            children
                .as_array()
                .ok_or("children is not an array")?
                .iter()
                .map(tlv_from_json)
                .collect::<Result<_, _>>()?,
        )
    } else if let Some(h) = j.get("hex") {
        OwnedContent::Value(
            hex::decode(h.as_str().ok_or("hex is not a string")?).map_err(|e| e.to_string())?,
        )
    } else {
        let ty_name = j["type"]
            .as_str()
            .ok_or("entry without hex, value+type or children")?;
        let ty =
            ResourceType::from_name(ty_name).ok_or_else(|| format!("unknown type {ty_name}"))?;
        let mut store = Vec::new();
        let v = json_value(ty, &j["value"], &mut store)?;
        OwnedContent::Value(v.encode_to_vec().map_err(|e| e.to_string())?)
    };
    Ok(OwnedTlv {
        kind,
        id,
        form,
        content,
    })
}

/// LwM2M TLV (content format 11542) as a [`Protocol`]. With a request path (`--path`, a
/// vector's `path`) values are typed by the core object model and the payload's shape is
/// checked against the path.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lwm2mTlv;

impl Protocol for Lwm2mTlv {
    fn name(&self) -> &'static str {
        "lwm2m-tlv"
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, ctx: &Context<'_>) -> Result<Value, Rejection> {
        let opts = options(mode)?;
        let path = path_of(ctx)?;
        let tlvs = Tlvs::decode(wire, &opts)?;
        let (object, res) = match &path {
            Some(p) => {
                decode_tlv(wire, p, core_model(), &opts)?;
                (p.object(), p.resource())
            }
            None => (None, None),
        };
        let entries: Vec<Value> = tlvs
            .iter()
            .map(|t| {
                let r = match t.kind {
                    TlvKind::ResourceInstance => res,
                    _ => Some(t.id),
                };
                tlv_json(&t, object, r, &opts)
            })
            .collect();
        let mut o = Map::new();
        if let Some(p) = path {
            o.insert("path".into(), json!(p.to_string()));
        }
        o.insert("entries".into(), Value::Array(entries));
        Ok(Value::Object(o))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        let entries = json["entries"].as_array().ok_or("no entries array")?;
        let tree = OwnedTlvs(
            entries
                .iter()
                .map(tlv_from_json)
                .collect::<Result<_, _>>()?,
        );
        tree.encode_to_vec().map_err(|e| e.to_string())
    }

    fn reencode(&self, wire: &[u8], _ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let tlvs = Tlvs::decode(wire, &DecodeOptions::strict()).map_err(|e| e.to_string())?;
        let mut view = Vec::new();
        for t in tlvs.iter() {
            t.encode(&mut view).map_err(|e| e.to_string())?;
        }
        let owned = OwnedTlvs::from_tlvs(&tlvs)
            .encode_to_vec()
            .map_err(|e| e.to_string())?;
        if owned != view {
            return Err(format!(
                "owned tree re-encodes to {}, the view to {}",
                hex::encode(owned),
                hex::encode(view)
            ));
        }
        Ok(owned)
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        use m2mwire_core::ErrorKind;
        [
            K::TruncatedHeader,
            K::ValuePastEnd,
            K::InvalidNesting,
            K::MixedLevel,
            K::ReservedId,
            K::DuplicateId,
            K::TooMany,
            K::TrailingBytes,
            K::InvalidIntegerLength,
            K::InvalidFloatLength,
            K::InvalidBoolean,
            K::InvalidObjlnk,
            K::InvalidUtf8,
            K::PathMismatch,
            K::InvalidPath,
            K::UnsupportedType,
        ]
        .iter()
        .map(|k| k.name())
        .collect()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        crate::flag_names::<Relax>()
    }
}

/// LwM2M plain text (content format 0) of one resource, typed by the request path (which
/// vectors and `--path` must give) and the core object model.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lwm2mText;

fn text_type(ctx: &Context<'_>) -> Result<ResourceType, Rejection> {
    let path = path_of(ctx)?.ok_or_else(|| Rejection::usage("lwm2m-text needs a path".into()))?;
    let (Some(o), Some(r)) = (path.object(), path.resource()) else {
        return Err(Rejection::usage(format!("{path} names no resource")));
    };
    core_model()
        .resource(o, r)
        .map(|d| d.ty)
        .ok_or_else(|| Rejection::usage(format!("{path}: not in the core object model")))
}

impl Protocol for Lwm2mText {
    fn name(&self) -> &'static str {
        "lwm2m-text"
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, ctx: &Context<'_>) -> Result<Value, Rejection> {
        options(mode)?;
        let ty = text_type(ctx)?;
        let v = decode_text(ty, wire)?;
        Ok(json!({ "type": ty.name(), "value": value_json(&v) }))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        let name = json["type"].as_str().ok_or("no type")?;
        let ty = ResourceType::from_name(name).ok_or_else(|| format!("unknown type {name}"))?;
        let mut store = Vec::new();
        let v = json_value(ty, &json["value"], &mut store)?;
        let mut out = String::new();
        std::fmt::write(&mut out, format_args!("{}", Text(&v)))
            .map_err(|_| format!("a {} value has no plain-text form", ty.name()))?;
        Ok(out.into_bytes())
    }

    fn reencode(&self, wire: &[u8], ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let ty = text_type(ctx).map_err(|r| r.kind)?;
        let v = decode_text(ty, wire).map_err(|e| e.to_string())?;
        Ok(Text(&v).to_string().into_bytes())
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        use m2mwire_core::ErrorKind;
        [K::InvalidText, K::UnsupportedType, K::InvalidUtf8]
            .iter()
            .map(|k| k.name())
            .collect()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// CoRE Link Format (RFC 6690, content format 40) as a [`Protocol`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkFormat;

fn links_json(links: &[Link<'_>]) -> Value {
    let links: Vec<Value> = links
        .iter()
        .map(|l| {
            let params: Vec<Value> = l
                .params
                .iter()
                .map(|p| {
                    let mut o = Map::new();
                    o.insert("name".into(), json!(p.name));
                    match p.value {
                        Some(ParamValue::Token(v)) => {
                            o.insert("value".into(), json!(v));
                        }
                        Some(ParamValue::Quoted(v)) => {
                            o.insert("value".into(), json!(v));
                            o.insert("quoted".into(), json!(true));
                        }
                        None => {}
                    }
                    Value::Object(o)
                })
                .collect();
            json!({ "target": l.target, "params": params })
        })
        .collect();
    json!({ "links": links })
}

impl Protocol for LinkFormat {
    fn name(&self) -> &'static str {
        "link-format"
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, _ctx: &Context<'_>) -> Result<Value, Rejection> {
        options(mode)?;
        Ok(links_json(&parse_links_bytes(wire)?))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        let links = json["links"].as_array().ok_or("no links array")?;
        let mut parsed = Vec::new();
        for l in links {
            let mut link = Link::new(l["target"].as_str().ok_or("link without target")?);
            for p in l["params"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let name = p["name"].as_str().ok_or("param without name")?;
                let value = p["value"].as_str().map(|v| {
                    if p["quoted"].as_bool() == Some(true) {
                        ParamValue::Quoted(v)
                    } else {
                        ParamValue::Token(v)
                    }
                });
                link.params.push(Param { name, value });
            }
            parsed.push(link);
        }
        let text = Links(&parsed).to_string();
        // What we write must read back as the same links.
        let again = parse_links_bytes(text.as_bytes()).map_err(|e| e.to_string())?;
        if again != parsed {
            return Err(format!("{text:?} does not read back as the same links"));
        }
        Ok(text.into_bytes())
    }

    fn reencode(&self, wire: &[u8], _ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let links = parse_links_bytes(wire).map_err(|e| e.to_string())?;
        Ok(Links(&links).to_string().into_bytes())
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        use m2mwire_core::ErrorKind;
        [K::InvalidLinkFormat, K::InvalidUtf8]
            .iter()
            .map(|k| k.name())
            .collect()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// SenML JSON (110), SenML CBOR (112) or LwM2M 1.0 JSON (11543) as a [`Protocol`]: the
/// records as written, and each record resolved (base name and time applied) and typed by the
/// core object model.
#[derive(Clone, Copy, Debug)]
pub struct Senml {
    format: SenmlFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SenmlFormat {
    Json,
    Cbor,
    Lwm2mJson,
}

impl Senml {
    /// SenML JSON, `senml-json`.
    pub const JSON: Senml = Senml {
        format: SenmlFormat::Json,
    };
    /// SenML CBOR, `senml-cbor`.
    pub const CBOR: Senml = Senml {
        format: SenmlFormat::Cbor,
    };
    /// LwM2M 1.0 JSON, `lwm2m-json` (read into the same records: `sv`, `bv`, `ov` become
    /// `vs`, `vb`, `vlo`).
    pub const LWM2M_JSON: Senml = Senml {
        format: SenmlFormat::Lwm2mJson,
    };
}

fn number_json(n: Number) -> Value {
    match n {
        Number::Int(i) => json!(i),
        Number::Uint(u) => json!(u),
        Number::Float(f) => value_json(&Lv::Float(f)),
    }
}

fn json_to_number(v: &Value) -> Result<Number, String> {
    if let Some(i) = v.as_i64() {
        Ok(Number::Int(i))
    } else if let Some(u) = v.as_u64() {
        Ok(Number::Uint(u))
    } else {
        let mut store = Vec::new();
        match json_value(ResourceType::Float, v, &mut store)? {
            Lv::Float(f) => Ok(Number::Float(f)),
            _ => Err(format!("{v} is not a number")),
        }
    }
}

fn records_json(records: &[Record]) -> Value {
    let recs: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut o = Map::new();
            if let Some(bn) = &r.base_name {
                o.insert("bn".into(), json!(bn));
            }
            if let Some(bt) = r.base_time {
                o.insert("bt".into(), number_json(bt));
            }
            if let Some(v) = r.version {
                o.insert("bver".into(), json!(v));
            }
            if let Some(n) = &r.name {
                o.insert("n".into(), json!(n));
            }
            if let Some(t) = r.time {
                o.insert("t".into(), number_json(t));
            }
            match &r.value {
                Some(SenmlValue::Number(n)) => {
                    o.insert("v".into(), number_json(*n));
                }
                Some(SenmlValue::String(s)) => {
                    o.insert("vs".into(), json!(s));
                }
                Some(SenmlValue::Bool(b)) => {
                    o.insert("vb".into(), json!(b));
                }
                Some(SenmlValue::Data(d)) => {
                    o.insert("vd".into(), json!(hex::encode(d)));
                }
                Some(SenmlValue::ObjLink(l)) => {
                    o.insert("vlo".into(), json!(l));
                }
                None => {}
            }
            Value::Object(o)
        })
        .collect();
    Value::Array(recs)
}

fn json_records(v: &Value) -> Result<Vec<Record>, String> {
    let str_of = |o: &Value, k: &str| -> Result<Option<String>, String> {
        o.get(k)
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or(format!("{k} is not a string"))
            })
            .transpose()
    };
    v.as_array()
        .ok_or("records is not an array")?
        .iter()
        .map(|o| {
            let value = if let Some(n) = o.get("v") {
                Some(SenmlValue::Number(json_to_number(n)?))
            } else if let Some(s) = str_of(o, "vs")? {
                Some(SenmlValue::String(s))
            } else if let Some(b) = o.get("vb") {
                Some(SenmlValue::Bool(b.as_bool().ok_or("vb is not a boolean")?))
            } else if let Some(d) = str_of(o, "vd")? {
                Some(SenmlValue::Data(hex::decode(d).map_err(|e| e.to_string())?))
            } else {
                str_of(o, "vlo")?.map(SenmlValue::ObjLink)
            };
            Ok(Record {
                base_name: str_of(o, "bn")?,
                base_time: o.get("bt").map(json_to_number).transpose()?,
                version: o
                    .get("bver")
                    .map(|v| v.as_i64().ok_or("bver"))
                    .transpose()?,
                name: str_of(o, "n")?,
                time: o.get("t").map(json_to_number).transpose()?,
                value,
            })
        })
        .collect()
}

impl Senml {
    fn read(&self, wire: &[u8]) -> Result<Vec<Record>, m2mwire_lwm2m::Error> {
        match self.format {
            SenmlFormat::Json => senml::decode_json(wire),
            SenmlFormat::Cbor => senml::decode_cbor(wire),
            SenmlFormat::Lwm2mJson => senml::decode_lwm2m_json(wire),
        }
    }

    fn write(&self, records: &[Record]) -> Result<Vec<u8>, String> {
        match self.format {
            SenmlFormat::Json => senml::encode_json(records),
            SenmlFormat::Cbor => return Ok(senml::encode_cbor(records)),
            SenmlFormat::Lwm2mJson => senml::encode_lwm2m_json(records),
        }
        .map(String::into_bytes)
        .map_err(|e| e.to_string())
    }
}

impl Protocol for Senml {
    fn name(&self) -> &'static str {
        match self.format {
            SenmlFormat::Json => "senml-json",
            SenmlFormat::Cbor => "senml-cbor",
            SenmlFormat::Lwm2mJson => "lwm2m-json",
        }
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, _ctx: &Context<'_>) -> Result<Value, Rejection> {
        options(mode)?;
        let records = self.read(wire)?;
        let resolved: Vec<Value> = senml::resolve(&records, core_model())?
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("path".into(), json!(r.path.to_string()));
                if let Some(t) = r.time {
                    o.insert("time".into(), json!(t));
                }
                if let Some(v) = &r.value {
                    o.insert("type".into(), json!(v.resource_type().name()));
                    o.insert("value".into(), value_json(v));
                }
                Value::Object(o)
            })
            .collect();
        Ok(json!({ "records": records_json(&records), "resolved": resolved }))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        self.write(&json_records(&json["records"])?)
    }

    fn reencode(&self, wire: &[u8], _ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let records = self.read(wire).map_err(|e| e.to_string())?;
        self.write(&records)
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        use m2mwire_core::ErrorKind;
        let last = if self.format == SenmlFormat::Cbor {
            K::TrailingBytes
        } else {
            K::InvalidUtf8
        };
        [
            K::InvalidSenml,
            K::SenmlMustUnderstand,
            K::SenmlValue,
            K::SenmlName,
            last,
        ]
        .iter()
        .map(|k| k.name())
        .collect()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// LwM2M CBOR (11544, LwM2M 1.2) as a [`Protocol`]: every resource with its full path,
/// typed by the core object model.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lwm2mCbor;

impl Protocol for Lwm2mCbor {
    fn name(&self) -> &'static str {
        "lwm2m-cbor"
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, _ctx: &Context<'_>) -> Result<Value, Rejection> {
        options(mode)?;
        let entries: Vec<Value> = lwm2m_cbor::decode_lwm2m_cbor(wire, core_model())?
            .iter()
            .map(|e| {
                json!({
                    "path": e.path.to_string(),
                    "type": e.value.resource_type().name(),
                    "value": value_json(&e.value),
                })
            })
            .collect();
        Ok(json!({ "resources": entries }))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        let items = json["resources"].as_array().ok_or("no resources array")?;
        let mut stores: Vec<Vec<u8>> = vec![Vec::new(); items.len()];
        let mut entries = Vec::new();
        for (item, store) in items.iter().zip(stores.iter_mut()) {
            let path = Path::parse(item["path"].as_str().ok_or("resource without path")?)
                .map_err(|e| e.to_string())?;
            let name = item["type"].as_str().ok_or("resource without type")?;
            let ty = ResourceType::from_name(name).ok_or_else(|| format!("unknown type {name}"))?;
            let value = json_value(ty, &item["value"], store)?;
            entries.push(lwm2m_cbor::Entry { path, value });
        }
        lwm2m_cbor::encode_lwm2m_cbor(&entries).map_err(|e| e.to_string())
    }

    fn reencode(&self, wire: &[u8], _ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let entries =
            lwm2m_cbor::decode_lwm2m_cbor(wire, core_model()).map_err(|e| e.to_string())?;
        lwm2m_cbor::encode_lwm2m_cbor(&entries).map_err(|e| e.to_string())
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        use m2mwire_core::ErrorKind;
        [K::InvalidLwm2mCbor, K::Lwm2mCborValue, K::TrailingBytes]
            .iter()
            .map(|k| k.name())
            .collect()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        Vec::new()
    }
}
