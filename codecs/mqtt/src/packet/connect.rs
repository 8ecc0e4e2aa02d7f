//! CONNECT (3.1.1 §3.1, 5.0 §3.1).

use super::fill::Fill;
use super::{
    Ctx, Packet, checked_props, expect_end, packet_len, props_field, props_len,
    write_checked_props, write_fixed_header,
};
use crate::error::{Error, MqttErrorKind, Relax};
use crate::header::{PacketType, ProtocolVersion, QoS};
use crate::property::{Properties, PropertyContext};
use crate::string::{TOO_LONG, bin_len, read_bin, read_str, read_topic, read_u16, write_bin};
use crate::topic::validate_topic_name;
use m2mwire_core::{EncodeError, Reader, ResultExt, Write};

/// The Will Message of a CONNECT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Will<'a> {
    /// Will QoS.
    pub qos: QoS,
    /// Will Retain.
    pub retain: bool,
    /// Will Properties (5.0).
    pub properties: Properties<'a>,
    /// Will Topic.
    pub topic: &'a str,
    /// Will Payload (binary).
    pub payload: &'a [u8],
}

/// A CONNECT packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connect<'a> {
    /// The protocol level it announces (and is encoded with).
    pub protocol: ProtocolVersion,
    /// CleanSession (3.1.1) / Clean Start (5.0).
    pub clean_start: bool,
    /// Keep Alive, seconds.
    pub keep_alive: u16,
    /// CONNECT properties (5.0).
    pub properties: Properties<'a>,
    /// Client Identifier.
    pub client_id: &'a str,
    /// The Will, if the Will Flag is set.
    pub will: Option<Will<'a>>,
    /// User Name.
    pub username: Option<&'a str>,
    /// Password (binary).
    pub password: Option<&'a [u8]>,
}

mod flag {
    pub(super) const USERNAME: u8 = 0x80;
    pub(super) const PASSWORD: u8 = 0x40;
    pub(super) const WILL_RETAIN: u8 = 0x20;
    pub(super) const WILL_QOS_SHIFT: u8 = 3;
    pub(super) const WILL: u8 = 0x04;
    pub(super) const CLEAN: u8 = 0x02;
    pub(super) const RESERVED: u8 = 0x01;
}

impl<'a> Connect<'a> {
    /// Decode a CONNECT body into its [`Packet`], built in place (see `Ack::decode`).
    #[inline(always)]
    pub(super) fn decode(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        let opts = cx.opts;
        let name_at = r.offset();
        let name = read_bin(r)?;
        let level_at = r.offset();
        let level = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
        // §3.1.2.1/§3.1.2.2: the name and level go together; MQTT 3.1 used "MQIsdp"/3.
        let protocol = match (name, level) {
            (b"MQTT", 4) => ProtocolVersion::V311,
            (b"MQTT", 5) => ProtocolVersion::V5,
            (b"MQIsdp", 3) if opts.allows(Relax::MQISDP) => ProtocolVersion::V31,
            (b"MQTT", _) => {
                return Err(Error::new(
                    MqttErrorKind::UnsupportedProtocolLevel,
                    level_at,
                ));
            }
            _ => return Err(Error::new(MqttErrorKind::InvalidProtocolName, name_at)),
        };
        let flags_at = r.offset();
        let flags = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
        if flags & flag::RESERVED != 0 {
            return Err(Error::new(MqttErrorKind::ConnectReservedFlag, flags_at));
        }
        let will_flag = flags & flag::WILL != 0;
        let will_qos_bits = (flags >> flag::WILL_QOS_SHIFT) & 0b11;
        let will_retain = flags & flag::WILL_RETAIN != 0;
        if !will_flag && (will_qos_bits != 0 || will_retain) {
            return Err(Error::new(MqttErrorKind::WillFlagsWithoutWill, flags_at));
        }
        let will_qos = QoS::from_bits(will_qos_bits)
            .ok_or(Error::new(MqttErrorKind::InvalidWillQos, flags_at))?;
        let has_user = flags & flag::USERNAME != 0;
        let has_pass = flags & flag::PASSWORD != 0;
        if has_pass
            && !has_user
            && !protocol.is_v5()
            && !opts.allows(Relax::PASSWORD_WITHOUT_USERNAME)
        {
            return Err(Error::new(MqttErrorKind::PasswordWithoutUsername, flags_at));
        }
        let clean_start = flags & flag::CLEAN != 0;
        let keep_alive = read_u16(r)?;
        let v5 = protocol.is_v5();
        let properties = if v5 {
            Properties::decode(r, PropertyContext::Connect, opts)?
        } else {
            Properties::EMPTY
        };
        let id_at = r.offset();
        let client_id = read_str(r, opts)?;
        if client_id.is_empty() && !clean_start && !v5 {
            return Err(Error::new(
                MqttErrorKind::EmptyClientIdWithoutCleanSession,
                id_at,
            ));
        }
        let will = if will_flag {
            let properties = if v5 {
                Properties::decode(r, PropertyContext::Will, opts)?
            } else {
                Properties::EMPTY
            };
            let topic_at = r.offset() + 2;
            let (topic, valid) = read_topic(r, opts)?;
            if !valid {
                validate_topic_name(topic).map_err(|(k, i)| Error::new(k, topic_at + i))?;
            }
            Some(Will {
                qos: will_qos,
                retain: will_retain,
                properties,
                topic,
                payload: read_bin(r)?,
            })
        } else {
            None
        };
        let username = if has_user {
            Some(read_str(r, opts)?)
        } else {
            None
        };
        let password = if has_pass { Some(read_bin(r)?) } else { None };
        expect_end(r)?;
        Ok(Packet::Connect(Connect {
            protocol,
            clean_start,
            keep_alive,
            properties,
            client_id,
            will,
            username,
            password,
        }))
    }

    fn protocol_name(&self) -> &'static [u8] {
        match self.protocol {
            ProtocolVersion::V31 => b"MQIsdp",
            _ => b"MQTT",
        }
    }

    pub(super) fn body_len(&self) -> usize {
        let v5 = self.protocol.is_v5();
        let mut n = bin_len(self.protocol_name()) + 1 + 1 + 2 + props_len(v5, &self.properties);
        n += bin_len(self.client_id.as_bytes());
        if let Some(w) = &self.will {
            n += props_len(v5, &w.properties);
            n += bin_len(w.topic.as_bytes()) + bin_len(w.payload);
        }
        n += self.username.map_or(0, |u| bin_len(u.as_bytes()));
        n += self.password.map_or(0, bin_len);
        n
    }

    /// The rules the encoding depends on (each property list for its packet, none in 3.1.1;
    /// strings and binary fields that fit their two-byte lengths); the lengths of the two
    /// property lists without their Property Length.
    fn check(&self) -> Result<(usize, usize), EncodeError> {
        let v5 = self.protocol.is_v5();
        let props = checked_props(v5, &self.properties, PropertyContext::Connect)?;
        let will_props = match &self.will {
            Some(will) => checked_props(v5, &will.properties, PropertyContext::Will)?,
            None => 0,
        };
        let fields = [
            Some(self.client_id.as_bytes()),
            self.will.map(|w| w.topic.as_bytes()),
            self.will.map(|w| w.payload),
            self.username.map(str::as_bytes),
            self.password,
        ];
        if fields
            .iter()
            .flatten()
            .any(|f| f.len() > usize::from(u16::MAX))
        {
            return Err(TOO_LONG);
        }
        Ok((props, will_props))
    }

    /// The whole packet, fixed header included: every check first, so a CONNECT that fails
    /// one writes nothing; then, if the sink lends it, the whole packet at once (see
    /// [`Write::chunk`]).
    #[inline(never)]
    pub(super) fn encode_packet<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        let v5 = self.protocol.is_v5();
        let (props, will_props) = self.check()?;
        let mut body = bin_len(self.protocol_name())
            + 4
            + props_field(v5, props)
            + bin_len(self.client_id.as_bytes());
        if let Some(will) = &self.will {
            body += props_field(v5, will_props)
                + bin_len(will.topic.as_bytes())
                + bin_len(will.payload);
        }
        body += self.username.map_or(0, |u| bin_len(u.as_bytes()));
        body += self.password.map_or(0, bin_len);
        debug_assert_eq!(body, self.body_len());
        let b0 = PacketType::CONNECT.0 << 4;
        let total = packet_len(body)?;
        if let Some(c) = w.chunk(total) {
            // Its strings are short: copied inline rather than by a `memcpy` call each.
            let mut f = Fill(c);
            f.fixed_header(b0, body)?;
            self.write_fields(&mut f, props, will_props)?;
            debug_assert!(
                f.0.is_empty(),
                "CONNECT length disagrees with the bytes written"
            );
            return Ok(());
        }
        write_fixed_header(w, b0, body)?;
        self.write_fields(w, props, will_props)
    }

    /// Everything after the fixed header, with the same checks as [`Self::encode_packet`].
    pub(super) fn encode_body<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        let (props, will_props) = self.check()?;
        self.write_fields(w, props, will_props)
    }

    /// The variable header and payload of a CONNECT [`Self::check`] accepted.
    #[inline(always)]
    fn write_fields<W: Write + ?Sized>(
        &self,
        w: &mut W,
        props: usize,
        will_props: usize,
    ) -> Result<(), EncodeError> {
        let v5 = self.protocol.is_v5();
        write_bin(w, self.protocol_name())?;
        w.write_u8(self.protocol.level())?;
        let mut flags = 0u8;
        if self.username.is_some() {
            flags |= flag::USERNAME;
        }
        if self.password.is_some() {
            flags |= flag::PASSWORD;
        }
        if let Some(will) = &self.will {
            flags |= flag::WILL | (will.qos.bits() << flag::WILL_QOS_SHIFT);
            if will.retain {
                flags |= flag::WILL_RETAIN;
            }
        }
        if self.clean_start {
            flags |= flag::CLEAN;
        }
        w.write_u8(flags)?;
        w.write_u16(self.keep_alive)?;
        write_checked_props(w, v5, &self.properties, props)?;
        write_bin(w, self.client_id.as_bytes())?;
        if let Some(will) = &self.will {
            write_checked_props(w, v5, &will.properties, will_props)?;
            write_bin(w, will.topic.as_bytes())?;
            write_bin(w, will.payload)?;
        }
        if let Some(u) = self.username {
            write_bin(w, u.as_bytes())?;
        }
        if let Some(p) = self.password {
            write_bin(w, p)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::test_support::{LONG, assert_writes_nothing};
    use crate::property::{Property, PropertyId, PropertyValue};

    /// As for PUBLISH: a CONNECT that breaks a rule its encoding depends on leaves the sink
    /// exactly as it was, whether or not the sink could lend the whole packet.
    #[test]
    fn a_connect_that_cannot_be_encoded_writes_nothing() {
        let long = core::str::from_utf8(&LONG).unwrap();
        let alias: &[Property<'_>] = &[Property::new(
            PropertyId::TOPIC_ALIAS,
            PropertyValue::TwoByte(1),
        )];
        let expiry: &[Property<'_>] = &[Property::new(
            PropertyId::SESSION_EXPIRY_INTERVAL,
            PropertyValue::FourByte(1),
        )];
        let ok = Connect {
            protocol: ProtocolVersion::V5,
            clean_start: true,
            keep_alive: 60,
            properties: Properties::EMPTY,
            client_id: "c",
            will: Some(Will {
                qos: QoS::AtMostOnce,
                retain: false,
                properties: Properties::EMPTY,
                topic: "w",
                payload: b"p",
            }),
            username: Some("u"),
            password: Some(b"p"),
        };
        let will = ok.will.unwrap();
        let bad = [
            // Topic Alias is not a CONNECT property, Session Expiry not a Will property.
            Connect {
                properties: Properties::List(&alias),
                ..ok
            },
            Connect {
                will: Some(Will {
                    properties: Properties::List(&expiry),
                    ..will
                }),
                ..ok
            },
            // 3.1.1 has no properties.
            Connect {
                protocol: ProtocolVersion::V311,
                properties: Properties::List(&expiry),
                ..ok
            },
            Connect {
                username: Some(long),
                ..ok
            },
            Connect {
                will: Some(Will {
                    payload: &LONG,
                    ..will
                }),
                ..ok
            },
        ];
        for c in bad {
            assert_writes_nothing(&Packet::Connect(c), ProtocolVersion::V5);
        }
    }
}
