//! LwM2M CBOR (content format 11544, LwM2M 1.2): nested CBOR maps keyed by path ids, from
//! the root, e.g. `{3: {0: {0: "Open Mobile Alliance", 9: 100}}}` (feature `senml`).
//!
//! A key is an id or an array of ids (several path levels at once); a value is a map (one
//! level deeper) or a leaf. Leaves are typed by the object model: Integer, Unsigned Integer
//! and Float from CBOR numbers, Time from a number or tag 1 (epoch seconds), Boolean, String
//! and Corelnk from text, Opaque from a byte string, Objlnk from text `"3:0"`.
//!
//! The encoder writes definite-length maps with integer keys, one level per map, in the order
//! the resources are given (grouping those that share a prefix), integers in their shortest
//! form, floats in 4 bytes when exact. Indefinite-length maps (as Anjay sends) and array keys
//! decode too.

use crate::error::{Error, Lwm2mErrorKind as K, err};
use crate::model::Model;
use crate::path::Path;
use crate::value::{ResourceType, Value, fits_f32, parse_objlnk};
use minicbor::Decoder;
use minicbor::data::{Tag, Type};
use std::collections::BTreeSet;
use std::vec::Vec;

/// Deepest path: object / instance / resource / resource instance.
const MAX_IDS: usize = 4;

/// One resource (or resource instance) read from an LwM2M CBOR payload.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<'a> {
    /// Its full path.
    pub path: Path,
    /// Its value, typed by the model.
    pub value: Value<'a>,
}

fn bad(at: usize) -> Error {
    err(K::InvalidLwm2mCbor, at)
}

fn cbor(len: usize, at: usize) -> impl Fn(minicbor::decode::Error) -> Error {
    move |e| {
        let offset = if e.is_end_of_input() {
            len
        } else {
            e.position().unwrap_or(at)
        };
        bad(offset)
    }
}

struct Reader<'a, 'm> {
    d: Decoder<'a>,
    len: usize,
    model: &'m Model,
    out: Vec<Entry<'a>>,
    seen: BTreeSet<Path>,
}

impl<'a> Reader<'a, '_> {
    /// The ids of one key: an unsigned integer or an array of them.
    fn key(&mut self, ids: &mut Vec<u16>) -> Result<(), Error> {
        let at = self.d.position();
        let e = cbor(self.len, at);
        let push = |v: u64, ids: &mut Vec<u16>| -> Result<(), Error> {
            let id = u16::try_from(v)
                .ok()
                .filter(|&v| v != u16::MAX)
                .ok_or(bad(at))?;
            if ids.len() >= MAX_IDS {
                return Err(bad(at));
            }
            ids.push(id);
            Ok(())
        };
        match self.d.datatype().map_err(&e)? {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => {
                let v = self.d.u64().map_err(&e)?;
                push(v, ids)
            }
            Type::Array => {
                let n = self.d.array().map_err(&e)?.ok_or(bad(at))?;
                if n == 0 {
                    return Err(bad(at));
                }
                for _ in 0..n {
                    let v = self.d.u64().map_err(&e)?;
                    push(v, ids)?;
                }
                Ok(())
            }
            _ => Err(bad(at)),
        }
    }

    fn map(&mut self, prefix: &mut Vec<u16>) -> Result<(), Error> {
        let at = self.d.position();
        let e = cbor(self.len, at);
        let n = self.d.map().map_err(&e)?;
        let mut k = 0u64;
        loop {
            match n {
                Some(n) if k >= n => break,
                None if self.d.datatype().map_err(&e)? == Type::Break => {
                    self.d.skip().map_err(&e)?;
                    break;
                }
                _ => {}
            }
            k += 1;
            let depth = prefix.len();
            self.key(prefix)?;
            if self.d.datatype().map_err(&e)? == Type::Map
                || self.d.datatype().map_err(&e)? == Type::MapIndef
            {
                self.map(prefix)?;
            } else {
                self.leaf(prefix)?;
            }
            prefix.truncate(depth);
        }
        Ok(())
    }

    fn leaf(&mut self, ids: &[u16]) -> Result<(), Error> {
        let at = self.d.position();
        let e = cbor(self.len, at);
        let path = Path::new(ids).ok_or(bad(at))?;
        let (Some(o), Some(r)) = (path.object(), path.resource()) else {
            // A value must sit at a resource or resource instance.
            return Err(bad(at));
        };
        // The same path twice, or a resource given both a value and instances.
        let ancestor = (3..path.depth()).any(|n| {
            Path::new(ids.get(..n).unwrap_or_default()).is_some_and(|a| self.seen.contains(&a))
        });
        let descendant = self
            .seen
            .range(path..)
            .next()
            .is_some_and(|next| next.ids().starts_with(path.ids()));
        if ancestor || descendant || !self.seen.insert(path) {
            return Err(bad(at));
        }
        let ty = self.model.resource(o, r).map(|d| d.ty);
        let mismatch = || err(K::Lwm2mCborValue, at);
        let value = match self.d.datatype().map_err(&e)? {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => {
                let u = self.d.u64().map_err(&e)?;
                match ty {
                    Some(ResourceType::UnsignedInteger) => Value::UnsignedInteger(u),
                    Some(ResourceType::Integer) | None => {
                        Value::Integer(i64::try_from(u).map_err(|_| mismatch())?)
                    }
                    Some(ResourceType::Time) => {
                        Value::Time(i64::try_from(u).map_err(|_| mismatch())?)
                    }
                    Some(ResourceType::Float) => Value::Float(u as f64),
                    _ => return Err(mismatch()),
                }
            }
            Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => {
                let i = self.d.i64().map_err(|_| mismatch())?;
                match ty {
                    Some(ResourceType::Integer) | None => Value::Integer(i),
                    Some(ResourceType::Time) => Value::Time(i),
                    Some(ResourceType::Float) => Value::Float(i as f64),
                    _ => return Err(mismatch()),
                }
            }
            Type::F16 | Type::F32 | Type::F64 => {
                let f = match self.d.datatype().map_err(&e)? {
                    Type::F16 => f64::from(self.d.f16().map_err(&e)?),
                    Type::F32 => f64::from(self.d.f32().map_err(&e)?),
                    _ => self.d.f64().map_err(&e)?,
                };
                match ty {
                    Some(ResourceType::Float) | None => Value::Float(f),
                    _ => return Err(mismatch()),
                }
            }
            Type::Bool => {
                let b = self.d.bool().map_err(&e)?;
                match ty {
                    Some(ResourceType::Boolean) | None => Value::Boolean(b),
                    _ => return Err(mismatch()),
                }
            }
            Type::String => {
                let s = self.d.str().map_err(&e)?;
                match ty {
                    Some(ResourceType::String) | None => Value::String(s),
                    Some(ResourceType::Corelnk) => Value::Corelnk(s),
                    Some(ResourceType::Objlnk) => {
                        Value::Objlnk(parse_objlnk(s).ok_or_else(mismatch)?)
                    }
                    _ => return Err(mismatch()),
                }
            }
            Type::Bytes => {
                let b = self.d.bytes().map_err(&e)?;
                match ty {
                    Some(ResourceType::Opaque) | None => Value::Opaque(b),
                    _ => return Err(mismatch()),
                }
            }
            Type::Tag => {
                // Tag 1: epoch-based date/time (RFC 8949 §3.4.2), for Time resources.
                let tag = self.d.tag().map_err(&e)?;
                if tag != Tag::new(1) || !matches!(ty, Some(ResourceType::Time) | None) {
                    return Err(mismatch());
                }
                Value::Time(self.d.i64().map_err(|_| mismatch())?)
            }
            _ => return Err(bad(at)),
        };
        self.out.push(Entry { path, value });
        Ok(())
    }
}

/// Read an LwM2M CBOR payload into its resources, typed with `model` (resources it does not
/// know keep the CBOR type: integers as Integer, text as String, bytes as Opaque).
pub fn decode_lwm2m_cbor<'a>(bytes: &'a [u8], model: &Model) -> Result<Vec<Entry<'a>>, Error> {
    let mut r = Reader {
        d: Decoder::new(bytes),
        len: bytes.len(),
        model,
        out: Vec::new(),
        seen: BTreeSet::new(),
    };
    let mut prefix = Vec::with_capacity(MAX_IDS);
    r.map(&mut prefix)?;
    if r.d.position() != bytes.len() {
        return Err(err(K::TrailingBytes, r.d.position()));
    }
    Ok(r.out)
}

type CborResult = Result<(), minicbor::encode::Error<core::convert::Infallible>>;

fn put_value(e: &mut minicbor::Encoder<&mut Vec<u8>>, v: &Value<'_>) -> CborResult {
    match *v {
        Value::String(s) | Value::Corelnk(s) => e.str(s).map(drop),
        Value::Integer(i) => e.i64(i).map(drop),
        Value::Time(i) => e.tag(Tag::new(1))?.i64(i).map(drop),
        Value::UnsignedInteger(u) => e.u64(u).map(drop),
        Value::Float(f) if fits_f32(f) => e.f32(f as f32).map(drop),
        Value::Float(f) => e.f64(f).map(drop),
        Value::Boolean(b) => e.bool(b).map(drop),
        Value::Opaque(b) => e.bytes(b).map(drop),
        Value::Objlnk(l) => e
            .str(&std::format!("{}:{}", l.object, l.instance))
            .map(drop),
    }
}

/// Write entries at `depth` whose paths share `prefix`, grouped by their next id in order of
/// first appearance.
fn put_level(
    e: &mut minicbor::Encoder<&mut Vec<u8>>,
    entries: &[&Entry<'_>],
    depth: usize,
) -> CborResult {
    let mut keys: Vec<u16> = Vec::new();
    for x in entries {
        if let Some(&id) = x.path.ids().get(depth) {
            if !keys.contains(&id) {
                keys.push(id);
            }
        }
    }
    e.map(keys.len() as u64)?;
    for k in keys {
        e.u16(k)?;
        let group: Vec<&Entry<'_>> = entries
            .iter()
            .copied()
            .filter(|x| x.path.ids().get(depth) == Some(&k))
            .collect();
        match group.as_slice() {
            [leaf] if leaf.path.depth() == depth + 1 => put_value(e, &leaf.value)?,
            _ => put_level(e, &group, depth + 1)?,
        }
    }
    Ok(())
}

/// Write entries as canonical LwM2M CBOR. Each path must name a resource or resource
/// instance, and no path may be a prefix of another.
pub fn encode_lwm2m_cbor(entries: &[Entry<'_>]) -> Result<Vec<u8>, m2mwire_core::EncodeError> {
    let invalid = m2mwire_core::EncodeError::Invalid {
        what: "LwM2M CBOR entries must be resources, none a prefix of another",
        clause: "LwM2M 1.2 Core §7.4 (LwM2M CBOR)",
    };
    for (i, a) in entries.iter().enumerate() {
        if a.path.depth() < 3 {
            return Err(invalid);
        }
        for b in entries.iter().skip(i + 1) {
            let n = a.path.depth().min(b.path.depth());
            if a.path.ids().get(..n) == b.path.ids().get(..n) {
                return Err(invalid);
            }
        }
    }
    let mut buf = Vec::new();
    let refs: Vec<&Entry<'_>> = entries.iter().collect();
    // Writing to a Vec cannot fail.
    let _ = put_level(&mut minicbor::Encoder::new(&mut buf), &refs, 0);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anjays_indefinite_maps_and_our_definite_ones() {
        // Anjay's test writes 25 to /3/3/3 (a String in the core model): read it untyped.
        let model = Model::new();
        // {3: {3: {3: 25}, 1: {1: 11}}} with indefinite-length maps, as Anjay writes it.
        let anjay = [
            0xbf, 0x03, 0xbf, 0x03, 0xbf, 0x03, 0x18, 0x19, 0xff, 0x01, 0xbf, 0x01, 0x0b, 0xff,
            0xff, 0xff,
        ];
        let got = decode_lwm2m_cbor(&anjay, &model).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].path, Path::parse("/3/3/3").unwrap());
        assert_eq!(got[1].path, Path::parse("/3/1/1").unwrap());
        let ours = encode_lwm2m_cbor(&got).unwrap();
        assert_eq!(
            ours,
            [
                0xa1, 0x03, 0xa2, 0x03, 0xa1, 0x03, 0x18, 0x19, 0x01, 0xa1, 0x01, 0x0b
            ]
        );
        assert_eq!(decode_lwm2m_cbor(&ours, &model).unwrap(), got);
        // Array keys: {[3, 0]: {9: 100}}
        let arr = [0xa1, 0x82, 0x03, 0x00, 0xa1, 0x09, 0x18, 0x64];
        let got = decode_lwm2m_cbor(&arr, &Model::core()).unwrap();
        assert_eq!(got[0].path, Path::parse("/3/0/9").unwrap());
        assert_eq!(got[0].value, Value::Integer(100));
    }

    #[test]
    fn errors() {
        let model = Model::core();
        let e = |b: &[u8]| decode_lwm2m_cbor(b, &model).unwrap_err();
        assert_eq!(
            e(&[0xa1, 0x03, 0x01]).kind,
            K::InvalidLwm2mCbor,
            "value above a resource"
        );
        assert_eq!(
            e(&[0xa1, 0x63, b'a', b'b', b'c', 0x01]).kind,
            K::InvalidLwm2mCbor
        );
        // Boolean resource /1/0/6 given an integer.
        assert_eq!(
            e(&[0xa1, 0x01, 0xa1, 0x00, 0xa1, 0x06, 0x01]).kind,
            K::Lwm2mCborValue
        );
        assert_eq!(e(&[0xa0, 0x00]).kind, K::TrailingBytes);
        // /6/2/1/0 and then /6/2/1: a resource with both instances and a value.
        assert_eq!(
            e(&[
                0xa1, 0x06, 0xa1, 0x02, 0xa2, 0x01, 0xa1, 0x00, 0x00, 0x01, 0x00
            ])
            .kind,
            K::InvalidLwm2mCbor
        );
        assert_eq!(
            e(&[
                0xa1, 0x06, 0xa1, 0x02, 0xa2, 0x01, 0x00, 0x01, 0xa1, 0x00, 0x00
            ])
            .kind,
            K::InvalidLwm2mCbor
        );
        // Five ids.
        assert_eq!(
            e(&[0xa1, 0x85, 1, 1, 1, 1, 1, 0x01]).kind,
            K::InvalidLwm2mCbor
        );
    }
}
