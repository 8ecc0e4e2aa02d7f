//! Property tests: every MQTT-SN message type, in both Length forms, round-trips exactly.

use m2mwire_core::Encode;
use m2mwire_mqttsn::{
    DecodeOptions, Flags, Message, Packet, QosSn, ReturnCode, Topic, TopicIdType,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Spec {
    kind: u8,
    long: bool,
    a: u16,
    b: u16,
    byte: u8,
    rc: u8,
    qos: i8,
    tid: u8,
    bools: [bool; 5],
    text: String,
    topic: String,
    filter: String,
    data: Vec<u8>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (
            0u8..28,
            any::<bool>(),
            any::<u16>(),
            any::<u16>(),
            any::<u8>(),
            0u8..4,
        ),
        (
            prop_oneof![Just(0i8), Just(1), Just(2), Just(-1)],
            0u8..3,
            any::<[bool; 5]>(),
        ),
        (
            "[a-zA-Z0-9_-]{1,23}",
            "[a-z0-9]{1,6}(/[a-z0-9]{1,6}){0,3}",
            "([a-z]{1,4}|\\+)(/([a-z]{1,4}|\\+)){0,3}(/#)?",
        ),
        prop::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(
            |((kind, long, a, b, byte, rc), (qos, tid, bools), (text, topic, filter), data)| Spec {
                kind,
                long,
                a,
                b,
                byte,
                rc,
                qos,
                tid,
                bools,
                text,
                topic,
                filter,
                data,
            },
        )
}

fn tid(t: u8) -> TopicIdType {
    [
        TopicIdType::Normal,
        TopicIdType::Predefined,
        TopicIdType::Short,
    ][usize::from(t % 3)]
}

fn flags(s: &Spec, qos: QosSn, t: TopicIdType) -> Flags {
    let [dup, retain, will, clean, _] = s.bools;
    Flags::new(dup, qos, retain, will, clean, t)
}

fn build(s: &Spec) -> Message<'_> {
    let q = QosSn::from_i8(s.qos).unwrap_or(QosSn::Q0);
    let q_no_minus = if q == QosSn::MinusOne { QosSn::Q1 } else { q };
    let rc = ReturnCode(s.rc);
    let will = s.bools[4].then(|| (flags(s, q_no_minus, TopicIdType::Normal), s.topic.as_str()));
    let sub_topic = match tid(s.tid) {
        TopicIdType::Normal => Topic::Name(&s.filter),
        _ => Topic::Id(s.a),
    };
    match s.kind {
        0 => Message::Advertise {
            gw_id: s.byte,
            duration: s.a,
        },
        1 => Message::SearchGw { radius: s.byte },
        2 => Message::GwInfo {
            gw_id: s.byte,
            gw_add: &s.data[..s.data.len().min(16)],
        },
        3 => Message::Connect {
            flags: flags(s, q, TopicIdType::Normal),
            protocol_id: 1,
            duration: s.a,
            client_id: &s.text,
        },
        4 => Message::Connack { return_code: rc },
        5 => Message::WillTopicReq,
        6 => Message::WillTopic { will },
        7 => Message::WillMsgReq,
        8 => Message::WillMsg { msg: &s.data },
        9 => Message::Register {
            topic_id: s.a,
            msg_id: s.b,
            topic_name: &s.topic,
        },
        10 => Message::Regack {
            topic_id: s.a,
            msg_id: s.b,
            return_code: rc,
        },
        11 => {
            // QoS -1 only with a pre-defined id or a short name (§6.8).
            let t = if q == QosSn::MinusOne && tid(s.tid) == TopicIdType::Normal {
                TopicIdType::Short
            } else {
                tid(s.tid)
            };
            Message::Publish {
                flags: flags(s, q, t),
                topic_id: s.a,
                msg_id: s.b,
                data: &s.data,
            }
        }
        12 => Message::Puback {
            topic_id: s.a,
            msg_id: s.b,
            return_code: rc,
        },
        13 => Message::Pubcomp { msg_id: s.b },
        14 => Message::Pubrec { msg_id: s.b },
        15 => Message::Pubrel { msg_id: s.b },
        16 => Message::Subscribe {
            flags: flags(s, q_no_minus, tid(s.tid)),
            msg_id: s.b,
            topic: sub_topic,
        },
        17 => Message::Suback {
            flags: flags(s, q_no_minus, TopicIdType::Normal),
            topic_id: s.a,
            msg_id: s.b,
            return_code: rc,
        },
        18 => Message::Unsubscribe {
            flags: flags(s, QosSn::Q0, tid(s.tid)),
            msg_id: s.b,
            topic: sub_topic,
        },
        19 => Message::Unsuback { msg_id: s.b },
        20 => Message::Pingreq {
            client_id: s.bools[0].then_some(s.text.as_str()),
        },
        21 => Message::Pingresp,
        22 => Message::Disconnect {
            duration: s.bools[1].then_some(s.a),
        },
        23 => Message::WillTopicUpd { will },
        24 => Message::WillTopicResp { return_code: rc },
        25 => Message::WillMsgUpd { msg: &s.data },
        26 => Message::WillMsgResp { return_code: rc },
        _ => Message::Pingresp,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn every_message_type_round_trips_in_both_length_forms(s in spec()) {
        let p = Packet { long_length: s.long, message: build(&s) };
        let bytes = p.encode_to_vec().unwrap();
        prop_assert_eq!(bytes.len(), p.encoded_len());
        prop_assert_eq!(bytes[0] == 0x01, s.long || bytes.len() > 255);
        let back = Packet::decode(&bytes, &DecodeOptions::strict()).unwrap();
        // The flag only survives where it changes the bytes: where the short form fits.
        let expect = Packet { long_length: s.long && bytes.len() - 2 <= 255, message: p.message };
        prop_assert_eq!(back, expect);
        prop_assert_eq!(back.encode_to_vec().unwrap(), bytes.clone());
        // And wrapped in an encapsulation (§5.5).
        let enc = Packet::new(Message::Encapsulated { ctrl: s.byte & 3, node_id: &s.data[..s.data.len().min(8)], inner: &bytes });
        let wrapped = enc.encode_to_vec().unwrap();
        let back = Packet::decode(&wrapped, &DecodeOptions::strict()).unwrap();
        prop_assert_eq!(back, enc);
    }

    #[test]
    fn arbitrary_datagrams_never_panic_and_reencode_exactly(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(p) = Packet::decode(&bytes, &DecodeOptions::strict()) {
            prop_assert_eq!(p.encode_to_vec().unwrap(), bytes);
        }
    }
}
