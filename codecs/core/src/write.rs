//! A fallible byte sink: encoders never panic on a full buffer.

use crate::error::EncodeError;

/// Where encoders put bytes.
///
/// `&mut [u8]` fills the slice front to back, advancing past what it wrote (as
/// `std::io::Write` does for slices), and fails with [`EncodeError::BufferFull`] when the bytes
/// do not fit — writing nothing in that case. `Vec<u8>` (feature `alloc`) always succeeds.
pub trait Write {
    /// Append all of `bytes`, or fail without writing any of them.
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError>;

    /// Append one byte.
    #[inline]
    fn write_u8(&mut self, b: u8) -> Result<(), EncodeError> {
        self.write_all(&[b])
    }

    /// Append a big-endian `u16`.
    #[inline]
    fn write_u16(&mut self, v: u16) -> Result<(), EncodeError> {
        self.write_all(&v.to_be_bytes())
    }

    /// Append a big-endian `u32`.
    #[inline]
    fn write_u32(&mut self, v: u32) -> Result<(), EncodeError> {
        self.write_all(&v.to_be_bytes())
    }

    /// The next `n` bytes of the sink, to be filled in place, counted as written; `None` if
    /// this sink cannot lend them (the default), and then nothing is written.
    ///
    /// An encoder that knows its length up front and has checked everything it depends on
    /// takes the whole message at once, then writes into a local slice: one bounds check
    /// instead of one per field, and the sink's position stays in a register. The caller
    /// must fill all `n` bytes: a slice sink keeps whatever it held before.
    #[inline]
    fn chunk(&mut self, n: usize) -> Option<&mut [u8]> {
        let _ = n;
        None
    }
}

impl Write for &mut [u8] {
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        if bytes.len() > self.len() {
            return Err(EncodeError::BufferFull {
                needed: bytes.len() - self.len(),
            });
        }
        let (head, tail) = core::mem::take(self).split_at_mut(bytes.len());
        head.copy_from_slice(bytes);
        *self = tail;
        Ok(())
    }

    #[inline]
    fn chunk(&mut self, n: usize) -> Option<&mut [u8]> {
        if n > self.len() {
            return None;
        }
        let (head, tail) = core::mem::take(self).split_at_mut(n);
        *self = tail;
        Some(head)
    }
}

#[cfg(feature = "alloc")]
impl Write for alloc::vec::Vec<u8> {
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.extend_from_slice(bytes);
        Ok(())
    }
}

impl<W: Write + ?Sized> Write for &mut W {
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        (**self).write_all(bytes)
    }

    #[inline]
    fn chunk(&mut self, n: usize) -> Option<&mut [u8]> {
        (**self).chunk(n)
    }
}

/// A sink wrapper that counts the bytes written through it.
#[derive(Debug)]
pub struct CountingWriter<W> {
    inner: W,
    count: usize,
}

impl<W> CountingWriter<W> {
    /// Wrap `inner`.
    pub const fn new(inner: W) -> Self {
        CountingWriter { inner, count: 0 }
    }

    /// Bytes written so far.
    pub const fn count(&self) -> usize {
        self.count
    }

    /// The wrapped sink.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for CountingWriter<W> {
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.inner.write_all(bytes)?;
        self.count += bytes.len();
        Ok(())
    }

    #[inline]
    fn chunk(&mut self, n: usize) -> Option<&mut [u8]> {
        let c = self.inner.chunk(n)?;
        self.count += n;
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_sink_advances_and_refuses_overflow_without_partial_write() {
        let mut buf = [0u8; 4];
        let mut sink: &mut [u8] = &mut buf;
        sink.write_u16(0x0102).unwrap();
        assert_eq!(sink.len(), 2);
        assert_eq!(
            sink.write_u32(7),
            Err(EncodeError::BufferFull { needed: 2 })
        );
        sink.write_u8(3).unwrap();
        assert_eq!(sink.len(), 1);
        assert_eq!(buf, [1, 2, 3, 0]);
    }

    #[test]
    fn a_slice_lends_a_chunk_only_when_it_fits() {
        let mut buf = [0u8; 4];
        let mut sink: &mut [u8] = &mut buf;
        assert!(sink.chunk(5).is_none());
        assert_eq!(sink.len(), 4);
        sink.chunk(3).unwrap().copy_from_slice(&[7, 8, 9]);
        assert_eq!(sink.len(), 1);
        let mut counted = CountingWriter::new(&mut sink);
        assert_eq!(counted.chunk(1).map(|c| c.len()), Some(1));
        assert_eq!(counted.count(), 1);
        assert_eq!(buf, [7, 8, 9, 0]);
        // Sinks without the method lend nothing.
        #[cfg(feature = "alloc")]
        assert!(Write::chunk(&mut alloc::vec::Vec::new(), 1).is_none());
    }

    #[test]
    fn counting_writer_counts() {
        let mut buf = [0u8; 8];
        let mut w = CountingWriter::new(&mut buf[..]);
        w.write_u32(1).unwrap();
        w.write_u8(1).unwrap();
        assert_eq!(w.count(), 5);
    }
}
