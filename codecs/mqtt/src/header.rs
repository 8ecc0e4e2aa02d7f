//! The fixed header (3.1.1 §2.2, 5.0 §2.1), protocol levels, QoS, and stream framing.

use crate::error::{DecodeOptions, Error, MqttErrorKind};
use core::fmt;
use m2mwire_core::{CoreErrorKind, Reader, varint};

/// The protocol level a packet is read and written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProtocolVersion {
    /// MQTT 3.1 (IBM, level 3, protocol name `MQIsdp`): CONNECT only, with [`Relax::MQISDP`];
    /// every other packet is read as 3.1.1.
    ///
    /// [`Relax::MQISDP`]: crate::Relax::MQISDP
    V31,
    /// MQTT 3.1.1 (level 4).
    V311,
    /// MQTT 5.0 (level 5).
    V5,
}

impl ProtocolVersion {
    /// The protocol level byte of CONNECT.
    pub const fn level(self) -> u8 {
        match self {
            ProtocolVersion::V31 => 3,
            ProtocolVersion::V311 => 4,
            ProtocolVersion::V5 => 5,
        }
    }

    /// True for MQTT 5.0 (properties, reason codes, AUTH).
    pub const fn is_v5(self) -> bool {
        matches!(self, ProtocolVersion::V5)
    }

    /// `"3.1"`, `"3.1.1"` or `"5.0"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProtocolVersion::V31 => "3.1",
            ProtocolVersion::V311 => "3.1.1",
            ProtocolVersion::V5 => "5.0",
        }
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Quality of Service level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum QoS {
    /// At most once.
    #[default]
    AtMostOnce = 0,
    /// At least once.
    AtLeastOnce = 1,
    /// Exactly once.
    ExactlyOnce = 2,
}

impl QoS {
    /// The QoS from its two bits; `None` for the forbidden value 3.
    pub const fn from_bits(bits: u8) -> Option<QoS> {
        match bits {
            0 => Some(QoS::AtMostOnce),
            1 => Some(QoS::AtLeastOnce),
            2 => Some(QoS::ExactlyOnce),
            _ => None,
        }
    }

    /// 0, 1 or 2.
    pub const fn bits(self) -> u8 {
        self as u8
    }
}

m2mwire_core::registry! {
    /// The 4-bit MQTT Control Packet type (3.1.1 §2.2.1, 5.0 §2.1.2).
    pub struct PacketType(u8) {
        /// Client request to connect.
        CONNECT = 1 => "CONNECT",
        /// Connect acknowledgment.
        CONNACK = 2 => "CONNACK",
        /// Publish message.
        PUBLISH = 3 => "PUBLISH",
        /// Publish acknowledgment (QoS 1).
        PUBACK = 4 => "PUBACK",
        /// Publish received (QoS 2, part 1).
        PUBREC = 5 => "PUBREC",
        /// Publish release (QoS 2, part 2).
        PUBREL = 6 => "PUBREL",
        /// Publish complete (QoS 2, part 3).
        PUBCOMP = 7 => "PUBCOMP",
        /// Subscribe request.
        SUBSCRIBE = 8 => "SUBSCRIBE",
        /// Subscribe acknowledgment.
        SUBACK = 9 => "SUBACK",
        /// Unsubscribe request.
        UNSUBSCRIBE = 10 => "UNSUBSCRIBE",
        /// Unsubscribe acknowledgment.
        UNSUBACK = 11 => "UNSUBACK",
        /// PING request.
        PINGREQ = 12 => "PINGREQ",
        /// PING response.
        PINGRESP = 13 => "PINGRESP",
        /// Disconnect notification.
        DISCONNECT = 14 => "DISCONNECT",
        /// Authentication exchange (MQTT 5.0 only).
        AUTH = 15 => "AUTH",
    }
}

impl PacketType {
    /// The flag nibble this type requires, or `None` for PUBLISH, whose flags carry data.
    /// (3.1.1 §2.2.2 Table 2.2, 5.0 §2.1.3 Table 2-2.)
    pub const fn required_flags(self) -> Option<u8> {
        match self.0 {
            3 => None,
            6 | 8 | 10 => Some(0b0010),
            _ => Some(0),
        }
    }
}

/// A parsed fixed header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FixedHeader {
    /// The packet type.
    pub packet_type: PacketType,
    /// The low nibble of byte 0.
    pub flags: u8,
    /// Remaining Length: bytes after the fixed header.
    pub remaining_length: usize,
    /// Bytes the fixed header itself takes (2–5).
    pub header_len: usize,
}

impl FixedHeader {
    /// Header plus body.
    pub const fn packet_len(&self) -> usize {
        self.header_len + self.remaining_length
    }
}

/// What a buffer holds at its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frame {
    /// A whole packet of this header is available.
    Complete(FixedHeader),
    /// At least `needed` more bytes are required before anything can be decided.
    Incomplete {
        /// Bytes still missing (a lower bound while the Remaining Length is incomplete).
        needed: usize,
    },
}

/// Look at the start of a stream buffer: is a whole packet there? (3.1.1 §2.2, 5.0 §2.1)
///
/// Never an error for a partial packet: that is [`Frame::Incomplete`]. The packet type, the
/// fixed-header flags and the Maximum Packet Size (`opts.limits.max_message_size`) are
/// checked as soon as the header is complete, before the body is buffered, so a hostile
/// Remaining Length cannot make a reader wait for (or allocate) 256 MiB.
pub fn frame(buf: &[u8], version: ProtocolVersion, opts: &DecodeOptions) -> Result<Frame, Error> {
    frame_inline(buf, version, opts)
}

/// [`frame`], inlined into the decoders: returned from a call, the `Result` went through
/// memory and was read back at odd offsets before the store had completed.
#[inline(always)]
pub(crate) fn frame_inline(
    buf: &[u8],
    version: ProtocolVersion,
    opts: &DecodeOptions,
) -> Result<Frame, Error> {
    let Some(&b0) = buf.first() else {
        return Ok(Frame::Incomplete { needed: 2 });
    };
    let packet_type = PacketType(b0 >> 4);
    let flags = b0 & 0x0f;
    check_type_and_flags(packet_type, flags, version)?;
    // Remaining Length below 128 (every packet of up to 129 bytes): one byte; below 16,384:
    // two bytes, the second non-zero (else it is not the shortest form, an error below).
    let (remaining, header_len) = match (buf.get(1), buf.get(2)) {
        (Some(&b1), _) if b1 < 0x80 => (usize::from(b1), 2),
        (Some(&b1), Some(&b2)) if b2 < 0x80 && b2 != 0 => {
            (usize::from(b1 & 0x7f) | (usize::from(b2) << 7), 3)
        }
        _ => match remaining_length(buf) {
            Ok(v) => v,
            Err(out) => return out,
        },
    };
    let total = header_len + remaining;
    if total > opts.limits.max_message_size {
        return Err(Error::new(MqttErrorKind::PacketTooLarge, 1));
    }
    if buf.len() < total {
        return Ok(Frame::Incomplete {
            needed: total - buf.len(),
        });
    }
    Ok(Frame::Complete(FixedHeader {
        packet_type,
        flags,
        remaining_length: remaining,
        header_len,
    }))
}

/// The Remaining Length after byte 0 and the fixed header's length; `Err(Ok(..))` for a
/// Remaining Length still arriving.
fn remaining_length(buf: &[u8]) -> Result<(usize, usize), Result<Frame, Error>> {
    let mut r = Reader::new(buf.get(1..).unwrap_or_default());
    let remaining = match varint::read_vbi(&mut r) {
        Ok(v) => v as usize,
        Err(e) => {
            return Err(match e.kind {
                // The varint is still arriving: 1 more byte at least.
                CoreErrorKind::UnexpectedEnd => Ok(Frame::Incomplete { needed: 1 }),
                CoreErrorKind::VarIntNonMinimal => {
                    Err(Error::new(MqttErrorKind::NonMinimalVarInt, 1))
                }
                _ => Err(Error::new(MqttErrorKind::MalformedRemainingLength, 1)),
            });
        }
    };
    Ok((remaining, 1 + r.offset()))
}

/// Packet type 0 is reserved; 15 (AUTH) exists only in 5.0; fixed flags must match.
pub(crate) fn check_type_and_flags(
    t: PacketType,
    flags: u8,
    version: ProtocolVersion,
) -> Result<(), Error> {
    if t.0 == 0 || (t == PacketType::AUTH && !version.is_v5()) {
        return Err(Error::new(MqttErrorKind::ReservedPacketType, 0));
    }
    match t.required_flags() {
        Some(f) if f != flags => Err(Error::new(MqttErrorKind::InvalidFixedHeaderFlags, 0)),
        // PUBLISH flags carry QoS and DUP: their forbidden values are visible in byte 0, so
        // they are rejected before the body is waited for ([MQTT-3.3.1-4], [MQTT-3.3.1-2]).
        None if (flags >> 1) & 0b11 == 0b11 => Err(Error::new(MqttErrorKind::InvalidQos, 0)),
        None if flags & 0b1110 == 0b1000 => Err(Error::new(MqttErrorKind::DupWithQos0, 0)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(b: &[u8]) -> Result<Frame, MqttErrorKind> {
        frame(b, ProtocolVersion::V5, &DecodeOptions::strict()).map_err(|e| e.kind)
    }

    #[test]
    fn framing_reports_incomplete_before_errors_it_cannot_see_yet() {
        assert_eq!(f(&[]), Ok(Frame::Incomplete { needed: 2 }));
        assert_eq!(f(&[0x30]), Ok(Frame::Incomplete { needed: 1 }));
        assert_eq!(f(&[0x30, 0x80]), Ok(Frame::Incomplete { needed: 1 }));
        assert_eq!(f(&[0x30, 0x03, 0, 1]), Ok(Frame::Incomplete { needed: 1 }));
        assert!(matches!(f(&[0xc0, 0x00]), Ok(Frame::Complete(h)) if h.packet_len() == 2));
        assert_eq!(
            f(&[0x30, 0xff, 0xff, 0xff, 0xff]),
            Err(MqttErrorKind::MalformedRemainingLength)
        );
        assert_eq!(f(&[0x30, 0x80, 0x00]), Err(MqttErrorKind::NonMinimalVarInt));
        assert_eq!(f(&[0x80]), Err(MqttErrorKind::InvalidFixedHeaderFlags));
        assert_eq!(f(&[0x00]), Err(MqttErrorKind::ReservedPacketType));
        // Forbidden PUBLISH flags are refused from byte 0, before a huge body is awaited.
        assert_eq!(
            f(&[0x36, 0x80, 0xc8, 0xd0, 0x07]),
            Err(MqttErrorKind::InvalidQos)
        );
        assert_eq!(f(&[0x38]), Err(MqttErrorKind::DupWithQos0));
    }

    #[test]
    fn maximum_packet_size_is_checked_before_the_body_arrives() {
        let mut opts = DecodeOptions::strict();
        opts.limits.max_message_size = 100;
        let r = frame(
            &[0x30, 0xff, 0xff, 0xff, 0x7f],
            ProtocolVersion::V311,
            &opts,
        );
        assert_eq!(r.unwrap_err().kind, MqttErrorKind::PacketTooLarge);
    }
}
