//! The variable-length integers of the m2mwire protocols, written once.

use crate::error::{CoreErrorKind, EncodeError, Error};
use crate::reader::Reader;
use crate::write::Write;

/// Largest value of an MQTT Variable Byte Integer (4 bytes): 268,435,455.
pub const VBI_MAX: u32 = 268_435_455;

/// Decode an MQTT Variable Byte Integer (MQTT 3.1.1 §2.2.3, MQTT 5.0 §1.5.5).
///
/// At most 4 bytes: a fifth continuation is [`CoreErrorKind::VarIntTooLong`]. A value in more
/// bytes than it needs (e.g. `80 00` for 0) is [`CoreErrorKind::VarIntNonMinimal`]:
/// MQTT 5.0 requires the shortest form [MQTT-1.5.5-1], and 3.1.1's encoding algorithm
/// (§2.2.3) can only produce it, so no conforming sender of either version sends another.
/// The error offset is the first byte of the integer.
pub fn read_vbi(r: &mut Reader<'_>) -> Result<u32, Error<CoreErrorKind>> {
    let start = r.offset();
    let mut value: u32 = 0;
    for i in 0..4 {
        let b = r.read_u8()?;
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            // A final byte of 0 after a continuation adds nothing: a longer form than needed.
            if i > 0 && b == 0 {
                return Err(Error::new(CoreErrorKind::VarIntNonMinimal, start));
            }
            return Ok(value);
        }
    }
    Err(Error::new(CoreErrorKind::VarIntTooLong, start))
}

/// Bytes [`write_vbi`] uses for `v` (1–4), or `None` above [`VBI_MAX`].
pub const fn vbi_len(v: u32) -> Option<usize> {
    match v {
        0..=127 => Some(1),
        128..=16_383 => Some(2),
        16_384..=2_097_151 => Some(3),
        2_097_152..=VBI_MAX => Some(4),
        _ => None,
    }
}

/// Encode an MQTT Variable Byte Integer in its shortest form.
///
/// Inlined for a value below 128 (one byte: every MQTT 5.0 property identifier, most
/// property lengths); longer ones out of line.
#[inline]
pub fn write_vbi<W: Write + ?Sized>(w: &mut W, v: u32) -> Result<(), EncodeError> {
    match u8::try_from(v) {
        Ok(b) if b < 0x80 => w.write_u8(b),
        _ => write_vbi_long(w, v),
    }
}

fn write_vbi_long<W: Write + ?Sized>(w: &mut W, mut v: u32) -> Result<(), EncodeError> {
    if v > VBI_MAX {
        return Err(EncodeError::Invalid {
            what: "Variable Byte Integer",
            clause: "MQTT 5.0 §1.5.5",
        });
    }
    loop {
        let mut b = (v & 0x7f) as u8;
        v >>= 7;
        if v != 0 {
            b |= 0x80;
        }
        w.write_u8(b)?;
        if v == 0 {
            return Ok(());
        }
    }
}

/// Decode a WBXML `mb_u_int32` (WBXML 1.3 §5.1): 7 bits per byte, most significant group
/// first, continuation bit on all but the last byte, at most 5 bytes and at most `u32::MAX`.
///
/// Returns the value and the number of bytes it took, so a caller that must re-encode
/// byte-exactly can tell a padded form (leading `0x80` bytes, which the spec does not forbid)
/// from the shortest one ([`mb_u_int32_len`]).
pub fn read_mb_u_int32(r: &mut Reader<'_>) -> Result<(u32, usize), Error<CoreErrorKind>> {
    let start = r.offset();
    let mut value: u64 = 0;
    for i in 0..5 {
        let b = r.read_u8()?;
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return u32::try_from(value)
                .map(|v| (v, i + 1))
                .map_err(|_| Error::new(CoreErrorKind::VarIntOverflow, start));
        }
    }
    Err(Error::new(CoreErrorKind::VarIntTooLong, start))
}

/// Bytes of the shortest `mb_u_int32` encoding of `v` (1–5).
pub const fn mb_u_int32_len(v: u32) -> usize {
    match v {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        0x4000..=0x1f_ffff => 3,
        0x20_0000..=0x0fff_ffff => 4,
        _ => 5,
    }
}

/// Encode a WBXML `mb_u_int32` in its shortest form.
pub fn write_mb_u_int32<W: Write + ?Sized>(w: &mut W, v: u32) -> Result<(), EncodeError> {
    let n = mb_u_int32_len(v);
    let mut buf = [0u8; 5];
    for (i, slot) in buf.iter_mut().take(n).enumerate() {
        let shift = 7 * (n - 1 - i);
        let cont = if i + 1 < n { 0x80 } else { 0 };
        *slot = ((v >> shift) & 0x7f) as u8 | cont;
    }
    w.write_all(buf.get(..n).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    fn vbi(bytes: &[u8]) -> Result<u32, CoreErrorKind> {
        read_vbi(&mut Reader::new(bytes)).map_err(|e| e.kind)
    }

    #[test]
    fn vbi_boundaries_from_mqtt_table() {
        // MQTT 5.0 §1.5.5 table of 1- to 4-byte ranges.
        for (v, bytes) in [
            (0u32, &[0x00][..]),
            (127, &[0x7f]),
            (128, &[0x80, 0x01]),
            (16_383, &[0xff, 0x7f]),
            (16_384, &[0x80, 0x80, 0x01]),
            (2_097_151, &[0xff, 0xff, 0x7f]),
            (2_097_152, &[0x80, 0x80, 0x80, 0x01]),
            (VBI_MAX, &[0xff, 0xff, 0xff, 0x7f]),
        ] {
            assert_eq!(vbi(bytes), Ok(v));
            let mut out = Vec::new();
            write_vbi(&mut out, v).unwrap();
            assert_eq!(out, bytes);
            assert_eq!(vbi_len(v), Some(bytes.len()));
        }
    }

    #[test]
    fn vbi_rejects_five_bytes_non_minimal_truncated_and_too_large() {
        assert_eq!(
            vbi(&[0xff, 0xff, 0xff, 0xff, 0x7f]),
            Err(CoreErrorKind::VarIntTooLong)
        );
        assert_eq!(vbi(&[0x80, 0x00]), Err(CoreErrorKind::VarIntNonMinimal));
        assert_eq!(
            vbi(&[0x81, 0x80, 0x00]),
            Err(CoreErrorKind::VarIntNonMinimal)
        );
        assert_eq!(vbi(&[0x80]), Err(CoreErrorKind::UnexpectedEnd));
        assert!(write_vbi(&mut Vec::new(), VBI_MAX + 1).is_err());
        assert_eq!(vbi_len(VBI_MAX + 1), None);
    }

    #[test]
    fn mb_u_int32_examples_and_limits() {
        // WBXML 1.3 §5.1: 0xA0 = 0x81 0x20; 0x60 = 0x60.
        let mut r = Reader::new(&[0x81, 0x20]);
        assert_eq!(read_mb_u_int32(&mut r).unwrap(), (0xa0, 2));
        for v in [
            0u32,
            0x60,
            0x7f,
            0x80,
            0x3fff,
            0x4000,
            0x0fff_ffff,
            u32::MAX,
        ] {
            let mut out = Vec::new();
            write_mb_u_int32(&mut out, v).unwrap();
            assert_eq!(out.len(), mb_u_int32_len(v));
            let mut r = Reader::new(&out);
            assert_eq!(read_mb_u_int32(&mut r).unwrap(), (v, out.len()));
        }
        // Padded form decodes and reports its length.
        assert_eq!(
            read_mb_u_int32(&mut Reader::new(&[0x80, 0x05])).unwrap(),
            (5, 2)
        );
        let six = [0x81, 0x80, 0x80, 0x80, 0x80, 0x00];
        assert_eq!(
            read_mb_u_int32(&mut Reader::new(&six)).unwrap_err().kind,
            CoreErrorKind::VarIntTooLong
        );
        let over = [0x90, 0x80, 0x80, 0x80, 0x00]; // 2^32
        assert_eq!(
            read_mb_u_int32(&mut Reader::new(&over)).unwrap_err().kind,
            CoreErrorKind::VarIntOverflow
        );
    }
}
