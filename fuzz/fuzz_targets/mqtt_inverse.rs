//! `mqtt_inverse`: `decode(encode(p)) == p` for a packet built from arbitrary data.
//!
//! m2mwire-mqtt has no `Arbitrary` impls, so an owned `Spec` is derived here and turned into a
//! `Model` (owned, with its strings settled: topics and filters either assembled from
//! sanitized levels or left raw, text either cleaned of U+0000 and control characters,
//! cleaned of U+0000 only, or raw), from which the borrowed `Packet` is built. Then, at MQTT
//! 3.1.1 and at 5.0:
//!
//! 1. `encode` succeeds exactly when the packet breaks none of the rules the encoder checks
//!    (`expect`, read from the `encode_body` functions): properties or reason codes 3.1.1
//!    cannot carry, AUTH before 5.0, a packet identifier of 0 where the encoder refuses it,
//!    QoS / packet identifier / DUP mismatch in PUBLISH, SUBSCRIBE / UNSUBSCRIBE without
//!    filters, properties in the 5.0 form without a reason code, a property that is
//!    unregistered, of the wrong type or not allowed in its packet, repeated that may not be,
//!    or out of its range (a Variable Byte Integer over 268,435,455 among them), 5.0
//!    subscription options in a 3.1.1 SUBSCRIBE, a string or binary field over 65,535
//!    bytes. Its failure is
//!    `EncodeError::Invalid`, never `BufferFull` (the sink is a `Vec`).
//! 2. When it succeeds, `encoded_len` is exactly the number of bytes written, and encoding
//!    as MQTT 3.1 gives the same bytes as 3.1.1 (3.1 differs only in CONNECT, which is written
//!    at its own level anyway).
//! 3. Lenient decoding of those bytes gives back an equal packet that re-encodes to the same
//!    bytes, or fails, and then only with a kind the model justifies, one of the rules the
//!    encoder does not check: U+0000 in a string; an empty topic name (unless 5.0 with a
//!    Topic Alias) or a wildcard in one; a malformed topic filter or shared subscription;
//!    an empty client id with CleanSession 0 in 3.1.1; CONNACK / acknowledgement reason codes
//!    not defined for the packet, Session Present with a failure; a packet identifier of 0 in
//!    SUBACK / UNSUBACK; SUBACK / 5.0 UNSUBACK without codes; No Local on a shared
//!    subscription; more than 256 properties or subscriptions. Conversely, a model
//!    with any of these must be rejected: the decoder has to enforce them.
//!    (More than 256 UNSUBSCRIBE filters may be rejected with `TooManyItems`, which the error
//!    kind documents, but need not be: `Unsubscribe::decode` does not count them.)
//! 4. Strict decoding likewise, with three more justified rejections: a control character or
//!    non-character in a string, level 3 (`MQIsdp`) CONNECT, and a 3.1.1 password without
//!    user name.
//! 5. Decoding the 3.1.1 bytes as MQTT 3.1 gives the same result as decoding them as 3.1.1
//!    (CONNECT is read at the level it announces, every other packet as 3.1.1).
//!
//! A framing error (`UnexpectedEnd`, `TrailingBytes`, `TruncatedPacket`, ...) is never
//! justified: it means encoder and decoder disagree.
#![no_main]

use std::hint::black_box;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use m2mwire_core::{EncodeError, Limits, varint};
use m2mwire_mqtt::{
    Ack, Connack, Connect, DecodeOptions, Disconnect, MqttErrorKind as K, Packet, PacketType,
    Properties, Property, PropertyContext as Ctx, PropertyId, PropertyType, PropertyValue,
    ProtocolVersion, Publish, QoS, ReasonCode, ReasonContext, RetainHandling, Suback, Subscribe,
    Subscription, SubscriptionOptions, Subscriptions, TopicFilters, Unsuback, Unsubscribe, Will,
    reason_allowed,
};

// ---------------------------------------------------------------------------------------------
// The arbitrary spec.

/// A string field.
#[derive(Arbitrary, Debug)]
enum Text {
    /// Without U+0000, control characters and non-characters: fine even for strict decoding.
    Plain(String),
    /// Without U+0000: fine for lenient decoding.
    Lenient(String),
    /// As generated.
    Raw(String),
}

/// A Topic Name.
#[derive(Arbitrary, Debug)]
enum TopicSpec {
    /// Levels joined with `/`, each cleaned of `/`, `+` and `#`.
    Levels(Vec<Text>),
    /// As generated.
    Raw(Text),
}

/// One level of a Topic Filter.
#[derive(Arbitrary, Debug)]
enum LevelSpec {
    Plus,
    Name(Text),
}

/// A Topic Filter.
#[derive(Arbitrary, Debug)]
enum FilterSpec {
    /// `[$share/{share}/]level/level/...[/#]`, the share name and levels cleaned of `/`, `+`
    /// and `#`.
    Levels {
        share: Option<Text>,
        levels: Vec<LevelSpec>,
        hash: bool,
    },
    /// As generated.
    Raw(Text),
}

#[derive(Arbitrary, Debug)]
enum PropSpec {
    /// A property the packet may carry (picked among those), with a value of its type.
    Fit {
        pick: u8,
        num: u32,
        a: Text,
        b: Text,
        bin: Vec<u8>,
    },
    /// Any identifier, any value.
    Wild { id: u8, value: ValueSpec },
}

#[derive(Arbitrary, Debug)]
enum ValueSpec {
    Byte(u8),
    TwoByte(u16),
    FourByte(u32),
    VarInt(u32),
    Utf8(Text),
    Binary(Vec<u8>),
    Pair(Text, Text),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum QosSpec {
    Q0,
    Q1,
    Q2,
}

/// A reason code.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum CodeSpec {
    /// One of the codes the packet allows (in the version of the first encode, 5.0 where
    /// the two differ), picked by index.
    Fit(u8),
    /// Any byte.
    Raw(u8),
}

#[derive(Arbitrary, Debug)]
enum ProtocolSpec {
    V31,
    V311,
    V5,
}

#[derive(Arbitrary, Debug)]
struct WillSpec {
    qos: QosSpec,
    retain: bool,
    props: Vec<PropSpec>,
    topic: TopicSpec,
    payload: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct OptionsSpec {
    qos: QosSpec,
    no_local: bool,
    retain_as_published: bool,
    retain_handling: u8,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum AckKind {
    Puback,
    Pubrec,
    Pubrel,
    Pubcomp,
}

#[derive(Arbitrary, Debug)]
enum Spec {
    Connect {
        protocol: ProtocolSpec,
        clean_start: bool,
        keep_alive: u16,
        props: Vec<PropSpec>,
        client_id: Text,
        will: Option<WillSpec>,
        username: Option<Text>,
        password: Option<Vec<u8>>,
    },
    Connack {
        session_present: bool,
        code: CodeSpec,
        props: Vec<PropSpec>,
    },
    Publish {
        dup: bool,
        qos: QosSpec,
        retain: bool,
        topic: TopicSpec,
        packet_id: u16,
        /// `None`: a packet identifier exactly when QoS > 0; `Some`: this one, as given.
        raw_packet_id: Option<Option<u16>>,
        props: Vec<PropSpec>,
        payload: Vec<u8>,
    },
    Ack {
        kind: AckKind,
        packet_id: u16,
        reason: Option<CodeSpec>,
        props: Option<Vec<PropSpec>>,
    },
    Subscribe {
        packet_id: u16,
        props: Vec<PropSpec>,
        subs: Vec<(FilterSpec, OptionsSpec)>,
    },
    Suback {
        packet_id: u16,
        props: Vec<PropSpec>,
        codes: Vec<CodeSpec>,
    },
    Unsubscribe {
        packet_id: u16,
        props: Vec<PropSpec>,
        filters: Vec<FilterSpec>,
    },
    Unsuback {
        packet_id: u16,
        props: Vec<PropSpec>,
        codes: Vec<CodeSpec>,
    },
    Pingreq,
    Pingresp,
    Disconnect {
        auth: bool,
        reason: Option<CodeSpec>,
        props: Option<Vec<PropSpec>>,
    },
}

// ---------------------------------------------------------------------------------------------
// The owned model: the spec with every string and choice settled.

#[derive(Debug)]
enum Val {
    Byte(u8),
    TwoByte(u16),
    FourByte(u32),
    VarInt(u32),
    Utf8(String),
    Binary(Vec<u8>),
    Pair(String, String),
}

#[derive(Debug)]
struct Prop {
    id: PropertyId,
    val: Val,
}

#[derive(Debug)]
struct WillModel {
    qos: QoS,
    retain: bool,
    props: Vec<Prop>,
    topic: String,
    payload: Vec<u8>,
}

#[derive(Debug)]
enum Model {
    Connect {
        protocol: ProtocolVersion,
        clean_start: bool,
        keep_alive: u16,
        props: Vec<Prop>,
        client_id: String,
        will: Option<WillModel>,
        username: Option<String>,
        password: Option<Vec<u8>>,
    },
    Connack {
        session_present: bool,
        code: u8,
        props: Vec<Prop>,
    },
    Publish {
        dup: bool,
        qos: QoS,
        retain: bool,
        topic: String,
        packet_id: Option<u16>,
        props: Vec<Prop>,
        payload: Vec<u8>,
    },
    Ack {
        ty: PacketType,
        packet_id: u16,
        reason: Option<u8>,
        props: Option<Vec<Prop>>,
    },
    Subscribe {
        packet_id: u16,
        props: Vec<Prop>,
        subs: Vec<(String, SubscriptionOptions)>,
    },
    Suback {
        packet_id: u16,
        props: Vec<Prop>,
        codes: Vec<u8>,
    },
    Unsubscribe {
        packet_id: u16,
        props: Vec<Prop>,
        filters: Vec<String>,
    },
    Unsuback {
        packet_id: u16,
        props: Vec<Prop>,
        codes: Vec<u8>,
    },
    Ping(PacketType),
    Disconnect {
        auth: bool,
        reason: Option<u8>,
        props: Option<Vec<Prop>>,
    },
}

fn text(t: &Text) -> String {
    match t {
        Text::Plain(s) => s.chars().filter(|&c| c != '\0' && !is_control(c)).collect(),
        Text::Lenient(s) => s.chars().filter(|&c| c != '\0').collect(),
        Text::Raw(s) => s.clone(),
    }
}

/// `text` without the characters that separate or match topic levels.
fn level(t: &Text) -> String {
    text(t)
        .chars()
        .filter(|c| !matches!(c, '/' | '+' | '#'))
        .collect()
}

fn topic(t: &TopicSpec) -> String {
    match t {
        TopicSpec::Levels(levels) => levels.iter().map(level).collect::<Vec<_>>().join("/"),
        TopicSpec::Raw(t) => text(t),
    }
}

fn filter(f: &FilterSpec) -> String {
    match f {
        FilterSpec::Levels {
            share,
            levels,
            hash,
        } => {
            let mut parts: Vec<String> = levels
                .iter()
                .map(|l| match l {
                    LevelSpec::Plus => "+".to_string(),
                    LevelSpec::Name(t) => level(t),
                })
                .collect();
            if *hash {
                parts.push("#".to_string());
            }
            let body = parts.join("/");
            match share {
                Some(s) => format!("$share/{}/{body}", level(s)),
                None => body,
            }
        }
        FilterSpec::Raw(t) => text(t),
    }
}

fn qos(q: QosSpec) -> QoS {
    match q {
        QosSpec::Q0 => QoS::AtMostOnce,
        QosSpec::Q1 => QoS::AtLeastOnce,
        QosSpec::Q2 => QoS::ExactlyOnce,
    }
}

fn code(c: CodeSpec, ctx: ReasonContext) -> u8 {
    match c {
        CodeSpec::Fit(i) => {
            let allowed: Vec<u8> = (0..=255).filter(|&c| reason_allowed(ctx, c)).collect();
            allowed[usize::from(i) % allowed.len()]
        }
        CodeSpec::Raw(c) => c,
    }
}

fn props(specs: &[PropSpec], ctx: Ctx) -> Vec<Prop> {
    let fitting: Vec<PropertyId> = PropertyId::REGISTERED
        .iter()
        .copied()
        .filter(|id| id.definition().is_some_and(|d| d.allowed_in(ctx)))
        .collect();
    specs
        .iter()
        .map(|s| match s {
            PropSpec::Fit {
                pick,
                num,
                a,
                b,
                bin,
            } => {
                let id = fitting[usize::from(*pick) % fitting.len()];
                let ty = id.definition().map(|d| d.ty).expect("registered");
                let val = match ty {
                    PropertyType::Byte => Val::Byte((*num & 1) as u8),
                    PropertyType::TwoByte => Val::TwoByte(*num as u16),
                    PropertyType::FourByte => Val::FourByte(*num),
                    PropertyType::VarInt => Val::VarInt(*num & varint::VBI_MAX),
                    PropertyType::Utf8 => Val::Utf8(text(a)),
                    PropertyType::Binary => Val::Binary(bin.clone()),
                    PropertyType::Pair => Val::Pair(text(a), text(b)),
                };
                Prop { id, val }
            }
            PropSpec::Wild { id, value } => Prop {
                id: PropertyId(u32::from(*id)),
                val: match value {
                    ValueSpec::Byte(v) => Val::Byte(*v),
                    ValueSpec::TwoByte(v) => Val::TwoByte(*v),
                    ValueSpec::FourByte(v) => Val::FourByte(*v),
                    ValueSpec::VarInt(v) => Val::VarInt(*v),
                    ValueSpec::Utf8(t) => Val::Utf8(text(t)),
                    ValueSpec::Binary(b) => Val::Binary(b.clone()),
                    ValueSpec::Pair(k, v) => Val::Pair(text(k), text(v)),
                },
            },
        })
        .collect()
}

fn ack_contexts(ty: PacketType) -> (ReasonContext, Ctx) {
    match ty {
        PacketType::PUBACK => (ReasonContext::PubackPubrec, Ctx::Puback),
        PacketType::PUBREC => (ReasonContext::PubackPubrec, Ctx::Pubrec),
        PacketType::PUBREL => (ReasonContext::PubrelPubcomp, Ctx::Pubrel),
        _ => (ReasonContext::PubrelPubcomp, Ctx::Pubcomp),
    }
}

fn model(spec: &Spec) -> Model {
    match spec {
        Spec::Connect {
            protocol,
            clean_start,
            keep_alive,
            props: p,
            client_id,
            will,
            username,
            password,
        } => Model::Connect {
            protocol: match protocol {
                ProtocolSpec::V31 => ProtocolVersion::V31,
                ProtocolSpec::V311 => ProtocolVersion::V311,
                ProtocolSpec::V5 => ProtocolVersion::V5,
            },
            clean_start: *clean_start,
            keep_alive: *keep_alive,
            props: props(p, Ctx::Connect),
            client_id: text(client_id),
            will: will.as_ref().map(|w| WillModel {
                qos: qos(w.qos),
                retain: w.retain,
                props: props(&w.props, Ctx::Will),
                topic: topic(&w.topic),
                payload: w.payload.clone(),
            }),
            username: username.as_ref().map(text),
            password: password.clone(),
        },
        Spec::Connack {
            session_present,
            code: c,
            props: p,
        } => Model::Connack {
            session_present: *session_present,
            code: code(*c, ReasonContext::Connack),
            props: props(p, Ctx::Connack),
        },
        Spec::Publish {
            dup,
            qos: q,
            retain,
            topic: t,
            packet_id,
            raw_packet_id,
            props: p,
            payload,
        } => {
            let q = qos(*q);
            Model::Publish {
                dup: *dup,
                qos: q,
                retain: *retain,
                topic: topic(t),
                packet_id: match raw_packet_id {
                    Some(raw) => *raw,
                    None => (q != QoS::AtMostOnce).then_some(*packet_id),
                },
                props: props(p, Ctx::Publish),
                payload: payload.clone(),
            }
        }
        Spec::Ack {
            kind,
            packet_id,
            reason,
            props: p,
        } => {
            let ty = match kind {
                AckKind::Puback => PacketType::PUBACK,
                AckKind::Pubrec => PacketType::PUBREC,
                AckKind::Pubrel => PacketType::PUBREL,
                AckKind::Pubcomp => PacketType::PUBCOMP,
            };
            let (rctx, pctx) = ack_contexts(ty);
            Model::Ack {
                ty,
                packet_id: *packet_id,
                reason: reason.map(|c| code(c, rctx)),
                props: p.as_ref().map(|p| props(p, pctx)),
            }
        }
        Spec::Subscribe {
            packet_id,
            props: p,
            subs,
        } => Model::Subscribe {
            packet_id: *packet_id,
            props: props(p, Ctx::Subscribe),
            subs: subs
                .iter()
                .map(|(f, o)| {
                    let options = SubscriptionOptions {
                        qos: qos(o.qos),
                        no_local: o.no_local,
                        retain_as_published: o.retain_as_published,
                        retain_handling: match o.retain_handling % 3 {
                            0 => RetainHandling::SendOnSubscribe,
                            1 => RetainHandling::SendIfNew,
                            _ => RetainHandling::DoNotSend,
                        },
                    };
                    (filter(f), options)
                })
                .collect(),
        },
        Spec::Suback {
            packet_id,
            props: p,
            codes,
        } => Model::Suback {
            packet_id: *packet_id,
            props: props(p, Ctx::Suback),
            codes: codes
                .iter()
                .map(|&c| code(c, ReasonContext::Suback))
                .collect(),
        },
        Spec::Unsubscribe {
            packet_id,
            props: p,
            filters,
        } => Model::Unsubscribe {
            packet_id: *packet_id,
            props: props(p, Ctx::Unsubscribe),
            filters: filters.iter().map(filter).collect(),
        },
        Spec::Unsuback {
            packet_id,
            props: p,
            codes,
        } => Model::Unsuback {
            packet_id: *packet_id,
            props: props(p, Ctx::Unsuback),
            codes: codes
                .iter()
                .map(|&c| code(c, ReasonContext::Unsuback))
                .collect(),
        },
        Spec::Pingreq => Model::Ping(PacketType::PINGREQ),
        Spec::Pingresp => Model::Ping(PacketType::PINGRESP),
        Spec::Disconnect {
            auth,
            reason,
            props: p,
        } => {
            let (rctx, pctx) = if *auth {
                (ReasonContext::Auth, Ctx::Auth)
            } else {
                (ReasonContext::Disconnect, Ctx::Disconnect)
            };
            Model::Disconnect {
                auth: *auth,
                reason: reason.map(|c| code(c, rctx)),
                props: p.as_ref().map(|p| props(p, pctx)),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The borrowed packet.

fn borrow(props: &[Prop]) -> Vec<Property<'_>> {
    props
        .iter()
        .map(|p| {
            let value = match &p.val {
                Val::Byte(v) => PropertyValue::Byte(*v),
                Val::TwoByte(v) => PropertyValue::TwoByte(*v),
                Val::FourByte(v) => PropertyValue::FourByte(*v),
                Val::VarInt(v) => PropertyValue::VarInt(*v),
                Val::Utf8(s) => PropertyValue::Utf8(s),
                Val::Binary(b) => PropertyValue::Binary(b),
                Val::Pair(k, v) => PropertyValue::Pair(k, v),
            };
            Property::new(p.id, value)
        })
        .collect()
}

/// The borrowed lists a packet points into.
struct Parts<'m> {
    props: Vec<Property<'m>>,
    will_props: Vec<Property<'m>>,
    subs: Vec<Subscription<'m>>,
    filters: Vec<&'m str>,
}

fn parts(m: &Model) -> Parts<'_> {
    let mut parts = Parts {
        props: Vec::new(),
        will_props: Vec::new(),
        subs: Vec::new(),
        filters: Vec::new(),
    };
    match m {
        Model::Connect { props, will, .. } => {
            parts.props = borrow(props);
            if let Some(w) = will {
                parts.will_props = borrow(&w.props);
            }
        }
        Model::Connack { props, .. }
        | Model::Publish { props, .. }
        | Model::Suback { props, .. }
        | Model::Unsuback { props, .. } => parts.props = borrow(props),
        Model::Ack { props, .. } | Model::Disconnect { props, .. } => {
            parts.props = props.as_deref().map(borrow).unwrap_or_default()
        }
        Model::Subscribe { props, subs, .. } => {
            parts.props = borrow(props);
            parts.subs = subs
                .iter()
                .map(|(filter, options)| Subscription {
                    filter,
                    options: *options,
                })
                .collect();
        }
        Model::Unsubscribe { props, filters, .. } => {
            parts.props = borrow(props);
            parts.filters = filters.iter().map(String::as_str).collect();
        }
        Model::Ping(_) => {}
    }
    parts
}

/// `props` and `will_props` are `parts.props` and `parts.will_props` as slices:
/// `Properties::List` takes a reference to a slice.
fn packet<'p>(
    m: &'p Model,
    parts: &'p Parts<'p>,
    props: &'p &'p [Property<'p>],
    will_props: &'p &'p [Property<'p>],
) -> Packet<'p> {
    let props = Properties::List(props);
    let optional = |p: &Option<Vec<Prop>>| p.as_ref().map(|_| props);
    match m {
        Model::Connect {
            protocol,
            clean_start,
            keep_alive,
            client_id,
            will,
            username,
            password,
            ..
        } => Packet::Connect(Connect {
            protocol: *protocol,
            clean_start: *clean_start,
            keep_alive: *keep_alive,
            properties: props,
            client_id,
            will: will.as_ref().map(|w| Will {
                qos: w.qos,
                retain: w.retain,
                properties: Properties::List(will_props),
                topic: &w.topic,
                payload: &w.payload,
            }),
            username: username.as_deref(),
            password: password.as_deref(),
        }),
        Model::Connack {
            session_present,
            code,
            ..
        } => Packet::Connack(Connack {
            session_present: *session_present,
            reason_code: ReasonCode(*code),
            properties: props,
        }),
        Model::Publish {
            dup,
            qos,
            retain,
            topic,
            packet_id,
            payload,
            ..
        } => Packet::Publish(Publish {
            dup: *dup,
            qos: *qos,
            retain: *retain,
            topic,
            packet_id: *packet_id,
            properties: props,
            payload,
        }),
        Model::Ack {
            ty,
            packet_id,
            reason,
            props: p,
        } => {
            let ack = Ack {
                packet_id: *packet_id,
                reason_code: reason.map(ReasonCode),
                properties: optional(p),
            };
            match *ty {
                PacketType::PUBACK => Packet::Puback(ack),
                PacketType::PUBREC => Packet::Pubrec(ack),
                PacketType::PUBREL => Packet::Pubrel(ack),
                _ => Packet::Pubcomp(ack),
            }
        }
        Model::Subscribe { packet_id, .. } => Packet::Subscribe(Subscribe {
            packet_id: *packet_id,
            properties: props,
            subscriptions: Subscriptions::List(&parts.subs),
        }),
        Model::Suback {
            packet_id, codes, ..
        } => Packet::Suback(Suback {
            packet_id: *packet_id,
            properties: props,
            reason_codes: codes,
        }),
        Model::Unsubscribe { packet_id, .. } => Packet::Unsubscribe(Unsubscribe {
            packet_id: *packet_id,
            properties: props,
            filters: TopicFilters::List(&parts.filters),
        }),
        Model::Unsuback {
            packet_id, codes, ..
        } => Packet::Unsuback(Unsuback {
            packet_id: *packet_id,
            properties: props,
            reason_codes: codes,
        }),
        Model::Ping(t) if *t == PacketType::PINGREQ => Packet::Pingreq,
        Model::Ping(_) => Packet::Pingresp,
        Model::Disconnect {
            auth,
            reason,
            props: p,
        } => {
            let d = Disconnect {
                reason_code: reason.map(ReasonCode),
                properties: optional(p),
            };
            if *auth {
                Packet::Auth(d)
            } else {
                Packet::Disconnect(d)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What must happen.

/// The outcome a model calls for at one version.
#[derive(Debug, Default)]
struct Expect {
    /// The encoder must refuse the packet (`EncodeError::Invalid`).
    encode_fails: bool,
    /// Lenient decoding must fail, with one of these kinds.
    lenient: Vec<K>,
    /// Strict decoding must fail, with one of these kinds (includes `lenient`).
    strict: Vec<K>,
    /// Decoding may fail with these kinds, and need not.
    may: Vec<K>,
}

impl Expect {
    fn both(&mut self, k: K) {
        self.lenient.push(k);
        self.strict.push(k);
    }

    /// A UTF-8 Encoded String field: at most 65,535 bytes, no U+0000, and for strict
    /// decoding no control character or non-character.
    fn string(&mut self, s: &str) {
        self.binary(s.as_bytes());
        if s.contains('\0') {
            self.both(K::NullCharacter);
        }
        if s.chars().any(is_control) {
            self.strict.push(K::ControlCharacter);
        }
    }

    /// A Binary Data field: at most 65,535 bytes.
    fn binary(&mut self, b: &[u8]) {
        if b.len() > usize::from(u16::MAX) {
            self.encode_fails = true;
        }
    }

    /// A Topic Name ([MQTT-4.7.3-1], [MQTT-3.3.2-2]).
    fn topic_name(&mut self, s: &str) {
        self.string(s);
        self.both_all(name_problems(s));
    }

    /// A Topic Filter (§4.7.1, §4.8.2 in 5.0).
    fn topic_filter(&mut self, s: &str, v5: bool) {
        self.string(s);
        self.both_all(filter_problems(s, v5));
    }

    fn both_all(&mut self, kinds: Vec<K>) {
        for k in kinds {
            self.both(k);
        }
    }

    /// A reason code byte for `ctx`.
    fn code(&mut self, c: u8, ctx: ReasonContext) {
        if !reason_allowed(ctx, c) {
            self.both(K::InvalidReasonCode);
        }
    }

    /// A property list in `ctx`: only in 5.0, each registered, of its type and allowed in
    /// `ctx` (else the encoder refuses it); then the decoding rules of MQTT 5.0 §2.2.2, §3.
    fn props(&mut self, props: &[Prop], ctx: Ctx, v5: bool) {
        if !v5 {
            if !props.is_empty() {
                self.encode_fails = true;
            }
            return;
        }
        for (i, p) in props.iter().enumerate() {
            let fits =
                p.id.definition()
                    .is_some_and(|d| d.ty == value(&p.val).ty() && d.allowed_in(ctx));
            if !fits {
                self.encode_fails = true;
                return;
            }
            match &p.val {
                Val::VarInt(v) if *v > varint::VBI_MAX => self.encode_fails = true,
                Val::Utf8(s) => self.string(s),
                Val::Binary(b) => self.binary(b),
                Val::Pair(k, v) => {
                    self.string(k);
                    self.string(v);
                }
                _ => {}
            }
            // Only User Property may repeat, and Subscription Identifier in PUBLISH; values
            // have their ranges. The encoder refuses what the decoder would.
            let repeatable = p.id == PropertyId::USER_PROPERTY
                || (p.id == PropertyId::SUBSCRIPTION_IDENTIFIER && ctx == Ctx::Publish);
            if !repeatable && props[..i].iter().any(|q| q.id == p.id) {
                self.encode_fails = true;
            }
            if !in_range(p) {
                self.encode_fails = true;
            }
        }
        if props.len() > Limits::DEFAULT.max_options {
            self.both(K::TooManyItems);
        }
    }
}

fn value(v: &Val) -> PropertyValue<'_> {
    match v {
        Val::Byte(v) => PropertyValue::Byte(*v),
        Val::TwoByte(v) => PropertyValue::TwoByte(*v),
        Val::FourByte(v) => PropertyValue::FourByte(*v),
        Val::VarInt(v) => PropertyValue::VarInt(*v),
        Val::Utf8(s) => PropertyValue::Utf8(s),
        Val::Binary(b) => PropertyValue::Binary(b),
        Val::Pair(k, v) => PropertyValue::Pair(k, v),
    }
}

/// MQTT 5.0 §3 value ranges: every Byte property is 0 or 1; Receive Maximum, Topic Alias,
/// Maximum Packet Size and Subscription Identifier are non-zero; Response Topic is a Topic
/// Name.
fn in_range(p: &Prop) -> bool {
    match (p.id, &p.val) {
        (_, Val::Byte(b)) => *b <= 1,
        (PropertyId::RECEIVE_MAXIMUM | PropertyId::TOPIC_ALIAS, Val::TwoByte(v)) => *v != 0,
        (PropertyId::MAXIMUM_PACKET_SIZE, Val::FourByte(v)) => *v != 0,
        (PropertyId::SUBSCRIPTION_IDENTIFIER, Val::VarInt(v)) => *v != 0,
        (PropertyId::RESPONSE_TOPIC, Val::Utf8(s)) => name_problems(s).is_empty(),
        _ => true,
    }
}

/// What is wrong with a Topic Name, written from the spec rather than taken from the codec.
fn name_problems(s: &str) -> Vec<K> {
    if s.is_empty() {
        return vec![K::EmptyTopic];
    }
    if s.contains(['+', '#']) {
        return vec![K::WildcardInTopicName];
    }
    Vec::new()
}

/// Everything wrong with a Topic Filter: `#` alone and last, `+` alone in its level, and in
/// 5.0 a `$share/` prefix followed by a non-empty ShareName without wildcards, `/` and a
/// non-empty filter.
fn filter_problems(f: &str, v5: bool) -> Vec<K> {
    if f.is_empty() {
        return vec![K::EmptyTopic];
    }
    let mut out = Vec::new();
    let mut body = f;
    if v5 {
        if let Some(rest) = f.strip_prefix("$share/") {
            match rest.split_once('/') {
                None => return vec![K::InvalidSharedSubscription],
                Some((share, inner)) => {
                    if share.is_empty() || share.contains(['+', '#']) || inner.is_empty() {
                        out.push(K::InvalidSharedSubscription);
                    }
                    if inner.is_empty() {
                        return out;
                    }
                    body = inner;
                }
            }
        }
    }
    let levels: Vec<&str> = body.split('/').collect();
    for (i, l) in levels.iter().enumerate() {
        if l.contains('#') && (*l != "#" || i + 1 != levels.len()) {
            out.push(K::MisplacedMultiLevelWildcard);
        }
        if l.contains('+') && *l != "+" {
            out.push(K::MisplacedSingleLevelWildcard);
        }
    }
    out
}

/// Read from the `encode_body` functions (what the encoder refuses) and the `decode`
/// functions (what the decoder rejects that the encoder let through).
fn expect(m: &Model, version: ProtocolVersion) -> Expect {
    let v5 = version.is_v5();
    let mut e = Expect::default();
    match m {
        Model::Connect {
            protocol,
            clean_start,
            props,
            client_id,
            will,
            username,
            password,
            ..
        } => {
            // CONNECT is written and read at its own level, whatever `version` says.
            let v5 = protocol.is_v5();
            e.props(props, Ctx::Connect, v5);
            e.string(client_id);
            if client_id.is_empty() && !clean_start && !v5 {
                e.both(K::EmptyClientIdWithoutCleanSession);
            }
            if let Some(w) = will {
                e.props(&w.props, Ctx::Will, v5);
                e.topic_name(&w.topic);
                e.binary(&w.payload);
            }
            if let Some(u) = username {
                e.string(u);
            }
            if let Some(p) = password {
                e.binary(p);
                if username.is_none() && !v5 {
                    e.strict.push(K::PasswordWithoutUsername);
                }
            }
            if *protocol == ProtocolVersion::V31 {
                e.strict.push(K::InvalidProtocolName);
            }
        }
        Model::Connack {
            session_present,
            code,
            props,
        } => {
            e.props(props, Ctx::Connack, v5);
            let ctx = if v5 {
                ReasonContext::Connack
            } else {
                ReasonContext::ConnackV311
            };
            e.code(*code, ctx);
            if *session_present && *code != 0 {
                e.both(K::SessionPresentWithError);
            }
        }
        Model::Publish {
            dup,
            qos,
            topic,
            packet_id,
            props,
            ..
        } => {
            if packet_id.is_some() != (*qos != QoS::AtMostOnce) || *packet_id == Some(0) {
                e.encode_fails = true;
            }
            if *dup && *qos == QoS::AtMostOnce {
                e.encode_fails = true;
            }
            e.props(props, Ctx::Publish, v5);
            // 5.0 §3.3.2.3.4: an empty Topic Name stands for the Topic Alias.
            let aliased =
                v5 && topic.is_empty() && props.iter().any(|p| p.id == PropertyId::TOPIC_ALIAS);
            if aliased {
                e.string(topic);
            } else {
                e.topic_name(topic);
            }
        }
        Model::Ack {
            ty,
            packet_id,
            reason,
            props,
        } => {
            if *packet_id == 0 {
                e.encode_fails = true;
            }
            if (!v5 && reason.is_some()) || (reason.is_none() && props.is_some()) {
                e.encode_fails = true;
            }
            let (rctx, pctx) = ack_contexts(*ty);
            if let Some(c) = reason {
                e.code(*c, rctx);
            }
            if let Some(p) = props {
                e.props(p, pctx, v5);
            }
        }
        Model::Subscribe {
            packet_id,
            props,
            subs,
        } => {
            if *packet_id == 0 || subs.is_empty() {
                e.encode_fails = true;
            }
            e.props(props, Ctx::Subscribe, v5);
            for (f, o) in subs {
                e.topic_filter(f, v5);
                // Options 3.1.1 cannot carry: the encoder refuses them.
                if !v5
                    && (o.no_local
                        || o.retain_as_published
                        || o.retain_handling != RetainHandling::SendOnSubscribe)
                {
                    e.encode_fails = true;
                }
                if v5 && o.no_local && f.starts_with("$share/") {
                    e.both(K::NoLocalOnSharedSubscription);
                }
            }
            if subs.len() > Limits::DEFAULT.max_options {
                e.both(K::TooManyItems);
            }
        }
        Model::Suback {
            packet_id,
            props,
            codes,
        } => {
            // The encoder does not check the packet identifier of a SUBACK.
            if *packet_id == 0 {
                e.both(K::ZeroPacketId);
            }
            e.props(props, Ctx::Suback, v5);
            if codes.is_empty() {
                e.both(K::NoReasonCodes);
            }
            let ctx = if v5 {
                ReasonContext::Suback
            } else {
                ReasonContext::SubackV311
            };
            for &c in codes {
                e.code(c, ctx);
            }
        }
        Model::Unsubscribe {
            packet_id,
            props,
            filters,
        } => {
            if *packet_id == 0 || filters.is_empty() {
                e.encode_fails = true;
            }
            e.props(props, Ctx::Unsubscribe, v5);
            for f in filters {
                e.topic_filter(f, v5);
            }
            if filters.len() > Limits::DEFAULT.max_options {
                e.may.push(K::TooManyItems);
            }
        }
        Model::Unsuback {
            packet_id,
            props,
            codes,
        } => {
            // Nor that of an UNSUBACK.
            if *packet_id == 0 {
                e.both(K::ZeroPacketId);
            }
            e.props(props, Ctx::Unsuback, v5);
            if !v5 {
                if !codes.is_empty() {
                    e.encode_fails = true;
                }
            } else {
                if codes.is_empty() {
                    e.both(K::NoReasonCodes);
                }
                for &c in codes {
                    e.code(c, ReasonContext::Unsuback);
                }
            }
        }
        Model::Ping(_) => {}
        Model::Disconnect {
            auth,
            reason,
            props,
        } => {
            if *auth && !v5 {
                e.encode_fails = true;
            }
            if (!v5 && reason.is_some()) || (reason.is_none() && props.is_some()) {
                e.encode_fails = true;
            }
            let (rctx, pctx) = if *auth {
                (ReasonContext::Auth, Ctx::Auth)
            } else {
                (ReasonContext::Disconnect, Ctx::Disconnect)
            };
            if let Some(c) = reason {
                e.code(*c, rctx);
            }
            if let Some(p) = props {
                e.props(p, pctx, v5);
            }
        }
    }
    e
}

// ---------------------------------------------------------------------------------------------
// The check.

fuzz_target!(|spec: Spec| {
    let m = model(&spec);
    let parts = parts(&m);
    let (props, will_props) = (parts.props.as_slice(), parts.will_props.as_slice());
    let p = packet(&m, &parts, &props, &will_props);

    let mut v31 = Vec::new();
    let v31_result = p.encode(ProtocolVersion::V31, &mut v31).map(|()| v31);

    for version in [ProtocolVersion::V311, ProtocolVersion::V5] {
        let exp = expect(&m, version);

        // 1. Encoding.
        let mut bytes = Vec::new();
        match p.encode(version, &mut bytes) {
            Ok(()) => assert!(
                !exp.encode_fails,
                "{version}: encoder accepted a packet it must refuse\n{m:#?}"
            ),
            Err(EncodeError::Invalid { what, .. }) => {
                assert!(
                    exp.encode_fails,
                    "{version}: encoder refused ({what}) a packet it can carry\n{m:#?}"
                );
                if version == ProtocolVersion::V311 {
                    assert!(v31_result.is_err(), "3.1 encodes what 3.1.1 refuses");
                }
                continue;
            }
            Err(e) => panic!("{version}: encoding into a Vec failed with {e:?}"),
        }

        // 2. Length, and 3.1 = 3.1.1.
        assert_eq!(
            p.encoded_len(version),
            bytes.len(),
            "{version}: encoded_len"
        );
        if version == ProtocolVersion::V311 {
            assert_eq!(
                v31_result.as_deref(),
                Ok(&bytes[..]),
                "3.1 and 3.1.1 differ"
            );
        }
        let mut lenient = exp.lenient;
        let mut strict = exp.strict;
        if bytes.len() > Limits::DEFAULT.max_message_size {
            lenient.push(K::PacketTooLarge);
            strict.push(K::PacketTooLarge);
        }

        // 3. and 4.
        for (name, opts, must) in [
            ("lenient", DecodeOptions::lenient(), &lenient),
            ("strict", DecodeOptions::strict(), &strict),
        ] {
            let decoded = Packet::decode(&bytes, version, &opts);
            match &decoded {
                Ok(d) => {
                    assert!(
                        must.is_empty(),
                        "{version} {name}: decoder accepted a packet that breaks {must:?}\n\
                         {m:#?}\nbytes: {bytes:02x?}"
                    );
                    assert_eq!(d, &p, "{version} {name}: decode(encode(p)) != p");
                    let mut again = Vec::new();
                    d.encode(version, &mut again)
                        .expect("a decoded packet encodes");
                    assert_eq!(again, bytes, "{version} {name}: re-encoding differs");
                }
                Err(e) => {
                    assert!(
                        must.contains(&e.kind) || exp.may.contains(&e.kind),
                        "{version} {name}: unjustified {e:?} (justified: {must:?})\n\
                         {m:#?}\nbytes: {bytes:02x?}"
                    );
                    assert!(e.offset <= bytes.len(), "{version} {name}: offset {e:?}");
                }
            }
            // 5. At 3.1 CONNECT is read at its own level and everything else as 3.1.1.
            if version == ProtocolVersion::V311 {
                let as31 = Packet::decode(&bytes, ProtocolVersion::V31, &opts);
                assert_eq!(as31, decoded, "{name}: 3.1 and 3.1.1 decode differently");
            }
            black_box(decoded).ok();
        }
    }
});

/// U+0001–U+001F, U+007F–U+009F, and the non-characters U+FDD0–U+FDEF and U+xxFFFE/F
/// (MQTT 5.0 §1.5.4, 3.1.1 §1.5.3).
fn is_control(c: char) -> bool {
    let v = u32::from(c);
    (0x01..=0x1f).contains(&v)
        || (0x7f..=0x9f).contains(&v)
        || (0xfdd0..=0xfdef).contains(&v)
        || v & 0xfffe == 0xfffe
}
