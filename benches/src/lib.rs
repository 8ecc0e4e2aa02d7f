//! Shared inputs for the m2mwire benchmarks.
//!
//! Every benchmark message is described here once, field by field ([`CoapFixture`],
//! [`MqttFixture`]), so that each implementation under test decodes the same bytes and each
//! encoder builds the same message from the same parts. The wire bytes are produced by
//! m2mwire's own encoders ([`MessageBuf`], [`Packet::encode`]) and checked — outside any
//! timed region — to decode strictly and to re-encode byte for byte ([`CoapFixture::bytes`],
//! [`MqttFixture::bytes`]).
//!
//! ```
//! use m2mwire_benches::{COAP_FIXTURES, MQTT_FIXTURES};
//!
//! for fx in &COAP_FIXTURES {
//!     let bytes = fx.bytes();
//!     assert_eq!(bytes.len(), fx.wire_len);
//! }
//! for fx in &MQTT_FIXTURES {
//!     assert_eq!(fx.bytes().len(), fx.wire_len);
//! }
//! ```

pub mod walk;

use m2mwire_coap::{Code, DecodeOptions, Message, MessageBuf, MessageType, OptionNumber};
use m2mwire_core::Encode;
use m2mwire_mqtt::{
    Connect, Packet, Properties, Property, PropertyId, PropertyValue, ProtocolVersion, Publish,
    QoS, Subscribe, Subscription, SubscriptionOptions, Subscriptions, Will,
};

/// One CoAP message used as a benchmark input.
///
/// Options are listed in ascending number order, as they appear on the wire, so streaming
/// encoders (m2mwire's `MessageEncoder`, minicoap's builder) can take them as they are.
#[derive(Clone, Copy, Debug)]
pub struct CoapFixture {
    /// Short description, used as the criterion group name.
    pub name: &'static str,
    /// CON, NON, ACK or RST.
    pub mtype: MessageType,
    /// The code.
    pub code: Code,
    /// The Message ID.
    pub message_id: u16,
    /// The token (0–8 bytes).
    pub token: &'static [u8],
    /// `(number, value)` pairs in ascending number order; uint values are already in their
    /// shortest big-endian form (RFC 7252 §3.2).
    pub options: &'static [(OptionNumber, &'static [u8])],
    /// The payload; empty means no payload marker.
    pub payload: &'static [u8],
    /// The encoded length in bytes, checked by [`bytes`](CoapFixture::bytes).
    pub wire_len: usize,
}

impl CoapFixture {
    /// The message as m2mwire's owned form, built with its builder.
    pub fn message_buf(&self) -> MessageBuf {
        let mut m = MessageBuf::new(self.mtype, self.code, self.message_id)
            .with_token(self.token)
            .with_payload(self.payload);
        for &(number, value) in self.options {
            m.add_option(number, value);
        }
        m
    }

    /// The wire bytes, encoded by [`MessageBuf`], without any check.
    ///
    /// For benchmark binaries that must not call m2mwire's decoder outside the routine they
    /// time (see `benches/coap_inlined.rs`); everything else should use
    /// [`bytes`](CoapFixture::bytes).
    ///
    /// # Panics
    ///
    /// If encoding fails (a fixture with a token longer than 8 bytes).
    pub fn bytes_unchecked(&self) -> Vec<u8> {
        match self.message_buf().encode_to_vec() {
            Ok(b) => b,
            Err(e) => panic!("{}: MessageBuf failed to encode: {e}", self.name),
        }
    }

    /// The [`option_digest`] of this fixture's options: what a correct walk over its wire form
    /// must produce.
    pub fn option_digest(&self) -> u64 {
        self.options
            .iter()
            .fold(0, |acc, &(n, v)| option_digest(acc, n.0, v.len()))
    }

    /// The wire bytes, encoded by [`MessageBuf`].
    ///
    /// # Panics
    ///
    /// If encoding fails, if the length is not [`wire_len`](CoapFixture::wire_len), if m2mwire's
    /// strict decoder rejects the bytes, or if they do not decode back to exactly this
    /// fixture's fields. Benchmarks call this once, before timing anything.
    pub fn bytes(&self) -> Vec<u8> {
        let bytes = self.bytes_unchecked();
        assert_eq!(bytes.len(), self.wire_len, "{}: wire length", self.name);
        let msg = match Message::decode(&bytes, &DecodeOptions::strict()) {
            Ok(m) => m,
            Err(e) => panic!("{}: strict decode rejected the fixture: {e:?}", self.name),
        };
        assert_eq!(msg.message_type(), self.mtype, "{}: type", self.name);
        assert_eq!(msg.code(), self.code, "{}: code", self.name);
        assert_eq!(msg.message_id(), self.message_id, "{}: MID", self.name);
        assert_eq!(msg.token(), self.token, "{}: token", self.name);
        assert_eq!(msg.payload(), self.payload, "{}: payload", self.name);
        let decoded: Vec<(OptionNumber, &[u8])> = msg
            .options()
            .map(|o| match o {
                Ok(o) => (o.number, o.value),
                Err(e) => panic!("{}: option iterator failed: {e:?}", self.name),
            })
            .collect();
        assert_eq!(decoded, self.options, "{}: options", self.name);
        assert_eq!(msg.option_count(), self.options.len());
        bytes
    }
}

/// Fold one option (number and value length) into a running digest.
///
/// Benchmarked option walks return this over every option they visit, so a check outside
/// the timed loop can prove each implementation saw the same options, at the cost of a couple
/// of arithmetic instructions per option, the same for every implementation.
#[inline(always)]
pub fn option_digest(acc: u64, number: u16, len: usize) -> u64 {
    acc.rotate_left(7) ^ (u64::from(number) << 32 | len as u64)
}

/// `N` bytes of a fixed, non-repeating-looking pattern (not all zero, so no encoder or
/// copy can take a shortcut on it).
const fn pattern<const N: usize>(seed: u8) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (i as u8).wrapping_mul(31).wrapping_add(seed) ^ ((i >> 8) as u8);
        i += 1;
    }
    out
}

/// The 64-byte payload of [`ACK_CONTENT`].
static PAYLOAD_64: [u8; 64] = pattern::<64>(7);
/// The 1 KiB payload of [`NON_POST_1K`].
static PAYLOAD_1K: [u8; 1024] = pattern::<1024>(11);

/// A client's request: CON GET `/sensors/temp?unit=c`, 4-byte token, 3 options, no payload
/// (28 bytes).
pub const CON_GET: CoapFixture = CoapFixture {
    name: "CON GET, 4-byte token, 3 options",
    mtype: MessageType::Confirmable,
    code: Code::GET,
    message_id: 0x1234,
    token: &[0xde, 0xad, 0xbe, 0xef],
    options: &[
        (OptionNumber::URI_PATH, b"sensors"),
        (OptionNumber::URI_PATH, b"temp"),
        (OptionNumber::URI_QUERY, b"unit=c"),
    ],
    payload: &[],
    wire_len: 28,
};

/// A piggybacked Observe notification: ACK 2.05 Content with ETag, Observe, Content-Format,
/// Max-Age and Size2 (the last needs a 1-byte extended delta) and a 64-byte payload
/// (90 bytes).
pub const ACK_CONTENT: CoapFixture = CoapFixture {
    name: "ACK 2.05, 5 options, 64-byte payload",
    mtype: MessageType::Acknowledgement,
    code: Code::CONTENT,
    message_id: 0x1234,
    token: &[0xde, 0xad, 0xbe, 0xef],
    options: &[
        (OptionNumber::ETAG, &[0x5a, 0x17, 0xc0, 0xde]),
        (OptionNumber::OBSERVE, &[0x01, 0x23, 0x45]),
        // application/octet-stream (42)
        (OptionNumber::CONTENT_FORMAT, &[42]),
        // 3600 s
        (OptionNumber::MAX_AGE, &[0x0e, 0x10]),
        (OptionNumber::SIZE2, &[64]),
    ],
    payload: &PAYLOAD_64,
    wire_len: 90,
};

/// An upload: NON POST `/d` with a 2-byte token, Content-Format and a 1 KiB payload
/// (1035 bytes).
pub const NON_POST_1K: CoapFixture = CoapFixture {
    name: "NON POST, 1 KiB payload",
    mtype: MessageType::NonConfirmable,
    code: Code::POST,
    message_id: 0x4321,
    token: &[0x01, 0x02],
    options: &[
        (OptionNumber::URI_PATH, b"d"),
        // application/octet-stream (42)
        (OptionNumber::CONTENT_FORMAT, &[42]),
    ],
    payload: &PAYLOAD_1K,
    wire_len: 1035,
};

/// Every CoAP benchmark message, smallest first.
pub const COAP_FIXTURES: [CoapFixture; 3] = [CON_GET, ACK_CONTENT, NON_POST_1K];

/// One MQTT control packet used as a benchmark input.
///
/// The packet is m2mwire's own value in its caller-built form (property and subscription
/// lists given as slices), so it is also what m2mwire's encoders write and what every
/// decoder's result is compared with.
#[derive(Clone, Copy, Debug)]
pub struct MqttFixture {
    /// Short description, used as the criterion group name.
    pub name: &'static str,
    /// The protocol version the packet is read and written with.
    pub version: ProtocolVersion,
    /// The packet.
    pub packet: Packet<'static>,
    /// The encoded length in bytes, checked by [`bytes`](MqttFixture::bytes).
    pub wire_len: usize,
}

impl MqttFixture {
    /// The wire bytes, encoded by [`Packet::encode`], without any check.
    ///
    /// For benchmark binaries that must not call m2mwire's decoder outside the routines they
    /// time; everything else should use [`bytes`](MqttFixture::bytes).
    ///
    /// # Panics
    ///
    /// If m2mwire refuses to encode the packet.
    pub fn bytes_unchecked(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.packet.encoded_len(self.version));
        if let Err(e) = self.packet.encode(self.version, &mut out) {
            panic!("{}: m2mwire failed to encode: {e}", self.name);
        }
        out
    }

    /// The [`mqtt_packet_digest`] of this fixture's packet: what a correct walk over the
    /// properties and subscriptions of its wire form must produce.
    pub fn item_digest(&self) -> u64 {
        mqtt_packet_digest(&self.packet)
    }

    /// The wire bytes, encoded by [`Packet::encode`].
    ///
    /// # Panics
    ///
    /// If encoding fails, if the length is not [`wire_len`](MqttFixture::wire_len) or
    /// [`Packet::encoded_len`], if m2mwire's strict decoder rejects the bytes, if they do not
    /// decode back to exactly this packet (properties and subscriptions in the same order), or
    /// if the decoded packet does not re-encode to the same bytes. Benchmarks call this once,
    /// before timing anything.
    pub fn bytes(&self) -> Vec<u8> {
        let name = self.name;
        let bytes = self.bytes_unchecked();
        assert_eq!(bytes.len(), self.wire_len, "{name}: wire length");
        assert_eq!(
            self.packet.encoded_len(self.version),
            bytes.len(),
            "{name}: encoded_len"
        );
        let decoded =
            match Packet::decode(&bytes, self.version, &m2mwire_mqtt::DecodeOptions::strict()) {
                Ok(p) => p,
                Err(e) => panic!("{name}: strict decode rejected the fixture: {e:?}"),
            };
        assert_eq!(decoded, self.packet, "{name}: decoded packet");
        assert_eq!(
            mqtt_packet_digest(&decoded),
            self.item_digest(),
            "{name}: properties and subscriptions"
        );
        let mut again = Vec::new();
        if let Err(e) = decoded.encode(self.version, &mut again) {
            panic!("{name}: the decoded packet failed to encode: {e}");
        }
        assert_eq!(again, bytes, "{name}: decode then encode");
        bytes
    }
}

/// Fold one item of a packet (a property, or a subscription) into a running digest: `tag` is
/// the property identifier or the subscription options byte, `measure` the value's size or
/// number (see [`mqtt_property_measure`]) or the filter's length.
///
/// Benchmarked walks return this over every item they visit, so a check outside the timed
/// loop can prove that they saw the fixture's items, in order, at the cost of a couple of
/// arithmetic instructions per item.
#[inline(always)]
pub fn mqtt_item_digest(acc: u64, tag: u32, measure: usize) -> u64 {
    acc.rotate_left(7) ^ (u64::from(tag) << 32 | measure as u64)
}

/// A property value reduced to one number for [`mqtt_item_digest`]: integers as they are,
/// strings and binary data by length, a string pair by the sum of both lengths.
#[inline(always)]
pub fn mqtt_property_measure(v: &PropertyValue<'_>) -> usize {
    match *v {
        PropertyValue::Byte(b) => usize::from(b),
        PropertyValue::TwoByte(n) => usize::from(n),
        PropertyValue::FourByte(n) | PropertyValue::VarInt(n) => n as usize,
        PropertyValue::Utf8(s) => s.len(),
        PropertyValue::Binary(b) => b.len(),
        PropertyValue::Pair(k, v) => k.len() + v.len(),
    }
}

/// The digest of every property (of the packet and of a CONNECT's Will) and every
/// subscription of `p`, in wire order.
pub fn mqtt_packet_digest(p: &Packet<'_>) -> u64 {
    let props = |acc, ps: &Properties<'_>| {
        ps.iter().fold(acc, |acc, pr| {
            mqtt_item_digest(acc, pr.id.0, mqtt_property_measure(&pr.value))
        })
    };
    match p {
        Packet::Connect(c) => {
            let acc = props(0, &c.properties);
            c.will.as_ref().map_or(acc, |w| props(acc, &w.properties))
        }
        Packet::Publish(p) => props(0, &p.properties),
        Packet::Subscribe(s) => s
            .subscriptions
            .iter()
            .fold(props(0, &s.properties), |acc, sub| {
                mqtt_item_digest(acc, u32::from(sub.options.to_byte()), sub.filter.len())
            }),
        Packet::Puback(a) => a.properties.as_ref().map_or(0, |ps| props(0, ps)),
        _ => 0,
    }
}

/// The 256-byte payload of [`MQTT5_PUBLISH_PROPS`].
static PAYLOAD_256: [u8; 256] = pattern::<256>(13);
/// The Correlation Data of [`MQTT5_PUBLISH_PROPS`].
static CORRELATION_16: [u8; 16] = pattern::<16>(17);

/// A 3.1.1 CONNECT with CleanSession, a Will (QoS 1, retained), a user name and a password
/// (82 bytes).
///
/// The password is ASCII: mqtt-protocol and mqttbytes keep it as a `String`.
pub const MQTT_CONNECT: MqttFixture = MqttFixture {
    name: "3.1.1 CONNECT, will, user name, password",
    version: ProtocolVersion::V311,
    packet: Packet::Connect(Connect {
        protocol: ProtocolVersion::V311,
        clean_start: true,
        keep_alive: 60,
        properties: Properties::EMPTY,
        client_id: "sensor-gw-0042",
        will: Some(Will {
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: Properties::EMPTY,
            topic: "dev/gw-0042/status",
            payload: b"offline",
        }),
        username: Some("gw-0042"),
        password: Some(b"tok-5f2a9c81e4"),
    }),
    wire_len: 82,
};

/// A 3.1.1 PUBLISH at QoS 1 with a 19-byte topic and a 1 KiB binary payload (1050 bytes).
pub const MQTT_PUBLISH_1K: MqttFixture = MqttFixture {
    name: "3.1.1 PUBLISH QoS 1, 1 KiB payload",
    version: ProtocolVersion::V311,
    packet: Packet::Publish(Publish {
        dup: false,
        qos: QoS::AtLeastOnce,
        retain: false,
        topic: "sensors/t1/readings",
        packet_id: Some(0x1234),
        properties: Properties::EMPTY,
        payload: &PAYLOAD_1K,
    }),
    wire_len: 1050,
};

/// A 5.0 PUBLISH at QoS 1 with five properties and a 256-byte payload (341 bytes).
///
/// The properties are in ascending identifier order, which is also the order in which
/// mqttbytes writes its fixed set of PUBLISH property fields, so its encoder can reproduce
/// the bytes exactly: Payload Format Indicator 0 (unspecified bytes), Message Expiry Interval
/// 3600 s, Response Topic, 16 bytes of Correlation Data, one User Property.
pub const MQTT5_PUBLISH_PROPS: MqttFixture = MqttFixture {
    name: "5.0 PUBLISH, 5 properties, 256-byte payload",
    version: ProtocolVersion::V5,
    packet: Packet::Publish(Publish {
        dup: false,
        qos: QoS::AtLeastOnce,
        retain: false,
        topic: "sensors/t1/readings",
        packet_id: Some(0x0102),
        properties: Properties::List(
            &(&[
                Property::new(PropertyId::PAYLOAD_FORMAT_INDICATOR, PropertyValue::Byte(0)),
                Property::new(
                    PropertyId::MESSAGE_EXPIRY_INTERVAL,
                    PropertyValue::FourByte(3600),
                ),
                Property::new(
                    PropertyId::RESPONSE_TOPIC,
                    PropertyValue::Utf8("replies/gw-42"),
                ),
                Property::new(
                    PropertyId::CORRELATION_DATA,
                    PropertyValue::Binary(&CORRELATION_16),
                ),
                Property::new(
                    PropertyId::USER_PROPERTY,
                    PropertyValue::Pair("unit", "celsius"),
                ),
            ] as &[Property<'static>]),
        ),
        payload: &PAYLOAD_256,
    }),
    wire_len: 341,
};

/// Shorthand for a 3.1.1 subscription.
const fn sub(filter: &'static str, qos: QoS) -> Subscription<'static> {
    Subscription {
        filter,
        options: SubscriptionOptions::qos(qos),
    }
}

/// A 3.1.1 SUBSCRIBE with ten Topic Filters, six of them with wildcards, at mixed QoS
/// (186 bytes).
pub const MQTT_SUBSCRIBE_10: MqttFixture = MqttFixture {
    name: "3.1.1 SUBSCRIBE, 10 filters",
    version: ProtocolVersion::V311,
    packet: Packet::Subscribe(Subscribe {
        packet_id: 0x0a0b,
        properties: Properties::EMPTY,
        subscriptions: Subscriptions::List(&[
            sub("sensors/+/temperature", QoS::AtLeastOnce),
            sub("sensors/+/humidity", QoS::AtLeastOnce),
            sub("devices/gw-42/cmd/#", QoS::ExactlyOnce),
            sub("devices/gw-42/config", QoS::AtLeastOnce),
            sub("alerts/#", QoS::AtMostOnce),
            sub("status/+", QoS::AtMostOnce),
            sub("firmware/gw-42/update", QoS::ExactlyOnce),
            sub("time/sync", QoS::AtMostOnce),
            sub("+/gw-42/ping", QoS::AtLeastOnce),
            sub("fleet/eu-west/#", QoS::AtLeastOnce),
        ]),
    }),
    wire_len: 186,
};

/// A 3.1.1 PUBACK (4 bytes).
pub const MQTT_PUBACK: MqttFixture = MqttFixture {
    name: "3.1.1 PUBACK",
    version: ProtocolVersion::V311,
    packet: Packet::Puback(m2mwire_mqtt::Ack::new(0x1234)),
    wire_len: 4,
};

/// Every MQTT benchmark packet.
pub const MQTT_FIXTURES: [MqttFixture; 5] = [
    MQTT_CONNECT,
    MQTT_PUBLISH_1K,
    MQTT5_PUBLISH_PROPS,
    MQTT_SUBSCRIBE_10,
    MQTT_PUBACK,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_encodes_to_its_length_and_decodes_strictly() {
        for fx in &COAP_FIXTURES {
            assert_eq!(fx.bytes().len(), fx.wire_len);
        }
    }

    #[test]
    fn con_get_matches_hand_written_bytes() {
        let expected: &[u8] = b"\x44\x01\x12\x34\xde\xad\xbe\xef\
            \xb7sensors\x04temp\x46unit=c";
        assert_eq!(CON_GET.bytes(), expected);
    }

    #[test]
    fn every_mqtt_fixture_encodes_to_its_length_and_decodes_strictly() {
        for fx in &MQTT_FIXTURES {
            assert_eq!(fx.bytes().len(), fx.wire_len);
        }
    }

    #[test]
    fn mqtt_puback_and_connect_header_match_hand_written_bytes() {
        assert_eq!(MQTT_PUBACK.bytes(), [0x40, 0x02, 0x12, 0x34]);
        let connect = MQTT_CONNECT.bytes();
        // Remaining Length 80; "MQTT" level 4; flags: user name, password, will retain,
        // will QoS 1, will, clean session; keep alive 60.
        assert_eq!(
            connect[..12],
            [0x10, 80, 0, 4, b'M', b'Q', b'T', b'T', 4, 0xee, 0, 60]
        );
    }

    #[test]
    fn size2_uses_a_one_byte_extended_delta() {
        let bytes = ACK_CONTENT.bytes();
        // Max-Age (14) -> Size2 (28): delta 14 = nibble 13 + extension byte 1.
        let at = bytes.len() - 1 - 64 - 3;
        assert_eq!(bytes[at..at + 3], [0xd1, 0x01, 64]);
    }
}
