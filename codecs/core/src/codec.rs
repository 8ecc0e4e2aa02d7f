//! The two codec traits.

use crate::error::{EncodeError, Error, ErrorKind};
use crate::reader::Reader;
use crate::write::{CountingWriter, Write};

/// A value that can be written to the wire, whose length is known before writing.
pub trait Encode {
    /// Exactly the number of bytes [`encode`](Encode::encode) writes.
    fn encoded_len(&self) -> usize;

    /// Write the wire form. Implementations write exactly `encoded_len()` bytes; callers
    /// should use [`encode`](Encode::encode), which checks that in debug builds.
    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError>;

    /// Write the wire form to `w`.
    fn encode<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        if cfg!(debug_assertions) {
            let mut c = CountingWriter::new(w);
            self.encode_raw(&mut c)?;
            debug_assert_eq!(c.count(), self.encoded_len(), "encoded_len disagrees");
            Ok(())
        } else {
            self.encode_raw(w)
        }
    }

    /// Write into the front of `buf`, returning the number of bytes written.
    fn encode_to_slice(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let len = self.encoded_len();
        if len > buf.len() {
            return Err(EncodeError::BufferFull {
                needed: len - buf.len(),
            });
        }
        let mut sink: &mut [u8] = buf;
        self.encode(&mut sink)?;
        Ok(len)
    }

    /// The wire form in a new vector of exactly the right capacity.
    #[cfg(feature = "alloc")]
    fn encode_to_vec(&self) -> Result<alloc::vec::Vec<u8>, EncodeError> {
        let mut v = alloc::vec::Vec::with_capacity(self.encoded_len());
        self.encode(&mut v)?;
        Ok(v)
    }
}

/// A value read from the wire, possibly borrowing from the input (`'a`).
pub trait Decode<'a>: Sized {
    /// The codec's error kind.
    type Kind: ErrorKind;
    /// The codec's decode options (strict by default).
    type Options: Default;

    /// Read one value from `r`, leaving the reader after it.
    fn decode(r: &mut Reader<'a>, opts: &Self::Options) -> Result<Self, Error<Self::Kind>>;

    /// Read one value that must span all of `bytes`; trailing bytes are `trailing`.
    fn decode_exact(
        bytes: &'a [u8],
        opts: &Self::Options,
        trailing: Self::Kind,
    ) -> Result<Self, Error<Self::Kind>> {
        let mut r = Reader::new(bytes);
        let v = Self::decode(&mut r, opts)?;
        r.expect_end().map_err(|e| e.with_kind(trailing))?;
        Ok(v)
    }
}
