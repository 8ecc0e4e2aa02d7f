//! `mqtt_decode`: `Packet::decode` on arbitrary bytes.
//!
//! Input layout: byte 0 is the selector, the rest is the packet. Selector bit 0 picks the
//! version (0: MQTT 3.1.1, 1: MQTT 5.0), bit 1 the primary options (0: strict, 1: lenient),
//! bits 2–7, when non-zero, a small `Limits` (`max_options` = n, `max_message_size` = 8·n) so
//! `TooManyItems` and `PacketTooLarge` are reachable; 0 keeps `Limits::DEFAULT`.
//!
//! Properties checked, for every input:
//!
//! 1. Decoding never panics, strict or lenient.
//! 2. Lenient only ever accepts more: when strict decoding succeeds, lenient decoding succeeds
//!    too and yields an equal `Packet`. When strict decoding fails with a kind that no
//!    `Relax` flag touches (anything but `ControlCharacter`, `PasswordWithoutUsername` and
//!    `InvalidProtocolName`, the `MQIsdp` case), lenient decoding fails with the very same
//!    error: the two decoders run the same checks up to the first relaxed one, where strict
//!    stops.
//! 3. An error's offset lies inside the input (`offset <= len`), and a lenient error is never
//!    `ControlCharacter` or `PasswordWithoutUsername`, the rules lenient relaxes outright.
//! 4. Every accepted packet can be walked in full and keeps the promises its type makes:
//!    every property list iterates to exactly its wire length (no silent stop), each property
//!    registered, of its registered type, allowed in that list, repeated only where MQTT 5.0
//!    allows it, in range, at most `max_options` of them; 3.1.1 packets carry none; every
//!    subscription / filter list iterates to exactly its wire length, non-empty, each filter
//!    valid; packet identifiers non-zero, QoS and packet identifier consistent, reason codes
//!    allowed for their packet; after a strict decode no string holds a control character.
//!    `check_sender` (either side) never panics and reports offset 0.
//! 5. With small limits, an accepted packet is accepted with the default limits too, equal.
//! 6. The rest of the read API agrees with the primary decode: `frame` reports the packet
//!    complete at the input length, `decode_stream` gives the same packet and length, and
//!    `OwnedPacket::decode` accepts exactly when `Packet::decode` does, giving the same packet.
//!
//! Results go through `std::hint::black_box` so the optimizer cannot drop the walk.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use m2mwire_core::{Limits, varint};
use m2mwire_mqtt::topic::{validate_topic_filter, validate_topic_name};
use m2mwire_mqtt::{
    DecodeOptions, Decoded, Frame, MqttErrorKind, OwnedPacket, Packet, Properties, Property,
    PropertyContext, PropertyId, PropertyValue, ProtocolVersion, QoS, ReasonCode, ReasonContext,
    RetainHandling, Sender, frame, reason_allowed,
};

/// Kinds a lenient decoder must never report: each is a rule a `Relax` flag turns off.
const RELAXED_KINDS: &[MqttErrorKind] = &[
    MqttErrorKind::ControlCharacter,
    MqttErrorKind::PasswordWithoutUsername,
];

/// Kinds where strict stops and lenient may go on: the relaxed rules, plus the protocol name
/// (`MQIsdp` level 3 is accepted by `Relax::MQISDP`).
const RELAXABLE_KINDS: &[MqttErrorKind] = &[
    MqttErrorKind::ControlCharacter,
    MqttErrorKind::PasswordWithoutUsername,
    MqttErrorKind::InvalidProtocolName,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, wire)) = data.split_first() else {
        return;
    };
    let version = if selector & 1 == 0 {
        ProtocolVersion::V311
    } else {
        ProtocolVersion::V5
    };
    let small = usize::from(selector >> 2);
    let limits = if small == 0 {
        Limits::DEFAULT
    } else {
        Limits {
            max_options: small,
            max_message_size: 8 * small,
            ..Limits::DEFAULT
        }
    };
    let mut strict_opts = DecodeOptions::strict();
    strict_opts.limits = limits;
    let mut lenient_opts = DecodeOptions::lenient();
    lenient_opts.limits = limits;

    let strict = Packet::decode(wire, version, &strict_opts);
    let lenient = Packet::decode(wire, version, &lenient_opts);

    // 2. Lenient accepts more, and otherwise agrees.
    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => assert_eq!(s, l, "strict and lenient disagree on an accepted input"),
        (Ok(s), Err(e)) => panic!("strict accepted {s:?} but lenient rejected it: {e:?}"),
        (Err(s), l) if !RELAXABLE_KINDS.contains(&s.kind) => assert_eq!(
            l.as_ref().err(),
            Some(s),
            "strict failed on a rule lenient also enforces, lenient did not fail alike"
        ),
        _ => {}
    }

    // 3. and 4.
    for (strict_mode, result) in [(true, &strict), (false, &lenient)] {
        match result {
            Ok(p) => walk(p, version, &limits, strict_mode),
            Err(e) => {
                assert!(
                    e.offset <= wire.len(),
                    "error offset {} past the {}-byte input: {e:?}",
                    e.offset,
                    wire.len()
                );
                black_box(e.clause());
            }
        }
    }
    if let Err(e) = &lenient {
        assert!(
            !RELAXED_KINDS.contains(&e.kind),
            "lenient decode reported {:?}, a rule it relaxes",
            e.kind
        );
    }

    // 5. Small limits only ever reject more.
    if small != 0 {
        if let Ok(p) = &lenient {
            let roomy = Packet::decode(wire, version, &DecodeOptions::lenient());
            assert_eq!(roomy.as_ref().ok(), Some(p), "default limits reject more");
        }
    }

    // 6. The primary options: frame, decode_stream, OwnedPacket.
    let (opts, primary) = if selector & 2 == 0 {
        (&strict_opts, &strict)
    } else {
        (&lenient_opts, &lenient)
    };
    if let Ok(p) = primary {
        match frame(wire, version, opts) {
            Ok(Frame::Complete(h)) => {
                assert_eq!(h.packet_len(), wire.len(), "frame length");
                assert_eq!(h.packet_type, p.packet_type(), "frame packet type");
                assert!((2..=5).contains(&h.header_len), "header length {h:?}");
            }
            other => panic!("frame of an accepted packet: {other:?}"),
        }
        match Packet::decode_stream(wire, version, opts) {
            Ok(Decoded::Packet(q, used)) => {
                assert_eq!(used, wire.len());
                assert_eq!(&q, p);
            }
            other => panic!("decode_stream of an accepted packet: {other:?}"),
        }
    }
    match (OwnedPacket::decode(wire.to_vec(), version, opts), primary) {
        (Ok(owned), Ok(p)) => {
            assert_eq!(&owned.get(), p, "OwnedPacket::get");
            assert_eq!(owned.as_bytes(), wire);
            assert_eq!(owned.version(), version);
        }
        (Err(a), Err(b)) => assert_eq!(&a, b, "OwnedPacket::decode error"),
        (owned, p) => panic!("OwnedPacket::decode {owned:?} vs Packet::decode {p:?}"),
    }
});

/// Touch everything a decoded packet offers and check the invariants its type promises.
fn walk(p: &Packet<'_>, version: ProtocolVersion, limits: &Limits, strict: bool) {
    let v5 = version.is_v5();
    black_box(p.packet_type());
    black_box(p.encoded_len(version));
    for sender in [Sender::Client, Sender::Server] {
        if let Err(e) = black_box(p.check_sender(sender, version)) {
            assert_eq!(e.offset, 0, "check_sender offset");
        }
    }
    match p {
        Packet::Connect(c) => {
            let cv5 = c.protocol.is_v5();
            // Level 3 (`MQIsdp`) only under `Relax::MQISDP`.
            assert!(!(strict && c.protocol == ProtocolVersion::V31));
            walk_props(&c.properties, PropertyContext::Connect, cv5, limits, strict);
            text(c.client_id, strict);
            if c.client_id.is_empty() && !cv5 {
                assert!(
                    c.clean_start,
                    "empty client id without CleanSession (3.1.1)"
                );
            }
            if let Some(w) = &c.will {
                walk_props(&w.properties, PropertyContext::Will, cv5, limits, strict);
                text(w.topic, strict);
                assert_eq!(validate_topic_name(w.topic), Ok(()), "will topic");
                black_box((w.qos, w.retain, w.payload));
            } else {
                black_box(c.will);
            }
            if let Some(u) = c.username {
                text(u, strict);
            }
            if strict && !cv5 && c.password.is_some() {
                assert!(c.username.is_some(), "password without user name (3.1.1)");
            }
            black_box((c.keep_alive, c.password));
        }
        Packet::Connack(c) => {
            walk_props(&c.properties, PropertyContext::Connack, v5, limits, strict);
            let ctx = if v5 {
                ReasonContext::Connack
            } else {
                ReasonContext::ConnackV311
            };
            assert!(reason_allowed(ctx, c.reason_code.0));
            assert!(!c.session_present || c.reason_code == ReasonCode::SUCCESS);
            black_box(c.reason_code.name());
        }
        Packet::Publish(pb) => {
            walk_props(&pb.properties, PropertyContext::Publish, v5, limits, strict);
            text(pb.topic, strict);
            assert_eq!(pb.packet_id.is_some(), pb.qos != QoS::AtMostOnce);
            assert_ne!(pb.packet_id, Some(0));
            assert!(!(pb.dup && pb.qos == QoS::AtMostOnce));
            let aliased =
                pb.topic.is_empty() && pb.properties.get(PropertyId::TOPIC_ALIAS).is_some();
            assert!(
                aliased || validate_topic_name(pb.topic).is_ok(),
                "topic name"
            );
            assert!(!aliased || v5);
            black_box((pb.retain, pb.payload));
        }
        Packet::Puback(a) | Packet::Pubrec(a) => walk_ack(
            a,
            ReasonContext::PubackPubrec,
            ctx_of(p),
            v5,
            limits,
            strict,
        ),
        Packet::Pubrel(a) | Packet::Pubcomp(a) => walk_ack(
            a,
            ReasonContext::PubrelPubcomp,
            ctx_of(p),
            v5,
            limits,
            strict,
        ),
        Packet::Subscribe(s) => {
            assert_ne!(s.packet_id, 0);
            walk_props(
                &s.properties,
                PropertyContext::Subscribe,
                v5,
                limits,
                strict,
            );
            let mut count = 0usize;
            let mut bytes = 0usize;
            for sub in s.subscriptions.iter() {
                count += 1;
                bytes += 2 + sub.filter.len() + 1;
                text(sub.filter, strict);
                assert_eq!(validate_topic_filter(sub.filter, v5), Ok(()), "filter");
                let o = sub.options;
                if !v5 {
                    assert!(!o.no_local && !o.retain_as_published);
                    assert_eq!(o.retain_handling, RetainHandling::SendOnSubscribe);
                } else if o.no_local {
                    assert!(!m2mwire_mqtt::topic::is_shared(sub.filter));
                }
                black_box(o.to_byte());
            }
            assert!(
                count >= 1 && count <= limits.max_options,
                "{count} subscriptions"
            );
            match s.subscriptions {
                m2mwire_mqtt::Subscriptions::Wire(w) => assert_eq!(bytes, w.len()),
                m2mwire_mqtt::Subscriptions::List(_) => panic!("decoded into a list"),
            }
        }
        Packet::Suback(s) => {
            assert_ne!(s.packet_id, 0);
            walk_props(&s.properties, PropertyContext::Suback, v5, limits, strict);
            let ctx = if v5 {
                ReasonContext::Suback
            } else {
                ReasonContext::SubackV311
            };
            codes(s.reason_codes, ctx);
            black_box(s.codes().count());
        }
        Packet::Unsubscribe(u) => {
            assert_ne!(u.packet_id, 0);
            walk_props(
                &u.properties,
                PropertyContext::Unsubscribe,
                v5,
                limits,
                strict,
            );
            let mut count = 0usize;
            let mut bytes = 0usize;
            for f in u.filters.iter() {
                count += 1;
                bytes += 2 + f.len();
                text(f, strict);
                assert_eq!(validate_topic_filter(f, v5), Ok(()), "filter");
            }
            assert!(count >= 1);
            match u.filters {
                m2mwire_mqtt::TopicFilters::Wire(w) => assert_eq!(bytes, w.len()),
                m2mwire_mqtt::TopicFilters::List(_) => panic!("decoded into a list"),
            }
        }
        Packet::Unsuback(u) => {
            assert_ne!(u.packet_id, 0);
            walk_props(&u.properties, PropertyContext::Unsuback, v5, limits, strict);
            if v5 {
                codes(u.reason_codes, ReasonContext::Unsuback);
            } else {
                assert!(u.reason_codes.is_empty());
            }
        }
        Packet::Pingreq | Packet::Pingresp => {}
        Packet::Disconnect(d) => walk_disconnect(d, ReasonContext::Disconnect, v5, limits, strict),
        Packet::Auth(d) => {
            assert!(v5, "AUTH decoded in 3.1.1");
            walk_disconnect(d, ReasonContext::Auth, v5, limits, strict);
        }
    }
}

fn ctx_of(p: &Packet<'_>) -> PropertyContext {
    match p {
        Packet::Puback(_) => PropertyContext::Puback,
        Packet::Pubrec(_) => PropertyContext::Pubrec,
        Packet::Pubrel(_) => PropertyContext::Pubrel,
        _ => PropertyContext::Pubcomp,
    }
}

fn walk_ack(
    a: &m2mwire_mqtt::Ack<'_>,
    rctx: ReasonContext,
    pctx: PropertyContext,
    v5: bool,
    limits: &Limits,
    strict: bool,
) {
    assert_ne!(a.packet_id, 0);
    if !v5 {
        assert_eq!((a.reason_code, a.properties.is_some()), (None, false));
    }
    if let Some(c) = a.reason_code {
        assert!(reason_allowed(rctx, c.0));
    }
    if let Some(props) = &a.properties {
        assert!(a.reason_code.is_some(), "properties without a reason code");
        walk_props(props, pctx, v5, limits, strict);
    }
    black_box(a.reason());
}

fn walk_disconnect(
    d: &m2mwire_mqtt::Disconnect<'_>,
    rctx: ReasonContext,
    v5: bool,
    limits: &Limits,
    strict: bool,
) {
    if !v5 {
        assert_eq!((d.reason_code, d.properties.is_some()), (None, false));
    }
    if let Some(c) = d.reason_code {
        assert!(reason_allowed(rctx, c.0));
    }
    if let Some(props) = &d.properties {
        assert!(d.reason_code.is_some(), "properties without a reason code");
        let ctx = if rctx == ReasonContext::Auth {
            PropertyContext::Auth
        } else {
            PropertyContext::Disconnect
        };
        walk_props(props, ctx, v5, limits, strict);
    }
    black_box(d.reason());
}

/// Non-empty, and every code allowed in `ctx`.
fn codes(codes: &[u8], ctx: ReasonContext) {
    assert!(!codes.is_empty(), "no reason codes");
    for &c in codes {
        assert!(reason_allowed(ctx, c), "reason code {c:#04x} in {ctx:?}");
    }
}

/// Iterate a decoded property list and check it against MQTT 5.0 §2.2.2 and §3.
fn walk_props(
    props: &Properties<'_>,
    ctx: PropertyContext,
    v5: bool,
    limits: &Limits,
    strict: bool,
) {
    if !v5 {
        assert!(props.is_empty(), "properties in a 3.1.1 packet");
        return;
    }
    let all: Vec<Property<'_>> = props.iter().collect();
    let mut bytes = 0usize;
    for (i, p) in all.iter().enumerate() {
        let def =
            p.id.definition()
                .unwrap_or_else(|| panic!("unregistered property {:?}", p.id));
        assert!(def.allowed_in(ctx), "{:?} in {ctx:?}", p.id);
        assert_eq!(def.ty, p.value.ty(), "type of {:?}", p.id);
        // Only User Property repeats, and Subscription Identifier in a PUBLISH.
        let repeatable = p.id == PropertyId::USER_PROPERTY
            || (p.id == PropertyId::SUBSCRIPTION_IDENTIFIER && ctx == PropertyContext::Publish);
        if !repeatable {
            assert!(all[..i].iter().all(|q| q.id != p.id), "{:?} repeated", p.id);
        }
        assert!(in_range(p), "{p:?} out of range");
        match p.value {
            PropertyValue::Utf8(s) => text(s, strict),
            PropertyValue::Pair(k, v) => {
                text(k, strict);
                text(v, strict);
            }
            _ => {}
        }
        bytes += property_len(p);
        black_box(p.id.name());
    }
    assert!(all.len() <= limits.max_options, "{} properties", all.len());
    assert_eq!(bytes, props.body_len(), "property iteration stopped early");
    let all = all.as_slice();
    let list = Properties::List(&all);
    assert_eq!(&list, props);
    assert_eq!(list.encoded_len(), props.encoded_len());
    if let Some(first) = all.first() {
        assert_eq!(props.get(first.id), Some(first.value));
    }
}

/// Wire length of one property, computed here rather than asked of the codec.
fn property_len(p: &Property<'_>) -> usize {
    let id = varint::vbi_len(p.id.0).expect("registered id");
    id + match p.value {
        PropertyValue::Byte(_) => 1,
        PropertyValue::TwoByte(_) => 2,
        PropertyValue::FourByte(_) => 4,
        PropertyValue::VarInt(v) => varint::vbi_len(v).expect("decoded VBI"),
        PropertyValue::Utf8(s) => 2 + s.len(),
        PropertyValue::Binary(b) => 2 + b.len(),
        PropertyValue::Pair(k, v) => 4 + k.len() + v.len(),
    }
}

/// Value ranges of MQTT 5.0 §3: the Byte properties are 0 or 1, Receive Maximum, Topic Alias,
/// Maximum Packet Size and Subscription Identifier are non-zero, Response Topic is a valid
/// Topic Name.
fn in_range(p: &Property<'_>) -> bool {
    match (p.id, p.value) {
        (_, PropertyValue::Byte(b)) => b <= 1,
        (PropertyId::RECEIVE_MAXIMUM | PropertyId::TOPIC_ALIAS, PropertyValue::TwoByte(v)) => {
            v != 0
        }
        (PropertyId::MAXIMUM_PACKET_SIZE, PropertyValue::FourByte(v)) => v != 0,
        (PropertyId::SUBSCRIPTION_IDENTIFIER, PropertyValue::VarInt(v)) => v != 0,
        (PropertyId::RESPONSE_TOPIC, PropertyValue::Utf8(s)) => validate_topic_name(s).is_ok(),
        _ => true,
    }
}

/// A decoded UTF-8 Encoded String: never U+0000; after a strict decode, no control
/// character or non-character either (MQTT 5.0 §1.5.4).
fn text(s: &str, strict: bool) {
    assert!(!s.contains('\0'), "U+0000 in {s:?}");
    if strict {
        assert!(!s.chars().any(is_control), "control character in {s:?}");
    }
    black_box(s);
}

/// U+0001–U+001F, U+007F–U+009F, and the non-characters U+FDD0–U+FDEF and U+xxFFFE/F.
fn is_control(c: char) -> bool {
    let v = u32::from(c);
    (0x01..=0x1f).contains(&v)
        || (0x7f..=0x9f).contains(&v)
        || (0xfdd0..=0xfdef).contains(&v)
        || v & 0xfffe == 0xfffe
}
