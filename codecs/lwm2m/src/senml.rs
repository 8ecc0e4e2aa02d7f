//! SenML JSON (content format 110) and SenML CBOR (112), RFC 8428, as LwM2M 1.1 Core §7.4.4
//! and §7.4.5 use them (feature `senml`).
//!
//! A pack is a list of [`Record`]s. Resolving it (RFC 8428 §4.6) joins each record's Name to
//! the Base Name in force and its Time to the Base Time; in LwM2M the resolved name is a path
//! (`/3/0/9`). With an object model the value then becomes a typed [`Value`]: Integer, Unsigned
//! Integer, Float and Time from `v`; String and Corelnk from `vs`; Boolean from `vb`; Opaque
//! from `vd`; Objlnk from LwM2M's `vlo` extension (`"3:0"`, a text-string key in CBOR too).
//!
//! Both encoders write one canonical form: JSON without whitespace, labels in the order `bn`,
//! `bt`, `bver`, `n`, `t`, then the value; CBOR with integer labels in the same order, integers
//! as CBOR integers and floats in 4 bytes when exact, else 8. Decoding accepts any key order
//! and any CBOR float width.

use crate::error::{Error, Lwm2mErrorKind as K, err};
use crate::model::Model;
use crate::path::Path;
use crate::value::{ResourceType, Value, fits_f32, parse_objlnk};
use serde_json::value::RawValue;
use std::string::{String, ToString};
use std::vec::Vec;

/// A SenML number, kept as the wire gave it so integers stay exact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A signed integer.
    Int(i64),
    /// An integer above `i64::MAX`.
    Uint(u64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// The number as f64 (large integers round).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Uint(u) => u as f64,
            Number::Float(f) => f,
        }
    }
}

/// A record's value: exactly one of `v`, `vs`, `vb`, `vd`, `vlo`.
#[derive(Clone, Debug, PartialEq)]
pub enum SenmlValue {
    /// `v`
    Number(Number),
    /// `vs`
    String(String),
    /// `vb`
    Bool(bool),
    /// `vd` (base64url without padding in JSON, a byte string in CBOR)
    Data(Vec<u8>),
    /// `vlo`, LwM2M's object link extension: `"object:instance"`
    ObjLink(String),
}

/// One SenML record with the labels LwM2M uses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    /// `bn`: Base Name, in force for this and later records.
    pub base_name: Option<String>,
    /// `bt`: Base Time.
    pub base_time: Option<Number>,
    /// `bver`: SenML version.
    pub version: Option<i64>,
    /// `n`: Name.
    pub name: Option<String>,
    /// `t`: Time.
    pub time: Option<Number>,
    /// The value, if any (a Read-Composite request has none).
    pub value: Option<SenmlValue>,
}

/// A record resolved against the base values and the object model.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved<'r> {
    /// The resolved name as an LwM2M path.
    pub path: Path,
    /// The resolved time (seconds; relative when below 2^28, RFC 8428 §4.5.3).
    pub time: Option<f64>,
    /// The typed value; `None` for a record without one.
    pub value: Option<Value<'r>>,
}

const LABEL_BVER: i64 = -1;
const LABEL_BN: i64 = -2;
const LABEL_BT: i64 = -3;
const LABEL_N: i64 = 0;
const LABEL_V: i64 = 2;
const LABEL_VS: i64 = 3;
const LABEL_VB: i64 = 4;
const LABEL_T: i64 = 6;
const LABEL_VD: i64 = 8;

/// RFC 8428 §4.4: a label ending in `_` must be understood; others may be ignored.
fn unknown_label(name: &str, at: usize) -> Result<(), Error> {
    if name.ends_with('_') {
        Err(err(K::SenmlMustUnderstand, at))
    } else {
        Ok(())
    }
}

fn set_value(r: &mut Record, v: SenmlValue, at: usize) -> Result<(), Error> {
    if r.value.replace(v).is_some() {
        return Err(err(K::SenmlValue, at));
    }
    Ok(())
}

// ---------------------------------------------------------------- JSON

fn json_number(v: &serde_json::Value, at: usize) -> Result<Number, Error> {
    let n = v.as_number().ok_or(err(K::InvalidSenml, at))?;
    if let Some(i) = n.as_i64() {
        Ok(Number::Int(i))
    } else if let Some(u) = n.as_u64() {
        Ok(Number::Uint(u))
    } else {
        n.as_f64()
            .map(Number::Float)
            .ok_or(err(K::InvalidSenml, at))
    }
}

fn json_str(v: &serde_json::Value, at: usize) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or(err(K::InvalidSenml, at))
}

/// A serde_json syntax error as an [`Error`] at its byte offset in `text`.
fn json_syntax(text: &str, e: &serde_json::Error) -> Error {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    err(K::InvalidSenml, line_start + e.column().saturating_sub(1))
}

/// Read a SenML JSON pack. Syntax errors name the byte offset; errors inside a record name
/// the offset of the record's `{`.
pub fn decode_json(bytes: &[u8]) -> Result<Vec<Record>, Error> {
    let text = crate::value::read_str(bytes, 0)?;
    let syntax = |e: serde_json::Error| json_syntax(text, &e);
    let raw: Vec<&RawValue> = serde_json::from_str(text).map_err(syntax)?;
    let mut out = Vec::with_capacity(raw.len());
    for rec in raw {
        // The record's position in the input (both slices point into `text`).
        let at = (rec.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let obj: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(rec.get()).map_err(|_| err(K::InvalidSenml, at))?;
        let mut r = Record::default();
        for (label, v) in &obj {
            match label.as_str() {
                "bn" => r.base_name = Some(json_str(v, at)?),
                "bt" => r.base_time = Some(json_number(v, at)?),
                "bver" => r.version = Some(v.as_i64().ok_or(err(K::InvalidSenml, at))?),
                "n" => r.name = Some(json_str(v, at)?),
                "t" => r.time = Some(json_number(v, at)?),
                "v" => set_value(&mut r, SenmlValue::Number(json_number(v, at)?), at)?,
                "vs" => set_value(&mut r, SenmlValue::String(json_str(v, at)?), at)?,
                "vb" => set_value(
                    &mut r,
                    SenmlValue::Bool(v.as_bool().ok_or(err(K::InvalidSenml, at))?),
                    at,
                )?,
                "vd" => {
                    let data =
                        base64url_decode(&json_str(v, at)?).ok_or(err(K::InvalidSenml, at))?;
                    set_value(&mut r, SenmlValue::Data(data), at)?;
                }
                "vlo" => set_value(&mut r, SenmlValue::ObjLink(json_str(v, at)?), at)?,
                other => unknown_label(other, at)?,
            }
        }
        out.push(r);
    }
    Ok(out)
}

fn push_json_number(out: &mut String, n: Number) -> Result<(), m2mwire_core::EncodeError> {
    match n {
        Number::Int(i) => out.push_str(&i.to_string()),
        Number::Uint(u) => out.push_str(&u.to_string()),
        Number::Float(f) => {
            let v = serde_json::Number::from_f64(f).ok_or(m2mwire_core::EncodeError::Invalid {
                what: "JSON has no NaN or infinity",
                clause: "RFC 8428 §5",
            })?;
            out.push_str(&v.to_string());
        }
    }
    Ok(())
}

fn push_json_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::Value::from(s).to_string());
}

/// Write a pack as canonical SenML JSON.
pub fn encode_json(records: &[Record]) -> Result<String, m2mwire_core::EncodeError> {
    let mut out = String::from("[");
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        let mut first = true;
        let mut key = |out: &mut String, k: &str| {
            if !first {
                out.push(',');
            }
            first = false;
            out.push('"');
            out.push_str(k);
            out.push_str("\":");
        };
        if let Some(bn) = &r.base_name {
            key(&mut out, "bn");
            push_json_str(&mut out, bn);
        }
        if let Some(bt) = r.base_time {
            key(&mut out, "bt");
            push_json_number(&mut out, bt)?;
        }
        if let Some(v) = r.version {
            key(&mut out, "bver");
            out.push_str(&v.to_string());
        }
        if let Some(n) = &r.name {
            key(&mut out, "n");
            push_json_str(&mut out, n);
        }
        if let Some(t) = r.time {
            key(&mut out, "t");
            push_json_number(&mut out, t)?;
        }
        match &r.value {
            Some(SenmlValue::Number(n)) => {
                key(&mut out, "v");
                push_json_number(&mut out, *n)?;
            }
            Some(SenmlValue::String(s)) => {
                key(&mut out, "vs");
                push_json_str(&mut out, s);
            }
            Some(SenmlValue::Bool(b)) => {
                key(&mut out, "vb");
                out.push_str(if *b { "true" } else { "false" });
            }
            Some(SenmlValue::Data(d)) => {
                key(&mut out, "vd");
                push_json_str(&mut out, &base64url_encode(d));
            }
            Some(SenmlValue::ObjLink(l)) => {
                key(&mut out, "vlo");
                push_json_str(&mut out, l);
            }
            None => {}
        }
        out.push('}');
    }
    out.push(']');
    Ok(out)
}

// RFC 4648 §5 alphabet; SenML JSON data values are base64url without padding (RFC 8428 §5).
const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for k in 0..chars {
            let idx = (n >> (18 - 6 * k)) & 63;
            if let Some(&c) = B64URL.get(idx as usize) {
                out.push(char::from(c));
            }
        }
    }
    out
}

fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    // Padding is not part of SenML's form; a length of 1 mod 4 cannot be valid.
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = B64URL.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero, so each text has one decoding.
    (acc == 0).then_some(out)
}

// ---------------------------------------------------------------- CBOR

/// A CBOR error at the position minicbor names; running out of input is at the end, and an
/// error without a position is put at `at` (the start of the item being read).
fn cbor_err(at: usize, len: usize) -> impl Fn(minicbor::decode::Error) -> Error {
    move |e| {
        let offset = if e.is_end_of_input() {
            len
        } else {
            e.position().unwrap_or(at)
        };
        err(K::InvalidSenml, offset)
    }
}

fn cbor_number(d: &mut minicbor::Decoder<'_>) -> Result<Number, Error> {
    use minicbor::data::Type;
    let at = d.position();
    let e = cbor_err(at, d.input().len());
    Ok(match d.datatype().map_err(&e)? {
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => {
            let u = d.u64().map_err(&e)?;
            i64::try_from(u).map_or(Number::Uint(u), Number::Int)
        }
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => Number::Int(d.i64().map_err(&e)?),
        Type::F16 => Number::Float(f64::from(d.f16().map_err(&e)?)),
        Type::F32 => Number::Float(f64::from(d.f32().map_err(&e)?)),
        Type::F64 => Number::Float(d.f64().map_err(&e)?),
        _ => return Err(err(K::InvalidSenml, at)),
    })
}

/// Read a SenML CBOR pack (definite or indefinite lengths). Errors name the byte offset.
pub fn decode_cbor(bytes: &[u8]) -> Result<Vec<Record>, Error> {
    use minicbor::data::Type;
    let mut d = minicbor::Decoder::new(bytes);
    let e = cbor_err(0, bytes.len());
    let len = d.array().map_err(&e)?;
    let mut out = Vec::new();
    let mut i = 0u64;
    loop {
        match len {
            Some(n) if i >= n => break,
            None if d.datatype().map_err(&e)? == Type::Break => {
                d.skip().map_err(&e)?;
                break;
            }
            _ => {}
        }
        i += 1;
        let at = d.position();
        let e = cbor_err(at, bytes.len());
        let pairs = d.map().map_err(&e)?;
        let mut r = Record::default();
        let mut k = 0u64;
        loop {
            match pairs {
                Some(n) if k >= n => break,
                None if d.datatype().map_err(&e)? == Type::Break => {
                    d.skip().map_err(&e)?;
                    break;
                }
                _ => {}
            }
            k += 1;
            let key_at = d.position();
            let label = match d.datatype().map_err(&e)? {
                Type::String => {
                    let s = d.str().map_err(&e)?;
                    if s == "vlo" {
                        let v = d.str().map_err(&e)?;
                        set_value(&mut r, SenmlValue::ObjLink(v.to_string()), key_at)?;
                    } else {
                        unknown_label(s, key_at)?;
                        d.skip().map_err(&e)?;
                    }
                    continue;
                }
                _ => d.i64().map_err(&e)?,
            };
            match label {
                LABEL_BN => r.base_name = Some(d.str().map_err(&e)?.to_string()),
                LABEL_BT => r.base_time = Some(cbor_number(&mut d)?),
                LABEL_BVER => r.version = Some(d.i64().map_err(&e)?),
                LABEL_N => r.name = Some(d.str().map_err(&e)?.to_string()),
                LABEL_T => r.time = Some(cbor_number(&mut d)?),
                LABEL_V => set_value(&mut r, SenmlValue::Number(cbor_number(&mut d)?), key_at)?,
                LABEL_VS => {
                    let s = d.str().map_err(&e)?.to_string();
                    set_value(&mut r, SenmlValue::String(s), key_at)?;
                }
                LABEL_VB => {
                    let b = d.bool().map_err(&e)?;
                    set_value(&mut r, SenmlValue::Bool(b), key_at)?;
                }
                LABEL_VD => {
                    let b = d.bytes().map_err(&e)?.to_vec();
                    set_value(&mut r, SenmlValue::Data(b), key_at)?;
                }
                // Other registered labels (units, sums, update time) are not used by LwM2M.
                _ => d.skip().map_err(&e)?,
            }
        }
        out.push(r);
    }
    if d.position() != bytes.len() {
        return Err(err(K::TrailingBytes, d.position()));
    }
    Ok(out)
}

type CborResult = Result<(), minicbor::encode::Error<core::convert::Infallible>>;

fn cbor_put_number(e: &mut minicbor::Encoder<&mut Vec<u8>>, n: Number) -> CborResult {
    match n {
        Number::Int(i) => e.i64(i).map(drop),
        Number::Uint(u) => e.u64(u).map(drop),
        Number::Float(f) if fits_f32(f) => e.f32(f as f32).map(drop),
        Number::Float(f) => e.f64(f).map(drop),
    }
}

/// Write a pack as canonical SenML CBOR.
pub fn encode_cbor(records: &[Record]) -> Vec<u8> {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_cbor(&mut buf, records);
    buf
}

fn write_cbor(buf: &mut Vec<u8>, records: &[Record]) -> CborResult {
    let mut e = minicbor::Encoder::new(buf);
    e.array(records.len() as u64)?;
    for r in records {
        let n = [
            r.base_name.is_some(),
            r.base_time.is_some(),
            r.version.is_some(),
            r.name.is_some(),
            r.time.is_some(),
            r.value.is_some(),
        ]
        .iter()
        .filter(|&&b| b)
        .count();
        e.map(n as u64)?;
        if let Some(bn) = &r.base_name {
            e.i64(LABEL_BN)?.str(bn)?;
        }
        if let Some(bt) = r.base_time {
            e.i64(LABEL_BT)?;
            cbor_put_number(&mut e, bt)?;
        }
        if let Some(v) = r.version {
            e.i64(LABEL_BVER)?.i64(v)?;
        }
        if let Some(n) = &r.name {
            e.i64(LABEL_N)?.str(n)?;
        }
        if let Some(t) = r.time {
            e.i64(LABEL_T)?;
            cbor_put_number(&mut e, t)?;
        }
        match &r.value {
            Some(SenmlValue::Number(n)) => {
                e.i64(LABEL_V)?;
                cbor_put_number(&mut e, *n)?;
            }
            Some(SenmlValue::String(s)) => {
                e.i64(LABEL_VS)?.str(s)?;
            }
            Some(SenmlValue::Bool(b)) => {
                e.i64(LABEL_VB)?.bool(*b)?;
            }
            Some(SenmlValue::Data(d)) => {
                e.i64(LABEL_VD)?.bytes(d)?;
            }
            Some(SenmlValue::ObjLink(l)) => {
                e.str("vlo")?.str(l)?;
            }
            None => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- LwM2M 1.0 JSON

/// Read an LwM2M 1.0 JSON payload (content format 11543, LwM2M 1.0 §6.4.4):
/// `{"bn": "/3/0/", "bt": …, "e": [{"n": "0", "sv": "…"}, {"n": "9", "v": 100}]}` with
/// `v`, `sv` (string), `bv` (boolean), `ov` (object link `"3:0"`) and `t`; every entry has a
/// value. The result is a
/// SenML pack (the base name and time on the first record) for [`resolve`].
pub fn decode_lwm2m_json(bytes: &[u8]) -> Result<Vec<Record>, Error> {
    let text = crate::value::read_str(bytes, 0)?;
    let top: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|e| json_syntax(text, &e))?;
    let mut base_name = None;
    let mut base_time = None;
    let mut entries = None;
    for (k, v) in &top {
        match k.as_str() {
            "bn" => base_name = Some(json_str(v, 0)?),
            "bt" => base_time = Some(json_number(v, 0)?),
            "e" => entries = Some(v.as_array().ok_or(err(K::InvalidSenml, 0))?),
            other => unknown_label(other, 0)?,
        }
    }
    let entries = entries.ok_or(err(K::InvalidSenml, 0))?;
    let mut out = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let obj = e.as_object().ok_or(err(K::InvalidSenml, i))?;
        let mut r = Record::default();
        if i == 0 {
            r.base_name = base_name.take();
            r.base_time = base_time.take();
        }
        for (label, v) in obj {
            match label.as_str() {
                "n" => r.name = Some(json_str(v, i)?),
                "t" => r.time = Some(json_number(v, i)?),
                "v" => set_value(&mut r, SenmlValue::Number(json_number(v, i)?), i)?,
                "sv" => set_value(&mut r, SenmlValue::String(json_str(v, i)?), i)?,
                "bv" => set_value(
                    &mut r,
                    SenmlValue::Bool(v.as_bool().ok_or(err(K::InvalidSenml, i))?),
                    i,
                )?,
                "ov" => set_value(&mut r, SenmlValue::ObjLink(json_str(v, i)?), i)?,
                other => unknown_label(other, i)?,
            }
        }
        // LwM2M 1.0 JSON has no request without values: every entry carries one.
        if r.value.is_none() {
            return Err(err(K::SenmlValue, i));
        }
        out.push(r);
    }
    // A base on an empty list still has to be kept for the round trip.
    if out.is_empty() && (base_name.is_some() || base_time.is_some()) {
        out.push(Record {
            base_name,
            base_time,
            ..Record::default()
        });
    }
    Ok(out)
}

/// Write a pack as canonical LwM2M 1.0 JSON: `bn` and `bt` from the first record, then `e`
/// with `n`, `t` and the value of each. Opaque values have no LwM2M 1.0 JSON form, and only
/// the first record may carry a base.
pub fn encode_lwm2m_json(records: &[Record]) -> Result<String, m2mwire_core::EncodeError> {
    let invalid = |what| m2mwire_core::EncodeError::Invalid {
        what,
        clause: "LwM2M 1.0 §6.4.4",
    };
    let mut out = String::from("{");
    let first = records.first();
    if let Some(bn) = first.and_then(|r| r.base_name.as_deref()) {
        out.push_str("\"bn\":");
        push_json_str(&mut out, bn);
        out.push(',');
    }
    if let Some(bt) = first.and_then(|r| r.base_time) {
        out.push_str("\"bt\":");
        push_json_number(&mut out, bt)?;
        out.push(',');
    }
    out.push_str("\"e\":[");
    let mut n = 0;
    for (i, r) in records.iter().enumerate() {
        if i > 0 && (r.base_name.is_some() || r.base_time.is_some()) {
            return Err(invalid("a base name or time after the first entry"));
        }
        if r.version.is_some() {
            return Err(invalid("LwM2M 1.0 JSON has no version"));
        }
        if i == 0 && r.name.is_none() && r.time.is_none() && r.value.is_none() {
            // Only a carrier of the base (an empty list).
            continue;
        }
        if n > 0 {
            out.push(',');
        }
        n += 1;
        out.push('{');
        let mut sep = "";
        if let Some(name) = &r.name {
            out.push_str("\"n\":");
            push_json_str(&mut out, name);
            sep = ",";
        }
        if let Some(t) = r.time {
            out.push_str(sep);
            out.push_str("\"t\":");
            push_json_number(&mut out, t)?;
            sep = ",";
        }
        match &r.value {
            Some(SenmlValue::Number(v)) => {
                out.push_str(sep);
                out.push_str("\"v\":");
                push_json_number(&mut out, *v)?;
            }
            Some(SenmlValue::String(v)) => {
                out.push_str(sep);
                out.push_str("\"sv\":");
                push_json_str(&mut out, v);
            }
            Some(SenmlValue::Bool(b)) => {
                out.push_str(sep);
                out.push_str(if *b { "\"bv\":true" } else { "\"bv\":false" });
            }
            Some(SenmlValue::ObjLink(l)) => {
                out.push_str(sep);
                out.push_str("\"ov\":");
                push_json_str(&mut out, l);
            }
            Some(SenmlValue::Data(_)) => return Err(invalid("Opaque has no LwM2M 1.0 JSON form")),
            None => {}
        }
        out.push('}');
    }
    out.push_str("]}");
    Ok(out)
}

// ---------------------------------------------------------------- LwM2M meaning

fn integral(n: Number, at: usize) -> Result<i64, Error> {
    match n {
        Number::Int(i) => Ok(i),
        _ => Err(err(K::SenmlValue, at)),
    }
}

/// The typed value of `v` for a resource of type `ty`.
fn typed<'r>(ty: ResourceType, v: &'r SenmlValue, at: usize) -> Result<Value<'r>, Error> {
    let bad = || err(K::SenmlValue, at);
    Ok(match (ty, v) {
        (ResourceType::Integer, SenmlValue::Number(n)) => Value::Integer(integral(*n, at)?),
        (ResourceType::Time, SenmlValue::Number(n)) => Value::Time(integral(*n, at)?),
        (ResourceType::UnsignedInteger, SenmlValue::Number(n)) => match *n {
            Number::Int(i) => Value::UnsignedInteger(u64::try_from(i).map_err(|_| bad())?),
            Number::Uint(u) => Value::UnsignedInteger(u),
            Number::Float(_) => return Err(bad()),
        },
        (ResourceType::Float, SenmlValue::Number(n)) => Value::Float(n.as_f64()),
        (ResourceType::String, SenmlValue::String(s)) => Value::String(s),
        (ResourceType::Corelnk, SenmlValue::String(s)) => Value::Corelnk(s),
        (ResourceType::Boolean, SenmlValue::Bool(b)) => Value::Boolean(*b),
        (ResourceType::Opaque, SenmlValue::Data(d)) => Value::Opaque(d),
        (ResourceType::Objlnk, SenmlValue::ObjLink(l)) => {
            Value::Objlnk(parse_objlnk(l).ok_or_else(bad)?)
        }
        _ => return Err(bad()),
    })
}

/// Resolve a pack (RFC 8428 §4.6) and type each value with `model`. Resources the model does
/// not know keep `v` as Float, `vs` as String, `vb`, `vd` and `vlo` as their own types.
/// Errors name the index of the offending record.
pub fn resolve<'r>(records: &'r [Record], model: &Model) -> Result<Vec<Resolved<'r>>, Error> {
    let mut base_name = "";
    let mut base_time = 0.0;
    let mut out = Vec::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        if let Some(bn) = &r.base_name {
            base_name = bn;
        }
        if let Some(bt) = r.base_time {
            base_time = bt.as_f64();
        }
        if r.name.is_none() && r.time.is_none() && r.value.is_none() {
            // Only base values: nothing to resolve.
            continue;
        }
        let mut name = String::from(base_name);
        name.push_str(r.name.as_deref().unwrap_or_default());
        let path = Path::parse(&name).map_err(|_| err(K::SenmlName, i))?;
        let time = (r.base_time.is_some() || r.time.is_some())
            .then(|| base_time + r.time.map_or(0.0, Number::as_f64));
        let value = match &r.value {
            None => None,
            Some(v) => {
                let ty = match (path.object(), path.resource()) {
                    (Some(o), Some(res)) => model.resource(o, res).map(|d| d.ty),
                    _ => return Err(err(K::SenmlName, i)),
                };
                Some(match ty {
                    Some(ty) => typed(ty, v, i)?,
                    None => match v {
                        SenmlValue::Number(n) => Value::Float(n.as_f64()),
                        SenmlValue::String(s) => Value::String(s),
                        SenmlValue::Bool(b) => Value::Boolean(*b),
                        SenmlValue::Data(d) => Value::Opaque(d),
                        SenmlValue::ObjLink(_) => typed(ResourceType::Objlnk, v, i)?,
                    },
                })
            }
        };
        out.push(Resolved { path, time, value });
    }
    Ok(out)
}

/// The SenML value that carries `v`.
pub fn senml_value(v: &Value<'_>) -> SenmlValue {
    match *v {
        Value::String(s) | Value::Corelnk(s) => SenmlValue::String(s.to_string()),
        Value::Integer(i) | Value::Time(i) => SenmlValue::Number(Number::Int(i)),
        Value::UnsignedInteger(u) => {
            SenmlValue::Number(i64::try_from(u).map_or(Number::Uint(u), Number::Int))
        }
        Value::Float(f) => SenmlValue::Number(Number::Float(f)),
        Value::Boolean(b) => SenmlValue::Bool(b),
        Value::Opaque(d) => SenmlValue::Data(d.to_vec()),
        Value::Objlnk(l) => SenmlValue::ObjLink(std::format!("{}:{}", l.object, l.instance)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::ObjectLink;

    #[test]
    fn base64url_round_trips_and_rejects_non_canonical_text() {
        for data in [&b""[..], b"f", b"fo", b"foo", b"foob", &[0xfb, 0xff, 0xfe]] {
            let s = base64url_encode(data);
            assert!(!s.contains('='));
            assert_eq!(base64url_decode(&s).as_deref(), Some(data), "{s}");
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("Zh"), None, "leftover bits set");
        assert_eq!(base64url_decode("Z"), None);
        assert_eq!(base64url_decode("Zg=="), None, "padding");
    }

    #[test]
    fn device_pack_in_json_and_cbor() {
        let json = br#"[{"bn":"/3/0/","n":"0","vs":"Open Mobile Alliance"},{"n":"9","v":95},{"n":"6/0","v":1},{"n":"13","v":1367491215},{"n":"22/0","vlo":"3:0"}]"#;
        let records = decode_json(json).unwrap();
        let model = Model::core();
        let r = resolve(&records, &model).unwrap();
        assert_eq!(r[0].path.to_string(), "/3/0/0");
        assert_eq!(r[0].value, Some(Value::String("Open Mobile Alliance")));
        assert_eq!(r[1].value, Some(Value::Integer(95)));
        assert_eq!(r[2].path.to_string(), "/3/0/6/0");
        assert_eq!(r[3].value, Some(Value::Time(1_367_491_215)));
        assert_eq!(
            r[4].value,
            Some(Value::Objlnk(ObjectLink {
                object: 3,
                instance: 0
            }))
        );
        assert_eq!(encode_json(&records).unwrap().as_bytes(), json);
        let cbor = encode_cbor(&records);
        assert_eq!(decode_cbor(&cbor).unwrap(), records);
    }

    #[test]
    fn errors() {
        let e = decode_json(b"[{\"n\":\"/3/0/9\",\"v\":1,\"vs\":\"x\"}]").unwrap_err();
        assert_eq!((e.kind, e.offset), (K::SenmlValue, 1));
        let e = decode_json(b"[{\"n\":\"/3/0/9\",\"x_\":1}]").unwrap_err();
        assert_eq!(e.kind, K::SenmlMustUnderstand);
        let e = decode_json(b"[{\"n\":1}]").unwrap_err();
        assert_eq!(e.kind, K::InvalidSenml);
        let e = decode_json(b"[{\"n\":\"x\"},\n {").unwrap_err();
        assert_eq!((e.kind, e.offset), (K::InvalidSenml, 13));
        let model = Model::core();
        let recs = decode_json(br#"[{"n":"/3/0/9","v":1.5}]"#).unwrap();
        assert_eq!(resolve(&recs, &model).unwrap_err(), err(K::SenmlValue, 0));
        let recs = decode_json(br#"[{"n":"/3/0/9","v":1},{"n":"3/0"}]"#).unwrap();
        assert_eq!(resolve(&recs, &model).unwrap_err(), err(K::SenmlName, 1));
        assert_eq!(
            decode_cbor(&[0x80, 0x00]).unwrap_err().kind,
            K::TrailingBytes
        );
    }

    #[test]
    fn lwm2m_json_device() {
        let json = br#"{"bn":"/3/0/","e":[{"n":"0","sv":"Open Mobile Alliance"},{"n":"6/0","v":1},{"n":"9","v":100},{"n":"22/0","ov":"3:0"},{"n":"6/1","v":5}]}"#;
        let records = decode_lwm2m_json(json).unwrap();
        let r = resolve(&records, &Model::core()).unwrap();
        assert_eq!(r[0].path.to_string(), "/3/0/0");
        assert_eq!(r[2].value, Some(Value::Integer(100)));
        assert_eq!(
            r[3].value,
            Some(Value::Objlnk(ObjectLink {
                object: 3,
                instance: 0
            }))
        );
        assert_eq!(encode_lwm2m_json(&records).unwrap().as_bytes(), json);
        assert_eq!(
            decode_lwm2m_json(br#"{"bn":"/3/0/"}"#).unwrap_err().kind,
            K::InvalidSenml
        );
        let empty = decode_lwm2m_json(br#"{"bn":"/3/0/","e":[]}"#).unwrap();
        assert_eq!(
            encode_lwm2m_json(&empty).unwrap(),
            r#"{"bn":"/3/0/","e":[]}"#
        );
    }
}
