//! Strict, zero-copy codecs for LwM2M payloads.
//!
//! - [`Tlvs::decode`] validates an OMA-TLV payload (content format 11542, legacy 1542) in one
//!   pass — headers, lengths, nesting, reserved and duplicate ids — without allocating;
//!   [`Tlv`] then gives each entry's kind, id, raw value and children, with typed accessors
//!   that follow the Data Types appendix exactly (Integer is signed: `81` is −127).
//! - [`Value`] encodes in the shortest form that loses nothing (129 → `00 81`, a Float in 4
//!   bytes only when exact); [`OwnedTlv`] (feature `alloc`) builds and encodes whole trees.
//! - Plain text and opaque ([`decode_text`], [`decode_opaque`]), CoRE link format
//!   ([`link`]), and with feature `senml` SenML JSON/CBOR (`senml`) and LwM2M CBOR
//!   (`lwm2m_cbor`).
//! - [`Path`] parses and prints `/3/0/7/1`; with an object [`Model`] (the core objects 0–7
//!   ship with the crate) [`decode_tlv`] reads a payload against its request path into typed
//!   [`Content`], as a server does.
//!
//! # Example
//!
//! ```
//! use m2mwire_lwm2m::{DecodeOptions, Lwm2mErrorKind, Path, Model, Tlvs, TlvKind, Value, decode_tlv, Content};
//!
//! // Resource 9 (Battery Level) = 100 and resource 6 (Power Sources) = [1, 5] of /3/0.
//! let bytes = [0xc1, 0x09, 0x64, 0x86, 0x06, 0x41, 0x00, 0x01, 0x41, 0x01, 0x05];
//! let tlvs = Tlvs::decode(&bytes, &DecodeOptions::strict())?;
//! let battery = tlvs.iter().next().unwrap();
//! assert_eq!((battery.kind, battery.id, battery.as_integer()?), (TlvKind::Resource, 9, 100));
//!
//! // With the object model the payload becomes typed values.
//! let content = decode_tlv(&bytes, &Path::parse("/3/0")?, &Model::core(), &DecodeOptions::strict())?;
//! let Content::Instance(inst) = content else { unreachable!() };
//! assert_eq!(inst.resources[0].single(), Some(&Value::Integer(100)));
//!
//! // A Boolean must be one byte 0 or 1.
//! let e = decode_tlv(&[0xc1, 0x06, 0x02], &Path::parse("/1/0")?, &Model::core(), &DecodeOptions::strict()).unwrap_err();
//! assert_eq!(e.kind, Lwm2mErrorKind::InvalidBoolean);
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

#[cfg(any(feature = "alloc", test))]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
mod content;
#[cfg(feature = "alloc")]
mod core_objects;
mod error;
#[cfg(feature = "alloc")]
pub mod link;
#[cfg(feature = "senml")]
pub mod lwm2m_cbor;
#[cfg(feature = "alloc")]
mod model;
#[cfg(feature = "alloc")]
mod owned;
mod path;
#[cfg(feature = "senml")]
pub mod senml;
mod text;
mod tlv;
mod value;
#[cfg(feature = "xml")]
mod xml;

#[cfg(feature = "alloc")]
pub use content::{Content, Instance, Resource, ResourceValue, decode_tlv};
pub use error::{DecodeOptions, Error, Lwm2mErrorKind, Relax};
#[cfg(feature = "alloc")]
pub use model::{Model, ObjectDef, Operations, ResourceDef};
#[cfg(feature = "alloc")]
pub use owned::{OwnedContent, OwnedTlv, OwnedTlvs};
pub use path::Path;
pub use text::{Text, decode_opaque, decode_text};
pub use tlv::{Form, MAX_VALUE_LEN, RESERVED_ID, Tlv, TlvIter, TlvKind, Tlvs};
pub use value::{ObjectLink, ResourceType, Value, fits_f32, int_len, uint_len};
#[cfg(feature = "xml")]
pub use xml::{ModelError, load_objects};
