//! A strict, zero-copy CoAP (RFC 7252) message codec.
//!
//! - [`Message`] is a borrowed view: [`Message::decode`] checks the whole datagram in one pass
//!   (header, token, every option's framing and, for critical options, registry rules; payload
//!   marker) and allocates nothing. Token, option values and payload borrow the input.
//! - [`MessageBuf`] (feature `alloc`) is the owned form, with a builder that keeps options in
//!   wire order; [`MessageEncoder`] writes a message into a buffer without allocating.
//! - Every rule a receiver must enforce is a distinct [`CoapErrorKind`] with its clause, and
//!   the error carries the byte offset. [`Relax`] names each rule a lenient receiver may relax.
//! - Registries: [`Code`], [`OptionNumber`] (with [`OptionDef`] format, length range,
//!   repeatability, default), [`ContentFormat`]. Unknown values survive a round trip.
//!
//! `encode(decode(b)) == b` for every message strict decoding accepts: option headers have a
//! single encoding (§3.1) and values are kept as received.
//!
//! # Example
//!
//! ```
//! use m2mwire_coap::{Code, CoapErrorKind, DecodeOptions, Message, MessageType, OptionNumber};
//! use m2mwire_core::Encode;
//!
//! // RFC 7252 Appendix A, Figure 16: CON GET /temperature, token 0x71.
//! let bytes = b"\x41\x01\x7d\x34\x71\xbbtemperature";
//! let msg = Message::decode(bytes, &DecodeOptions::strict())?;
//! assert_eq!(msg.message_type(), MessageType::Confirmable);
//! assert_eq!(msg.code(), Code::GET);
//! assert_eq!(msg.token(), [0x71]);
//! let opt = msg.options().next().unwrap()?;
//! assert_eq!((opt.number, opt.as_str()), (OptionNumber::URI_PATH, Some("temperature")));
//! assert_eq!(msg.encode_to_vec()?, bytes);
//!
//! // Malformed input is a typed error with the offset and the clause, never a panic.
//! let err = Message::decode(b"\x40\x01\x00\x01\xff", &DecodeOptions::strict()).unwrap_err();
//! assert_eq!(err.kind, CoapErrorKind::EmptyPayload);
//! assert_eq!((err.offset, err.clause()), (4, "RFC 7252 §3"));
//!
//! // A lenient decoder accepts what named relaxations allow.
//! let lenient = DecodeOptions::strict().relaxing(m2mwire_coap::Relax::EMPTY_PAYLOAD_MARKER);
//! assert!(Message::decode(b"\x40\x01\x00\x01\xff", &lenient)?.payload().is_empty());
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

mod block;
#[cfg(feature = "alloc")]
mod buf;
mod code;
mod encoder;
mod error;
mod message;
mod option;

pub use block::BlockValue;
#[cfg(feature = "alloc")]
pub use buf::{MessageBuf, OptionBuf};
pub use code::{Code, ContentFormat, MessageType};
pub use encoder::MessageEncoder;
pub use error::{CoapErrorKind, DecodeOptions, Error, Relax};
pub use message::{MAX_TOKEN_LEN, Message, OptionProblem, PAYLOAD_MARKER, ProblemKind, VERSION};
pub use option::{
    CoapOption, DEFINITIONS, OptionDef, OptionFormat, OptionNumber, Options, UintBytes,
    decode_uint, encode_uint,
};
