//! WBXML documents as JSON: the `m2mwire decode wbxml` / `encode wbxml` contract.

use crate::{Context, Mode, Protocol, Rejection};
use m2mwire_wbxml::{
    AttrStart, AttrValue, DecodeOptions, Decoder, Event, Ext, Header, PublicId, Relax, Tag, Text,
    WbxmlErrorKind, Writer,
};
use serde_json::{Map, Value, json};

/// WBXML (any language; SyncML family by name) as a [`Protocol`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Wbxml;

fn text_json(o: &mut Map<String, Value>, t: &Text<'_>) {
    match std::str::from_utf8(t.bytes()) {
        Ok(s) => o.insert("text".into(), json!(s)),
        Err(_) => o.insert("text_hex".into(), json!(hex::encode(t.bytes()))),
    };
    if let Text::Table { index, .. } = t {
        o.insert("table_index".into(), json!(index));
    }
}

fn ext_json(o: &mut Map<String, Value>, e: &Ext<'_>) {
    match *e {
        Ext::Inline(n, s) => {
            o.insert("ext".into(), json!(format!("EXT_I_{n}")));
            o.insert("text_hex".into(), json!(hex::encode(s)));
        }
        Ext::Table(n, v) => {
            o.insert("ext".into(), json!(format!("EXT_T_{n}")));
            o.insert("value".into(), json!(v));
        }
        Ext::Single(n) => {
            o.insert("ext".into(), json!(format!("EXT_{n}")));
        }
    }
}

fn event_json(e: &Event<'_>, d: &Decoder<'_>) -> Value {
    let mut o = Map::new();
    let mut kind = |k: &str| o.insert("event".into(), json!(k));
    match e {
        Event::SwitchPage(p) => {
            kind("switch_page");
            o.insert("page".into(), json!(p));
        }
        Event::Start {
            tag,
            attributes,
            content,
        } => {
            kind("start");
            match tag {
                Tag::Token { page, code } => {
                    let name = d
                        .language()
                        .and_then(|l| l.page(*page))
                        .and_then(|p| p.tag_name(*code));
                    if let Some(n) = name {
                        o.insert("name".into(), json!(n));
                    }
                    o.insert("page".into(), json!(page));
                    o.insert("code".into(), json!(code));
                }
                Tag::Literal { index, name } => {
                    o.insert("name".into(), json!(String::from_utf8_lossy(name)));
                    o.insert("literal_index".into(), json!(index));
                }
            }
            o.insert("attributes".into(), json!(attributes));
            o.insert("content".into(), json!(content));
        }
        Event::AttrStart(a) => {
            kind("attr_start");
            match a {
                AttrStart::Token { page, code } => {
                    o.insert("page".into(), json!(page));
                    o.insert("code".into(), json!(code));
                }
                AttrStart::Literal { index, name } => {
                    o.insert("name".into(), json!(String::from_utf8_lossy(name)));
                    o.insert("literal_index".into(), json!(index));
                }
            }
        }
        Event::AttrValue(v) => {
            kind("attr_value");
            match v {
                AttrValue::Token { page, code } => {
                    o.insert("page".into(), json!(page));
                    o.insert("code".into(), json!(code));
                }
                AttrValue::Text(t) => text_json(&mut o, t),
                AttrValue::Entity(c) => {
                    o.insert("entity".into(), json!(c));
                }
                AttrValue::Ext(x) => ext_json(&mut o, x),
                AttrValue::Opaque(b) => {
                    o.insert("opaque".into(), json!(hex::encode(b)));
                }
            }
        }
        Event::EndAttributes => {
            kind("end_attributes");
        }
        Event::Text(t) => {
            kind("text");
            text_json(&mut o, t);
        }
        Event::Entity(c) => {
            kind("entity");
            o.insert("entity".into(), json!(c));
        }
        Event::Ext(x) => {
            kind("ext");
            ext_json(&mut o, x);
        }
        Event::Opaque(b) => {
            kind("opaque");
            o.insert("opaque".into(), json!(hex::encode(b)));
        }
        Event::Pi => {
            kind("pi");
        }
        Event::EndPi => {
            kind("end_pi");
        }
        Event::End => {
            kind("end");
        }
    }
    Value::Object(o)
}

fn num<T: TryFrom<u64>>(v: &Value, field: &str) -> Result<T, String> {
    v[field]
        .as_u64()
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| format!("{field} missing or out of range in {v}"))
}

/// Bytes an event refers to, kept alive while the events borrow them.
struct Store {
    bufs: Vec<Vec<u8>>,
}

impl Store {
    fn text_bytes(&mut self, v: &Value) -> Result<usize, String> {
        let b = match (v.get("text"), v.get("text_hex")) {
            (_, Some(h)) => {
                hex::decode(h.as_str().ok_or("text_hex")?).map_err(|e| e.to_string())?
            }
            (Some(t), None) => t.as_str().ok_or("text")?.as_bytes().to_vec(),
            _ => return Err(format!("no text in {v}")),
        };
        self.bufs.push(b);
        Ok(self.bufs.len() - 1)
    }

    fn hex_field(&mut self, v: &Value, field: &str) -> Result<usize, String> {
        let b = hex::decode(v[field].as_str().ok_or(format!("{field} missing"))?)
            .map_err(|e| e.to_string())?;
        self.bufs.push(b);
        Ok(self.bufs.len() - 1)
    }
}

/// One event as a plan: which kind, with indices into the store for its bytes.
enum Plan {
    Done(Event<'static>),
    Text(Option<u32>, usize),
    AttrText(Option<u32>, usize),
    Opaque(usize, bool),
    ExtInline(u8, usize, bool),
}

fn ext_plan(v: &Value, store: &mut Store, attr: bool) -> Result<Plan, String> {
    let name = v["ext"].as_str().ok_or("ext")?;
    let n = |p: &str| name.strip_prefix(p).and_then(|d| d.parse::<u8>().ok());
    if let Some(k) = n("EXT_I_") {
        return Ok(Plan::ExtInline(k, store.hex_field(v, "text_hex")?, attr));
    }
    let ext = if let Some(k) = n("EXT_T_") {
        Ext::Table(k, num(v, "value")?)
    } else if let Some(k) = n("EXT_") {
        Ext::Single(k)
    } else {
        return Err(format!("unknown extension {name}"));
    };
    Ok(Plan::Done(if attr {
        Event::AttrValue(AttrValue::Ext(ext))
    } else {
        Event::Ext(ext)
    }))
}

fn plan(v: &Value, store: &mut Store) -> Result<Plan, String> {
    let kind = v["event"]
        .as_str()
        .ok_or_else(|| format!("no event kind in {v}"))?;
    let table = v
        .get("table_index")
        .map(|_| num::<u32>(v, "table_index"))
        .transpose()?;
    Ok(match kind {
        "switch_page" => Plan::Done(Event::SwitchPage(num(v, "page")?)),
        "start" => {
            let tag = if v.get("literal_index").is_some() {
                Tag::Literal {
                    index: num(v, "literal_index")?,
                    name: b"",
                }
            } else {
                Tag::Token {
                    page: num(v, "page")?,
                    code: num(v, "code")?,
                }
            };
            Plan::Done(Event::Start {
                tag,
                attributes: v["attributes"].as_bool().unwrap_or(false),
                content: v["content"].as_bool().unwrap_or(false),
            })
        }
        "attr_start" => Plan::Done(Event::AttrStart(if v.get("literal_index").is_some() {
            AttrStart::Literal {
                index: num(v, "literal_index")?,
                name: b"",
            }
        } else {
            AttrStart::Token {
                page: num(v, "page")?,
                code: num(v, "code")?,
            }
        })),
        "attr_value" => {
            if v.get("opaque").is_some() {
                Plan::Opaque(store.hex_field(v, "opaque")?, true)
            } else if v.get("entity").is_some() {
                Plan::Done(Event::AttrValue(AttrValue::Entity(num(v, "entity")?)))
            } else if v.get("ext").is_some() {
                ext_plan(v, store, true)?
            } else if v.get("code").is_some() {
                Plan::Done(Event::AttrValue(AttrValue::Token {
                    page: num(v, "page")?,
                    code: num(v, "code")?,
                }))
            } else {
                Plan::AttrText(table, store.text_bytes(v)?)
            }
        }
        "end_attributes" => Plan::Done(Event::EndAttributes),
        "text" => Plan::Text(table, store.text_bytes(v)?),
        "entity" => Plan::Done(Event::Entity(num(v, "entity")?)),
        "ext" => ext_plan(v, store, false)?,
        "opaque" => Plan::Opaque(store.hex_field(v, "opaque")?, false),
        "pi" => Plan::Done(Event::Pi),
        "end_pi" => Plan::Done(Event::EndPi),
        "end" => Plan::Done(Event::End),
        other => return Err(format!("unknown event {other}")),
    })
}

fn options(mode: Mode<'_>) -> Result<DecodeOptions, Rejection> {
    crate::decode_options::<Relax>(mode).map_err(Rejection::usage)
}

impl Protocol for Wbxml {
    fn name(&self) -> &'static str {
        "wbxml"
    }

    fn decode(&self, wire: &[u8], mode: Mode<'_>, _ctx: &Context<'_>) -> Result<Value, Rejection> {
        let opts = options(mode)?;
        let mut d = Decoder::new(wire, &opts)?;
        let h = d.header;
        let mut o = Map::new();
        o.insert("version".into(), json!(h.version));
        match h.public_id {
            PublicId::Known(id) => o.insert("public_id".into(), json!(id)),
            PublicId::StringTable(i) => o.insert("public_id_index".into(), json!(i)),
        };
        if let Some(l) = d.language() {
            o.insert("language".into(), json!(l.name));
            o.insert("fpi".into(), json!(l.fpi));
        }
        o.insert("charset".into(), json!(h.charset));
        o.insert("string_table".into(), json!(hex::encode(h.string_table)));
        let mut events = Vec::new();
        while let Some(e) = d.next() {
            events.push(event_json(&e?, &d));
        }
        o.insert("events".into(), Value::Array(events));
        Ok(Value::Object(o))
    }

    fn encode(&self, json: &Value) -> Result<Vec<u8>, String> {
        let table = hex::decode(json["string_table"].as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let public_id = match (json.get("public_id"), json.get("public_id_index")) {
            (Some(_), _) => PublicId::Known(num(json, "public_id")?),
            (None, Some(_)) => PublicId::StringTable(num(json, "public_id_index")?),
            _ => return Err("no public_id or public_id_index".into()),
        };
        let header = Header {
            version: num(json, "version")?,
            public_id,
            charset: json["charset"].as_u64().map(|c| c as u32),
            string_table: &table,
        };
        let mut store = Store { bufs: Vec::new() };
        let plans: Vec<Plan> = json["events"]
            .as_array()
            .ok_or("no events array")?
            .iter()
            .map(|v| plan(v, &mut store))
            .collect::<Result<_, _>>()?;
        let bufs = &store.bufs;
        let at = |i: usize| bufs.get(i).map(Vec::as_slice).unwrap_or_default();
        let text = |t: Option<u32>, i: usize| match t {
            Some(index) => Text::Table {
                index,
                bytes: at(i),
            },
            None => Text::Inline(at(i)),
        };
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out);
        w.header(&header).map_err(|e| e.to_string())?;
        for p in &plans {
            let ev = match *p {
                Plan::Done(e) => e,
                Plan::Text(t, i) => Event::Text(text(t, i)),
                Plan::AttrText(t, i) => Event::AttrValue(AttrValue::Text(text(t, i))),
                Plan::Opaque(i, false) => Event::Opaque(at(i)),
                Plan::Opaque(i, true) => Event::AttrValue(AttrValue::Opaque(at(i))),
                Plan::ExtInline(k, i, false) => Event::Ext(Ext::Inline(k, at(i))),
                Plan::ExtInline(k, i, true) => {
                    Event::AttrValue(AttrValue::Ext(Ext::Inline(k, at(i))))
                }
            };
            w.event(&ev).map_err(|e| e.to_string())?;
        }
        Ok(out)
    }

    fn reencode(&self, wire: &[u8], _ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let d = Decoder::new(wire, &DecodeOptions::strict()).map_err(|e| e.to_string())?;
        let header = d.header;
        let events: Vec<Event<'_>> = d.collect::<Result<_, _>>().map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        m2mwire_wbxml::write_document(&mut out, &header, &events).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn error_kinds(&self) -> Vec<&'static str> {
        crate::kind_names::<WbxmlErrorKind>()
    }

    fn relaxations(&self) -> Vec<&'static str> {
        crate::flag_names::<Relax>()
    }
}
