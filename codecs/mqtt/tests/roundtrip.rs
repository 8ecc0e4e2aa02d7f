//! Property tests: for every packet type at both protocol levels, decode(encode(p)) == p,
//! encode(decode(b)) == b, and `encoded_len` is exact.

use m2mwire_core::EncodeError;
use m2mwire_mqtt::{
    Ack, Connack, Connect, DecodeOptions, Disconnect, Packet, Properties, Property,
    PropertyContext, PropertyId, PropertyType, PropertyValue, ProtocolVersion, Publish, QoS,
    ReasonCode, ReasonContext, RetainHandling, Suback, Subscribe, Subscription,
    SubscriptionOptions, Subscriptions, TopicFilters, Unsuback, Unsubscribe, Will, reason_allowed,
};
use proptest::prelude::*;

/// An owned property value, borrowed into a `Property` when the packet is built.
#[derive(Clone, Debug)]
enum Val {
    Num(u32),
    Text(String),
    Bin(Vec<u8>),
    Pair(String, String),
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 é€😀]{0,12}"
}

fn topic_name() -> impl Strategy<Value = String> {
    "[a-z0-9$]{1,6}(/[a-z0-9]{0,6}){0,3}"
}

fn topic_filter() -> impl Strategy<Value = String> {
    prop_oneof![
        topic_name(),
        "([a-z]{1,4}|\\+)(/([a-z]{1,4}|\\+)){0,3}(/#)?",
        Just("#".to_string()),
    ]
}

fn value_for(id: PropertyId) -> BoxedStrategy<Val> {
    let ty = id.definition().map(|d| d.ty);
    match (id, ty) {
        (PropertyId::RECEIVE_MAXIMUM | PropertyId::TOPIC_ALIAS, _) => {
            (1u32..=0xffff).prop_map(Val::Num).boxed()
        }
        (PropertyId::MAXIMUM_PACKET_SIZE, _) => (1u32..).prop_map(Val::Num).boxed(),
        (PropertyId::SUBSCRIPTION_IDENTIFIER, _) => (1u32..=268_435_455).prop_map(Val::Num).boxed(),
        (PropertyId::RESPONSE_TOPIC, _) => topic_name().prop_map(Val::Text).boxed(),
        (_, Some(PropertyType::Byte)) => (0u32..=1).prop_map(Val::Num).boxed(),
        (_, Some(PropertyType::TwoByte)) => (0u32..=0xffff).prop_map(Val::Num).boxed(),
        (_, Some(PropertyType::FourByte)) => any::<u32>().prop_map(Val::Num).boxed(),
        (_, Some(PropertyType::VarInt)) => (0u32..=268_435_455).prop_map(Val::Num).boxed(),
        (_, Some(PropertyType::Utf8)) => text().prop_map(Val::Text).boxed(),
        (_, Some(PropertyType::Binary)) => prop::collection::vec(any::<u8>(), 0..8)
            .prop_map(Val::Bin)
            .boxed(),
        _ => (text(), text()).prop_map(|(k, v)| Val::Pair(k, v)).boxed(),
    }
}

/// A valid property list for `ctx`: allowed ids, repeats only where the spec allows them.
fn props(ctx: PropertyContext) -> BoxedStrategy<Vec<(PropertyId, Val)>> {
    let ids: Vec<PropertyId> = PropertyId::REGISTERED
        .iter()
        .copied()
        .filter(|id| id.definition().is_some_and(|d| d.allowed_in(ctx)))
        .collect();
    prop::collection::vec(
        prop::sample::select(ids).prop_flat_map(|id| value_for(id).prop_map(move |v| (id, v))),
        0..5,
    )
    .prop_map(move |list| {
        let mut out: Vec<(PropertyId, Val)> = Vec::new();
        for (id, v) in list {
            let repeatable = id.definition().is_some_and(|d| d.repeatable)
                && !(id == PropertyId::SUBSCRIPTION_IDENTIFIER
                    && ctx == PropertyContext::Subscribe);
            if repeatable || !out.iter().any(|(i, _)| *i == id) {
                out.push((id, v));
            }
        }
        out
    })
    .boxed()
}

fn borrow(list: &[(PropertyId, Val)]) -> Vec<Property<'_>> {
    list.iter()
        .map(|(id, v)| {
            let ty = id.definition().map(|d| d.ty);
            let value = match (v, ty) {
                (Val::Num(n), Some(PropertyType::Byte)) => PropertyValue::Byte(*n as u8),
                (Val::Num(n), Some(PropertyType::TwoByte)) => PropertyValue::TwoByte(*n as u16),
                (Val::Num(n), Some(PropertyType::FourByte)) => PropertyValue::FourByte(*n),
                (Val::Num(n), _) => PropertyValue::VarInt(*n),
                (Val::Text(s), _) => PropertyValue::Utf8(s),
                (Val::Bin(b), _) => PropertyValue::Binary(b),
                (Val::Pair(k, v), _) => PropertyValue::Pair(k, v),
            };
            Property::new(*id, value)
        })
        .collect()
}

fn codes(ctx: ReasonContext) -> impl Strategy<Value = u8> {
    let all: Vec<u8> = (0..=255u8).filter(|&c| reason_allowed(ctx, c)).collect();
    prop::sample::select(all)
}

/// Everything any packet needs, owned.
#[derive(Clone, Debug)]
struct Spec {
    kind: u8,
    v5: bool,
    qos: u8,
    flag_a: bool,
    flag_b: bool,
    pid: u16,
    topic: String,
    text: String,
    payload: Vec<u8>,
    props: Vec<(PropertyId, Val)>,
    will_props: Vec<(PropertyId, Val)>,
    filters: Vec<(String, u8)>,
    codes: Vec<u8>,
    form: u8,
    reason: u8,
}

fn ctx_of(kind: u8) -> PropertyContext {
    match kind {
        1 => PropertyContext::Connect,
        2 => PropertyContext::Connack,
        3 => PropertyContext::Publish,
        4 => PropertyContext::Puback,
        5 => PropertyContext::Pubrec,
        6 => PropertyContext::Pubrel,
        7 => PropertyContext::Pubcomp,
        8 => PropertyContext::Subscribe,
        9 => PropertyContext::Suback,
        10 => PropertyContext::Unsubscribe,
        11 => PropertyContext::Unsuback,
        14 => PropertyContext::Disconnect,
        _ => PropertyContext::Auth,
    }
}

fn reason_ctx(kind: u8, v5: bool) -> ReasonContext {
    match (kind, v5) {
        (2, true) => ReasonContext::Connack,
        (2, false) => ReasonContext::ConnackV311,
        (4 | 5, _) => ReasonContext::PubackPubrec,
        (6 | 7, _) => ReasonContext::PubrelPubcomp,
        (9, true) => ReasonContext::Suback,
        (9, false) => ReasonContext::SubackV311,
        (11, _) => ReasonContext::Unsuback,
        (14, _) => ReasonContext::Disconnect,
        _ => ReasonContext::Auth,
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    (prop_oneof![1u8..=15], any::<bool>()).prop_flat_map(|(kind, v5)| {
        let kind = if kind == 15 && !v5 { 12 } else { kind };
        let rctx = reason_ctx(kind, v5);
        (
            (
                Just(kind),
                Just(v5),
                0u8..=2,
                any::<bool>(),
                any::<bool>(),
                1u16..,
            ),
            (
                topic_name(),
                text(),
                prop::collection::vec(any::<u8>(), 0..40),
            ),
            (props(ctx_of(kind)), props(PropertyContext::Will)),
            (
                prop::collection::vec((topic_filter(), 0u8..=255), 1..4),
                prop::collection::vec(codes(rctx), 1..4),
                0u8..3,
                codes(rctx),
            ),
        )
            .prop_map(
                |(
                    (kind, v5, qos, flag_a, flag_b, pid),
                    (topic, text, payload),
                    (props, will_props),
                    (filters, codes, form, reason),
                )| Spec {
                    kind,
                    v5,
                    qos,
                    flag_a,
                    flag_b,
                    pid,
                    topic,
                    text,
                    payload,
                    props,
                    will_props,
                    filters,
                    codes,
                    form,
                    reason,
                },
            )
    })
}

fn sub_options(b: u8, v5: bool) -> SubscriptionOptions {
    let qos = QoS::from_bits(b % 3).unwrap_or_default();
    if !v5 {
        return SubscriptionOptions::qos(qos);
    }
    SubscriptionOptions {
        qos,
        no_local: b & 4 != 0,
        retain_as_published: b & 8 != 0,
        retain_handling: match (b >> 4) % 3 {
            0 => RetainHandling::SendOnSubscribe,
            1 => RetainHandling::SendIfNew,
            _ => RetainHandling::DoNotSend,
        },
    }
}

fn check(packet: &Packet<'_>, version: ProtocolVersion) -> Result<(), TestCaseError> {
    let mut bytes = Vec::new();
    packet
        .encode(version, &mut bytes)
        .map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(bytes.len(), packet.encoded_len(version));
    let decoded = Packet::decode(&bytes, version, &DecodeOptions::strict())
        .map_err(|e| TestCaseError::fail(format!("{e} in {}", hex(&bytes))))?;
    prop_assert_eq!(&decoded, packet);
    let mut again = Vec::new();
    decoded
        .encode(version, &mut again)
        .map_err(|e| TestCaseError::fail(format!("{e}")))?;
    prop_assert_eq!(&again, &bytes);
    // A slice sink lends the whole packet at once (`Write::chunk`) when it has room: the
    // same bytes whether it is exact or larger; one byte short, a `BufferFull` error.
    let n = bytes.len();
    for room in [n, n + 7] {
        let mut buf = vec![0xee; room];
        let mut sink = &mut buf[..];
        packet
            .encode(version, &mut sink)
            .map_err(|e| TestCaseError::fail(format!("{e} into {room} bytes")))?;
        prop_assert_eq!(sink.len(), room - n);
        prop_assert_eq!(&buf[..n], &bytes[..]);
    }
    let mut short = vec![0xee; n - 1];
    let r = packet.encode(version, &mut &mut short[..]);
    prop_assert!(matches!(r, Err(EncodeError::BufferFull { .. })), "{:?}", r);
    Ok(())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_packet_type_round_trips_at_both_levels(s in spec()) {
        let version = if s.v5 { ProtocolVersion::V5 } else { ProtocolVersion::V311 };
        let list = borrow(&s.props);
        let list = list.as_slice();
        let will_list = borrow(&s.will_props);
        let will_list = will_list.as_slice();
        let (props, will_props) = if s.v5 {
            (Properties::List(&list), Properties::List(&will_list))
        } else {
            (Properties::EMPTY, Properties::EMPTY)
        };
        let qos = QoS::from_bits(s.qos).unwrap_or_default();
        let subs: Vec<Subscription<'_>> = s.filters.iter().map(|(f, b)| Subscription {
            filter: f,
            // No Local on a shared subscription is a Protocol Error; the generated filters are never shared.
            options: sub_options(*b, s.v5),
        }).collect();
        let filters: Vec<&str> = s.filters.iter().map(|(f, _)| f.as_str()).collect();
        // 5.0 short forms: 0 = no reason/properties, 1 = reason only, 2 = both.
        let (reason, opt_props) = match (s.v5, s.form) {
            (false, _) | (true, 0) => (None, None),
            (true, 1) => (Some(ReasonCode(s.reason)), None),
            _ => (Some(ReasonCode(s.reason)), Some(props)),
        };
        let packet = match s.kind {
            1 => Packet::Connect(Connect {
                protocol: version,
                clean_start: s.flag_a || s.text.is_empty(),
                keep_alive: s.pid,
                properties: props,
                client_id: &s.text,
                will: s.flag_b.then_some(Will { qos, retain: s.flag_a, properties: will_props, topic: &s.topic, payload: &s.payload }),
                // 3.1.1 needs a user name whenever there is a password [MQTT-3.1.2-22].
                username: (s.pid % 3 != 0 || (!s.v5 && s.pid % 2 == 0)).then_some(s.text.as_str()),
                password: (s.pid % 2 == 0).then_some(s.payload.as_slice()),
            }),
            2 => Packet::Connack(Connack {
                session_present: s.flag_a && s.reason == 0,
                reason_code: ReasonCode(s.reason),
                properties: props,
            }),
            3 => Packet::Publish(Publish {
                dup: s.flag_a && qos != QoS::AtMostOnce,
                qos,
                retain: s.flag_b,
                topic: &s.topic,
                packet_id: (qos != QoS::AtMostOnce).then_some(s.pid),
                properties: props,
                payload: &s.payload,
            }),
            4..=7 => {
                let a = Ack { packet_id: s.pid, reason_code: reason, properties: opt_props };
                match s.kind { 4 => Packet::Puback(a), 5 => Packet::Pubrec(a), 6 => Packet::Pubrel(a), _ => Packet::Pubcomp(a) }
            }
            8 => Packet::Subscribe(Subscribe { packet_id: s.pid, properties: props, subscriptions: Subscriptions::List(&subs) }),
            9 => Packet::Suback(Suback { packet_id: s.pid, properties: props, reason_codes: &s.codes }),
            10 => Packet::Unsubscribe(Unsubscribe { packet_id: s.pid, properties: props, filters: TopicFilters::List(&filters) }),
            11 => Packet::Unsuback(Unsuback { packet_id: s.pid, properties: props, reason_codes: if s.v5 { &s.codes } else { &[] } }),
            12 => Packet::Pingreq,
            13 => Packet::Pingresp,
            14 => Packet::Disconnect(Disconnect { reason_code: reason, properties: opt_props }),
            _ => Packet::Auth(Disconnect { reason_code: reason, properties: opt_props }),
        };
        check(&packet, version)?;
    }

    #[test]
    fn stream_chunking_gives_the_same_packets(s in spec(), cut in 0usize..64) {
        // Two copies of a simple packet split at an arbitrary point decode the same as whole.
        let version = ProtocolVersion::V311;
        let p = Packet::Publish(Publish { dup: false, qos: QoS::AtLeastOnce, retain: s.flag_a, topic: &s.topic, packet_id: Some(s.pid), properties: Properties::EMPTY, payload: &s.payload });
        let mut stream = Vec::new();
        p.encode(version, &mut stream).unwrap();
        p.encode(version, &mut stream).unwrap();
        let cut = cut.min(stream.len());
        let opts = DecodeOptions::strict();
        match Packet::decode_stream(&stream[..cut], version, &opts).unwrap() {
            m2mwire_mqtt::Decoded::Incomplete { needed } => prop_assert!(needed >= 1 && cut + needed <= stream.len()),
            m2mwire_mqtt::Decoded::Packet(q, used) => { prop_assert_eq!(q, p); prop_assert_eq!(used, stream.len() / 2); }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_reencode_exactly(bytes in prop::collection::vec(any::<u8>(), 0..80), v5 in any::<bool>()) {
        let version = if v5 { ProtocolVersion::V5 } else { ProtocolVersion::V311 };
        if let Ok(p) = Packet::decode(&bytes, version, &DecodeOptions::strict()) {
            let mut again = Vec::new();
            p.encode(version, &mut again).unwrap();
            prop_assert_eq!(again, bytes);
        }
    }
}
