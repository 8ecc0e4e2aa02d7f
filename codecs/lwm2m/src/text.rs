//! Plain text (content format 0) and opaque (42) single-resource values (LwM2M 1.1 Core
//! §7.4.1, §7.4.2).
//!
//! Plain text carries one value of a numeric, boolean, time, string or link type as its
//! decimal or literal text. Opaque values go in the opaque format (raw bytes), not in text.

use crate::error::{Error, Lwm2mErrorKind as K, err};
use crate::value::{ResourceType, Value, parse_objlnk, read_str};
use core::fmt;

/// Read a plain-text payload as a value of type `ty`.
///
/// Integer and Time: `-?[0-9]+` within i64; Unsigned Integer: `[0-9]+` within u64;
/// Float: `-?[0-9]+(.[0-9]+)?([eE][+-]?[0-9]+)?` (no `inf`/`NaN`, which text cannot carry);
/// Boolean: `0` or `1`; Objlnk: `object:instance`; String and Corelnk: any UTF-8.
pub fn decode_text(ty: ResourceType, bytes: &[u8]) -> Result<Value<'_>, Error> {
    let s = read_str(bytes, 0)?;
    let bad = || err(K::InvalidText, 0);
    Ok(match ty {
        ResourceType::String => Value::String(s),
        ResourceType::Corelnk => Value::Corelnk(s),
        ResourceType::Integer | ResourceType::Time => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            if !all_digits(digits) {
                return Err(bad());
            }
            let v = s.parse().map_err(|_| bad())?;
            if ty == ResourceType::Time {
                Value::Time(v)
            } else {
                Value::Integer(v)
            }
        }
        ResourceType::UnsignedInteger => {
            if !all_digits(s) {
                return Err(bad());
            }
            Value::UnsignedInteger(s.parse().map_err(|_| bad())?)
        }
        ResourceType::Float => {
            if !is_decimal_float(s) {
                return Err(bad());
            }
            Value::Float(s.parse().map_err(|_| bad())?)
        }
        ResourceType::Boolean => match s {
            "0" => Value::Boolean(false),
            "1" => Value::Boolean(true),
            _ => return Err(bad()),
        },
        ResourceType::Objlnk => Value::Objlnk(parse_objlnk(s).ok_or_else(bad)?),
        ResourceType::Opaque | ResourceType::None => return Err(err(K::UnsupportedType, 0)),
    })
}

/// Read an opaque payload (content format 42): the bytes of an Opaque resource.
pub fn decode_opaque(ty: ResourceType, bytes: &[u8]) -> Result<Value<'_>, Error> {
    match ty {
        ResourceType::Opaque => Ok(Value::Opaque(bytes)),
        _ => Err(err(K::UnsupportedType, 0)),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal_float(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(at) => (s.get(..at).unwrap_or_default(), s.get(at + 1..)),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => all_digits(int) && all_digits(frac),
        None => all_digits(mantissa),
    };
    let exp_ok = exp.is_none_or(|e| all_digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exp_ok
}

/// The plain-text form of a value, as [`decode_text`] reads it. Opaque values and
/// non-finite floats have none: formatting them is a [`fmt::Error`].
pub struct Text<'v, 'a>(pub &'v Value<'a>);

impl fmt::Display for Text<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self.0 {
            Value::String(s) | Value::Corelnk(s) => f.write_str(s),
            Value::Integer(v) | Value::Time(v) => write!(f, "{v}"),
            Value::UnsignedInteger(v) => write!(f, "{v}"),
            // `Debug` is the shortest text that reads back to the same f64, with an
            // exponent for very large or small values.
            Value::Float(v) if v.is_finite() => write!(f, "{v:?}"),
            Value::Boolean(b) => f.write_str(if b { "1" } else { "0" }),
            Value::Objlnk(l) => write!(f, "{}:{}", l.object, l.instance),
            Value::Float(_) | Value::Opaque(_) => Err(fmt::Error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn text_round_trips() {
        let cases: [(ResourceType, &str); 9] = [
            (ResourceType::Integer, "-127"),
            (ResourceType::Integer, "9223372036854775807"),
            (ResourceType::UnsignedInteger, "18446744073709551615"),
            (ResourceType::Float, "0.1"),
            (ResourceType::Float, "1e300"),
            (ResourceType::Boolean, "1"),
            (ResourceType::Time, "1367491215"),
            (ResourceType::Objlnk, "66:0"),
            (ResourceType::String, "Open Mobile Alliance"),
        ];
        for (ty, s) in cases {
            let v = decode_text(ty, s.as_bytes()).unwrap();
            assert_eq!(format!("{}", Text(&v)), s, "{ty:?}");
        }
    }

    #[test]
    fn text_rejects() {
        for (ty, s) in [
            (ResourceType::Integer, "+1"),
            (ResourceType::Integer, "1.0"),
            (ResourceType::Integer, "9223372036854775808"),
            (ResourceType::UnsignedInteger, "-1"),
            (ResourceType::Float, "inf"),
            (ResourceType::Float, "NaN"),
            (ResourceType::Float, ".5"),
            (ResourceType::Boolean, "true"),
            (ResourceType::Objlnk, "66:65535x"),
            (ResourceType::Objlnk, "66"),
        ] {
            assert_eq!(
                decode_text(ty, s.as_bytes()).unwrap_err().kind,
                K::InvalidText,
                "{s}"
            );
        }
        assert_eq!(
            decode_text(ResourceType::Opaque, b"AQID").unwrap_err().kind,
            K::UnsupportedType
        );
        assert_eq!(
            decode_opaque(ResourceType::Opaque, b"\x01").unwrap(),
            Value::Opaque(b"\x01")
        );
        assert!(
            format!("{}", Text(&Value::Float(1.0)))
                .parse::<f64>()
                .is_ok()
        );
    }
}
