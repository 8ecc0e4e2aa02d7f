//! A strict, zero-copy MQTT 3.1.1 and 5.0 codec.
//!
//! - [`Packet`] covers all 15 control packets. [`Packet::decode`] checks every rule a single
//!   packet can break — fixed-header flags, Remaining Length, UTF-8 string rules, topic name
//!   and filter syntax, CONNECT flag combinations, reason codes per packet, every 5.0 property
//!   (type, packets that may carry it, repeats, value ranges) — and allocates nothing:
//!   strings, payloads and property lists borrow the input.
//! - The same structs encode: [`Packet::encode`] writes into any [`Write`](m2mwire_core::Write)
//!   sink, with [`Packet::encoded_len`] known up front. 5.0 forms that leave out a reason code
//!   or properties are kept as `None`, and property lists keep their wire order, so
//!   `encode(decode(b)) == b`.
//! - Streams: [`frame`] and [`Packet::decode_stream`] report `Incomplete { needed }` before a
//!   packet has arrived, and check the Maximum Packet Size before the body is buffered;
//!   [`PacketReader`] (feature `std`) reads packets from any `std::io::Read`; `MqttCodec`
//!   (feature `tokio`) is a `tokio_util::codec` Decoder/Encoder.
//! - [`topic`]: validation and matching of Topic Names and Filters, shared subscriptions.
//!
//! # Example
//!
//! ```
//! use m2mwire_mqtt::{DecodeOptions, MqttErrorKind, Packet, ProtocolVersion, Publish, QoS, Properties};
//!
//! let publish = Packet::Publish(Publish {
//!     dup: false,
//!     qos: QoS::AtLeastOnce,
//!     retain: false,
//!     topic: "sensors/t1",
//!     packet_id: Some(7),
//!     properties: Properties::EMPTY,
//!     payload: &[0x01, 0xff],
//! });
//! let mut buf = [0u8; 64];
//! let mut sink = &mut buf[..];
//! publish.encode(ProtocolVersion::V311, &mut sink)?;
//! let len = publish.encoded_len(ProtocolVersion::V311);
//!
//! let decoded = Packet::decode(&buf[..len], ProtocolVersion::V311, &DecodeOptions::strict())?;
//! assert_eq!(decoded, publish);
//!
//! // A wildcard in a PUBLISH topic breaks [MQTT-3.3.2-2]: a typed error with its offset.
//! let err = Packet::decode(b"\x30\x05\x00\x03a/+", ProtocolVersion::V311, &DecodeOptions::strict())
//!     .unwrap_err();
//! assert_eq!((err.kind, err.offset), (MqttErrorKind::WildcardInTopicName, 6));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
// One `unsafe` block, in `string::ascii_str`: a `&str` over bytes a scan has proven
// ASCII (benchmarked and fuzzed; see its docs). Anything else is refused at compile time.
#![deny(unsafe_code)]
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
mod header;
#[cfg(feature = "alloc")]
mod owned;
mod packet;
mod property;
mod reason;
#[cfg(feature = "std")]
mod stream;
mod string;
#[cfg(feature = "tokio")]
mod tokio_codec;
pub mod topic;

pub use error::{DecodeOptions, Error, MqttErrorKind, Relax};
pub use header::{FixedHeader, Frame, PacketType, ProtocolVersion, QoS, frame};
#[cfg(feature = "alloc")]
pub use owned::OwnedPacket;
pub use packet::{
    Ack, Connack, Connect, Decoded, Disconnect, Packet, Publish, RetainHandling, Sender, Suback,
    Subscribe, Subscription, SubscriptionOptions, Subscriptions, TopicFilters, Unsuback,
    Unsubscribe, Versioned, Will,
};
pub use property::{
    Properties, Property, PropertyContext, PropertyDef, PropertyId, PropertyIter, PropertyType,
    PropertyValue,
};
pub use reason::{ReasonCode, ReasonContext, allowed as reason_allowed, connack_v311_name};
#[cfg(feature = "std")]
pub use stream::{PacketReader, ReadError};
pub use string::check_str;
#[cfg(feature = "tokio")]
pub use tokio_codec::{CodecError, MqttCodec};

/// AUTH has the layout of a 5.0 DISCONNECT: an optional reason code and properties.
pub type Auth<'a> = Disconnect<'a>;
