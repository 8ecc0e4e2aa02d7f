//! MQTT's data representations (3.1.1 §1.5, 5.0 §1.5): UTF-8 Encoded Strings, Binary Data,
//! Two Byte Integers, read with the string rules applied once, here.

use crate::error::{DecodeOptions, Error, MqttErrorKind, Relax};
use m2mwire_core::{EncodeError, Reader, ResultExt, Write};

/// Check an MQTT UTF-8 Encoded String (3.1.1 §1.5.3, 5.0 §1.5.4): well-formed UTF-8 with no
/// surrogates, no U+0000, and — unless relaxed — no control characters or non-characters.
/// `offset` is where the string's bytes start, for the error.
pub fn check_str<'a>(
    bytes: &'a [u8],
    offset: usize,
    opts: &DecodeOptions,
) -> Result<&'a str, Error> {
    // Fast path: printable ASCII (0x20..=0x7e) is valid UTF-8 with no U+0000, no control
    // character and no non-character, under any options. The test reads a block of bytes at
    // a time without an early exit (`any`); anything else takes the exact path below.
    if let Some(s) = ascii_str::<NotPrintable>(bytes) {
        return Ok(s);
    }
    // Rust's UTF-8 validation rejects overlongs and surrogate code points, as MQTT requires.
    let s = core::str::from_utf8(bytes)
        .map_err(|e| Error::new(MqttErrorKind::InvalidUtf8, offset + e.valid_up_to()))?;
    let controls_ok = opts.allows(Relax::CONTROL_CHARACTERS);
    // Fast path: ASCII text with no control byte needs no per-character work.
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            return Err(Error::new(MqttErrorKind::NullCharacter, offset + i));
        }
        if !controls_ok && (b < 0x20 || b == 0x7f) {
            return Err(Error::new(MqttErrorKind::ControlCharacter, offset + i));
        }
    }
    if !controls_ok && !s.is_ascii() {
        for (i, c) in s.char_indices() {
            if is_c1_or_nonchar(c) {
                return Err(Error::new(MqttErrorKind::ControlCharacter, offset + i));
            }
        }
    }
    Ok(s)
}

/// `b` as a `&str` if no byte of it is in the class `C` and every byte is ASCII, or `None`.
///
/// The one `unsafe` block of this crate. Printable ASCII is the common case of every MQTT
/// string, and once the scan has proven it, `core::str::from_utf8` only repeats the
/// proof: 79 of the 455 instructions of a PUBLISH decode, 293 of the 925 of a CONNECT
/// (callgrind, `benches/README.md`), with no safe way to skip it.
#[inline(always)]
fn ascii_str<C: Class>(b: &[u8]) -> Option<&str> {
    // `NonAscii<C>`, whatever `C` is: a zero answer means no byte of `b` is 0x80 or more
    // (`any` reads every byte; tests below).
    if any::<NonAscii<C>>(b) {
        return None;
    }
    debug_assert!(b.is_ascii());
    // SAFETY: every byte of `b` is below 0x80 (above), and an ASCII byte string is UTF-8.
    #[allow(unsafe_code)]
    Some(unsafe { core::str::from_utf8_unchecked(b) })
}

/// A class of bytes the string scans look for, defined per byte and, for the word-at-a-time
/// scan, per 64-bit word.
trait Class {
    /// True if `c` is in the class.
    fn byte(c: u8) -> bool;
    /// High bit set in some byte if some byte of `x` is in the class (which byte need not
    /// be exact: the scans only ask whether there is one).
    fn word(x: u64) -> u64;
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bytes below 0x20 or above 0x7e: not printable ASCII.
struct NotPrintable;

impl Class for NotPrintable {
    #[inline(always)]
    fn byte(c: u8) -> bool {
        !(0x20..=0x7e).contains(&c)
    }
    /// The "any byte" answer is exact: a borrow or carry only reaches a byte above one
    /// that already failed.
    #[inline(always)]
    fn word(x: u64) -> u64 {
        // Below 0x20: the subtraction borrows into the high bit of a byte that lacked it.
        // Above 0x7e: adding 1 sets the high bit (0x7f), or it was set (0x80 and up).
        (x.wrapping_sub(0x20 * LO) & !x) | x.wrapping_add(LO) | x
    }
}

/// `+` (0x2b) and `#` (0x23), the wildcards.
struct Wildcard;

impl Class for Wildcard {
    #[inline(always)]
    fn byte(c: u8) -> bool {
        (c == b'+') | (c == b'#')
    }
    /// They differ only in bit 3, so with it cleared both become 0x23, and no other byte
    /// does; the XOR makes that byte zero, which the subtraction finds.
    #[inline(always)]
    fn word(x: u64) -> u64 {
        let y = (x & !(0x08 * LO)) ^ (b'#' as u64 * LO);
        y.wrapping_sub(LO) & !y
    }
}

/// Bytes no printable-ASCII Topic Name has: not printable, or a wildcard.
struct NotTopicChar;

impl Class for NotTopicChar {
    #[inline(always)]
    fn byte(c: u8) -> bool {
        NotPrintable::byte(c) | Wildcard::byte(c)
    }
    #[inline(always)]
    fn word(x: u64) -> u64 {
        NotPrintable::word(x) | Wildcard::word(x)
    }
}

/// The zero byte (U+0000 in a UTF-8 string).
struct Nul;

impl Class for Nul {
    #[inline(always)]
    fn byte(c: u8) -> bool {
        c == 0
    }
    /// Exact as [`NotPrintable::word`] is.
    #[inline(always)]
    fn word(x: u64) -> u64 {
        x.wrapping_sub(LO) & !x
    }
}

/// The bytes of `C`, and every byte of 0x80 or more.
struct NonAscii<C>(core::marker::PhantomData<C>);

impl<C: Class> Class for NonAscii<C> {
    #[inline(always)]
    fn byte(c: u8) -> bool {
        C::byte(c) | (c >= 0x80)
    }
    /// A byte of 0x80 or more keeps its high bit.
    #[inline(always)]
    fn word(x: u64) -> u64 {
        C::word(x) | x
    }
}

/// High bit set in exactly those bytes of `x` that are `+` or `#`: unlike [`Wildcard::word`],
/// no borrow reaches the next byte (the low seven bits plus 0x7f stay within their byte), so
/// the set bits give the wildcards' positions.
#[inline(always)]
pub(crate) const fn wildcard_bytes(x: u64) -> u64 {
    let y = (x & !(0x08 * LO)) ^ (b'#' as u64 * LO);
    !((y & !HI).wrapping_add(0x7f * LO) | y) & HI
}

/// True if every byte is printable ASCII (0x20–0x7e).
#[inline(always)]
pub(crate) fn printable(b: &[u8]) -> bool {
    !any::<NotPrintable>(b)
}

/// True if some byte of `b` is in the class `C`, reading every byte, without an early exit
/// (strings here are mostly 5–30 bytes, too short for a branch per byte or per block to
/// pay off). Where the target has 16-byte vectors, strings of 8 bytes or more are read a
/// vector at a time; otherwise, and below 8 bytes, a 64-bit word at a time.
#[inline(always)]
fn any<C: Class>(b: &[u8]) -> bool {
    #[cfg(any(
        target_feature = "sse2",
        target_feature = "neon",
        target_feature = "simd128"
    ))]
    if b.len() >= 8 {
        return lanes_any::<C>(b);
    }
    swar_any::<C>(b)
}

/// [`any`] over 16-byte blocks, for 8 bytes or more: the first and the last block (they
/// overlap when the length is not a multiple of 16) and the blocks between, or below 16
/// bytes the first and the last 8. The answer is kept per lane until the end: reduced block
/// by block, the compiler no longer saw the vector operations (callgrind: a 19-byte topic
/// took more instructions than the word scan).
#[cfg_attr(
    not(any(
        target_feature = "sse2",
        target_feature = "neon",
        target_feature = "simd128",
        test
    )),
    allow(dead_code)
)]
#[inline(always)]
fn lanes_any<C: Class>(b: &[u8]) -> bool {
    #[inline(always)]
    fn block<C: Class, const N: usize>(acc: &mut [bool; N], c: &[u8; N]) {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a |= C::byte(x);
        }
    }
    if let (Some(first), Some(last)) = (b.first_chunk::<16>(), b.last_chunk::<16>()) {
        let mut acc = [false; 16];
        block::<C, 16>(&mut acc, first);
        block::<C, 16>(&mut acc, last);
        if b.len() > 32 {
            for c in b.chunks_exact(16).skip(1) {
                if let Ok(w) = <&[u8; 16]>::try_from(c) {
                    block::<C, 16>(&mut acc, w);
                }
            }
        }
        acc.iter().fold(false, |z, &a| z | a)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        // Two 8-lane halves: the compiler reads them as one 16-byte vector.
        let mut acc = [false; 8];
        block::<C, 8>(&mut acc, first);
        block::<C, 8>(&mut acc, last);
        acc.iter().fold(false, |z, &a| z | a)
    } else {
        // Shorter strings take the word scan; this serves the tests of every length.
        swar_any::<C>(b)
    }
}

/// [`any`] over little-endian 64-bit words: the last word overlaps the one before it; fewer
/// than 8 bytes are read as two overlapping 4-byte halves, or padded with spaces (in no
/// class) below 4.
#[inline(always)]
fn swar_any<C: Class>(b: &[u8]) -> bool {
    let acc;
    if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
        // 8 to 16 bytes: the first and the last word cover them all.
        let mut a = C::word(u64::from_le_bytes(*first)) | C::word(u64::from_le_bytes(*last));
        if b.len() > 16 {
            for c in b.chunks_exact(8).skip(1) {
                if let Ok(w) = <[u8; 8]>::try_from(c) {
                    a |= C::word(u64::from_le_bytes(w));
                }
            }
        }
        acc = a;
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        let lo = u64::from(u32::from_le_bytes(*first));
        let hi = u64::from(u32::from_le_bytes(*last));
        acc = C::word(lo | (hi << 32));
    } else {
        let mut w = [b' '; 8];
        for (d, s) in w.iter_mut().zip(b) {
            *d = *s;
        }
        acc = C::word(u64::from_le_bytes(w));
    }
    acc & HI != 0
}

/// U+0080–U+009F, or a Unicode non-character (U+FDD0–U+FDEF, U+xxFFFE/U+xxFFFF).
fn is_c1_or_nonchar(c: char) -> bool {
    let v = u32::from(c);
    (0x80..=0x9f).contains(&v) || (0xfdd0..=0xfdef).contains(&v) || (v & 0xfffe) == 0xfffe
}

/// A string of wire bytes a decode has already checked, read back as `read_str` with lenient
/// options does: well-formed UTF-8 without U+0000 (the rules no option relaxes). `None`
/// otherwise. The iterators over checked lists use it: it skips only the rules that depend
/// on the options, which the decode applied.
#[inline]
pub(crate) fn lenient_str(b: &[u8]) -> Option<&str> {
    if let Some(s) = ascii_str::<Nul>(b) {
        return Some(s);
    }
    // No early exit: a branch-free (vectorized) scan.
    if b.iter().fold(false, |z, &c| z | (c == 0)) {
        return None;
    }
    core::str::from_utf8(b).ok()
}

/// True if `b` has no zero byte (U+0000 in a UTF-8 string).
#[inline(always)]
pub(crate) fn no_nul(b: &[u8]) -> bool {
    !any::<Nul>(b)
}

/// True if no byte is `+` or `#`.
#[inline(always)]
pub(crate) fn no_wildcard(b: &[u8]) -> bool {
    !any::<Wildcard>(b)
}

/// True if every byte is printable ASCII (0x20–0x7e) other than `+` and `#`: a string
/// `check_str` accepts under any options, with no wildcard.
#[inline(always)]
pub(crate) fn printable_no_wildcard(b: &[u8]) -> bool {
    !any::<NotTopicChar>(b)
}

/// Read a length-prefixed Topic Name: the string rules (errors as from [`read_str`]), and
/// whether it is also a valid Topic Name, found in the same scan when it is printable ASCII.
/// `false` means not known: the caller checks it with `validate_topic_name`.
#[inline(always)]
pub(crate) fn read_topic<'a>(
    r: &mut Reader<'a>,
    opts: &DecodeOptions,
) -> Result<(&'a str, bool), Error> {
    let bytes = read_bin(r)?;
    let at = r.offset() - bytes.len();
    if !bytes.is_empty() {
        if let Some(s) = ascii_str::<NotTopicChar>(bytes) {
            return Ok((s, true));
        }
    }
    read_topic_slow(bytes, at, opts)
}

/// The exact string rules for a topic that is not plain printable ASCII.
#[cold]
#[inline(never)]
fn read_topic_slow<'a>(
    bytes: &'a [u8],
    at: usize,
    opts: &DecodeOptions,
) -> Result<(&'a str, bool), Error> {
    Ok((check_str(bytes, at, opts)?, false))
}

/// Read a Two Byte Integer.
#[inline]
pub(crate) fn read_u16(r: &mut Reader<'_>) -> Result<u16, Error> {
    r.read_u16().or_kind(MqttErrorKind::UnexpectedEnd)
}

/// Read a length-prefixed UTF-8 Encoded String. Inlined, with the printable-ASCII case
/// first: returned through memory from a call, the `Result` stalled its caller's loads.
#[inline(always)]
pub(crate) fn read_str<'a>(r: &mut Reader<'a>, opts: &DecodeOptions) -> Result<&'a str, Error> {
    let bytes = read_bin(r)?;
    if let Some(s) = ascii_str::<NotPrintable>(bytes) {
        return Ok(s);
    }
    check_str_cold(bytes, r.offset() - bytes.len(), opts)
}

/// [`check_str`] for a string that is not plain printable ASCII.
#[cold]
#[inline(never)]
fn check_str_cold<'a>(bytes: &'a [u8], at: usize, opts: &DecodeOptions) -> Result<&'a str, Error> {
    check_str(bytes, at, opts)
}

/// Read length-prefixed Binary Data.
#[inline(always)]
pub(crate) fn read_bin<'a>(r: &mut Reader<'a>) -> Result<&'a [u8], Error> {
    let start = r.offset();
    let len = read_u16(r)?;
    r.take(usize::from(len))
        .map_err(|_| Error::new(MqttErrorKind::UnexpectedEnd, start))
}

/// Bytes a length-prefixed string or binary field takes.
#[inline]
pub(crate) const fn bin_len(b: &[u8]) -> usize {
    2 + b.len()
}

/// The error for a string or binary field that its two-byte length cannot count.
pub(crate) const TOO_LONG: EncodeError = EncodeError::Invalid {
    what: "string or binary field longer than 65535 bytes",
    clause: "MQTT 5.0 §1.5.4 / §1.5.6",
};

/// Write length-prefixed bytes; more than 65535 bytes cannot be represented. Always inlined:
/// called, it returns its `Result` through memory, once per string of a CONNECT.
#[inline(always)]
pub(crate) fn write_bin<W: Write + ?Sized>(w: &mut W, b: &[u8]) -> Result<(), EncodeError> {
    let len = u16::try_from(b.len()).map_err(|_| TOO_LONG)?;
    w.write_u16(len)?;
    w.write_all(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No byte at all: `ascii_str::<Nothing>` asks only whether a string is ASCII.
    struct Nothing;

    impl Class for Nothing {
        fn byte(_: u8) -> bool {
            false
        }
        fn word(_: u64) -> u64 {
            0
        }
    }

    /// Both scans, the vector one and the word one, of class `C` against `C::byte` applied
    /// to each byte, whichever of them `any` uses on this target.
    fn scans_agree<C: Class>(b: &[u8]) {
        let exact = b.iter().any(|&c| C::byte(c));
        assert_eq!(swar_any::<C>(b), exact, "word scan {b:02x?}");
        assert_eq!(lanes_any::<C>(b), exact, "vector scan {b:02x?}");
    }

    /// The scans against their byte-by-byte definitions: every byte value at every position
    /// of strings of 0–50 bytes (one word, two overlapping words, the word loop; one block of
    /// two halves, two overlapping blocks, the block loop), and every pair of edge bytes at
    /// every pair of positions (borrows and carries between neighbouring bytes of a word).
    /// `ascii_str`, whose `unsafe` rests on it, must refuse every non-ASCII byte even when
    /// its class has none.
    #[test]
    fn scans_match_the_byte_definitions() {
        for c in 0..=255u8 {
            assert_eq!(NotPrintable::byte(c), !(0x20..=0x7e).contains(&c));
            assert_eq!(Wildcard::byte(c), c == b'+' || c == b'#');
            assert_eq!(Nul::byte(c), c == 0);
        }
        let printable_ref = |b: &[u8]| b.iter().all(|&c| (0x20..=0x7e).contains(&c));
        let no_wild_ref = |b: &[u8]| printable_ref(b) && !b.iter().any(|&c| c == b'+' || c == b'#');
        let check = |b: &[u8]| {
            scans_agree::<NotPrintable>(b);
            scans_agree::<Wildcard>(b);
            scans_agree::<NotTopicChar>(b);
            scans_agree::<Nul>(b);
            scans_agree::<NonAscii<Nothing>>(b);
            scans_agree::<NonAscii<NotPrintable>>(b);
            scans_agree::<NonAscii<NotTopicChar>>(b);
            scans_agree::<NonAscii<Nul>>(b);
            assert_eq!(no_nul(b), !b.contains(&0), "{b:02x?}");
            assert_eq!(printable(b), printable_ref(b), "{b:02x?}");
            assert_eq!(
                ascii_str::<NotPrintable>(b).is_some(),
                printable_ref(b),
                "{b:02x?}"
            );
            assert_eq!(
                ascii_str::<NotTopicChar>(b).is_some(),
                no_wild_ref(b),
                "{b:02x?}"
            );
            assert_eq!(printable_no_wildcard(b), no_wild_ref(b), "{b:02x?}");
            assert_eq!(
                no_wildcard(b),
                !b.iter().any(|&c| c == b'+' || c == b'#'),
                "{b:02x?}"
            );
            assert_eq!(ascii_str::<Nothing>(b).is_some(), b.is_ascii(), "{b:02x?}");
            assert_eq!(
                ascii_str::<Nul>(b).is_some(),
                b.is_ascii() && !b.contains(&0),
                "{b:02x?}"
            );
            if let Some(s) = ascii_str::<Nothing>(b) {
                assert_eq!(s.as_bytes(), b);
            }
        };
        for len in 0..=50usize {
            let mut b = [b'a'; 50];
            check(&b[..len]);
            for pos in 0..len {
                for v in 0..=255u8 {
                    b[pos] = v;
                    check(&b[..len]);
                }
                b[pos] = b'a';
            }
        }
        let edges = [
            0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x2a, 0x2b, 0x2c, 0x7e, 0x7f, 0x80,
            0xa0, 0xff,
        ];
        for len in 1..=17usize {
            for i in 0..len {
                for j in i + 1..len {
                    for &x in &edges {
                        for &y in &edges {
                            let mut b = [b'a'; 17];
                            b[i] = x;
                            b[j] = y;
                            check(&b[..len]);
                        }
                    }
                }
            }
        }
    }

    fn check(b: &[u8]) -> Result<&str, MqttErrorKind> {
        check_str(b, 0, &DecodeOptions::strict()).map_err(|e| e.kind)
    }

    #[test]
    fn string_rules() {
        assert_eq!(check(b"a/b"), Ok("a/b"));
        assert_eq!(check("\u{feff}x".as_bytes()), Ok("\u{feff}x")); // BOM kept [MQTT-1.5.3-3]
        assert_eq!(check(b"a\0"), Err(MqttErrorKind::NullCharacter));
        assert_eq!(check(b"\xed\xa0\x80"), Err(MqttErrorKind::InvalidUtf8)); // U+D800
        assert_eq!(check(b"\xc0\xaf"), Err(MqttErrorKind::InvalidUtf8)); // overlong
        assert_eq!(check(b"a\x01"), Err(MqttErrorKind::ControlCharacter));
        assert_eq!(check(b"\x7f"), Err(MqttErrorKind::ControlCharacter));
        assert_eq!(
            check("\u{85}".as_bytes()),
            Err(MqttErrorKind::ControlCharacter)
        );
        assert_eq!(
            check("\u{fffe}".as_bytes()),
            Err(MqttErrorKind::ControlCharacter)
        );
        assert_eq!(
            check("\u{1ffff}".as_bytes()),
            Err(MqttErrorKind::ControlCharacter)
        );
        let lenient = DecodeOptions::lenient();
        assert!(check_str(b"a\x01", 0, &lenient).is_ok());
        assert!(check_str(b"a\0", 0, &lenient).is_err());
    }
}
