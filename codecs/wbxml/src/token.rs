//! Global tokens (WBXML 1.3 §7.1, Table 4) and the operand parsers (mb_u_int32 with nom).

use crate::error::{Error, WbxmlErrorKind as K, err};
use nom::IResult;

/// Change the code page for the current token space; one byte (the page) follows.
pub const SWITCH_PAGE: u8 = 0x00;
/// End of an attribute list or an element.
pub const END: u8 = 0x01;
/// A character entity: mb_u_int32 UCS-4 code.
pub const ENTITY: u8 = 0x02;
/// Inline string: NUL-terminated.
pub const STR_I: u8 = 0x03;
/// Unknown tag or attribute name: mb_u_int32 string-table index.
pub const LITERAL: u8 = 0x04;
/// Inline-string extension 0.
pub const EXT_I_0: u8 = 0x40;
/// Inline-string extension 2.
pub const EXT_I_2: u8 = 0x42;
/// Processing instruction.
pub const PI: u8 = 0x43;
/// LITERAL with content.
pub const LITERAL_C: u8 = 0x44;
/// Extension 0 with an mb_u_int32.
pub const EXT_T_0: u8 = 0x80;
/// Extension 2 with an mb_u_int32.
pub const EXT_T_2: u8 = 0x82;
/// String-table reference: mb_u_int32 index.
pub const STR_T: u8 = 0x83;
/// LITERAL with attributes.
pub const LITERAL_A: u8 = 0x84;
/// Single-byte extension 0.
pub const EXT_0: u8 = 0xC0;
/// Single-byte extension 2.
pub const EXT_2: u8 = 0xC2;
/// Opaque data: mb_u_int32 length, then the bytes.
pub const OPAQUE: u8 = 0xC3;
/// LITERAL with attributes and content.
pub const LITERAL_AC: u8 = 0xC4;

/// Tag byte: the element has attributes.
pub const TAG_ATTRS: u8 = 0x80;
/// Tag byte: the element has content.
pub const TAG_CONTENT: u8 = 0x40;
/// Tag byte: the tag identity.
pub const TAG_CODE: u8 = 0x3F;

/// True for a byte that starts an element: a tag token (identity 0x05–0x3F) or a LITERAL form.
pub const fn is_tag(tok: u8) -> bool {
    tok & TAG_CODE >= LITERAL
}

/// nom: one mb_u_int32 (§5.1), returning the value and whether it was padded with leading
/// `0x80` bytes. At most 5 bytes; more, or a value above u32::MAX, is a verification error.
fn mb_u_int32_nom(i: &[u8]) -> IResult<&[u8], (u32, bool)> {
    let mut value: u64 = 0;
    for (n, &b) in i.iter().enumerate().take(5) {
        value = value << 7 | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            let padded = n > 0 && i.first() == Some(&0x80);
            let v = u32::try_from(value).map_err(|_| verify(i))?;
            return Ok((i.get(n + 1..).unwrap_or_default(), (v, padded)));
        }
    }
    if i.len() < 5 {
        return Err(nom::Err::Incomplete(nom::Needed::Unknown));
    }
    Err(verify(i))
}

fn verify(i: &[u8]) -> nom::Err<nom::error::Error<&[u8]>> {
    nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))
}

/// An mb_u_int32 at `pos` of `input`: value and bytes used. Padded forms are errors unless
/// `padded_ok`.
pub fn mb_u_int32(input: &[u8], pos: usize, padded_ok: bool) -> Result<(u32, usize), Error> {
    let rest = input.get(pos..).unwrap_or_default();
    match mb_u_int32_nom(rest) {
        Ok((after, (v, padded))) => {
            if padded && !padded_ok {
                return Err(err(K::InvalidMbUint32, pos));
            }
            Ok((v, rest.len() - after.len()))
        }
        Err(nom::Err::Incomplete(_)) => Err(err(K::Truncated, input.len())),
        Err(_) => Err(err(K::InvalidMbUint32, pos)),
    }
}

/// The NUL-terminated string at `pos`, the bytes it spans (NUL included), and whether it is
/// all ASCII (so a UTF-8 check can be skipped). Strings in SyncML are short: a plain loop
/// beats a memchr call here.
#[inline]
pub fn termstr(input: &[u8], pos: usize) -> Result<(&[u8], usize, bool), Error> {
    let rest = input.get(pos..).unwrap_or_default();
    let mut high = 0u8;
    for (n, &b) in rest.iter().enumerate() {
        if b == 0 {
            return Ok((rest.get(..n).unwrap_or_default(), n + 1, high < 0x80));
        }
        high |= b;
    }
    Err(err(K::UnterminatedString, pos))
}
