//! Every rule an MQTT-SN 1.2 receiver can check, one kind each.
//!
//! MQTT-SN 1.2 describes only valid forms and defines no receiver error procedure; the rules
//! marked "codec policy" follow from the message layouts of §5 (a fixed-size message of the
//! wrong size, a length that disagrees with the datagram).

/// Why an MQTT-SN message was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum MqttSnErrorKind {
    /// Fewer bytes than the Length field and MsgType need.
    #[error("datagram shorter than the message header")]
    TruncatedHeader,
    /// A Length of 0, or smaller than the header it belongs to.
    #[error("length smaller than the header")]
    InvalidLength,
    /// The Length field disagrees with the size of the datagram.
    #[error("length field disagrees with the datagram")]
    LengthMismatch,
    /// A reserved MsgType (0x03, 0x11, 0x19, 0x1E–0xFD, 0xFF).
    #[error("reserved message type")]
    ReservedMsgType,
    /// A message whose variable part is shorter than its layout needs.
    #[error("message shorter than its layout")]
    UnexpectedEnd,
    /// Bytes after the last field of a fixed-size message.
    #[error("bytes after the last field")]
    TrailingBytes,
    /// TopicIdType 0b11, reserved.
    #[error("reserved TopicIdType")]
    ReservedTopicIdType,
    /// QoS −1 (0b11) outside a PUBLISH, or with a normal (registered) topic id.
    #[error("QoS -1 not allowed here")]
    InvalidQosMinusOne,
    /// ProtocolId other than 0x01.
    #[error("ProtocolId is not 0x01")]
    InvalidProtocolId,
    /// A reserved return code (0x04–0xFF).
    #[error("reserved return code")]
    ReservedReturnCode,
    /// An empty Client Identifier in CONNECT.
    #[error("empty client identifier")]
    EmptyClientId,
    /// A Client Identifier longer than 23 characters.
    #[error("client identifier longer than 23 characters")]
    ClientIdTooLong,
    /// A string field that is not UTF-8 or contains U+0000.
    #[error("string is not UTF-8 or contains U+0000")]
    InvalidString,
    /// A WILLTOPIC or WILLTOPICUPD with flags but no topic.
    #[error("will topic flags without a topic")]
    WillFlagsWithoutTopic,
    /// A SUBSCRIBE/UNSUBSCRIBE with a predefined id or short name that is not 2 bytes.
    #[error("topic id or short name is not 2 bytes")]
    InvalidShortTopic,
    /// An empty topic name or filter.
    #[error("empty topic")]
    EmptyTopic,
    /// A wildcard in a topic name.
    #[error("wildcard in a topic name")]
    WildcardInTopicName,
    /// A malformed topic filter (`#` not last, `+` not a whole level).
    #[error("malformed topic filter")]
    InvalidTopicFilter,
    /// An encapsulated message nested deeper than the limit.
    #[error("encapsulation nested too deeply")]
    TooDeep,
}

m2mwire_core::error_kind_meta!(MqttSnErrorKind {
    TruncatedHeader => "MQTT-SN 1.2 §5.2",
    InvalidLength => "MQTT-SN 1.2 §5.2.1 (codec policy)",
    LengthMismatch => "MQTT-SN 1.2 §5.2.1 (codec policy)",
    ReservedMsgType => "MQTT-SN 1.2 §5.2.2",
    UnexpectedEnd => "MQTT-SN 1.2 §5.4 (codec policy)",
    TrailingBytes => "MQTT-SN 1.2 §5.4 (codec policy)",
    ReservedTopicIdType => "MQTT-SN 1.2 §5.3.4",
    InvalidQosMinusOne => "MQTT-SN 1.2 §6.8",
    InvalidProtocolId => "MQTT-SN 1.2 §5.3.8",
    ReservedReturnCode => "MQTT-SN 1.2 §5.3.10",
    EmptyClientId => "MQTT-SN 1.2 §5.3.1",
    ClientIdTooLong => "MQTT-SN 1.2 §5.3.1",
    InvalidString => "MQTT-SN 1.2 §5.3.12 / MQTT 3.1.1 §1.5.3",
    WillFlagsWithoutTopic => "MQTT-SN 1.2 §5.4.7 (codec policy)",
    InvalidShortTopic => "MQTT-SN 1.2 §5.4.15 (codec policy)",
    EmptyTopic => "MQTT-SN 1.2 §5.3.12 / [MQTT-4.7.3-1]",
    WildcardInTopicName => "MQTT-SN 1.2 §5.4.10 / [MQTT-3.3.2-2]",
    InvalidTopicFilter => "MQTT-SN 1.2 §5.4.15 / [MQTT-4.7.1-2] [MQTT-4.7.1-3]",
    TooDeep => "codec policy: Limits::max_depth",
});

/// An MQTT-SN decoding error: kind and byte offset.
pub type Error = m2mwire_core::Error<MqttSnErrorKind>;

m2mwire_core::relaxations! {
    /// The rules a lenient MQTT-SN decoder may relax, one flag each (all off by default).
    pub struct Relax: u8 {
        /// Accept Client Identifiers longer than 23 characters (many gateways do).
        /// Relaxes MQTT-SN 1.2 §5.3.1.
        const LONG_CLIENT_ID = 1 << 0 => "MQTT-SN 1.2 §5.3.1";
        /// Accept a ProtocolId other than 0x01 in CONNECT. Relaxes MQTT-SN 1.2 §5.3.8.
        const ANY_PROTOCOL_ID = 1 << 1 => "MQTT-SN 1.2 §5.3.8";
    }
}

/// MQTT-SN decode options: [`Relax`] flags and limits. `Default` is strict.
pub type DecodeOptions = m2mwire_core::DecodeOptions<Relax>;
