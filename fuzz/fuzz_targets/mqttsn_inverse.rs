//! `mqttsn_inverse`: a message built from arbitrary fields encodes with an exact
//! `encoded_len`, and decoding the bytes leniently gives it back — or fails only for a field
//! the encoder cannot vouch for (a topic or client id the spec rules out), never for framing.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use m2mwire_core::Encode;
use m2mwire_mqttsn::{
    DecodeOptions, Flags, Message, MqttSnErrorKind as K, Packet, ReturnCode, Topic,
};

#[derive(Arbitrary, Debug)]
struct Spec<'a> {
    kind: u8,
    long: bool,
    a: u16,
    b: u16,
    byte: u8,
    flags: u8,
    text: &'a str,
    data: &'a [u8],
    some: bool,
}

fuzz_target!(|s: Spec<'_>| {
    let rc = ReturnCode(s.byte & 3);
    let flags = Flags(s.flags);
    let topic = if s.flags & 3 == 0 {
        Topic::Name(s.text)
    } else {
        Topic::Id(s.a)
    };
    let message = match s.kind % 28 {
        0 => Message::Advertise {
            gw_id: s.byte,
            duration: s.a,
        },
        1 => Message::SearchGw { radius: s.byte },
        2 => Message::GwInfo {
            gw_id: s.byte,
            gw_add: s.data,
        },
        3 => Message::Connect {
            flags,
            protocol_id: 1,
            duration: s.a,
            client_id: s.text,
        },
        4 => Message::Connack { return_code: rc },
        5 => Message::WillTopicReq,
        6 => Message::WillTopic {
            will: s.some.then_some((flags, s.text)),
        },
        7 => Message::WillMsgReq,
        8 => Message::WillMsg { msg: s.data },
        9 => Message::Register {
            topic_id: s.a,
            msg_id: s.b,
            topic_name: s.text,
        },
        10 => Message::Regack {
            topic_id: s.a,
            msg_id: s.b,
            return_code: rc,
        },
        11 => Message::Publish {
            flags,
            topic_id: s.a,
            msg_id: s.b,
            data: s.data,
        },
        12 => Message::Puback {
            topic_id: s.a,
            msg_id: s.b,
            return_code: rc,
        },
        13 => Message::Pubcomp { msg_id: s.b },
        14 => Message::Pubrec { msg_id: s.b },
        15 => Message::Pubrel { msg_id: s.b },
        16 => Message::Subscribe {
            flags,
            msg_id: s.b,
            topic,
        },
        17 => Message::Suback {
            flags,
            topic_id: s.a,
            msg_id: s.b,
            return_code: rc,
        },
        18 => Message::Unsubscribe {
            flags,
            msg_id: s.b,
            topic,
        },
        19 => Message::Unsuback { msg_id: s.b },
        // An empty Client Identifier is the same bytes as none.
        20 => Message::Pingreq {
            client_id: Some(s.text).filter(|t| s.some && !t.is_empty()),
        },
        21 => Message::Pingresp,
        22 => Message::Disconnect {
            duration: s.some.then_some(s.a),
        },
        23 => Message::WillTopicUpd {
            will: s.some.then_some((flags, s.text)),
        },
        24 => Message::WillTopicResp { return_code: rc },
        25 => Message::WillMsgUpd { msg: s.data },
        26 => Message::WillMsgResp { return_code: rc },
        _ => Message::Pingresp,
    };
    let p = Packet {
        long_length: s.long,
        message,
    };
    let Ok(bytes) = p.encode_to_vec() else {
        // Only a message over 65535 octets cannot be written.
        assert!(
            s.data.len() + s.text.len() > 65_000,
            "encode failed for a small message"
        );
        return;
    };
    assert_eq!(bytes.len(), p.encoded_len(), "encoded_len");
    match Packet::decode(&bytes, &DecodeOptions::lenient()) {
        Ok(back) => {
            assert_eq!(back.message, p.message, "decode(encode(m)) != m");
            assert_eq!(back.encode_to_vec().ok(), Some(bytes), "not a fixed point");
        }
        // Field contents the arbitrary input chose and the spec rules out.
        Err(e) => assert!(
            matches!(
                e.kind,
                K::InvalidString
                    | K::EmptyTopic
                    | K::WildcardInTopicName
                    | K::InvalidTopicFilter
                    | K::EmptyClientId
                    | K::ReservedTopicIdType
                    | K::InvalidQosMinusOne
                    | K::WillFlagsWithoutTopic
                    | K::InvalidShortTopic
            ),
            "unexpected {:?} for {p:?}",
            e.kind
        ),
    }
});
