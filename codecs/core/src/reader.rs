//! A bounds-checked cursor over borrowed bytes.

use crate::error::{CoreErrorKind, Error};

type Result<T> = core::result::Result<T, Error<CoreErrorKind>>;

/// A position-tracking cursor over `&'a [u8]`.
///
/// Slices handed out borrow the input (zero-copy). No method panics: running short is an
/// [`CoreErrorKind::UnexpectedEnd`] error at the offset where the missing field starts. The
/// offset is absolute: a [`sub`](Reader::sub) reader keeps counting from its parent's base.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    #[inline]
    pub const fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
        }
    }

    /// A reader over `buf` whose offsets start at `base`: for a region cut out of a larger
    /// input, so errors still point into the whole input.
    #[inline]
    pub const fn with_base(buf: &'a [u8], base: usize) -> Self {
        Reader { buf, pos: 0, base }
    }

    /// Absolute offset of the next byte (from the start of the outermost input).
    #[inline]
    pub const fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Bytes not yet read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// True when every byte has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    #[inline]
    fn short(&self) -> Error<CoreErrorKind> {
        Error::new(CoreErrorKind::UnexpectedEnd, self.offset())
    }

    /// The next `n` bytes, borrowed from the input.
    #[inline]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.short())?;
        let out = self.buf.get(self.pos..end).ok_or_else(|| self.short())?;
        self.pos = end;
        Ok(out)
    }

    /// The next `N` bytes as an array.
    #[inline]
    pub fn take_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    /// The next byte, without consuming it.
    #[inline]
    pub fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// One byte.
    #[inline]
    pub fn read_u8(&mut self) -> Result<u8> {
        let b = self.peek().ok_or_else(|| self.short())?;
        self.pos += 1;
        Ok(b)
    }

    /// A big-endian `u16`.
    #[inline]
    pub fn read_u16(&mut self) -> Result<u16> {
        self.take_array().map(u16::from_be_bytes)
    }

    /// A big-endian 24-bit unsigned integer.
    #[inline]
    pub fn read_u24(&mut self) -> Result<u32> {
        let [a, b, c] = self.take_array()?;
        Ok(u32::from_be_bytes([0, a, b, c]))
    }

    /// A big-endian `u32`.
    #[inline]
    pub fn read_u32(&mut self) -> Result<u32> {
        self.take_array().map(u32::from_be_bytes)
    }

    /// A reader over the next `n` bytes (a length-prefixed region), consumed from this one.
    ///
    /// Errors if fewer than `n` bytes remain, so a hostile length can never reach past the
    /// input. Offsets reported by the sub-reader stay absolute.
    #[inline]
    pub fn sub(&mut self, n: usize) -> Result<Reader<'a>> {
        let base = self.offset();
        let buf = self.take(n)?;
        Ok(Reader { buf, pos: 0, base })
    }

    /// Every byte not yet read, consuming them.
    #[inline]
    pub fn rest(&mut self) -> &'a [u8] {
        let out = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        out
    }

    /// Every byte not yet read, without consuming them.
    #[inline]
    pub fn peek_rest(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    /// Errors with [`CoreErrorKind::TrailingBytes`] at the first unread byte, if any.
    #[inline]
    pub fn expect_end(&self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::new(CoreErrorKind::TrailingBytes, self.offset()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_big_endian_fields_in_order() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(r.read_u8().unwrap(), 1);
        assert_eq!(r.read_u16().unwrap(), 0x0203);
        assert_eq!(r.read_u24().unwrap(), 0x040506);
        assert_eq!(r.read_u32().unwrap(), 0x0708090a);
        assert!(r.is_empty());
        r.expect_end().unwrap();
    }

    #[test]
    fn shortfall_reports_offset_of_field_start_and_consumes_nothing() {
        let mut r = Reader::new(&[1, 2, 3]);
        r.read_u8().unwrap();
        let e = r.read_u32().unwrap_err();
        assert_eq!(e, Error::new(CoreErrorKind::UnexpectedEnd, 1));
        assert_eq!(r.remaining(), 2);
        assert!(r.take(usize::MAX).is_err());
        assert_eq!(r.offset(), 1);
    }

    #[test]
    fn sub_reader_is_bounded_and_keeps_absolute_offsets() {
        let mut r = Reader::new(&[9, 9, 1, 2, 3]);
        r.take(2).unwrap();
        let mut s = r.sub(2).unwrap();
        assert_eq!(s.offset(), 2);
        assert_eq!(s.read_u16().unwrap(), 0x0102);
        let e = s.read_u8().unwrap_err();
        assert_eq!(e.offset, 4);
        assert_eq!(r.rest(), &[3]);
        assert!(r.sub(1).is_err());
    }

    #[test]
    fn expect_end_points_at_first_trailing_byte() {
        let mut r = Reader::new(&[1, 2]);
        r.read_u8().unwrap();
        assert_eq!(
            r.expect_end().unwrap_err(),
            Error::new(CoreErrorKind::TrailingBytes, 1)
        );
        assert_eq!(r.peek_rest(), &[2]);
    }
}
