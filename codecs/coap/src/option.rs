//! Options: the number registry (RFC 7252 §5.10, §12.2 and extensions), their definitions,
//! the wire form of an option (§3.1) and the iterator over a message's options.

use crate::error::{CoapErrorKind, Error};
use m2mwire_core::{EncodeError, Write};

m2mwire_core::registry! {
    /// An option number (RFC 7252 §5.10, §12.2).
    pub struct OptionNumber(u16) {
        /// If-Match (RFC 7252 §5.10.8.1).
        IF_MATCH = 1 => "If-Match",
        /// Uri-Host (RFC 7252 §5.10.1).
        URI_HOST = 3 => "Uri-Host",
        /// ETag (RFC 7252 §5.10.6).
        ETAG = 4 => "ETag",
        /// If-None-Match (RFC 7252 §5.10.8.2).
        IF_NONE_MATCH = 5 => "If-None-Match",
        /// Observe (RFC 7641 §2).
        OBSERVE = 6 => "Observe",
        /// Uri-Port (RFC 7252 §5.10.1).
        URI_PORT = 7 => "Uri-Port",
        /// Location-Path (RFC 7252 §5.10.7).
        LOCATION_PATH = 8 => "Location-Path",
        /// OSCORE (RFC 8613 §2).
        OSCORE = 9 => "OSCORE",
        /// Uri-Path (RFC 7252 §5.10.1).
        URI_PATH = 11 => "Uri-Path",
        /// Content-Format (RFC 7252 §5.10.3).
        CONTENT_FORMAT = 12 => "Content-Format",
        /// Max-Age (RFC 7252 §5.10.5).
        MAX_AGE = 14 => "Max-Age",
        /// Uri-Query (RFC 7252 §5.10.1).
        URI_QUERY = 15 => "Uri-Query",
        /// Hop-Limit (RFC 8768 §3).
        HOP_LIMIT = 16 => "Hop-Limit",
        /// Accept (RFC 7252 §5.10.4).
        ACCEPT = 17 => "Accept",
        /// Q-Block1 (RFC 9177 §4).
        Q_BLOCK1 = 19 => "Q-Block1",
        /// Location-Query (RFC 7252 §5.10.7).
        LOCATION_QUERY = 20 => "Location-Query",
        /// Block2 (RFC 7959 §2.1).
        BLOCK2 = 23 => "Block2",
        /// Block1 (RFC 7959 §2.1).
        BLOCK1 = 27 => "Block1",
        /// Size2 (RFC 7959 §4).
        SIZE2 = 28 => "Size2",
        /// Q-Block2 (RFC 9177 §4).
        Q_BLOCK2 = 31 => "Q-Block2",
        /// Proxy-Uri (RFC 7252 §5.10.2).
        PROXY_URI = 35 => "Proxy-Uri",
        /// Proxy-Scheme (RFC 7252 §5.10.2).
        PROXY_SCHEME = 39 => "Proxy-Scheme",
        /// Size1 (RFC 7252 §5.10.9).
        SIZE1 = 60 => "Size1",
        /// Echo (RFC 9175 §2.2.1).
        ECHO = 252 => "Echo",
        /// No-Response (RFC 7967 §2).
        NO_RESPONSE = 258 => "No-Response",
        /// Request-Tag (RFC 9175 §3.2.1).
        REQUEST_TAG = 292 => "Request-Tag",
    }
}

impl OptionNumber {
    /// Odd numbers are critical (RFC 7252 §5.4.6).
    pub const fn is_critical(self) -> bool {
        self.0 & 0x01 != 0
    }

    /// Even numbers are elective (RFC 7252 §5.4.1).
    pub const fn is_elective(self) -> bool {
        !self.is_critical()
    }

    /// Bit 1 set: unsafe to forward (RFC 7252 §5.4.6).
    pub const fn is_unsafe(self) -> bool {
        self.0 & 0x02 != 0
    }

    /// Safe-to-forward options with bits 2–4 = `111` are not part of the cache key
    /// (RFC 7252 §5.4.6, Figure 11).
    pub const fn is_no_cache_key(self) -> bool {
        self.0 & 0x1e == 0x1c
    }

    /// The registry entry for this number, if it is one this crate knows.
    #[inline]
    pub fn definition(self) -> Option<&'static OptionDef> {
        let i = match self.0 {
            // Every registered number below 64 is found in one load (the decode hot path).
            n @ 0..64 => usize::from(*INDEX.get(usize::from(n)).unwrap_or(&0)).checked_sub(1)?,
            252 => 23,
            258 => 24,
            292 => 25,
            _ => return None,
        };
        DEFINITIONS.get(i)
    }
}

/// `INDEX[n]` is 1 + the position of option `n` in [`DEFINITIONS`], or 0 if unregistered.
static INDEX: [u8; 64] = build_index();

// Runs at compile time: an index out of range fails the build, never a decode.
#[allow(clippy::indexing_slicing)]
const fn build_index() -> [u8; 64] {
    let mut t = [0u8; 64];
    let mut i = 0;
    while i < DEFS.len() {
        let n = DEFS[i].number.0;
        if n < 64 {
            t[n as usize] = i as u8 + 1;
        }
        i += 1;
    }
    t
}

/// How an option value is to be read (RFC 7252 §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionFormat {
    /// Zero-length value.
    Empty,
    /// Opaque bytes.
    Opaque,
    /// Unsigned integer, big-endian, shortest form (leading zeros accepted on receipt).
    Uint,
    /// UTF-8 (Net-Unicode) text.
    String,
}

/// A registered option's properties (RFC 7252 §5.10, Table 4, and the defining RFCs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OptionDef {
    /// The option number.
    pub number: OptionNumber,
    /// Its value format.
    pub format: OptionFormat,
    /// Shortest allowed value, in bytes.
    pub min_len: u16,
    /// Longest allowed value, in bytes.
    pub max_len: u16,
    /// May appear more than once.
    pub repeatable: bool,
    /// The value an absent option stands for, where the spec gives one (uint options only).
    pub default: Option<u32>,
}

impl OptionDef {
    /// The option's registered name.
    pub fn name(&self) -> &'static str {
        self.number.name().unwrap_or_default()
    }

    /// True if a value of `len` bytes is within the defined range (§5.4.3).
    pub const fn length_ok(&self, len: usize) -> bool {
        len >= self.min_len as usize && len <= self.max_len as usize
    }
}

const fn def(
    number: OptionNumber,
    format: OptionFormat,
    min_len: u16,
    max_len: u16,
    repeatable: bool,
    default: Option<u32>,
) -> OptionDef {
    OptionDef {
        number,
        format,
        min_len,
        max_len,
        repeatable,
        default,
    }
}

use OptionFormat::{Empty, Opaque, String as Str, Uint};

/// Every option this crate knows, in number order.
pub static DEFINITIONS: [OptionDef; 26] = DEFS;

const DEFS: [OptionDef; 26] = [
    def(OptionNumber::IF_MATCH, Opaque, 0, 8, true, None),
    def(OptionNumber::URI_HOST, Str, 1, 255, false, None),
    def(OptionNumber::ETAG, Opaque, 1, 8, true, None),
    def(OptionNumber::IF_NONE_MATCH, Empty, 0, 0, false, None),
    def(OptionNumber::OBSERVE, Uint, 0, 3, false, None),
    def(OptionNumber::URI_PORT, Uint, 0, 2, false, None),
    def(OptionNumber::LOCATION_PATH, Str, 0, 255, true, None),
    def(OptionNumber::OSCORE, Opaque, 0, 255, false, None),
    def(OptionNumber::URI_PATH, Str, 0, 255, true, None),
    def(OptionNumber::CONTENT_FORMAT, Uint, 0, 2, false, None),
    def(OptionNumber::MAX_AGE, Uint, 0, 4, false, Some(60)),
    def(OptionNumber::URI_QUERY, Str, 0, 255, true, None),
    def(OptionNumber::HOP_LIMIT, Uint, 1, 1, false, Some(16)),
    def(OptionNumber::ACCEPT, Uint, 0, 2, false, None),
    def(OptionNumber::Q_BLOCK1, Uint, 0, 3, false, None),
    def(OptionNumber::LOCATION_QUERY, Str, 0, 255, true, None),
    def(OptionNumber::BLOCK2, Uint, 0, 3, false, None),
    def(OptionNumber::BLOCK1, Uint, 0, 3, false, None),
    def(OptionNumber::SIZE2, Uint, 0, 4, false, None),
    def(OptionNumber::Q_BLOCK2, Uint, 0, 3, true, None),
    def(OptionNumber::PROXY_URI, Str, 1, 1034, false, None),
    def(OptionNumber::PROXY_SCHEME, Str, 1, 255, false, None),
    def(OptionNumber::SIZE1, Uint, 0, 4, false, None),
    def(OptionNumber::ECHO, Opaque, 1, 40, false, None),
    def(OptionNumber::NO_RESPONSE, Uint, 0, 1, false, Some(0)),
    def(OptionNumber::REQUEST_TAG, Opaque, 0, 8, true, None),
];

/// One option of a message: its number and its value bytes, borrowed from the datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CoapOption<'a> {
    /// The option number.
    pub number: OptionNumber,
    /// The raw value bytes.
    pub value: &'a [u8],
}

impl<'a> CoapOption<'a> {
    /// The value as an unsigned integer (RFC 7252 §3.2), leading zeros accepted; `None` if it
    /// is longer than 8 bytes.
    pub fn as_uint(&self) -> Option<u64> {
        decode_uint(self.value)
    }

    /// The value as UTF-8 text, if it is.
    pub fn as_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.value).ok()
    }

    /// The registry entry for this option's number.
    pub fn definition(&self) -> Option<&'static OptionDef> {
        self.number.definition()
    }
}

/// Read a uint option value (RFC 7252 §3.2): big-endian, any leading zeros, empty = 0.
/// `None` if longer than 8 bytes.
pub fn decode_uint(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 8 {
        return None;
    }
    Some(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// The shortest uint encoding of `v` (RFC 7252 §3.2: no leading zero bytes; 0 is empty).
/// Returns the 8-byte big-endian buffer and the offset where the value starts.
pub fn encode_uint(v: u64) -> UintBytes {
    let bytes = v.to_be_bytes();
    let skip = (v.leading_zeros() / 8) as usize;
    UintBytes { bytes, skip }
}

/// A uint option value in its shortest form, see [`encode_uint`].
#[derive(Clone, Copy, Debug)]
pub struct UintBytes {
    bytes: [u8; 8],
    skip: usize,
}

impl UintBytes {
    /// The value bytes.
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(self.skip..).unwrap_or_default()
    }
}

/// Largest option delta or length expressible (14 nibble: 269 + 65535).
pub(crate) const MAX_EXTENDED: u32 = 269 + 0xffff;

#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
/// Bytes the header of an option with this `delta` and value `len` takes (§3.1).
pub(crate) const fn header_len(delta: u32, len: u32) -> usize {
    1 + ext_len(delta) + ext_len(len)
}

#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
const fn ext_len(v: u32) -> usize {
    if v < 13 {
        0
    } else if v < 269 {
        1
    } else {
        2
    }
}

const fn nibble(v: u32) -> u8 {
    if v < 13 {
        v as u8
    } else if v < 269 {
        13
    } else {
        14
    }
}

fn write_ext<W: Write + ?Sized>(w: &mut W, v: u32) -> Result<(), EncodeError> {
    if v >= 269 {
        w.write_u16((v - 269) as u16)
    } else if v >= 13 {
        w.write_u8((v - 13) as u8)
    } else {
        Ok(())
    }
}

/// Write one option (header and value) with `delta` from the previous option (§3.1).
pub(crate) fn write_option<W: Write + ?Sized>(
    w: &mut W,
    delta: u32,
    value: &[u8],
) -> Result<(), EncodeError> {
    let len = u32::try_from(value.len()).unwrap_or(u32::MAX);
    if delta > MAX_EXTENDED || len > MAX_EXTENDED {
        return Err(EncodeError::Invalid {
            what: "option delta or length",
            clause: "RFC 7252 §3.1",
        });
    }
    w.write_u8((nibble(delta) << 4) | nibble(len))?;
    write_ext(w, delta)?;
    write_ext(w, len)?;
    w.write_all(value)
}

/// Read one extended delta/length field given its nibble (13 → +1 byte, 14 → +2 bytes),
/// advancing `t`. `None` if `t` runs out.
#[inline(always)]
fn read_ext(nib: u8, t: &mut &[u8]) -> Option<u32> {
    match nib {
        13 => {
            let (&b, rest) = t.split_first()?;
            *t = rest;
            Some(u32::from(b) + 13)
        }
        14 => {
            let (h, rest) = t.split_at_checked(2)?;
            let &[a, b] = h else { return None };
            *t = rest;
            Some(u32::from(u16::from_be_bytes([a, b])) + 269)
        }
        n => Some(u32::from(n)),
    }
}

/// An option split off the front of a byte slice: number, value, and what follows.
pub(crate) type Split<'a> = (OptionNumber, &'a [u8], &'a [u8]);

/// Split the option at the front of `rest` (which does not start with the payload marker):
/// its number, its value and the bytes after it. `prev` is the previous option's number. An
/// error carries its offset relative to the start of `rest`: the option header for framing
/// errors, the value for a value running past the end (§3.1).
#[inline(always)]
pub(crate) fn split_option(rest: &[u8], prev: u16) -> Result<Split<'_>, (CoapErrorKind, usize)> {
    let Some((&first, mut t)) = rest.split_first() else {
        return Err((CoapErrorKind::TruncatedOptionHeader, 0));
    };
    let (dn, ln) = (first >> 4, first & 0x0f);
    // §3.1: delta 15 is reserved except in the payload marker; length 15 is reserved.
    if dn == 15 {
        return Err((CoapErrorKind::ReservedOptionDelta, 0));
    }
    if ln == 15 {
        return Err((CoapErrorKind::ReservedOptionLength, 0));
    }
    let delta = read_ext(dn, &mut t).ok_or((CoapErrorKind::TruncatedOptionHeader, 0))?;
    let len = read_ext(ln, &mut t).ok_or((CoapErrorKind::TruncatedOptionHeader, 0))?;
    let number = u16::try_from(u32::from(prev) + delta)
        .map_err(|_| (CoapErrorKind::OptionNumberOverflow, 0))?;
    let value_at = rest.len() - t.len();
    let (value, after) = t
        .split_at_checked(len as usize)
        .ok_or((CoapErrorKind::TruncatedOptionValue, value_at))?;
    Ok((OptionNumber(number), value, after))
}

/// The options of a decoded [`Message`](crate::Message), in wire order, or of any raw option
/// bytes (without payload marker or payload) given to [`Options::new`].
///
/// Yields `Result`s and stops after the first error; over a message that passed
/// [`Message::decode`](crate::Message::decode) it never yields one.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    rest: &'a [u8],
    offset: usize,
    prev: u16,
    /// The bytes passed `Message::decode`: framing need not be checked again.
    checked: bool,
}

impl<'a> Options<'a> {
    /// Iterate over raw option bytes, checking their framing lazily; error offsets are
    /// relative to `bytes`.
    pub const fn new(bytes: &'a [u8]) -> Self {
        Self::with_base(bytes, 0)
    }

    /// The same, with error offsets counted from `offset`.
    pub(crate) const fn with_base(bytes: &'a [u8], offset: usize) -> Self {
        Options {
            rest: bytes,
            offset,
            prev: 0,
            checked: false,
        }
    }

    /// Options a decode has already checked.
    pub(crate) const fn checked(bytes: &'a [u8], offset: usize) -> Self {
        Options {
            rest: bytes,
            offset,
            prev: 0,
            checked: true,
        }
    }

    /// The fast path over checked bytes: no error can occur, so none is looked for beyond
    /// what keeps slicing in bounds.
    #[inline(always)]
    fn next_checked(&mut self) -> Option<CoapOption<'a>> {
        let (&first, mut t) = self.rest.split_first()?;
        let delta = read_ext(first >> 4, &mut t)?;
        let len = read_ext(first & 0x0f, &mut t)?;
        let (value, after) = t.split_at_checked(len as usize)?;
        let number = OptionNumber(self.prev.wrapping_add(delta as u16));
        self.rest = after;
        self.prev = number.0;
        Some(CoapOption { number, value })
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = Result<CoapOption<'a>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.checked {
            return self.next_checked().map(Ok);
        }
        // The payload marker is not part of the options: treat it as the end.
        match self.rest.first() {
            None | Some(&0xff) => return None,
            Some(_) => {}
        }
        match split_option(self.rest, self.prev) {
            Ok((number, value, after)) => {
                self.offset += self.rest.len() - after.len();
                self.rest = after;
                self.prev = number.0;
                Some(Ok(CoapOption { number, value }))
            }
            Err((kind, at)) => {
                let offset = self.offset + at;
                self.rest = &[];
                Some(Err(Error::new(kind, offset)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_follow_from_the_number() {
        // RFC 7252 §5.10 Table 4: C, U, N columns.
        assert!(OptionNumber::URI_HOST.is_critical() && OptionNumber::URI_HOST.is_unsafe());
        assert!(OptionNumber::ETAG.is_elective() && !OptionNumber::ETAG.is_unsafe());
        assert!(OptionNumber::SIZE1.is_no_cache_key());
        assert!(OptionNumber::ECHO.is_no_cache_key());
        assert!(!OptionNumber::CONTENT_FORMAT.is_no_cache_key());
        assert!(OptionNumber::MAX_AGE.is_unsafe());
    }

    #[test]
    fn every_registered_number_has_exactly_its_definition() {
        for n in OptionNumber::REGISTERED {
            let d = n.definition().unwrap();
            assert_eq!(d.number, *n);
        }
        for (i, d) in DEFINITIONS.iter().enumerate().skip(1) {
            assert!(DEFINITIONS[i - 1].number < d.number, "table out of order");
        }
        assert_eq!(OptionNumber(13).definition(), None);
    }

    #[test]
    fn uint_shortest_form_and_leading_zeros() {
        assert_eq!(encode_uint(0).as_slice(), &[] as &[u8]);
        assert_eq!(encode_uint(60).as_slice(), &[60]);
        assert_eq!(encode_uint(0x1_0000).as_slice(), &[1, 0, 0]);
        assert_eq!(decode_uint(&[0, 0, 0x16]), Some(0x16));
        assert_eq!(decode_uint(&[]), Some(0));
        assert_eq!(decode_uint(&[0; 9]), None);
    }

    #[test]
    fn header_lengths_at_the_extension_boundaries() {
        for (v, n) in [
            (12u32, 0usize),
            (13, 1),
            (268, 1),
            (269, 2),
            (MAX_EXTENDED, 2),
        ] {
            assert_eq!(header_len(v, 0), 1 + n);
            let mut out = std::vec::Vec::new();
            write_option(&mut out, v, &[]).unwrap();
            assert_eq!(out.len(), 1 + n);
            match split_option(&out, 0) {
                Ok((n, _, rest)) if v <= 0xffff => {
                    assert_eq!(u32::from(n.0), v);
                    assert!(rest.is_empty());
                }
                Err((kind, 0)) => assert_eq!(kind, CoapErrorKind::OptionNumberOverflow),
                other => panic!("unexpected {other:?}"),
            }
        }
        assert!(write_option(&mut std::vec::Vec::new(), MAX_EXTENDED + 1, &[]).is_err());
    }
    extern crate std;
}
