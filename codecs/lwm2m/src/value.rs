//! Typed resource values and their TLV form (LwM2M 1.1 Core App. C, Data Types).
//!
//! The rules here are the ones deployed stacks have got wrong: Integer is signed two's
//! complement, so 129 takes two bytes (`00 81`) and a lone `81` is −127; only the Unsigned
//! Integer type of LwM2M 1.1 reads `81` as 129. A Float is written in 4 bytes only when that
//! loses nothing; an 8-byte float is never read as 4.

use crate::error::{DecodeOptions, Error, Lwm2mErrorKind as K, Relax, err};
use m2mwire_core::{Encode, EncodeError, Write};

/// The data type of a resource (the `<Type>` of an object definition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceType {
    /// UTF-8 text.
    String,
    /// Signed 64-bit integer.
    Integer,
    /// Unsigned 64-bit integer (LwM2M 1.1).
    UnsignedInteger,
    /// IEEE 754 binary32 or binary64.
    Float,
    /// 0 or 1.
    Boolean,
    /// Raw bytes.
    Opaque,
    /// Seconds since 1970-01-01 UTC, signed.
    Time,
    /// A link to an object instance: object id and instance id.
    Objlnk,
    /// CoRE link format text (LwM2M 1.1).
    Corelnk,
    /// No value: an executable resource.
    None,
}

impl ResourceType {
    /// Every type.
    pub const ALL: [ResourceType; 10] = [
        ResourceType::String,
        ResourceType::Integer,
        ResourceType::UnsignedInteger,
        ResourceType::Float,
        ResourceType::Boolean,
        ResourceType::Opaque,
        ResourceType::Time,
        ResourceType::Objlnk,
        ResourceType::Corelnk,
        ResourceType::None,
    ];

    /// The name an object definition uses (`Unsigned Integer`, `Objlnk`; `none` for
    /// executable resources, whose `<Type>` is empty).
    pub const fn name(self) -> &'static str {
        match self {
            ResourceType::String => "String",
            ResourceType::Integer => "Integer",
            ResourceType::UnsignedInteger => "Unsigned Integer",
            ResourceType::Float => "Float",
            ResourceType::Boolean => "Boolean",
            ResourceType::Opaque => "Opaque",
            ResourceType::Time => "Time",
            ResourceType::Objlnk => "Objlnk",
            ResourceType::Corelnk => "Corelnk",
            ResourceType::None => "none",
        }
    }

    /// The type named `name`, as object definitions write it (case-insensitive; an empty
    /// name is [`ResourceType::None`]).
    pub fn from_name(name: &str) -> Option<ResourceType> {
        let name = name.trim();
        if name.is_empty() {
            return Some(ResourceType::None);
        }
        ResourceType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
            .or_else(|| {
                name.eq_ignore_ascii_case("unsigned")
                    .then_some(ResourceType::UnsignedInteger)
            })
    }
}

/// An Objlnk value: object id and object instance id. `0xFFFF:0xFFFF` is the null link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectLink {
    /// Object id.
    pub object: u16,
    /// Object instance id.
    pub instance: u16,
}

impl ObjectLink {
    /// The null link (both ids MAX_ID), which points nowhere.
    pub const NULL: ObjectLink = ObjectLink {
        object: u16::MAX,
        instance: u16::MAX,
    };
}

/// One typed resource value, borrowing text and bytes from the payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// UTF-8 text.
    String(&'a str),
    /// Signed integer.
    Integer(i64),
    /// Unsigned integer (LwM2M 1.1).
    UnsignedInteger(u64),
    /// Float, kept as binary64 (a 4-byte float widens exactly).
    Float(f64),
    /// Boolean.
    Boolean(bool),
    /// Raw bytes.
    Opaque(&'a [u8]),
    /// Seconds since the epoch, signed.
    Time(i64),
    /// Object link.
    Objlnk(ObjectLink),
    /// CoRE link-format text (LwM2M 1.1).
    Corelnk(&'a str),
}

impl<'a> Value<'a> {
    /// The value's type.
    pub fn resource_type(&self) -> ResourceType {
        match self {
            Value::String(_) => ResourceType::String,
            Value::Integer(_) => ResourceType::Integer,
            Value::UnsignedInteger(_) => ResourceType::UnsignedInteger,
            Value::Float(_) => ResourceType::Float,
            Value::Boolean(_) => ResourceType::Boolean,
            Value::Opaque(_) => ResourceType::Opaque,
            Value::Time(_) => ResourceType::Time,
            Value::Objlnk(_) => ResourceType::Objlnk,
            Value::Corelnk(_) => ResourceType::Corelnk,
        }
    }

    /// Read the TLV value `bytes` (starting at absolute `offset`) as type `ty`.
    ///
    /// Strict: Integer, Unsigned Integer and Time take 1, 2, 4 or 8 bytes (over-long but
    /// well-sized forms such as 8 bytes for 1 are valid); Float 4 or 8; Boolean one byte 0
    /// or 1; Objlnk 4; String and Corelnk UTF-8. [`ResourceType::None`] has no value.
    pub fn decode_tlv(
        ty: ResourceType,
        bytes: &'a [u8],
        offset: usize,
        opts: &DecodeOptions,
    ) -> Result<Value<'a>, Error> {
        Ok(match ty {
            ResourceType::String => Value::String(read_str(bytes, offset)?),
            ResourceType::Corelnk => Value::Corelnk(read_str(bytes, offset)?),
            ResourceType::Integer => Value::Integer(read_int(bytes, offset, opts)?),
            ResourceType::Time => Value::Time(read_int(bytes, offset, opts)?),
            ResourceType::UnsignedInteger => {
                Value::UnsignedInteger(read_uint(bytes, offset, opts)?)
            }
            ResourceType::Float => Value::Float(read_float(bytes, offset)?),
            ResourceType::Boolean => Value::Boolean(read_bool(bytes, offset, opts)?),
            ResourceType::Opaque => Value::Opaque(bytes),
            ResourceType::Objlnk => Value::Objlnk(read_objlnk(bytes, offset)?),
            ResourceType::None => return Err(err(K::UnsupportedType, offset)),
        })
    }
}

/// Bytes of the shortest two's-complement form of `v` among 1, 2, 4 and 8.
pub const fn int_len(v: i64) -> usize {
    if v as i8 as i64 == v {
        1
    } else if v as i16 as i64 == v {
        2
    } else if v as i32 as i64 == v {
        4
    } else {
        8
    }
}

/// Bytes of the shortest unsigned form of `v` among 1, 2, 4 and 8.
pub const fn uint_len(v: u64) -> usize {
    if v <= u8::MAX as u64 {
        1
    } else if v <= u16::MAX as u64 {
        2
    } else if v <= u32::MAX as u64 {
        4
    } else {
        8
    }
}

/// True if `v` survives binary32 exactly (bit for bit, NaN payloads and −0 included), so it
/// may be sent in 4 bytes.
pub fn fits_f32(v: f64) -> bool {
    ((v as f32) as f64).to_bits() == v.to_bits()
}

impl Encode for Value<'_> {
    fn encoded_len(&self) -> usize {
        match *self {
            Value::String(s) | Value::Corelnk(s) => s.len(),
            Value::Integer(v) | Value::Time(v) => int_len(v),
            Value::UnsignedInteger(v) => uint_len(v),
            Value::Float(v) => {
                if fits_f32(v) {
                    4
                } else {
                    8
                }
            }
            Value::Boolean(_) => 1,
            Value::Opaque(b) => b.len(),
            Value::Objlnk(_) => 4,
        }
    }

    /// The TLV value bytes (no header), in the shortest form that loses nothing.
    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        match *self {
            Value::String(s) | Value::Corelnk(s) => w.write_all(s.as_bytes()),
            Value::Integer(v) | Value::Time(v) => {
                let b = v.to_be_bytes();
                w.write_all(b.get(8 - int_len(v)..).unwrap_or_default())
            }
            Value::UnsignedInteger(v) => {
                let b = v.to_be_bytes();
                w.write_all(b.get(8 - uint_len(v)..).unwrap_or_default())
            }
            Value::Float(v) => {
                if fits_f32(v) {
                    w.write_all(&(v as f32).to_be_bytes())
                } else {
                    w.write_all(&v.to_be_bytes())
                }
            }
            Value::Boolean(b) => w.write_all(&[u8::from(b)]),
            Value::Opaque(b) => w.write_all(b),
            Value::Objlnk(l) => {
                w.write_all(&l.object.to_be_bytes())?;
                w.write_all(&l.instance.to_be_bytes())
            }
        }
    }
}

/// The Objlnk text form `object:instance` (decimal ids 0–65535), shared by plain text, SenML
/// `vlo`/`ov` and LwM2M CBOR.
pub(crate) fn parse_objlnk(s: &str) -> Option<ObjectLink> {
    let (o, i) = s.split_once(':')?;
    let id = |t: &str| -> Option<u16> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    Some(ObjectLink {
        object: id(o)?,
        instance: id(i)?,
    })
}

pub(crate) fn read_str(bytes: &[u8], offset: usize) -> Result<&str, Error> {
    core::str::from_utf8(bytes).map_err(|e| err(K::InvalidUtf8, offset + e.valid_up_to()))
}

fn int_len_ok(len: usize, opts: &DecodeOptions) -> bool {
    matches!(len, 1 | 2 | 4 | 8)
        || (matches!(len, 3 | 5..=7) && opts.allows(Relax::ODD_INTEGER_LENGTH))
}

pub(crate) fn read_int(bytes: &[u8], offset: usize, opts: &DecodeOptions) -> Result<i64, Error> {
    if !int_len_ok(bytes.len(), opts) {
        return Err(err(K::InvalidIntegerLength, offset));
    }
    // Sign-extend from the first byte, then shift in the rest.
    let first = bytes.first().map_or(0, |&b| b as i8 as i64);
    Ok(bytes
        .iter()
        .skip(1)
        .fold(first, |acc, &b| (acc << 8) | i64::from(b)))
}

pub(crate) fn read_uint(bytes: &[u8], offset: usize, opts: &DecodeOptions) -> Result<u64, Error> {
    if !int_len_ok(bytes.len(), opts) {
        return Err(err(K::InvalidIntegerLength, offset));
    }
    Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

pub(crate) fn read_float(bytes: &[u8], offset: usize) -> Result<f64, Error> {
    if let Ok(b) = <[u8; 4]>::try_from(bytes) {
        Ok(f64::from(f32::from_be_bytes(b)))
    } else if let Ok(b) = <[u8; 8]>::try_from(bytes) {
        Ok(f64::from_be_bytes(b))
    } else {
        Err(err(K::InvalidFloatLength, offset))
    }
}

pub(crate) fn read_bool(bytes: &[u8], offset: usize, opts: &DecodeOptions) -> Result<bool, Error> {
    match bytes {
        [0] => Ok(false),
        [1] => Ok(true),
        [_] if opts.allows(Relax::ANY_BOOLEAN) => Ok(true),
        _ => Err(err(K::InvalidBoolean, offset)),
    }
}

pub(crate) fn read_objlnk(bytes: &[u8], offset: usize) -> Result<ObjectLink, Error> {
    match bytes {
        [a, b, c, d] => Ok(ObjectLink {
            object: u16::from_be_bytes([*a, *b]),
            instance: u16::from_be_bytes([*c, *d]),
        }),
        _ => Err(err(K::InvalidObjlnk, offset)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn tlv_bytes(v: Value<'_>) -> Vec<u8> {
        v.encode_to_vec().unwrap()
    }

    #[test]
    fn integers_take_the_shortest_signed_form() {
        assert_eq!(tlv_bytes(Value::Integer(129)), [0x00, 0x81]);
        assert_eq!(tlv_bytes(Value::Integer(-127)), [0x81]);
        assert_eq!(tlv_bytes(Value::Integer(127)), [0x7f]);
        assert_eq!(tlv_bytes(Value::Integer(-129)), [0xff, 0x7f]);
        assert_eq!(tlv_bytes(Value::Integer(i64::MIN)), i64::MIN.to_be_bytes());
        assert_eq!(tlv_bytes(Value::UnsignedInteger(129)), [0x81]);
        assert_eq!(tlv_bytes(Value::UnsignedInteger(u64::MAX)), [0xff; 8]);
        let s = DecodeOptions::strict();
        assert_eq!(read_int(&[0x81], 0, &s).unwrap(), -127);
        assert_eq!(read_int(&[0x00, 0x81], 0, &s).unwrap(), 129);
        assert_eq!(read_uint(&[0x81], 0, &s).unwrap(), 129);
        assert_eq!(
            read_int(&[0, 0, 1], 0, &s).unwrap_err().kind,
            K::InvalidIntegerLength
        );
        let l = DecodeOptions::lenient();
        assert_eq!(read_int(&[0xff, 0xff, 0xfe], 0, &l).unwrap(), -2);
        assert_eq!(
            read_int(&[], 0, &l).unwrap_err().kind,
            K::InvalidIntegerLength
        );
        assert_eq!(
            read_int(&[0; 9], 0, &l).unwrap_err().kind,
            K::InvalidIntegerLength
        );
    }

    #[test]
    fn floats_never_narrow_lossily() {
        assert_eq!(Value::Float(1.5).encoded_len(), 4);
        assert_eq!(Value::Float(0.1).encoded_len(), 8);
        assert_eq!(Value::Float(f64::INFINITY).encoded_len(), 4);
        assert_eq!(Value::Float(-0.0).encoded_len(), 4);
        assert_eq!(Value::Float(f64::MIN_POSITIVE).encoded_len(), 8);
        let b = tlv_bytes(Value::Float(-0.0));
        assert_eq!(read_float(&b, 0).unwrap().to_bits(), (-0.0f64).to_bits());
        assert_eq!(
            read_float(&[0x3c, 0x00], 0).unwrap_err().kind,
            K::InvalidFloatLength
        );
    }

    #[test]
    fn booleans_and_links() {
        let s = DecodeOptions::strict();
        assert!(read_bool(&[1], 0, &s).unwrap());
        assert_eq!(
            read_bool(&[2], 3, &s).unwrap_err(),
            err(K::InvalidBoolean, 3)
        );
        assert!(read_bool(&[2], 0, &DecodeOptions::lenient()).unwrap());
        assert_eq!(
            read_bool(&[0, 1], 0, &DecodeOptions::lenient())
                .unwrap_err()
                .kind,
            K::InvalidBoolean
        );
        assert_eq!(read_objlnk(&[0xff; 4], 0).unwrap(), ObjectLink::NULL);
        assert_eq!(
            read_objlnk(&[0, 3, 0], 0).unwrap_err().kind,
            K::InvalidObjlnk
        );
        assert_eq!(
            ResourceType::from_name("unsigned integer"),
            Some(ResourceType::UnsignedInteger)
        );
        assert_eq!(ResourceType::from_name(""), Some(ResourceType::None));
    }
}
