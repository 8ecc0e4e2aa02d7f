//! PUBLISH (3.1.1 §3.3, 5.0 §3.3).

use super::fill::Fill;
use super::{
    Ctx, PROPERTIES_IN_V311, Packet, packet_len, props_field, props_len, read_packet_id,
    write_checked_props, write_fixed_header,
};
use crate::error::{Error, MqttErrorKind};
use crate::header::PacketType;
use crate::header::QoS;
use crate::property::{
    Properties, PropertyContext, PropertyId, checked_len_inline, write_unchecked,
};
use crate::string::{TOO_LONG, bin_len, read_topic, write_bin};
use crate::topic::validate_topic_name;
use m2mwire_core::{EncodeError, Reader, Write, varint};

/// A PUBLISH packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Publish<'a> {
    /// DUP flag.
    pub dup: bool,
    /// QoS.
    pub qos: QoS,
    /// RETAIN flag.
    pub retain: bool,
    /// Topic Name (empty only in 5.0 with a Topic Alias).
    pub topic: &'a str,
    /// Packet Identifier: present exactly when QoS > 0.
    pub packet_id: Option<u16>,
    /// PUBLISH properties (5.0).
    pub properties: Properties<'a>,
    /// Application Message: binary, never assumed to be text.
    pub payload: &'a [u8],
}

impl<'a> Publish<'a> {
    pub(super) fn flags(&self) -> u8 {
        (u8::from(self.dup) << 3) | (self.qos.bits() << 1) | u8::from(self.retain)
    }

    /// Decode a PUBLISH body into its [`Packet`], built in place (see `Ack::decode`).
    #[inline(always)]
    pub(super) fn decode(flags: u8, r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        // Flags live in byte 0 of the fixed header.
        let qos =
            QoS::from_bits((flags >> 1) & 0b11).ok_or(Error::new(MqttErrorKind::InvalidQos, 0))?;
        let dup = flags & 0b1000 != 0;
        if dup && qos == QoS::AtMostOnce {
            return Err(Error::new(MqttErrorKind::DupWithQos0, 0));
        }
        let topic_at = r.offset() + 2;
        let (topic, valid) = read_topic(r, cx.opts)?;
        let packet_id = if qos == QoS::AtMostOnce {
            None
        } else {
            Some(read_packet_id(r)?)
        };
        let properties = if cx.v5() {
            Properties::decode(r, PropertyContext::Publish, cx.opts)?
        } else {
            Properties::EMPTY
        };
        // 5.0 §3.3.2.3.4: an empty Topic Name is allowed when a Topic Alias stands for it.
        let aliased = topic.is_empty() && properties.get(PropertyId::TOPIC_ALIAS).is_some();
        if !valid && !aliased {
            validate_topic_name(topic).map_err(|(k, i)| Error::new(k, topic_at + i))?;
        }
        Ok(Packet::Publish(Publish {
            dup,
            qos,
            retain: flags & 1 != 0,
            topic,
            packet_id,
            properties,
            payload: r.rest(),
        }))
    }

    pub(super) fn body_len(&self, v5: bool) -> usize {
        bin_len(self.topic.as_bytes())
            + if self.packet_id.is_some() { 2 } else { 0 }
            + props_len(v5, &self.properties)
            + self.payload.len()
    }

    /// The whole packet, fixed header included. Every check comes first, so a packet that
    /// fails one writes nothing; the property list is checked and measured in one pass, and
    /// written without a second check. Out of line: inlined, it made `Packet::encode` too
    /// large for the other packets' encoders to be inlined into it (CONNECT: 527 → 603
    /// instructions).
    #[inline(never)]
    pub(super) fn encode_packet<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        let props = self.check(v5)?;
        let id_len = if self.packet_id.is_some() { 2 } else { 0 };
        let body =
            bin_len(self.topic.as_bytes()) + id_len + props_field(v5, props) + self.payload.len();
        debug_assert_eq!(body, self.body_len(v5));
        let b0 = (PacketType::PUBLISH.0 << 4) | self.flags();
        let total = packet_len(body)?;
        // Everything is checked: take the whole packet from the sink at once, if it lends it,
        // and fill it through a local slice. Nothing below can fail.
        if let Some(c) = w.chunk(total) {
            let mut f = Fill(c);
            f.fixed_header(b0, body)?;
            write_bin(&mut f, self.topic.as_bytes())?;
            if let Some(id) = self.packet_id {
                f.write_u16(id)?;
            }
            if v5 {
                varint::write_vbi(&mut f, u32::try_from(props).unwrap_or(u32::MAX))?;
                // Property values are short: copied inline.
                write_unchecked(&self.properties, &mut f)?;
            }
            // The payload through the plain slice: paired runs measured `Fill` here 0.03-0.1
            // slower on both PUBLISH rows, though both end in the same `memcpy`.
            let mut c = f.0;
            c.write_all(self.payload)?;
            debug_assert!(
                c.is_empty(),
                "PUBLISH length disagrees with the bytes written"
            );
            return Ok(());
        }
        write_fixed_header(w, b0, body)?;
        self.write_body(w, v5, props)
    }

    /// Everything after the fixed header, with the same checks as [`Self::encode_packet`].
    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        let props = self.check(v5)?;
        self.write_body(w, v5, props)
    }

    /// The rules the encoding depends on; the length of the property list (checked for a
    /// PUBLISH) without its Property Length. Inlined: the packet's own rules are three
    /// compares, and the error for one that fails is built out of line.
    #[inline(always)]
    fn check(&self, v5: bool) -> Result<usize, EncodeError> {
        let id_ok =
            self.packet_id.is_some() == (self.qos != QoS::AtMostOnce) && self.packet_id != Some(0);
        if !id_ok || self.topic.len() > usize::from(u16::MAX) {
            return Err(self.fault());
        }
        // With QoS 0, DUP must be clear ([MQTT-3.3.1-2]); `id_ok` already ties QoS 0 to no
        // packet identifier.
        if self.dup && self.packet_id.is_none() {
            return Err(self.fault());
        }
        if v5 {
            checked_len_inline(&self.properties, PropertyContext::Publish)
        } else if self.properties.is_empty() {
            Ok(0)
        } else {
            Err(PROPERTIES_IN_V311)
        }
    }

    /// The error for the first of [`Self::check`]'s packet rules this PUBLISH breaks.
    #[cold]
    #[inline(never)]
    fn fault(&self) -> EncodeError {
        if self.packet_id.is_some() != (self.qos != QoS::AtMostOnce) || self.packet_id == Some(0) {
            EncodeError::Invalid {
                what: "packet identifier must be present (non-zero) exactly when QoS > 0",
                clause: "[MQTT-2.3.1-1] [MQTT-2.3.1-5]",
            }
        } else if self.dup && self.qos == QoS::AtMostOnce {
            EncodeError::Invalid {
                what: "DUP with QoS 0",
                clause: "[MQTT-3.3.1-2]",
            }
        } else {
            TOO_LONG
        }
    }

    /// Inlined into [`Self::encode_packet`]: a call returned its `Result` through memory.
    #[inline(always)]
    fn write_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
        props: usize,
    ) -> Result<(), EncodeError> {
        write_bin(w, self.topic.as_bytes())?;
        if let Some(id) = self.packet_id {
            w.write_u16(id)?;
        }
        write_checked_props(w, v5, &self.properties, props)?;
        w.write_all(self.payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::ProtocolVersion;
    use crate::packet::test_support::{LONG, assert_writes_nothing};
    use crate::property::{Property, PropertyValue};

    /// Every rule a PUBLISH encoding can break is checked before the first byte: the sink is
    /// left exactly as it was, whether or not it could lend the whole packet.
    #[test]
    fn a_publish_that_cannot_be_encoded_writes_nothing() {
        let long = core::str::from_utf8(&LONG).unwrap();
        let list: &[Property<'_>] = &[Property::new(
            PropertyId::CONTENT_TYPE,
            PropertyValue::Utf8(long),
        )];
        // A Variable Byte Integer cannot count past 268,435,455.
        let huge: &[Property<'_>] = &[Property::new(
            PropertyId::SUBSCRIPTION_IDENTIFIER,
            PropertyValue::VarInt(268_435_456),
        )];
        // What the strict decoder refuses: a repeat, a value out of range.
        let twice: &[Property<'_>] = &[
            Property::new(
                PropertyId::MESSAGE_EXPIRY_INTERVAL,
                PropertyValue::FourByte(1),
            ),
            Property::new(
                PropertyId::MESSAGE_EXPIRY_INTERVAL,
                PropertyValue::FourByte(2),
            ),
        ];
        let pfi: &[Property<'_>] = &[Property::new(
            PropertyId::PAYLOAD_FORMAT_INDICATOR,
            PropertyValue::Byte(2),
        )];
        let wild: &[Property<'_>] = &[Property::new(
            PropertyId::RESPONSE_TOPIC,
            PropertyValue::Utf8("a/#"),
        )];
        let ok = Publish {
            dup: false,
            qos: QoS::AtLeastOnce,
            retain: false,
            topic: "t",
            packet_id: Some(1),
            properties: Properties::EMPTY,
            payload: b"x",
        };
        let bad = [
            (Publish { topic: long, ..ok }, ProtocolVersion::V5),
            // Wire bytes are checked too: an unknown identifier, a property cut short, and
            // Session Expiry Interval (valid in a CONNECT, not in a PUBLISH).
            (
                Publish {
                    properties: Properties::Wire(b"\x7f\x00"),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::Wire(b"\x02\x00\x00"),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::Wire(b"\x11\x00\x00\x00\x3c"),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::List(&list),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::List(&list),
                    ..ok
                },
                ProtocolVersion::V311,
            ),
            (
                Publish {
                    properties: Properties::List(&huge),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::List(&twice),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::List(&pfi),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    properties: Properties::List(&wild),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Publish {
                    packet_id: None,
                    ..ok
                },
                ProtocolVersion::V311,
            ),
            (
                Publish {
                    dup: true,
                    qos: QoS::AtMostOnce,
                    packet_id: None,
                    ..ok
                },
                ProtocolVersion::V311,
            ),
        ];
        for (p, v) in bad {
            assert_writes_nothing(&Packet::Publish(p), v);
        }
    }
}
