//! The messages of MQTT-SN 1.2 (§5.2, §5.4, §5.5): decoding and encoding.

use crate::error::{DecodeOptions, Error, MqttSnErrorKind as K, Relax};
use crate::types::{Flags, QosSn, ReturnCode, Topic, TopicIdType};
use m2mwire_core::{Encode, EncodeError, Reader, ResultExt, Write};
use m2mwire_mqtt::MqttErrorKind;
use m2mwire_mqtt::topic::{validate_topic_filter, validate_topic_name};

m2mwire_core::registry! {
    /// MsgType (§5.2.2, Table 3).
    pub struct MsgType(u8) {
        /// 0x00 ADVERTISE.
        ADVERTISE = 0x00 => "ADVERTISE",
        /// 0x01 SEARCHGW.
        SEARCHGW = 0x01 => "SEARCHGW",
        /// 0x02 GWINFO.
        GWINFO = 0x02 => "GWINFO",
        /// 0x04 CONNECT.
        CONNECT = 0x04 => "CONNECT",
        /// 0x05 CONNACK.
        CONNACK = 0x05 => "CONNACK",
        /// 0x06 WILLTOPICREQ.
        WILLTOPICREQ = 0x06 => "WILLTOPICREQ",
        /// 0x07 WILLTOPIC.
        WILLTOPIC = 0x07 => "WILLTOPIC",
        /// 0x08 WILLMSGREQ.
        WILLMSGREQ = 0x08 => "WILLMSGREQ",
        /// 0x09 WILLMSG.
        WILLMSG = 0x09 => "WILLMSG",
        /// 0x0A REGISTER.
        REGISTER = 0x0a => "REGISTER",
        /// 0x0B REGACK.
        REGACK = 0x0b => "REGACK",
        /// 0x0C PUBLISH.
        PUBLISH = 0x0c => "PUBLISH",
        /// 0x0D PUBACK.
        PUBACK = 0x0d => "PUBACK",
        /// 0x0E PUBCOMP.
        PUBCOMP = 0x0e => "PUBCOMP",
        /// 0x0F PUBREC.
        PUBREC = 0x0f => "PUBREC",
        /// 0x10 PUBREL.
        PUBREL = 0x10 => "PUBREL",
        /// 0x12 SUBSCRIBE.
        SUBSCRIBE = 0x12 => "SUBSCRIBE",
        /// 0x13 SUBACK.
        SUBACK = 0x13 => "SUBACK",
        /// 0x14 UNSUBSCRIBE.
        UNSUBSCRIBE = 0x14 => "UNSUBSCRIBE",
        /// 0x15 UNSUBACK.
        UNSUBACK = 0x15 => "UNSUBACK",
        /// 0x16 PINGREQ.
        PINGREQ = 0x16 => "PINGREQ",
        /// 0x17 PINGRESP.
        PINGRESP = 0x17 => "PINGRESP",
        /// 0x18 DISCONNECT.
        DISCONNECT = 0x18 => "DISCONNECT",
        /// 0x1A WILLTOPICUPD.
        WILLTOPICUPD = 0x1a => "WILLTOPICUPD",
        /// 0x1B WILLTOPICRESP.
        WILLTOPICRESP = 0x1b => "WILLTOPICRESP",
        /// 0x1C WILLMSGUPD.
        WILLMSGUPD = 0x1c => "WILLMSGUPD",
        /// 0x1D WILLMSGRESP.
        WILLMSGRESP = 0x1d => "WILLMSGRESP",
        /// 0xFE Encapsulated message (§5.5).
        ENCAPSULATED = 0xfe => "ENCAPSULATED",
    }
}

/// The longest Client Identifier (§5.3.1).
pub const MAX_CLIENT_ID: usize = 23;

/// One MQTT-SN message's variable part, borrowing from the datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Message<'a> {
    /// ADVERTISE (§5.4.1).
    Advertise {
        /// Gateway id.
        gw_id: u8,
        /// Seconds until the next ADVERTISE.
        duration: u16,
    },
    /// SEARCHGW (§5.4.2).
    SearchGw {
        /// Broadcast radius.
        radius: u8,
    },
    /// GWINFO (§5.4.3). `gw_add` is empty when a gateway sends it, the gateway's address
    /// when a client answers for it.
    GwInfo {
        /// Gateway id.
        gw_id: u8,
        /// Gateway address (absent = empty).
        gw_add: &'a [u8],
    },
    /// CONNECT (§5.4.4).
    Connect {
        /// Flags (Will, CleanSession used).
        flags: Flags,
        /// ProtocolId, 0x01.
        protocol_id: u8,
        /// Keep-alive duration, seconds.
        duration: u16,
        /// Client Identifier, 1–23 characters.
        client_id: &'a str,
    },
    /// CONNACK (§5.4.5).
    Connack {
        /// Return code.
        return_code: ReturnCode,
    },
    /// WILLTOPICREQ (§5.4.6).
    WillTopicReq,
    /// WILLTOPIC (§5.4.7); `None` is the empty form that deletes the Will.
    WillTopic {
        /// Flags (QoS, Retain used) and the Will topic.
        will: Option<(Flags, &'a str)>,
    },
    /// WILLMSGREQ (§5.4.8).
    WillMsgReq,
    /// WILLMSG (§5.4.9).
    WillMsg {
        /// The Will message (binary).
        msg: &'a [u8],
    },
    /// REGISTER (§5.4.10).
    Register {
        /// Topic id (0x0000 from a client).
        topic_id: u16,
        /// Message id.
        msg_id: u16,
        /// Topic name.
        topic_name: &'a str,
    },
    /// REGACK (§5.4.11).
    Regack {
        /// Topic id.
        topic_id: u16,
        /// Message id.
        msg_id: u16,
        /// Return code.
        return_code: ReturnCode,
    },
    /// PUBLISH (§5.4.12).
    Publish {
        /// Flags (DUP, QoS, Retain, TopicIdType used).
        flags: Flags,
        /// Topic id, or a short topic name's two octets.
        topic_id: u16,
        /// Message id (meaningful for QoS 1 and 2).
        msg_id: u16,
        /// The data: binary, never assumed to be text.
        data: &'a [u8],
    },
    /// PUBACK (§5.4.13).
    Puback {
        /// Topic id.
        topic_id: u16,
        /// Message id.
        msg_id: u16,
        /// Return code.
        return_code: ReturnCode,
    },
    /// PUBCOMP (§5.4.14).
    Pubcomp {
        /// Message id.
        msg_id: u16,
    },
    /// PUBREC (§5.4.14).
    Pubrec {
        /// Message id.
        msg_id: u16,
    },
    /// PUBREL (§5.4.14).
    Pubrel {
        /// Message id.
        msg_id: u16,
    },
    /// SUBSCRIBE (§5.4.15).
    Subscribe {
        /// Flags (DUP, QoS, TopicIdType used).
        flags: Flags,
        /// Message id.
        msg_id: u16,
        /// Topic name/filter or id.
        topic: Topic<'a>,
    },
    /// SUBACK (§5.4.16).
    Suback {
        /// Flags (granted QoS used).
        flags: Flags,
        /// Topic id.
        topic_id: u16,
        /// Message id.
        msg_id: u16,
        /// Return code.
        return_code: ReturnCode,
    },
    /// UNSUBSCRIBE (§5.4.17).
    Unsubscribe {
        /// Flags (TopicIdType used).
        flags: Flags,
        /// Message id.
        msg_id: u16,
        /// Topic name/filter or id.
        topic: Topic<'a>,
    },
    /// UNSUBACK (§5.4.18).
    Unsuback {
        /// Message id.
        msg_id: u16,
    },
    /// PINGREQ (§5.4.19); a sleeping client waking up adds its Client Identifier.
    Pingreq {
        /// Client Identifier, if present.
        client_id: Option<&'a str>,
    },
    /// PINGRESP (§5.4.20).
    Pingresp,
    /// DISCONNECT (§5.4.21); a client going to sleep adds a Duration.
    Disconnect {
        /// Sleep duration, seconds, if present.
        duration: Option<u16>,
    },
    /// WILLTOPICUPD (§5.4.22); `None` is the empty form that deletes the Will.
    WillTopicUpd {
        /// Flags (QoS, Retain used) and the Will topic.
        will: Option<(Flags, &'a str)>,
    },
    /// WILLTOPICRESP (§5.4.24).
    WillTopicResp {
        /// Return code.
        return_code: ReturnCode,
    },
    /// WILLMSGUPD (§5.4.23).
    WillMsgUpd {
        /// The Will message (binary).
        msg: &'a [u8],
    },
    /// WILLMSGRESP (§5.4.25).
    WillMsgResp {
        /// Return code.
        return_code: ReturnCode,
    },
    /// Encapsulated message (§5.5): forwarder control, wireless node id, and a whole MQTT-SN
    /// message (its bytes, checked when decoded; read it with [`Packet::decode`]).
    Encapsulated {
        /// Ctrl octet: bits 1–0 broadcast radius.
        ctrl: u8,
        /// Wireless Node Id.
        node_id: &'a [u8],
        /// The encapsulated message's bytes.
        inner: &'a [u8],
    },
}

/// A whole MQTT-SN datagram: the message and the form of its Length field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Packet<'a> {
    /// The 3-octet Length form (`0x01` + 2 octets) was used although the 1-octet form would
    /// have fitted (at most 255 octets). §5.2.1 allows it; keeping it makes re-encoding
    /// byte-exact.
    pub long_length: bool,
    /// The message.
    pub message: Message<'a>,
}

impl<'a> Packet<'a> {
    /// A packet in the shortest Length form.
    pub const fn new(message: Message<'a>) -> Self {
        Packet {
            long_length: false,
            message,
        }
    }

    /// The message type.
    pub const fn msg_type(&self) -> MsgType {
        self.message.msg_type()
    }

    /// Decode one datagram: all of `bytes` is the message (§5.2.1: the Length field must
    /// agree with the datagram).
    pub fn decode(bytes: &'a [u8], opts: &DecodeOptions) -> Result<Self, Error> {
        decode_at(bytes, 0, opts, 0)
    }
}

fn str_field(b: &[u8], at: usize) -> Result<&str, Error> {
    let s =
        core::str::from_utf8(b).map_err(|e| Error::new(K::InvalidString, at + e.valid_up_to()))?;
    match b.iter().position(|&c| c == 0) {
        Some(i) => Err(Error::new(K::InvalidString, at + i)),
        None => Ok(s),
    }
}

fn map_topic(kind: MqttErrorKind) -> K {
    match kind {
        MqttErrorKind::EmptyTopic => K::EmptyTopic,
        MqttErrorKind::WildcardInTopicName => K::WildcardInTopicName,
        _ => K::InvalidTopicFilter,
    }
}

/// A topic name (REGISTER, WILLTOPIC): UTF-8, non-empty, no wildcard — the MQTT rules.
fn topic_name(b: &[u8], at: usize) -> Result<&str, Error> {
    let s = str_field(b, at)?;
    validate_topic_name(s).map_err(|(k, i)| Error::new(map_topic(k), at + i))?;
    Ok(s)
}

fn return_code(r: &mut Reader<'_>) -> Result<ReturnCode, Error> {
    let at = r.offset();
    let c = r.read_u8().or_kind(K::UnexpectedEnd)?;
    if c > 3 {
        return Err(Error::new(K::ReservedReturnCode, at));
    }
    Ok(ReturnCode(c))
}

fn u16_field(r: &mut Reader<'_>) -> Result<u16, Error> {
    r.read_u16().or_kind(K::UnexpectedEnd)
}

fn flags_field(r: &mut Reader<'_>) -> Result<(Flags, usize), Error> {
    let at = r.offset();
    Ok((Flags(r.read_u8().or_kind(K::UnexpectedEnd)?), at))
}

/// SUBSCRIBE/UNSUBSCRIBE topic by TopicIdType (§5.4.15).
fn sub_topic<'a>(r: &mut Reader<'a>, flags: Flags, at: usize) -> Result<Topic<'a>, Error> {
    let start = r.offset();
    let rest = r.rest();
    match flags.topic_id_type() {
        TopicIdType::Normal => {
            let s = str_field(rest, start)?;
            validate_topic_filter(s, false)
                .map_err(|(k, i)| Error::new(map_topic(k), start + i))?;
            Ok(Topic::Name(s))
        }
        TopicIdType::Predefined | TopicIdType::Short => match rest {
            &[a, b] => Ok(Topic::Id(u16::from_be_bytes([a, b]))),
            _ => Err(Error::new(K::InvalidShortTopic, start)),
        },
        TopicIdType::Reserved => Err(Error::new(K::ReservedTopicIdType, at)),
    }
}

/// WILLTOPIC / WILLTOPICUPD (§5.4.7, §5.4.22): empty, or flags and a topic.
fn will_topic<'a>(r: &mut Reader<'a>) -> Result<Option<(Flags, &'a str)>, Error> {
    if r.is_empty() {
        return Ok(None);
    }
    let (flags, at) = flags_field(r)?;
    if flags.qos() == QosSn::MinusOne {
        return Err(Error::new(K::InvalidQosMinusOne, at));
    }
    if r.is_empty() {
        return Err(Error::new(K::WillFlagsWithoutTopic, at));
    }
    let start = r.offset();
    Ok(Some((flags, topic_name(r.rest(), start)?)))
}

fn decode_at<'a>(
    bytes: &'a [u8],
    base: usize,
    opts: &DecodeOptions,
    depth: usize,
) -> Result<Packet<'a>, Error> {
    if depth > opts.limits.max_depth {
        return Err(Error::new(K::TooDeep, base));
    }
    // §5.2.1: 0x01 announces the 3-octet form, otherwise the octet is the length.
    let (length, hdr) = match bytes {
        [0x01, hi, lo, _, ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), 3),
        [0x01, ..] => return Err(Error::new(K::TruncatedHeader, base)),
        [len, _, ..] => (usize::from(*len), 1),
        _ => return Err(Error::new(K::TruncatedHeader, base)),
    };
    if length < hdr + 1 {
        return Err(Error::new(K::InvalidLength, base));
    }
    let msg_type = MsgType(*bytes.get(hdr).unwrap_or(&0));
    let encapsulated = msg_type == MsgType::ENCAPSULATED && hdr == 1;
    // §5.5: an encapsulation's Length covers only its own header, the inner message follows.
    let fits = if encapsulated {
        length <= bytes.len()
    } else {
        length == bytes.len()
    };
    if !fits {
        return Err(Error::new(K::LengthMismatch, base));
    }
    let body = bytes.get(hdr + 1..length).unwrap_or_default();
    let mut r = Reader::with_base(body, base + hdr + 1);
    let r = &mut r;
    let m = match msg_type {
        MsgType::ADVERTISE => Message::Advertise {
            gw_id: r.read_u8().or_kind(K::UnexpectedEnd)?,
            duration: u16_field(r)?,
        },
        MsgType::SEARCHGW => Message::SearchGw {
            radius: r.read_u8().or_kind(K::UnexpectedEnd)?,
        },
        MsgType::GWINFO => Message::GwInfo {
            gw_id: r.read_u8().or_kind(K::UnexpectedEnd)?,
            gw_add: r.rest(),
        },
        MsgType::CONNECT => {
            let (flags, _) = flags_field(r)?;
            let pid_at = r.offset();
            let protocol_id = r.read_u8().or_kind(K::UnexpectedEnd)?;
            if protocol_id != 0x01 && !opts.allows(Relax::ANY_PROTOCOL_ID) {
                return Err(Error::new(K::InvalidProtocolId, pid_at));
            }
            let duration = u16_field(r)?;
            let at = r.offset();
            let client_id = str_field(r.rest(), at)?;
            check_client_id(client_id, at, opts)?;
            Message::Connect {
                flags,
                protocol_id,
                duration,
                client_id,
            }
        }
        MsgType::CONNACK => Message::Connack {
            return_code: return_code(r)?,
        },
        MsgType::WILLTOPICREQ => Message::WillTopicReq,
        MsgType::WILLTOPIC => Message::WillTopic {
            will: will_topic(r)?,
        },
        MsgType::WILLMSGREQ => Message::WillMsgReq,
        MsgType::WILLMSG => Message::WillMsg { msg: r.rest() },
        MsgType::REGISTER => {
            let topic_id = u16_field(r)?;
            let msg_id = u16_field(r)?;
            let at = r.offset();
            Message::Register {
                topic_id,
                msg_id,
                topic_name: topic_name(r.rest(), at)?,
            }
        }
        MsgType::REGACK => Message::Regack {
            topic_id: u16_field(r)?,
            msg_id: u16_field(r)?,
            return_code: return_code(r)?,
        },
        MsgType::PUBLISH => {
            let (flags, at) = flags_field(r)?;
            match (flags.topic_id_type(), flags.qos()) {
                (TopicIdType::Reserved, _) => return Err(Error::new(K::ReservedTopicIdType, at)),
                // §6.8: QoS −1 only with a pre-defined id or a short name.
                (TopicIdType::Normal, QosSn::MinusOne) => {
                    return Err(Error::new(K::InvalidQosMinusOne, at));
                }
                _ => {}
            }
            Message::Publish {
                flags,
                topic_id: u16_field(r)?,
                msg_id: u16_field(r)?,
                data: r.rest(),
            }
        }
        MsgType::PUBACK => Message::Puback {
            topic_id: u16_field(r)?,
            msg_id: u16_field(r)?,
            return_code: return_code(r)?,
        },
        MsgType::PUBCOMP => Message::Pubcomp {
            msg_id: u16_field(r)?,
        },
        MsgType::PUBREC => Message::Pubrec {
            msg_id: u16_field(r)?,
        },
        MsgType::PUBREL => Message::Pubrel {
            msg_id: u16_field(r)?,
        },
        MsgType::SUBSCRIBE | MsgType::UNSUBSCRIBE => {
            let (flags, at) = flags_field(r)?;
            if msg_type == MsgType::SUBSCRIBE && flags.qos() == QosSn::MinusOne {
                return Err(Error::new(K::InvalidQosMinusOne, at));
            }
            let msg_id = u16_field(r)?;
            let topic = sub_topic(r, flags, at)?;
            if msg_type == MsgType::SUBSCRIBE {
                Message::Subscribe {
                    flags,
                    msg_id,
                    topic,
                }
            } else {
                Message::Unsubscribe {
                    flags,
                    msg_id,
                    topic,
                }
            }
        }
        MsgType::SUBACK => {
            let (flags, at) = flags_field(r)?;
            if flags.qos() == QosSn::MinusOne {
                return Err(Error::new(K::InvalidQosMinusOne, at));
            }
            Message::Suback {
                flags,
                topic_id: u16_field(r)?,
                msg_id: u16_field(r)?,
                return_code: return_code(r)?,
            }
        }
        MsgType::UNSUBACK => Message::Unsuback {
            msg_id: u16_field(r)?,
        },
        MsgType::PINGREQ => {
            let at = r.offset();
            let rest = r.rest();
            let client_id = if rest.is_empty() {
                None
            } else {
                let s = str_field(rest, at)?;
                check_client_id(s, at, opts)?;
                Some(s)
            };
            Message::Pingreq { client_id }
        }
        MsgType::PINGRESP => Message::Pingresp,
        MsgType::DISCONNECT => Message::Disconnect {
            duration: if r.is_empty() {
                None
            } else {
                Some(u16_field(r)?)
            },
        },
        MsgType::WILLTOPICUPD => Message::WillTopicUpd {
            will: will_topic(r)?,
        },
        MsgType::WILLTOPICRESP => Message::WillTopicResp {
            return_code: return_code(r)?,
        },
        MsgType::WILLMSGUPD => Message::WillMsgUpd { msg: r.rest() },
        MsgType::WILLMSGRESP => Message::WillMsgResp {
            return_code: return_code(r)?,
        },
        MsgType::ENCAPSULATED if encapsulated => {
            let ctrl = r.read_u8().or_kind(K::UnexpectedEnd)?;
            let node_id = r.rest();
            let inner = bytes.get(length..).unwrap_or_default();
            if inner.is_empty() {
                return Err(Error::new(K::UnexpectedEnd, base + length));
            }
            decode_at(inner, base + length, opts, depth + 1)?;
            Message::Encapsulated {
                ctrl,
                node_id,
                inner,
            }
        }
        _ => return Err(Error::new(K::ReservedMsgType, base + hdr)),
    };
    r.expect_end()
        .map_err(|e| Error::new(K::TrailingBytes, e.offset))?;
    Ok(Packet {
        // Only worth keeping where the 1-octet form would have fitted (§5.2.1).
        long_length: hdr == 3 && length - 2 <= 255,
        message: m,
    })
}

/// §5.3.1: a Client Identifier has 1 to 23 characters.
fn check_client_id(s: &str, at: usize, opts: &DecodeOptions) -> Result<(), Error> {
    if s.is_empty() {
        return Err(Error::new(K::EmptyClientId, at));
    }
    if s.chars().count() > MAX_CLIENT_ID && !opts.allows(Relax::LONG_CLIENT_ID) {
        return Err(Error::new(K::ClientIdTooLong, at));
    }
    Ok(())
}

impl Message<'_> {
    /// The message type.
    pub const fn msg_type(&self) -> MsgType {
        match self {
            Message::Advertise { .. } => MsgType::ADVERTISE,
            Message::SearchGw { .. } => MsgType::SEARCHGW,
            Message::GwInfo { .. } => MsgType::GWINFO,
            Message::Connect { .. } => MsgType::CONNECT,
            Message::Connack { .. } => MsgType::CONNACK,
            Message::WillTopicReq => MsgType::WILLTOPICREQ,
            Message::WillTopic { .. } => MsgType::WILLTOPIC,
            Message::WillMsgReq => MsgType::WILLMSGREQ,
            Message::WillMsg { .. } => MsgType::WILLMSG,
            Message::Register { .. } => MsgType::REGISTER,
            Message::Regack { .. } => MsgType::REGACK,
            Message::Publish { .. } => MsgType::PUBLISH,
            Message::Puback { .. } => MsgType::PUBACK,
            Message::Pubcomp { .. } => MsgType::PUBCOMP,
            Message::Pubrec { .. } => MsgType::PUBREC,
            Message::Pubrel { .. } => MsgType::PUBREL,
            Message::Subscribe { .. } => MsgType::SUBSCRIBE,
            Message::Suback { .. } => MsgType::SUBACK,
            Message::Unsubscribe { .. } => MsgType::UNSUBSCRIBE,
            Message::Unsuback { .. } => MsgType::UNSUBACK,
            Message::Pingreq { .. } => MsgType::PINGREQ,
            Message::Pingresp => MsgType::PINGRESP,
            Message::Disconnect { .. } => MsgType::DISCONNECT,
            Message::WillTopicUpd { .. } => MsgType::WILLTOPICUPD,
            Message::WillTopicResp { .. } => MsgType::WILLTOPICRESP,
            Message::WillMsgUpd { .. } => MsgType::WILLMSGUPD,
            Message::WillMsgResp { .. } => MsgType::WILLMSGRESP,
            Message::Encapsulated { .. } => MsgType::ENCAPSULATED,
        }
    }

    /// Octets after MsgType (for an encapsulation: up to the end of the node id).
    fn body_len(&self) -> usize {
        let topic_len = |t: &Topic<'_>| match t {
            Topic::Name(s) => s.len(),
            Topic::Id(_) => 2,
        };
        match self {
            Message::Advertise { .. } => 3,
            Message::SearchGw { .. } | Message::Connack { .. } => 1,
            Message::GwInfo { gw_add, .. } => 1 + gw_add.len(),
            Message::Connect { client_id, .. } => 4 + client_id.len(),
            Message::WillTopicReq | Message::WillMsgReq | Message::Pingresp => 0,
            Message::WillTopic { will } | Message::WillTopicUpd { will } => {
                will.map_or(0, |(_, t)| 1 + t.len())
            }
            Message::WillMsg { msg } | Message::WillMsgUpd { msg } => msg.len(),
            Message::Register { topic_name, .. } => 4 + topic_name.len(),
            Message::Regack { .. } | Message::Puback { .. } => 5,
            Message::Publish { data, .. } => 5 + data.len(),
            Message::Pubcomp { .. }
            | Message::Pubrec { .. }
            | Message::Pubrel { .. }
            | Message::Unsuback { .. } => 2,
            Message::Subscribe { topic, .. } | Message::Unsubscribe { topic, .. } => {
                3 + topic_len(topic)
            }
            Message::Suback { .. } => 6,
            Message::Pingreq { client_id } => client_id.map_or(0, str::len),
            Message::Disconnect { duration } => duration.map_or(0, |_| 2),
            Message::WillTopicResp { .. } | Message::WillMsgResp { .. } => 1,
            Message::Encapsulated { node_id, .. } => 1 + node_id.len(),
        }
    }

    fn encode_body<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        let write_topic = |w: &mut W, t: &Topic<'_>| match t {
            Topic::Name(s) => w.write_all(s.as_bytes()),
            Topic::Id(id) => w.write_u16(*id),
        };
        match *self {
            Message::Advertise { gw_id, duration } => {
                w.write_u8(gw_id)?;
                w.write_u16(duration)
            }
            Message::SearchGw { radius } => w.write_u8(radius),
            Message::GwInfo { gw_id, gw_add } => {
                w.write_u8(gw_id)?;
                w.write_all(gw_add)
            }
            Message::Connect {
                flags,
                protocol_id,
                duration,
                client_id,
            } => {
                w.write_u8(flags.0)?;
                w.write_u8(protocol_id)?;
                w.write_u16(duration)?;
                w.write_all(client_id.as_bytes())
            }
            Message::Connack { return_code }
            | Message::WillTopicResp { return_code }
            | Message::WillMsgResp { return_code } => w.write_u8(return_code.0),
            Message::WillTopicReq | Message::WillMsgReq | Message::Pingresp => Ok(()),
            Message::WillTopic { will } | Message::WillTopicUpd { will } => match will {
                Some((flags, t)) => {
                    w.write_u8(flags.0)?;
                    w.write_all(t.as_bytes())
                }
                None => Ok(()),
            },
            Message::WillMsg { msg } | Message::WillMsgUpd { msg } => w.write_all(msg),
            Message::Register {
                topic_id,
                msg_id,
                topic_name,
            } => {
                w.write_u16(topic_id)?;
                w.write_u16(msg_id)?;
                w.write_all(topic_name.as_bytes())
            }
            Message::Regack {
                topic_id,
                msg_id,
                return_code,
            }
            | Message::Puback {
                topic_id,
                msg_id,
                return_code,
            } => {
                w.write_u16(topic_id)?;
                w.write_u16(msg_id)?;
                w.write_u8(return_code.0)
            }
            Message::Publish {
                flags,
                topic_id,
                msg_id,
                data,
            } => {
                w.write_u8(flags.0)?;
                w.write_u16(topic_id)?;
                w.write_u16(msg_id)?;
                w.write_all(data)
            }
            Message::Pubcomp { msg_id }
            | Message::Pubrec { msg_id }
            | Message::Pubrel { msg_id }
            | Message::Unsuback { msg_id } => w.write_u16(msg_id),
            Message::Subscribe {
                flags,
                msg_id,
                ref topic,
            }
            | Message::Unsubscribe {
                flags,
                msg_id,
                ref topic,
            } => {
                w.write_u8(flags.0)?;
                w.write_u16(msg_id)?;
                write_topic(w, topic)
            }
            Message::Suback {
                flags,
                topic_id,
                msg_id,
                return_code,
            } => {
                w.write_u8(flags.0)?;
                w.write_u16(topic_id)?;
                w.write_u16(msg_id)?;
                w.write_u8(return_code.0)
            }
            Message::Pingreq { client_id } => w.write_all(client_id.unwrap_or("").as_bytes()),
            Message::Disconnect { duration } => match duration {
                Some(d) => w.write_u16(d),
                None => Ok(()),
            },
            Message::Encapsulated { ctrl, node_id, .. } => {
                w.write_u8(ctrl)?;
                w.write_all(node_id)
            }
        }
    }
}

impl Packet<'_> {
    /// Total length as the Length field counts it, and whether the 3-octet form is used.
    fn length(&self) -> (usize, bool) {
        let body = 1 + self.message.body_len();
        if matches!(self.message, Message::Encapsulated { .. }) {
            return (1 + body, false);
        }
        if self.long_length || 1 + body > 255 {
            (3 + body, true)
        } else {
            (1 + body, false)
        }
    }
}

impl Encode for Packet<'_> {
    fn encoded_len(&self) -> usize {
        let inner = match self.message {
            Message::Encapsulated { inner, .. } => inner.len(),
            _ => 0,
        };
        self.length().0 + inner
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        let (len, long) = self.length();
        if long {
            let len = u16::try_from(len).map_err(|_| EncodeError::Invalid {
                what: "message longer than 65535 octets",
                clause: "MQTT-SN 1.2 §5.2.1",
            })?;
            w.write_u8(0x01)?;
            w.write_u16(len)?;
        } else {
            let len = u8::try_from(len).map_err(|_| EncodeError::Invalid {
                what: "encapsulation header longer than 255 octets",
                clause: "MQTT-SN 1.2 §5.5",
            })?;
            w.write_u8(len)?;
        }
        w.write_u8(self.msg_type().0)?;
        self.message.encode_body(w)?;
        if let Message::Encapsulated { inner, .. } = self.message {
            w.write_all(inner)?;
        }
        Ok(())
    }
}
