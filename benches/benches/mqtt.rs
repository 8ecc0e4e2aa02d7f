//! MQTT decode and encode: m2mwire against mqttrs 0.4, mqtt-protocol 0.12, mqttbytes 0.6 and
//! mqtt5-protocol 0.14, with a memcpy baseline, one criterion group per packet (see
//! `m2mwire_benches::MQTT_FIXTURES`).
//!
//! The layout follows `coap.rs`: every measured operation is an `#[inline(never)]` routine in
//! [`run`], and the untimed checks call those same routines, so each library's entry points
//! have the same call sites in this binary whichever packets it supports. Before timing, each
//! packet is checked: m2mwire decodes it strictly (through the timed routine) and walks
//! exactly the fixture's properties and subscriptions; every peer decodes it to the fixture's
//! fields; and every encoder writes exactly the fixture's bytes (mqtt5-protocol: the same
//! properties in another order, see `check_all_agree`).
//!
//! The peers build owned packets (`String`, `Vec`, `Bytes`, `HashMap`). Their decode routines
//! return them and the timed closures drop them, so building and freeing the packet is
//! measured. mqttbytes and mqtt5-protocol decode from a `BytesMut` that is filled outside the
//! timed region (`iter_batched_ref`); the allocation behind it is made and freed untimed too.

use std::hint::black_box;

use bytes::BytesMut;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use m2mwire_benches::{MQTT_FIXTURES, MqttFixture, mqtt_item_digest};
use m2mwire_mqtt::{
    Connect, DecodeOptions, Packet, Properties, PropertyId, PropertyValue, ProtocolVersion,
    Publish, QoS, Subscribe,
};
use mqtt::packet::VariablePacket;
use mqtt::{Decodable, Encodable};
use mqtt5_protocol::packet::MqttPacket;

#[path = "mqtt/paired.rs"]
mod paired;

#[cfg(feature = "ntex")]
#[path = "mqtt/ntex.rs"]
mod ntex;
use paired::{Batch, Contender, Row, timed};

/// Large enough for every fixture; encoders write into one of these on the stack.
const BUF_LEN: usize = 2048;

/// The largest packet mqttbytes' `read` accepts; more than any fixture.
const MQTTBYTES_MAX: usize = 64 * 1024;

/// The measured routines: one per implementation and operation, never inlined into the
/// benchmark loop, each the only place in this binary that calls its library for that job.
mod run {
    use super::*;
    // The decode+walk routines (and mqttrs' decode, which its walk calls) live in the
    // library, so that `src/bin/instructions.rs` counts the very code timed here.
    pub(crate) use m2mwire_benches::walk::{
        m2mwire_decode_walk, m2mwire_decode_walk_escaping, m2mwire_decode_walk_escaping_copy,
        mqttrs_decode, mqttrs_decode_walk,
    };

    /// Copy the packet into `buf`: the floor for touching every byte once.
    #[inline(never)]
    pub(crate) fn memcpy(bytes: &[u8], buf: &mut [u8; BUF_LEN]) {
        buf[..bytes.len()].copy_from_slice(bytes);
    }

    /// m2mwire: strict decode only. It validates everything: the fixed header, every string,
    /// topic and filter, every property (identifier, packet, repeats, value), and keeps
    /// property lists and subscriptions as checked wire bytes.
    #[inline(never)]
    pub(crate) fn m2mwire_decode<'a>(
        bytes: &'a [u8],
        version: ProtocolVersion,
        strict: &DecodeOptions,
    ) -> Packet<'a> {
        Packet::decode(bytes, version, strict).expect("strict decode")
    }

    /// m2mwire: encode into a stack buffer; returns the length written.
    #[inline(never)]
    pub(crate) fn m2mwire_encode_slice(
        packet: &Packet<'_>,
        version: ProtocolVersion,
        buf: &mut [u8; BUF_LEN],
    ) -> usize {
        let mut sink = &mut buf[..];
        packet.encode(version, &mut sink).expect("fits");
        BUF_LEN - sink.len()
    }

    /// m2mwire: encode into a new `Vec` of exactly `encoded_len` bytes (allocates).
    #[inline(never)]
    pub(crate) fn m2mwire_encode_vec(packet: &Packet<'_>, version: ProtocolVersion) -> Vec<u8> {
        let mut out = Vec::with_capacity(packet.encoded_len(version));
        packet.encode(version, &mut out).expect("encodes");
        out
    }

    /// mqttbytes 3.1.1: `v4::read`, then the walk of [`mqttrs_decode_walk`].
    #[inline(never)]
    pub(crate) fn mqttbytes_v4_decode_walk(buf: &mut BytesMut) -> u64 {
        use mqttbytes::v4::Packet as P;
        let packet = mqttbytes_v4_decode(buf);
        match &packet {
            P::Connect(c) => {
                black_box((c.clean_session, c.keep_alive, c.client_id.as_str()));
                black_box(&c.login);
                if let Some(w) = &c.last_will {
                    black_box((w.qos, w.retain, w.topic.as_str(), &w.message));
                }
                0
            }
            P::Publish(p) => {
                black_box((p.dup, p.qos, p.retain, p.topic.as_str(), p.pkid, &p.payload));
                0
            }
            P::Subscribe(s) => {
                black_box(s.pkid);
                let mut acc = 0;
                for f in &s.filters {
                    black_box(f);
                    acc = mqtt_item_digest(acc, f.qos as u32, f.path.len());
                }
                acc
            }
            P::PubAck(a) => {
                black_box(a.pkid);
                0
            }
            other => {
                black_box(other);
                0
            }
        }
    }

    /// mqttbytes 5.0: `v5::read`, then every field and every property present (in the order
    /// mqttbytes writes them, the fixture's wire order) into m2mwire's digest.
    #[inline(never)]
    pub(crate) fn mqttbytes_v5_decode_walk(buf: &mut BytesMut) -> u64 {
        use mqttbytes::v5::Packet as P;
        let packet = mqttbytes_v5_decode(buf);
        let P::Publish(p) = &packet else {
            black_box(&packet);
            return 0;
        };
        black_box((p.dup, p.qos, p.retain, p.topic.as_str(), p.pkid, &p.payload));
        let Some(pr) = &p.properties else {
            return 0;
        };
        let mut acc = 0;
        let mut item = |id: u8, measure: usize| {
            acc = mqtt_item_digest(acc, u32::from(id), black_box(measure));
        };
        if let Some(v) = pr.payload_format_indicator {
            item(0x01, usize::from(v));
        }
        if let Some(v) = pr.message_expiry_interval {
            item(0x02, v as usize);
        }
        if let Some(v) = pr.topic_alias {
            item(0x23, usize::from(v));
        }
        if let Some(v) = &pr.response_topic {
            item(0x08, v.len());
        }
        if let Some(v) = &pr.correlation_data {
            item(0x09, v.len());
        }
        for (k, v) in &pr.user_properties {
            item(0x26, k.len() + v.len());
        }
        for &v in &pr.subscription_identifiers {
            item(0x0b, v);
        }
        if let Some(v) = &pr.content_type {
            item(0x03, v.len());
        }
        acc
    }

    /// mqttrs: `encode_slice` into a stack buffer.
    #[inline(never)]
    pub(crate) fn mqttrs_encode(packet: &mqttrs::Packet<'_>, buf: &mut [u8; BUF_LEN]) -> usize {
        mqttrs::encode_slice(packet, buf).expect("mqttrs encode")
    }

    /// mqtt-protocol: `VariablePacket::decode` from a `std::io::Read` over the bytes; every
    /// string, topic and payload is copied into the packet.
    #[inline(never)]
    pub(crate) fn mqtt_protocol_decode(bytes: &[u8]) -> VariablePacket {
        let mut reader = bytes;
        VariablePacket::decode(&mut reader).expect("mqtt-protocol decode")
    }

    /// mqtt-protocol: `encode` into a stack buffer through its `std::io::Write`.
    #[inline(never)]
    pub(crate) fn mqtt_protocol_encode(packet: &VariablePacket, buf: &mut [u8; BUF_LEN]) -> usize {
        let mut sink = &mut buf[..];
        packet.encode(&mut sink).expect("mqtt-protocol encode");
        BUF_LEN - sink.len()
    }

    /// mqttbytes: `v4::read` from a filled `BytesMut` (strings copied, payload shared).
    #[inline(never)]
    pub(crate) fn mqttbytes_v4_decode(buf: &mut BytesMut) -> mqttbytes::v4::Packet {
        mqttbytes::v4::read(buf, MQTTBYTES_MAX).expect("mqttbytes v4 read")
    }

    /// mqttbytes: `v5::read` from a filled `BytesMut`.
    #[inline(never)]
    pub(crate) fn mqttbytes_v5_decode(buf: &mut BytesMut) -> mqttbytes::v5::Packet {
        mqttbytes::v5::read(buf, MQTTBYTES_MAX).expect("mqttbytes v5 read")
    }

    /// mqttbytes: the packet's `write` into a reused `BytesMut` (cleared first, so it does
    /// not allocate once its capacity is there).
    #[inline(never)]
    pub(crate) fn mqttbytes_v4_encode(packet: &mqttbytes::v4::Packet, out: &mut BytesMut) {
        use mqttbytes::v4::Packet as P;
        out.clear();
        match packet {
            P::Connect(p) => p.write(out),
            P::Publish(p) => p.write(out),
            P::Subscribe(p) => p.write(out),
            P::PubAck(p) => p.write(out),
            other => unreachable!("no fixture is a {other:?}"),
        }
        .expect("mqttbytes v4 write");
    }

    /// mqttbytes: the v5 packet's `write` into a reused `BytesMut`.
    #[inline(never)]
    pub(crate) fn mqttbytes_v5_encode(packet: &mqttbytes::v5::Packet, out: &mut BytesMut) {
        use mqttbytes::v5::Packet as P;
        out.clear();
        match packet {
            P::Publish(p) => p.write(out),
            other => unreachable!("no v5 fixture is a {other:?}"),
        }
        .expect("mqttbytes v5 write");
    }

    /// mqtt5-protocol: `FixedHeader::decode`, then `Packet::decode_from_body_with_version`,
    /// from the `Bytes` of a filled `BytesMut` (strings copied, payload shared, properties in
    /// a `HashMap`).
    #[inline(never)]
    pub(crate) fn mqtt5_decode(buf: &mut BytesMut, level: u8) -> mqtt5_protocol::Packet {
        let mut b = buf.split().freeze();
        let h = mqtt5_protocol::FixedHeader::decode(&mut b).expect("mqtt5-protocol header");
        mqtt5_protocol::Packet::decode_from_body_with_version(h.packet_type, &h, &mut b, level)
            .expect("mqtt5-protocol decode")
    }

    /// mqtt5-protocol: `MqttPacket::encode` into a reused `BytesMut` (it encodes the body into
    /// a temporary `Vec` first).
    #[inline(never)]
    pub(crate) fn mqtt5_encode(packet: &mqtt5_protocol::Packet, out: &mut BytesMut) {
        use mqtt5_protocol::Packet as P;
        out.clear();
        match packet {
            P::Connect(p) => p.encode(out),
            P::Publish(p) => p.encode(out),
            P::Subscribe(p) => p.encode(out),
            P::PubAck(p) => p.encode(out),
            other => unreachable!("no fixture is a {}", other.packet_type_name()),
        }
        .expect("mqtt5-protocol encode");
    }
}

/// The fields every implementation must agree on, in owned form, for the untimed checks.
///
/// Properties are `(identifier, value bytes)`, sorted by identifier (stably, so repeated User
/// Properties keep their order): mqttbytes keeps them in struct fields and mqtt5-protocol in a
/// `HashMap`, neither of which has a wire order.
#[derive(Debug, PartialEq)]
enum Norm {
    Connect {
        clean: bool,
        keep_alive: u16,
        client_id: String,
        /// QoS, retain, topic, payload.
        will: Option<(u8, bool, String, Vec<u8>)>,
        username: Option<String>,
        password: Option<Vec<u8>>,
    },
    Publish {
        dup: bool,
        qos: u8,
        retain: bool,
        topic: String,
        packet_id: Option<u16>,
        properties: Vec<(u8, Vec<u8>)>,
        payload: Vec<u8>,
    },
    Subscribe {
        packet_id: u16,
        /// Filter and requested QoS.
        filters: Vec<(String, u8)>,
    },
    Puback {
        packet_id: u16,
    },
}

/// A string pair as one byte string (U+0000 cannot occur in either).
fn pair(k: &str, v: &str) -> Vec<u8> {
    [k.as_bytes(), &[0], v.as_bytes()].concat()
}

fn sorted(mut props: Vec<(u8, Vec<u8>)>) -> Vec<(u8, Vec<u8>)> {
    props.sort_by_key(|p| p.0);
    props
}

fn norm_m2mwire(p: &Packet<'_>) -> Norm {
    fn props(ps: &Properties<'_>) -> Vec<(u8, Vec<u8>)> {
        sorted(
            ps.iter()
                .map(|p| {
                    let v = match p.value {
                        PropertyValue::Byte(b) => vec![b],
                        PropertyValue::TwoByte(n) => n.to_be_bytes().to_vec(),
                        PropertyValue::FourByte(n) => n.to_be_bytes().to_vec(),
                        PropertyValue::VarInt(n) => n.to_be_bytes().to_vec(),
                        PropertyValue::Utf8(s) => s.as_bytes().to_vec(),
                        PropertyValue::Binary(b) => b.to_vec(),
                        PropertyValue::Pair(k, v) => pair(k, v),
                    };
                    (p.id.0 as u8, v)
                })
                .collect(),
        )
    }
    match p {
        Packet::Connect(c) => {
            assert!(c.properties.is_empty(), "only 3.1.1 CONNECT fixtures");
            Norm::Connect {
                clean: c.clean_start,
                keep_alive: c.keep_alive,
                client_id: c.client_id.to_owned(),
                will: c.will.as_ref().map(|w| {
                    assert!(w.properties.is_empty(), "only 3.1.1 CONNECT fixtures");
                    (
                        w.qos.bits(),
                        w.retain,
                        w.topic.to_owned(),
                        w.payload.to_vec(),
                    )
                }),
                username: c.username.map(str::to_owned),
                password: c.password.map(<[u8]>::to_vec),
            }
        }
        Packet::Publish(p) => Norm::Publish {
            dup: p.dup,
            qos: p.qos.bits(),
            retain: p.retain,
            topic: p.topic.to_owned(),
            packet_id: p.packet_id,
            properties: props(&p.properties),
            payload: p.payload.to_vec(),
        },
        Packet::Subscribe(s) => {
            assert!(s.properties.is_empty(), "only 3.1.1 SUBSCRIBE fixtures");
            Norm::Subscribe {
                packet_id: s.packet_id,
                filters: s
                    .subscriptions
                    .iter()
                    .map(|sub| (sub.filter.to_owned(), sub.options.to_byte()))
                    .collect(),
            }
        }
        Packet::Puback(a) => {
            assert!(a.reason_code.is_none() && a.properties.is_none());
            Norm::Puback {
                packet_id: a.packet_id,
            }
        }
        other => unreachable!("no fixture is a {:?}", other.packet_type()),
    }
}

// mqttrs.

fn mqttrs_qos(q: QoS) -> mqttrs::QoS {
    match q {
        QoS::AtMostOnce => mqttrs::QoS::AtMostOnce,
        QoS::AtLeastOnce => mqttrs::QoS::AtLeastOnce,
        QoS::ExactlyOnce => mqttrs::QoS::ExactlyOnce,
    }
}

fn mqttrs_pid(id: u16) -> mqttrs::Pid {
    mqttrs::Pid::try_from(id).expect("non-zero packet identifier")
}

/// The fixture as an mqttrs packet, built from its fields; `None` for MQTT 5.0, which mqttrs
/// does not implement.
fn mqttrs_packet(fx: &MqttFixture) -> Option<mqttrs::Packet<'static>> {
    if fx.version.is_v5() {
        return None;
    }
    Some(match fx.packet {
        Packet::Connect(c) => mqttrs::Packet::Connect(mqttrs::Connect {
            protocol: mqttrs::Protocol::MQTT311,
            keep_alive: c.keep_alive,
            client_id: c.client_id,
            clean_session: c.clean_start,
            last_will: c.will.map(|w| mqttrs::LastWill {
                topic: w.topic,
                message: w.payload,
                qos: mqttrs_qos(w.qos),
                retain: w.retain,
            }),
            username: c.username,
            password: c.password,
        }),
        Packet::Publish(p) => mqttrs::Packet::Publish(mqttrs::Publish {
            dup: p.dup,
            qospid: match (p.qos, p.packet_id) {
                (QoS::AtMostOnce, _) => mqttrs::QosPid::AtMostOnce,
                (QoS::AtLeastOnce, Some(id)) => mqttrs::QosPid::AtLeastOnce(mqttrs_pid(id)),
                (QoS::ExactlyOnce, Some(id)) => mqttrs::QosPid::ExactlyOnce(mqttrs_pid(id)),
                _ => unreachable!("QoS > 0 without a packet identifier"),
            },
            retain: p.retain,
            topic_name: p.topic,
            payload: p.payload,
        }),
        Packet::Subscribe(s) => mqttrs::Packet::Subscribe(mqttrs::Subscribe::new(
            mqttrs_pid(s.packet_id),
            s.subscriptions
                .iter()
                .map(|sub| mqttrs::SubscribeTopic {
                    topic_path: sub.filter.to_owned(),
                    qos: mqttrs_qos(sub.options.qos),
                })
                .collect(),
        )),
        Packet::Puback(a) => mqttrs::Packet::Puback(mqttrs_pid(a.packet_id)),
        other => unreachable!("no fixture is a {:?}", other.packet_type()),
    })
}

fn norm_mqttrs(p: &mqttrs::Packet<'_>) -> Norm {
    let qos = |q: mqttrs::QoS| match q {
        mqttrs::QoS::AtMostOnce => 0,
        mqttrs::QoS::AtLeastOnce => 1,
        mqttrs::QoS::ExactlyOnce => 2,
    };
    match p {
        mqttrs::Packet::Connect(c) => Norm::Connect {
            clean: c.clean_session,
            keep_alive: c.keep_alive,
            client_id: c.client_id.to_owned(),
            will: c
                .last_will
                .as_ref()
                .map(|w| (qos(w.qos), w.retain, w.topic.to_owned(), w.message.to_vec())),
            username: c.username.map(str::to_owned),
            password: c.password.map(<[u8]>::to_vec),
        },
        mqttrs::Packet::Publish(p) => Norm::Publish {
            dup: p.dup,
            qos: qos(p.qospid.qos()),
            retain: p.retain,
            topic: p.topic_name.to_owned(),
            packet_id: p.qospid.pid().map(mqttrs::Pid::get),
            properties: Vec::new(),
            payload: p.payload.to_vec(),
        },
        mqttrs::Packet::Subscribe(s) => Norm::Subscribe {
            packet_id: s.pid.get(),
            filters: s
                .topics
                .iter()
                .map(|t| (t.topic_path.clone(), qos(t.qos)))
                .collect(),
        },
        mqttrs::Packet::Puback(pid) => Norm::Puback {
            packet_id: pid.get(),
        },
        other => panic!("mqttrs decoded an unexpected {other:?}"),
    }
}

// mqtt-protocol.

fn mqtt_protocol_qos(q: QoS) -> mqtt::QualityOfService {
    match q {
        QoS::AtMostOnce => mqtt::QualityOfService::Level0,
        QoS::AtLeastOnce => mqtt::QualityOfService::Level1,
        QoS::ExactlyOnce => mqtt::QualityOfService::Level2,
    }
}

/// The fixture as an mqtt-protocol packet, built through its API; `None` for MQTT 5.0, which
/// mqtt-protocol does not implement.
fn mqtt_protocol_packet(fx: &MqttFixture) -> Option<VariablePacket> {
    use mqtt::packet::{
        ConnectPacket, PubackPacket, PublishPacket, QoSWithPacketIdentifier, SubscribePacket,
    };
    if fx.version.is_v5() {
        return None;
    }
    Some(match fx.packet {
        Packet::Connect(c) => {
            let mut p = ConnectPacket::new(c.client_id);
            p.set_clean_session(c.clean_start);
            p.set_keep_alive(c.keep_alive);
            if let Some(w) = c.will {
                let topic = mqtt::TopicName::new(w.topic).expect("valid topic name");
                p.set_will(Some((topic, w.payload.to_vec())));
                p.set_will_qos(w.qos.bits());
                p.set_will_retain(w.retain);
            }
            p.set_user_name(c.username.map(str::to_owned));
            // mqtt-protocol keeps the password as a `String`.
            p.set_password(
                c.password
                    .map(|b| String::from_utf8(b.to_vec()).expect("UTF-8 password")),
            );
            VariablePacket::ConnectPacket(p)
        }
        Packet::Publish(p) => {
            let topic = mqtt::TopicName::new(p.topic).expect("valid topic name");
            let qos = match (p.qos, p.packet_id) {
                (QoS::AtMostOnce, _) => QoSWithPacketIdentifier::Level0,
                (QoS::AtLeastOnce, Some(id)) => QoSWithPacketIdentifier::Level1(id),
                (QoS::ExactlyOnce, Some(id)) => QoSWithPacketIdentifier::Level2(id),
                _ => unreachable!("QoS > 0 without a packet identifier"),
            };
            let mut pk = PublishPacket::new(topic, qos, p.payload.to_vec());
            pk.set_dup(p.dup);
            pk.set_retain(p.retain);
            VariablePacket::PublishPacket(pk)
        }
        Packet::Subscribe(s) => VariablePacket::SubscribePacket(SubscribePacket::new(
            s.packet_id,
            s.subscriptions
                .iter()
                .map(|sub| {
                    let f = mqtt::TopicFilter::new(sub.filter).expect("valid topic filter");
                    (f, mqtt_protocol_qos(sub.options.qos))
                })
                .collect(),
        )),
        Packet::Puback(a) => VariablePacket::PubackPacket(PubackPacket::new(a.packet_id)),
        other => unreachable!("no fixture is a {:?}", other.packet_type()),
    })
}

fn norm_mqtt_protocol(p: &VariablePacket) -> Norm {
    match p {
        VariablePacket::ConnectPacket(c) => Norm::Connect {
            clean: c.clean_session(),
            keep_alive: c.keep_alive(),
            client_id: c.client_identifier().to_owned(),
            will: c
                .will()
                .map(|(t, m)| (c.will_qos(), c.will_retain(), t.to_owned(), m.to_vec())),
            username: c.user_name().map(str::to_owned),
            password: c.password().map(|s| s.as_bytes().to_vec()),
        },
        VariablePacket::PublishPacket(p) => {
            let (qos, packet_id) = p.qos().split();
            Norm::Publish {
                dup: p.dup(),
                qos: qos as u8,
                retain: p.retain(),
                topic: p.topic_name().to_owned(),
                packet_id,
                properties: Vec::new(),
                payload: p.payload().to_vec(),
            }
        }
        VariablePacket::SubscribePacket(s) => Norm::Subscribe {
            packet_id: s.packet_identifier(),
            filters: s
                .subscribes()
                .iter()
                .map(|(f, q)| (f.to_string(), *q as u8))
                .collect(),
        },
        VariablePacket::PubackPacket(a) => Norm::Puback {
            packet_id: a.packet_identifier(),
        },
        other => panic!("mqtt-protocol decoded an unexpected {other:?}"),
    }
}

// mqttbytes.

fn mqttbytes_qos(q: QoS) -> mqttbytes::QoS {
    match q {
        QoS::AtMostOnce => mqttbytes::QoS::AtMostOnce,
        QoS::AtLeastOnce => mqttbytes::QoS::AtLeastOnce,
        QoS::ExactlyOnce => mqttbytes::QoS::ExactlyOnce,
    }
}

/// mqttbytes' packets: its `v4` module for 3.1.1, its `v5` module for 5.0 (boxed: it is
/// 384 bytes).
enum MqttbytesPacket {
    V4(mqttbytes::v4::Packet),
    V5(Box<mqttbytes::v5::Packet>),
}

/// The fixture as an mqttbytes packet, built from its fields.
fn mqttbytes_packet(fx: &MqttFixture) -> MqttbytesPacket {
    use mqttbytes::v4;
    if fx.version.is_v5() {
        let Packet::Publish(p) = fx.packet else {
            unreachable!("the only 5.0 fixture is a PUBLISH");
        };
        let mut props = mqttbytes::v5::PublishProperties {
            payload_format_indicator: None,
            message_expiry_interval: None,
            topic_alias: None,
            response_topic: None,
            correlation_data: None,
            user_properties: Vec::new(),
            subscription_identifiers: Vec::new(),
            content_type: None,
        };
        for pr in p.properties.iter() {
            match (pr.id, pr.value) {
                (PropertyId::PAYLOAD_FORMAT_INDICATOR, PropertyValue::Byte(b)) => {
                    props.payload_format_indicator = Some(b);
                }
                (PropertyId::MESSAGE_EXPIRY_INTERVAL, PropertyValue::FourByte(n)) => {
                    props.message_expiry_interval = Some(n);
                }
                (PropertyId::RESPONSE_TOPIC, PropertyValue::Utf8(s)) => {
                    props.response_topic = Some(s.to_owned());
                }
                (PropertyId::CORRELATION_DATA, PropertyValue::Binary(b)) => {
                    props.correlation_data = Some(bytes::Bytes::from_static(b));
                }
                (PropertyId::USER_PROPERTY, PropertyValue::Pair(k, v)) => {
                    props.user_properties.push((k.to_owned(), v.to_owned()));
                }
                other => unreachable!("no fixture has {other:?}"),
            }
        }
        return MqttbytesPacket::V5(Box::new(mqttbytes::v5::Packet::Publish(
            mqttbytes::v5::Publish {
                dup: p.dup,
                qos: mqttbytes_qos(p.qos),
                retain: p.retain,
                topic: p.topic.to_owned(),
                pkid: p.packet_id.unwrap_or(0),
                properties: Some(props),
                payload: bytes::Bytes::from_static(p.payload),
            },
        )));
    }
    MqttbytesPacket::V4(match fx.packet {
        Packet::Connect(c) => v4::Packet::Connect(v4::Connect {
            protocol: mqttbytes::Protocol::V4,
            keep_alive: c.keep_alive,
            client_id: c.client_id.to_owned(),
            clean_session: c.clean_start,
            last_will: c
                .will
                .map(|w| v4::LastWill::new(w.topic, w.payload, mqttbytes_qos(w.qos), w.retain)),
            // mqttbytes keeps the password as a `String`.
            login: c.username.map(|u| v4::Login {
                username: u.to_owned(),
                password: String::from_utf8(c.password.unwrap_or_default().to_vec())
                    .expect("UTF-8 password"),
            }),
        }),
        Packet::Publish(p) => v4::Packet::Publish(v4::Publish {
            dup: p.dup,
            qos: mqttbytes_qos(p.qos),
            retain: p.retain,
            topic: p.topic.to_owned(),
            pkid: p.packet_id.unwrap_or(0),
            payload: bytes::Bytes::from_static(p.payload),
        }),
        Packet::Subscribe(s) => v4::Packet::Subscribe(v4::Subscribe {
            pkid: s.packet_id,
            filters: s
                .subscriptions
                .iter()
                .map(|sub| {
                    v4::SubscribeFilter::new(sub.filter.to_owned(), mqttbytes_qos(sub.options.qos))
                })
                .collect(),
        }),
        Packet::Puback(a) => v4::Packet::PubAck(v4::PubAck::new(a.packet_id)),
        other => unreachable!("no fixture is a {:?}", other.packet_type()),
    })
}

fn norm_mqttbytes_v4(p: &mqttbytes::v4::Packet) -> Norm {
    use mqttbytes::v4::Packet as P;
    match p {
        P::Connect(c) => Norm::Connect {
            clean: c.clean_session,
            keep_alive: c.keep_alive,
            client_id: c.client_id.clone(),
            will: c
                .last_will
                .as_ref()
                .map(|w| (w.qos as u8, w.retain, w.topic.clone(), w.message.to_vec())),
            username: c.login.as_ref().map(|l| l.username.clone()),
            password: c.login.as_ref().map(|l| l.password.as_bytes().to_vec()),
        },
        P::Publish(p) => Norm::Publish {
            dup: p.dup,
            qos: p.qos as u8,
            retain: p.retain,
            topic: p.topic.clone(),
            packet_id: (p.qos != mqttbytes::QoS::AtMostOnce).then_some(p.pkid),
            properties: Vec::new(),
            payload: p.payload.to_vec(),
        },
        P::Subscribe(s) => Norm::Subscribe {
            packet_id: s.pkid,
            filters: s
                .filters
                .iter()
                .map(|f| (f.path.clone(), f.qos as u8))
                .collect(),
        },
        P::PubAck(a) => Norm::Puback { packet_id: a.pkid },
        other => panic!("mqttbytes decoded an unexpected {other:?}"),
    }
}

fn norm_mqttbytes_v5(p: &mqttbytes::v5::Packet) -> Norm {
    let mqttbytes::v5::Packet::Publish(p) = p else {
        panic!("mqttbytes decoded an unexpected {p:?}");
    };
    let mut props = Vec::new();
    if let Some(pr) = &p.properties {
        assert!(pr.topic_alias.is_none() && pr.subscription_identifiers.is_empty());
        if let Some(b) = pr.payload_format_indicator {
            props.push((0x01, vec![b]));
        }
        if let Some(n) = pr.message_expiry_interval {
            props.push((0x02, n.to_be_bytes().to_vec()));
        }
        if let Some(s) = &pr.content_type {
            props.push((0x03, s.as_bytes().to_vec()));
        }
        if let Some(s) = &pr.response_topic {
            props.push((0x08, s.as_bytes().to_vec()));
        }
        if let Some(b) = &pr.correlation_data {
            props.push((0x09, b.to_vec()));
        }
        for (k, v) in &pr.user_properties {
            props.push((0x26, pair(k, v)));
        }
    }
    Norm::Publish {
        dup: p.dup,
        qos: p.qos as u8,
        retain: p.retain,
        topic: p.topic.clone(),
        packet_id: (p.qos != mqttbytes::QoS::AtMostOnce).then_some(p.pkid),
        properties: sorted(props),
        payload: p.payload.to_vec(),
    }
}

// mqtt5-protocol.

fn mqtt5_qos(q: QoS) -> mqtt5_protocol::QoS {
    match q {
        QoS::AtMostOnce => mqtt5_protocol::QoS::AtMostOnce,
        QoS::AtLeastOnce => mqtt5_protocol::QoS::AtLeastOnce,
        QoS::ExactlyOnce => mqtt5_protocol::QoS::ExactlyOnce,
    }
}

/// The fixture as an mqtt5-protocol packet, built from its fields at the fixture's protocol
/// level (4 for 3.1.1, 5 for 5.0).
fn mqtt5_packet(fx: &MqttFixture) -> mqtt5_protocol::Packet {
    use mqtt5_protocol::packet::{connect, puback, publish, subscribe};
    let level = fx.version.level();
    match fx.packet {
        Packet::Connect(c) => mqtt5_protocol::Packet::Connect(Box::new(connect::ConnectPacket {
            protocol_version: c.protocol.level(),
            clean_start: c.clean_start,
            keep_alive: c.keep_alive,
            client_id: c.client_id.to_owned(),
            username: c.username.map(str::to_owned),
            password: c.password.map(<[u8]>::to_vec),
            will: c.will.map(|w| {
                mqtt5_protocol::WillMessage::new(w.topic, w.payload)
                    .with_qos(mqtt5_qos(w.qos))
                    .with_retain(w.retain)
            }),
            properties: mqtt5_protocol::Properties::default(),
            will_properties: mqtt5_protocol::Properties::default(),
        })),
        Packet::Publish(p) => {
            let mut pk = publish::PublishPacket::new(
                p.topic,
                bytes::Bytes::from_static(p.payload),
                mqtt5_qos(p.qos),
            );
            pk.protocol_version = level;
            pk.packet_id = p.packet_id;
            pk.dup = p.dup;
            pk.retain = p.retain;
            for pr in p.properties.iter() {
                use mqtt5_protocol::PropertyId as I;
                use mqtt5_protocol::PropertyValue as V;
                let (id, v) = match (pr.id, pr.value) {
                    (PropertyId::PAYLOAD_FORMAT_INDICATOR, PropertyValue::Byte(b)) => {
                        (I::PayloadFormatIndicator, V::Byte(b))
                    }
                    (PropertyId::MESSAGE_EXPIRY_INTERVAL, PropertyValue::FourByte(n)) => {
                        (I::MessageExpiryInterval, V::FourByteInteger(n))
                    }
                    (PropertyId::RESPONSE_TOPIC, PropertyValue::Utf8(s)) => {
                        (I::ResponseTopic, V::Utf8String(s.to_owned()))
                    }
                    (PropertyId::CORRELATION_DATA, PropertyValue::Binary(b)) => (
                        I::CorrelationData,
                        V::BinaryData(bytes::Bytes::from_static(b)),
                    ),
                    (PropertyId::USER_PROPERTY, PropertyValue::Pair(k, v)) => (
                        I::UserProperty,
                        V::Utf8StringPair(k.to_owned(), v.to_owned()),
                    ),
                    other => unreachable!("no fixture has {other:?}"),
                };
                pk.properties
                    .add(id, v)
                    .expect("property of the right type");
            }
            mqtt5_protocol::Packet::Publish(pk)
        }
        Packet::Subscribe(s) => {
            let mut pk = subscribe::SubscribePacket::new_v311(s.packet_id);
            pk.protocol_version = level;
            for sub in s.subscriptions.iter() {
                pk = pk.add_filter(sub.filter, mqtt5_qos(sub.options.qos));
            }
            mqtt5_protocol::Packet::Subscribe(pk)
        }
        Packet::Puback(a) => mqtt5_protocol::Packet::PubAck(puback::PubAckPacket::new(a.packet_id)),
        other => unreachable!("no fixture is a {:?}", other.packet_type()),
    }
}

fn norm_mqtt5(p: &mqtt5_protocol::Packet) -> Norm {
    use mqtt5_protocol::Packet as P;
    use mqtt5_protocol::PropertyValue as V;
    match p {
        P::Connect(c) => {
            assert!(c.properties.is_empty() && c.will_properties.is_empty());
            Norm::Connect {
                clean: c.clean_start,
                keep_alive: c.keep_alive,
                client_id: c.client_id.clone(),
                will: c
                    .will
                    .as_ref()
                    .map(|w| (w.qos as u8, w.retain, w.topic.clone(), w.payload.clone())),
                username: c.username.clone(),
                password: c.password.clone(),
            }
        }
        P::Publish(p) => Norm::Publish {
            dup: p.dup,
            qos: p.qos as u8,
            retain: p.retain,
            topic: p.topic_name.clone(),
            packet_id: p.packet_id,
            properties: sorted(
                p.properties
                    .iter()
                    .map(|(id, v)| {
                        let v = match v {
                            V::Byte(b) => vec![*b],
                            V::TwoByteInteger(n) => n.to_be_bytes().to_vec(),
                            V::FourByteInteger(n) | V::VariableByteInteger(n) => {
                                n.to_be_bytes().to_vec()
                            }
                            V::BinaryData(b) => b.to_vec(),
                            V::Utf8String(s) => s.as_bytes().to_vec(),
                            V::Utf8StringPair(k, v) => pair(k, v),
                        };
                        (id as u8, v)
                    })
                    .collect(),
            ),
            payload: p.payload.to_vec(),
        },
        P::Subscribe(s) => Norm::Subscribe {
            packet_id: s.packet_id,
            filters: s
                .filters
                .iter()
                .map(|f| (f.filter.clone(), f.options.qos as u8))
                .collect(),
        },
        P::PubAck(a) => {
            assert!(a.properties.is_empty());
            Norm::Puback {
                packet_id: a.packet_id,
            }
        }
        other => panic!(
            "mqtt5-protocol decoded an unexpected {}",
            other.packet_type_name()
        ),
    }
}

/// Every implementation's form of one fixture, built before timing.
struct Peers {
    mqttrs: Option<mqttrs::Packet<'static>>,
    mqtt_protocol: Option<VariablePacket>,
    mqttbytes: MqttbytesPacket,
    mqtt5: mqtt5_protocol::Packet,
}

/// The fixture's bytes in a fresh `BytesMut`, for the decoders that read from one.
fn filled(bytes: &[u8]) -> BytesMut {
    BytesMut::from(bytes)
}

/// Check, once and untimed, through the same routines that are timed, that every
/// implementation agrees on the fixture, so that each does the same work on the same packet.
fn check_all_agree(fx: &MqttFixture, bytes: &[u8], peers: &Peers) {
    let name = fx.name;
    let v = fx.version;
    let strict = DecodeOptions::strict();
    let expected = norm_m2mwire(&fx.packet);

    // m2mwire decodes it strictly, to exactly the fixture, and walks the same items.
    let p = run::m2mwire_decode(bytes, v, &strict);
    assert_eq!(p, fx.packet, "{name}: m2mwire packet");
    assert_eq!(
        run::m2mwire_decode_walk(bytes, v, &strict),
        fx.item_digest(),
        "{name}: m2mwire walk"
    );
    assert_eq!(
        run::m2mwire_decode_walk_escaping(bytes, v, &strict),
        fx.item_digest(),
        "{name}: m2mwire walk, packet escaping"
    );
    assert_eq!(
        run::m2mwire_decode_walk_escaping_copy(bytes, v, &strict),
        fx.item_digest(),
        "{name}: m2mwire walk, a copy escaping"
    );

    // The peers' walks visit the same items.
    if peers.mqttrs.is_some() {
        assert_eq!(
            run::mqttrs_decode_walk(bytes),
            fx.item_digest(),
            "{name}: mqttrs walk"
        );
    }
    let walked = match peers.mqttbytes {
        MqttbytesPacket::V4(_) => run::mqttbytes_v4_decode_walk(&mut filled(bytes)),
        MqttbytesPacket::V5(_) => run::mqttbytes_v5_decode_walk(&mut filled(bytes)),
    };
    assert_eq!(walked, fx.item_digest(), "{name}: mqttbytes walk");

    // Every peer decodes it to the fixture's fields.
    if peers.mqttrs.is_some() {
        assert_eq!(
            norm_mqttrs(&run::mqttrs_decode(bytes)),
            expected,
            "{name}: mqttrs"
        );
    }
    if peers.mqtt_protocol.is_some() {
        assert_eq!(
            norm_mqtt_protocol(&run::mqtt_protocol_decode(bytes)),
            expected,
            "{name}: mqtt-protocol"
        );
    }
    let got = match peers.mqttbytes {
        MqttbytesPacket::V4(_) => norm_mqttbytes_v4(&run::mqttbytes_v4_decode(&mut filled(bytes))),
        MqttbytesPacket::V5(_) => norm_mqttbytes_v5(&run::mqttbytes_v5_decode(&mut filled(bytes))),
    };
    assert_eq!(got, expected, "{name}: mqttbytes");
    assert_eq!(
        norm_mqtt5(&run::mqtt5_decode(&mut filled(bytes), v.level())),
        expected,
        "{name}: mqtt5-protocol"
    );

    #[cfg(feature = "ntex")]
    ntex::check(fx, bytes, &expected);

    // Every encoder writes exactly the fixture.
    let mut buf = [0u8; BUF_LEN];
    let n = run::m2mwire_encode_slice(&fx.packet, v, &mut buf);
    assert_eq!(&buf[..n], bytes, "{name}: m2mwire slice bytes");
    assert_eq!(
        run::m2mwire_encode_vec(&fx.packet, v),
        bytes,
        "{name}: m2mwire Vec bytes"
    );
    if let Some(p) = &peers.mqttrs {
        let n = run::mqttrs_encode(p, &mut buf);
        assert_eq!(&buf[..n], bytes, "{name}: mqttrs bytes");
    }
    if let Some(p) = &peers.mqtt_protocol {
        let n = run::mqtt_protocol_encode(p, &mut buf);
        assert_eq!(&buf[..n], bytes, "{name}: mqtt-protocol bytes");
    }
    let mut out = BytesMut::with_capacity(BUF_LEN);
    match &peers.mqttbytes {
        MqttbytesPacket::V4(p) => run::mqttbytes_v4_encode(p, &mut out),
        MqttbytesPacket::V5(p) => run::mqttbytes_v5_encode(p, &mut out),
    }
    assert_eq!(&out[..], bytes, "{name}: mqttbytes bytes");
    run::mqtt5_encode(&peers.mqtt5, &mut out);
    if has_properties(fx) {
        // Its properties live in a `HashMap`: same length, same properties, in an order that
        // changes from one process to the next.
        assert_eq!(out.len(), bytes.len(), "{name}: mqtt5-protocol length");
        let again = run::m2mwire_decode(&out, v, &strict);
        assert_eq!(
            norm_m2mwire(&again),
            expected,
            "{name}: mqtt5-protocol packet"
        );
    } else {
        assert_eq!(&out[..], bytes, "{name}: mqtt5-protocol bytes");
    }
}

/// Whether the fixture carries 5.0 properties (whose order mqtt5-protocol does not keep).
fn has_properties(fx: &MqttFixture) -> bool {
    match &fx.packet {
        Packet::Connect(Connect { properties, .. })
        | Packet::Publish(Publish { properties, .. })
        | Packet::Subscribe(Subscribe { properties, .. }) => !properties.is_empty(),
        _ => false,
    }
}

/// One group: every implementation that supports the packet, on that packet.
fn bench_packet(c: &mut Criterion, fx: &MqttFixture) {
    // Not `fx.bytes()`: its own decode would give m2mwire's decoder call sites that the
    // peers' decoders do not have. `check_all_agree` checks the strict decode instead.
    let bytes = fx.bytes_unchecked();
    let bytes = bytes.as_slice();
    let v = fx.version;
    let level = v.level();
    let strict = DecodeOptions::strict();
    let peers = Peers {
        mqttrs: mqttrs_packet(fx),
        mqtt_protocol: mqtt_protocol_packet(fx),
        mqttbytes: mqttbytes_packet(fx),
        mqtt5: mqtt5_packet(fx),
    };
    check_all_agree(fx, bytes, &peers);
    let mut buf = [0u8; BUF_LEN];
    let mut out = BytesMut::with_capacity(BUF_LEN);

    let mut g = c.benchmark_group(fx.name);
    g.throughput(Throughput::Bytes(bytes.len() as u64));

    g.bench_function("memcpy", |b| {
        b.iter(|| {
            run::memcpy(black_box(bytes), &mut buf);
            black_box(&buf);
        })
    });

    // Decoding.
    g.bench_function("m2mwire decode+walk", |b| {
        b.iter(|| run::m2mwire_decode_walk(black_box(bytes), v, &strict))
    });
    g.bench_function("m2mwire decode+walk, packet escaping", |b| {
        b.iter(|| run::m2mwire_decode_walk_escaping(black_box(bytes), v, &strict))
    });
    g.bench_function("m2mwire decode+walk, a copy escaping", |b| {
        b.iter(|| run::m2mwire_decode_walk_escaping_copy(black_box(bytes), v, &strict))
    });
    g.bench_function("m2mwire decode", |b| {
        b.iter(|| run::m2mwire_decode(black_box(bytes), v, &strict))
    });
    if peers.mqttrs.is_some() {
        g.bench_function("mqttrs decode", |b| {
            b.iter(|| run::mqttrs_decode(black_box(bytes)))
        });
        g.bench_function("mqttrs decode+walk", |b| {
            b.iter(|| run::mqttrs_decode_walk(black_box(bytes)))
        });
    }
    if peers.mqtt_protocol.is_some() {
        g.bench_function("mqtt-protocol decode", |b| {
            b.iter(|| run::mqtt_protocol_decode(black_box(bytes)))
        });
    }
    match peers.mqttbytes {
        MqttbytesPacket::V4(_) => g.bench_function("mqttbytes decode", |b| {
            b.iter_batched_ref(
                || filled(bytes),
                |input| drop(run::mqttbytes_v4_decode(input)),
                BatchSize::SmallInput,
            )
        }),
        MqttbytesPacket::V5(_) => g.bench_function("mqttbytes decode", |b| {
            b.iter_batched_ref(
                || filled(bytes),
                |input| drop(run::mqttbytes_v5_decode(input)),
                BatchSize::SmallInput,
            )
        }),
    };
    match peers.mqttbytes {
        MqttbytesPacket::V4(_) => g.bench_function("mqttbytes decode+walk", |b| {
            b.iter_batched_ref(
                || filled(bytes),
                run::mqttbytes_v4_decode_walk,
                BatchSize::SmallInput,
            )
        }),
        MqttbytesPacket::V5(_) => g.bench_function("mqttbytes decode+walk", |b| {
            b.iter_batched_ref(
                || filled(bytes),
                run::mqttbytes_v5_decode_walk,
                BatchSize::SmallInput,
            )
        }),
    };
    g.bench_function("mqtt5-protocol decode", |b| {
        b.iter_batched_ref(
            || filled(bytes),
            |input| drop(run::mqtt5_decode(input, black_box(level))),
            BatchSize::SmallInput,
        )
    });

    // Encoding.
    g.bench_function("m2mwire encode to slice", |b| {
        b.iter(|| {
            let n = run::m2mwire_encode_slice(black_box(&fx.packet), v, &mut buf);
            black_box(&buf[..n]);
        })
    });
    g.bench_function("m2mwire encode to Vec", |b| {
        b.iter(|| run::m2mwire_encode_vec(black_box(&fx.packet), v))
    });
    if let Some(p) = &peers.mqttrs {
        g.bench_function("mqttrs encode", |b| {
            b.iter(|| {
                let n = run::mqttrs_encode(black_box(p), &mut buf);
                black_box(&buf[..n]);
            })
        });
    }
    if let Some(p) = &peers.mqtt_protocol {
        g.bench_function("mqtt-protocol encode", |b| {
            b.iter(|| {
                let n = run::mqtt_protocol_encode(black_box(p), &mut buf);
                black_box(&buf[..n]);
            })
        });
    }
    match &peers.mqttbytes {
        MqttbytesPacket::V4(p) => g.bench_function("mqttbytes encode", |b| {
            b.iter(|| {
                run::mqttbytes_v4_encode(black_box(p), &mut out);
                black_box(&out);
            })
        }),
        MqttbytesPacket::V5(p) => g.bench_function("mqttbytes encode", |b| {
            b.iter(|| {
                run::mqttbytes_v5_encode(black_box(p), &mut out);
                black_box(&out);
            })
        }),
    };
    g.bench_function("mqtt5-protocol encode", |b| {
        b.iter(|| {
            run::mqtt5_encode(black_box(&peers.mqtt5), &mut out);
            black_box(&out);
        })
    });
    #[cfg(feature = "ntex")]
    ntex::bench(&mut g, fx, bytes);

    g.finish();
}

/// What the paired rows of one fixture borrow.
struct PairedSetup {
    fx: &'static MqttFixture,
    bytes: Vec<u8>,
    strict: DecodeOptions,
    peers: Peers,
    buf: std::cell::RefCell<[u8; BUF_LEN]>,
    out: std::cell::RefCell<BytesMut>,
    #[cfg(feature = "ntex")]
    ntex: ntex::Setup,
}

impl PairedSetup {
    fn new(fx: &'static MqttFixture) -> Self {
        let peers = Peers {
            mqttrs: mqttrs_packet(fx),
            mqtt_protocol: mqtt_protocol_packet(fx),
            mqttbytes: mqttbytes_packet(fx),
            mqtt5: mqtt5_packet(fx),
        };
        let bytes = fx.bytes_unchecked();
        check_all_agree(fx, &bytes, &peers);
        PairedSetup {
            fx,
            bytes,
            strict: DecodeOptions::strict(),
            peers,
            buf: std::cell::RefCell::new([0u8; BUF_LEN]),
            out: std::cell::RefCell::new(BytesMut::with_capacity(BUF_LEN)),
            #[cfg(feature = "ntex")]
            ntex: ntex::Setup::new(fx),
        }
    }
}

/// The rows of `bench_packet` for one fixture, to be measured in alternation (`paired.rs`).
fn paired_rows(setup: &PairedSetup) -> [Row<'_>; 3] {
    let PairedSetup {
        fx,
        bytes,
        strict,
        peers,
        buf,
        out,
        ..
    } = setup;
    let fx: &MqttFixture = fx;
    let bytes = bytes.as_slice();
    let v = fx.version;
    let level = v.level();
    // Batches of the decoders that read from a `BytesMut`: the buffers are filled untimed.
    let from_bytes_mut = move |n: u64, f: &dyn Fn(&mut BytesMut)| {
        let mut inputs: Vec<BytesMut> = (0..n).map(|_| filled(bytes)).collect();
        let t = std::time::Instant::now();
        for input in &mut inputs {
            f(input);
        }
        t.elapsed()
    };

    let mut dec: Vec<Contender<'_>> = vec![Contender {
        name: "m2mwire decode",
        batch: Box::new(move |n| timed(n, || run::m2mwire_decode(black_box(bytes), v, strict))),
    }];
    // Decode, then touch every field, property and subscription: m2mwire's lazy lists are
    // walked through their iterators, the peers' owned ones read (mqttrs and mqttbytes, the
    // fastest decoders of every fixture).
    let mut walk: Vec<Contender<'_>> = vec![Contender {
        name: "m2mwire decode+walk",
        batch: Box::new(move |n| {
            timed(n, || run::m2mwire_decode_walk(black_box(bytes), v, strict))
        }),
    }];
    // The same, for a consumer that lets the whole packet escape (`walk.rs`).
    walk.push(Contender {
        name: "m2mwire decode+walk, packet escaping",
        batch: Box::new(move |n| {
            timed(n, || {
                run::m2mwire_decode_walk_escaping(black_box(bytes), v, strict)
            })
        }),
    });
    // And for one that lets a copy of it escape, made in that arm.
    walk.push(Contender {
        name: "m2mwire decode+walk, a copy escaping",
        batch: Box::new(move |n| {
            timed(n, || {
                run::m2mwire_decode_walk_escaping_copy(black_box(bytes), v, strict)
            })
        }),
    });
    if peers.mqttrs.is_some() {
        walk.push(Contender {
            name: "mqttrs",
            batch: Box::new(move |n| timed(n, || run::mqttrs_decode_walk(black_box(bytes)))),
        });
    }
    walk.push(Contender {
        name: "mqttbytes",
        batch: match peers.mqttbytes {
            MqttbytesPacket::V4(_) => Box::new(move |n| {
                from_bytes_mut(n, &|b| {
                    black_box(run::mqttbytes_v4_decode_walk(b));
                })
            }) as Batch<'_>,
            MqttbytesPacket::V5(_) => Box::new(move |n| {
                from_bytes_mut(n, &|b| {
                    black_box(run::mqttbytes_v5_decode_walk(b));
                })
            }),
        },
    });
    if peers.mqttrs.is_some() {
        dec.push(Contender {
            name: "mqttrs",
            batch: Box::new(move |n| timed(n, || run::mqttrs_decode(black_box(bytes)))),
        });
    }
    if peers.mqtt_protocol.is_some() {
        dec.push(Contender {
            name: "mqtt-protocol",
            batch: Box::new(move |n| timed(n, || run::mqtt_protocol_decode(black_box(bytes)))),
        });
    }
    dec.push(Contender {
        name: "mqttbytes",
        batch: match peers.mqttbytes {
            MqttbytesPacket::V4(_) => {
                Box::new(move |n| from_bytes_mut(n, &|b| drop(run::mqttbytes_v4_decode(b))))
                    as Batch<'_>
            }
            MqttbytesPacket::V5(_) => {
                Box::new(move |n| from_bytes_mut(n, &|b| drop(run::mqttbytes_v5_decode(b))))
            }
        },
    });
    dec.push(Contender {
        name: "mqtt5-protocol",
        batch: Box::new(move |n| {
            from_bytes_mut(n, &|b| drop(run::mqtt5_decode(b, black_box(level))))
        }),
    });
    let mut enc: Vec<Contender<'_>> = vec![Contender {
        name: "m2mwire encode to slice",
        batch: Box::new(move |n| {
            let mut b = buf.borrow_mut();
            timed(n, || {
                let k = run::m2mwire_encode_slice(black_box(&fx.packet), v, &mut b);
                black_box(&b[..k]);
            })
        }),
    }];
    if let Some(p) = &peers.mqttrs {
        enc.push(Contender {
            name: "mqttrs",
            batch: Box::new(move |n| {
                let mut b = buf.borrow_mut();
                timed(n, || {
                    let k = run::mqttrs_encode(black_box(p), &mut b);
                    black_box(&b[..k]);
                })
            }),
        });
    }
    if let Some(p) = &peers.mqtt_protocol {
        enc.push(Contender {
            name: "mqtt-protocol",
            batch: Box::new(move |n| {
                let mut b = buf.borrow_mut();
                timed(n, || {
                    let k = run::mqtt_protocol_encode(black_box(p), &mut b);
                    black_box(&b[..k]);
                })
            }),
        });
    }
    enc.push(Contender {
        name: "mqttbytes",
        batch: match &peers.mqttbytes {
            MqttbytesPacket::V4(p) => Box::new(move |n| {
                let mut o = out.borrow_mut();
                timed(n, || {
                    run::mqttbytes_v4_encode(black_box(p), &mut o);
                    black_box(&o);
                })
            }) as Batch<'_>,
            MqttbytesPacket::V5(p) => Box::new(move |n| {
                let mut o = out.borrow_mut();
                timed(n, || {
                    run::mqttbytes_v5_encode(black_box(p), &mut o);
                    black_box(&o);
                })
            }),
        },
    });
    enc.push(Contender {
        name: "mqtt5-protocol",
        batch: Box::new(move |n| {
            let mut o = out.borrow_mut();
            timed(n, || {
                run::mqtt5_encode(black_box(&peers.mqtt5), &mut o);
                black_box(&o);
            })
        }),
    });
    #[cfg(feature = "ntex")]
    if let Some((d, e)) = setup.ntex.contenders(bytes) {
        dec.push(d);
        enc.push(e);
    }
    [
        Row::new(fx.name, "decode", dec),
        Row::new(fx.name, "decode+walk", walk),
        Row::new(fx.name, "encode", enc),
    ]
}

fn mqtt(c: &mut Criterion) {
    // `M2MWIRE_PAIRED=1` (or a number of rounds): the paired table instead of criterion.
    if let Ok(v) = std::env::var("M2MWIRE_PAIRED") {
        let sweeps = v.parse().ok().filter(|&r| r > 1).unwrap_or(20);
        let setups: Vec<PairedSetup> = MQTT_FIXTURES.iter().map(PairedSetup::new).collect();
        let mut rows: Vec<Row<'_>> = setups.iter().flat_map(paired_rows).collect();
        paired::measure(&mut rows, sweeps, 100);
        return;
    }
    for fx in &MQTT_FIXTURES {
        bench_packet(c, fx);
    }
}

criterion_group!(benches, mqtt);
criterion_main!(benches);
