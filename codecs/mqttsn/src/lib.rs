//! A strict, zero-copy MQTT-SN 1.2 codec for sensors and gateways.
//!
//! - [`Packet::decode`] reads one datagram — every message type of §5.2.2 and the forwarder
//!   encapsulation of §5.5 — checks its Length against the datagram, its fixed layout, flags,
//!   return codes, strings and topics (with the MQTT topic rules of `m2mwire-mqtt`), and
//!   allocates nothing: strings and data borrow the datagram.
//! - [`Packet`] encodes too ([`Encode`](m2mwire_core::Encode)), picking the 1-octet Length
//!   form unless the message needs the 3-octet one or was received in it, so re-encoding a
//!   decoded datagram gives back its bytes. PUBLISH data is binary, never assumed to be text.
//! - [`OwnedPacket`] (feature `alloc`) owns a checked datagram and reads it back on demand.
//!
//! # Example
//!
//! ```
//! use m2mwire_mqttsn::{DecodeOptions, Flags, Message, MqttSnErrorKind, Packet, QosSn, TopicIdType};
//! use m2mwire_core::Encode;
//!
//! // PUBLISH QoS 1 to the short topic "t1", message id 7, two bytes of data.
//! let bytes = [0x09, 0x0c, 0x22, b't', b'1', 0x00, 0x07, 0x01, 0xff];
//! let p = Packet::decode(&bytes, &DecodeOptions::strict())?;
//! let Message::Publish { flags, msg_id, data, .. } = p.message else { unreachable!() };
//! assert_eq!((flags.qos(), flags.topic_id_type(), msg_id, data), (QosSn::Q1, TopicIdType::Short, 7, &[0x01, 0xff][..]));
//! assert_eq!(p.encode_to_vec()?, bytes);
//!
//! // A Length that disagrees with the datagram is a typed error.
//! let err = Packet::decode(&[0x05, 0x16], &DecodeOptions::strict()).unwrap_err();
//! assert_eq!(err.kind, MqttSnErrorKind::LengthMismatch);
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

mod error;
mod message;
#[cfg(feature = "alloc")]
mod owned;
mod types;

pub use error::{DecodeOptions, Error, MqttSnErrorKind, Relax};
pub use message::{MAX_CLIENT_ID, Message, MsgType, Packet};
#[cfg(feature = "alloc")]
pub use owned::OwnedPacket;
pub use types::{Flags, QosSn, ReturnCode, Topic, TopicIdType};
