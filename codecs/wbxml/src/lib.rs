//! A strict, zero-copy WBXML 1.1–1.3 codec (WAP-192-WBXML-20010725-a) with the SyncML
//! family's code pages: SyncML 1.1/1.2, MetInf, DevInf 1.1/1.2 and OMA DM DDF 1.2.
//!
//! - [`Decoder`] reads the header and streams the body as [`Event`]s that borrow the input:
//!   tags by code page and token (or LITERAL name), strings inline or from the string table,
//!   OPAQUE data, entities, extensions, processing instructions, every SWITCH_PAGE as written.
//!   It checks the grammar as it goes and never allocates.
//! - [`Writer`] writes the same events back, so decode → encode gives the input bytes.
//! - [`tables`] holds the languages; with one known from the public id, unknown tags and code
//!   pages are errors (or numbers under [`Relax::UNKNOWN_TAGS`]).
//! - With feature `xml`, [`xml`] converts WBXML ↔ XML with quick-xml: namespaces pick code
//!   pages, the DOCTYPE carries the public id, and a DevInf or DDF document inside `<Data>` is
//!   converted recursively.
//!
//! # Example
//!
//! ```
//! use m2mwire_wbxml::{Decoder, DecodeOptions, Event, WbxmlErrorKind, write_document};
//!
//! // SyncML 1.2, UTF-8, no string table: <SyncML><SyncHdr><VerDTD>1.2</VerDTD></SyncHdr></SyncML>
//! let doc = [0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x6c, 0x71, 0x03, b'1', b'.', b'2', 0x00, 0x01, 0x01, 0x01];
//! let d = Decoder::new(&doc, &DecodeOptions::strict())?;
//! assert_eq!(d.language().map(|l| l.name), Some("SyncML 1.2"));
//! let header = d.header;
//! let events: Vec<Event<'_>> = d.collect::<Result<_, _>>()?;
//! let mut again = Vec::new();
//! write_document(&mut again, &header, &events).unwrap();
//! assert_eq!(again, doc);
//!
//! // An END too many is a typed error with its offset.
//! let mut bad = doc.to_vec();
//! bad.push(0x01);
//! let e = Decoder::new(&bad, &DecodeOptions::strict())?.find_map(Result::err).unwrap();
//! assert_eq!((e.kind, e.offset), (WbxmlErrorKind::UnmatchedEnd, 16));
//! # Ok::<(), m2mwire_wbxml::Error>(())
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
#[cfg(any(feature = "std", test))]
extern crate std;

mod decode;
mod encode;
mod error;
pub mod tables;
pub mod token;
#[cfg(feature = "xml")]
pub mod xml;

pub use decode::{AttrStart, AttrValue, Decoder, Event, Ext, Header, Tag, Text};
pub use encode::{Writer, write_document};
pub use error::{DecodeOptions, Error, Relax, WbxmlErrorKind};

/// A code page number (the operand of SWITCH_PAGE).
pub type Page = u8;

/// A document's public identifier (WBXML 1.3 §5.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PublicId {
    /// A registered numeric id (`0x1201` = SyncML 1.2); 1 means unknown.
    Known(u32),
    /// `0x00` then the string-table index of the FPI.
    StringTable(u32),
}

/// Validate a whole document: read every event. Returns the header and the number of events.
pub fn validate<'a>(input: &'a [u8], opts: &DecodeOptions) -> Result<(Header<'a>, usize), Error> {
    let d = Decoder::new(input, opts)?;
    let header = d.header;
    let mut n = 0;
    for e in d {
        e?;
        n += 1;
    }
    Ok((header, n))
}
