//! The shared core of the m2mwire codecs.
//!
//! Every m2mwire codec is built from the same few pieces, all `no_std` and free of `unsafe`:
//!
//! - [`Reader`]: a position-tracking cursor over `&[u8]`. Every read is bounds-checked and a
//!   shortfall is an [`Error`] carrying the offset where it happened — it never panics.
//! - [`Write`]: a fallible byte sink, implemented for `&mut [u8]` (an error when full) and,
//!   with the `alloc` feature, for `Vec<u8>`.
//! - [`Encode`] and [`Decode`]: the two codec traits. `Encode` knows its length up front.
//! - [`Error`]: one error shape, `{ kind, offset }`, where `kind` is a codec's own `Copy` enum
//!   implementing [`ErrorKind`] (a stable name and the spec clause it enforces).
//! - [`DecodeOptions`]: strict by default; each relaxation is a named flag citing the clause it
//!   relaxes; [`Limits`] cap what a length field can make a decoder do.
//! - [`registry!`]: numeric registries as newtypes with named constants, so unknown values
//!   survive a round trip.
//! - [`varint`]: MQTT's Variable Byte Integer and WBXML's `mb_u_int32`.
//!
//! # Example
//!
//! ```
//! use m2mwire_core::{Reader, Write, CoreErrorKind};
//!
//! // Read a length-prefixed field, then check nothing is left over.
//! let mut r = Reader::new(&[0x00, 0x02, b'h', b'i', 0x2a]);
//! let len = r.read_u16()?;
//! let field = r.take(usize::from(len))?;
//! assert_eq!(field, b"hi");
//! assert_eq!(r.read_u8()?, 0x2a);
//! r.expect_end()?;
//!
//! // Reading past the end is an error that says where, never a panic.
//! let err = Reader::new(&[0x01]).read_u16().unwrap_err();
//! assert_eq!(err.kind, CoreErrorKind::UnexpectedEnd);
//! assert_eq!(err.offset, 0);
//!
//! // A fixed buffer is a sink that fails instead of overflowing.
//! let mut buf = [0u8; 2];
//! let mut sink: &mut [u8] = &mut buf;
//! sink.write_all(&[1, 2])?;
//! assert!(sink.write_all(&[3]).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod codec;
mod error;
mod options;
mod reader;
mod registry;
pub mod varint;
mod write;

pub use codec::{Decode, Encode};
pub use error::{CoreErrorKind, EncodeError, Error, ErrorKind, ResultExt};
pub use options::{DecodeOptions, Limits};
pub use reader::Reader;
pub use write::{CountingWriter, Write};

#[doc(hidden)]
pub mod __private {
    pub use bitflags;
}
