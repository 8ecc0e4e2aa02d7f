//! Every packet-format rule an MQTT receiver can check, one kind each.
//!
//! Clauses cite the normative statement ids of MQTT 3.1.1 (OASIS Standard 2014) and MQTT 5.0
//! (OASIS Standard 2019); where the two versions number the same rule differently, both are
//! given.

/// Why an MQTT packet was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum MqttErrorKind {
    /// Packet type 0, or 15 (AUTH) in MQTT 3.1.1.
    #[error("reserved packet type")]
    ReservedPacketType,
    /// Fixed-header flag bits other than the ones the packet type requires.
    #[error("invalid fixed-header flags")]
    InvalidFixedHeaderFlags,
    /// Remaining Length longer than 4 bytes.
    #[error("Remaining Length longer than 4 bytes")]
    MalformedRemainingLength,
    /// A Variable Byte Integer in more bytes than its value needs.
    #[error("Variable Byte Integer not in its shortest form")]
    NonMinimalVarInt,
    /// A Variable Byte Integer (property id, property length) longer than 4 bytes.
    #[error("Variable Byte Integer longer than 4 bytes")]
    MalformedVarInt,
    /// A packet larger than the configured Maximum Packet Size.
    #[error("packet larger than the maximum packet size")]
    PacketTooLarge,
    /// The buffer ends before the Remaining Length says the packet does.
    #[error("buffer ends inside the packet")]
    TruncatedPacket,
    /// A field runs past the end of the packet.
    #[error("a field runs past the end of the packet")]
    UnexpectedEnd,
    /// Bytes left inside the packet after its last field.
    #[error("trailing bytes inside the packet")]
    TrailingBytes,
    /// A UTF-8 Encoded String that is not well-formed UTF-8 (including surrogates).
    #[error("ill-formed UTF-8 string")]
    InvalidUtf8,
    /// A UTF-8 Encoded String containing U+0000.
    #[error("string contains U+0000")]
    NullCharacter,
    /// A string containing a control character (U+0001–U+001F, U+007F–U+009F) or a
    /// non-character.
    #[error("string contains a control character or non-character")]
    ControlCharacter,
    /// A zero-length Topic Name or Topic Filter.
    #[error("empty topic")]
    EmptyTopic,
    /// `+` or `#` in a Topic Name.
    #[error("wildcard in a topic name")]
    WildcardInTopicName,
    /// `#` that is not alone in its level or not the last character of the filter.
    #[error("'#' not alone in the last level of the filter")]
    MisplacedMultiLevelWildcard,
    /// `+` that does not fill a whole level.
    #[error("'+' does not fill a whole topic level")]
    MisplacedSingleLevelWildcard,
    /// A `$share/` filter without a valid ShareName and Topic Filter.
    #[error("malformed shared subscription")]
    InvalidSharedSubscription,
    /// CONNECT protocol name other than `MQTT` (or `MQIsdp` for level 3).
    #[error("unknown protocol name")]
    InvalidProtocolName,
    /// CONNECT protocol level other than 4 (3.1.1) or 5 (5.0).
    #[error("unsupported protocol level")]
    UnsupportedProtocolLevel,
    /// CONNECT flags bit 0 set.
    #[error("CONNECT reserved flag set")]
    ConnectReservedFlag,
    /// Will QoS or Will Retain set while the Will Flag is 0.
    #[error("Will QoS or Will Retain set without the Will Flag")]
    WillFlagsWithoutWill,
    /// Will QoS 3.
    #[error("Will QoS 3")]
    InvalidWillQos,
    /// Password Flag set without the User Name Flag (MQTT 3.1.1).
    #[error("password without a user name")]
    PasswordWithoutUsername,
    /// A zero-byte Client Identifier with CleanSession 0 (MQTT 3.1.1).
    #[error("empty client identifier without CleanSession")]
    EmptyClientIdWithoutCleanSession,
    /// CONNACK Acknowledge Flags bits 7–1 set.
    #[error("CONNACK reserved flags set")]
    ConnackReservedFlags,
    /// CONNACK with Session Present and a non-zero return/reason code.
    #[error("Session Present with a failure code")]
    SessionPresentWithError,
    /// A reason or return code not defined for this packet.
    #[error("reason code not defined for this packet")]
    InvalidReasonCode,
    /// PUBLISH QoS 3.
    #[error("PUBLISH QoS 3")]
    InvalidQos,
    /// DUP set on a QoS 0 PUBLISH.
    #[error("DUP set with QoS 0")]
    DupWithQos0,
    /// A Packet Identifier of 0.
    #[error("packet identifier 0")]
    ZeroPacketId,
    /// SUBSCRIBE without any Topic Filter.
    #[error("SUBSCRIBE without topic filters")]
    NoSubscriptions,
    /// UNSUBSCRIBE without any Topic Filter.
    #[error("UNSUBSCRIBE without topic filters")]
    NoUnsubscriptions,
    /// SUBACK or UNSUBACK without any return/reason code.
    #[error("acknowledgement without reason codes")]
    NoReasonCodes,
    /// Reserved bits of the Requested QoS / Subscription Options byte set.
    #[error("subscription options reserved bits set")]
    SubscriptionOptionsReserved,
    /// Requested QoS 3.
    #[error("requested QoS 3")]
    InvalidRequestedQos,
    /// Retain Handling 3 (MQTT 5.0).
    #[error("Retain Handling 3")]
    InvalidRetainHandling,
    /// No Local on a shared subscription (MQTT 5.0).
    #[error("No Local on a shared subscription")]
    NoLocalOnSharedSubscription,
    /// A property identifier MQTT 5.0 does not define.
    #[error("unknown property identifier")]
    UnknownProperty,
    /// A property in a packet that may not carry it.
    #[error("property not allowed in this packet")]
    PropertyNotAllowed,
    /// A property that may appear once, appearing twice.
    #[error("property repeated")]
    DuplicateProperty,
    /// More properties, or more topic filters, than [`Limits::max_options`](m2mwire_core::Limits::max_options).
    #[error("more properties or topic filters than the configured limit")]
    TooManyItems,
    /// A packet type the sending side never sends (e.g. a CONNACK from a client).
    #[error("packet type not sent by this side")]
    UnexpectedSender,
    /// A Subscription Identifier in a PUBLISH sent by a client.
    #[error("Subscription Identifier in a client's PUBLISH")]
    SubscriptionIdFromClient,
    /// A Session Expiry Interval in a DISCONNECT sent by a server.
    #[error("Session Expiry Interval in a server's DISCONNECT")]
    SessionExpiryFromServer,
    /// A property value outside its allowed range (e.g. Receive Maximum 0, Topic Alias 0).
    #[error("property value out of range")]
    InvalidPropertyValue,
}

m2mwire_core::error_kind_meta!(MqttErrorKind {
    ReservedPacketType => "MQTT 3.1.1 §2.2.1 / 5.0 §2.1.2",
    InvalidFixedHeaderFlags => "[MQTT-2.2.2-1] (3.1.1) / [MQTT-2.1.3-1] (5.0)",
    MalformedRemainingLength => "MQTT 3.1.1 §2.2.3 / 5.0 §1.5.5",
    NonMinimalVarInt => "[MQTT-1.5.5-1]",
    MalformedVarInt => "MQTT 5.0 §1.5.5",
    PacketTooLarge => "MQTT 5.0 §3.1.2.11.4 (Maximum Packet Size)",
    TruncatedPacket => "MQTT 3.1.1 §2.2.3 / 5.0 §2.1.4 (Remaining Length)",
    UnexpectedEnd => "[MQTT-3.1.4-1] / codec policy: fields stay inside the packet",
    TrailingBytes => "codec policy: no bytes after the last field",
    InvalidUtf8 => "[MQTT-1.5.3-1] (3.1.1) / [MQTT-1.5.4-1] (5.0)",
    NullCharacter => "[MQTT-1.5.3-2] (3.1.1) / [MQTT-1.5.4-2] (5.0)",
    ControlCharacter => "MQTT 3.1.1 §1.5.3 / 5.0 §1.5.4 (SHOULD NOT; receiver MAY close)",
    EmptyTopic => "[MQTT-4.7.3-1]",
    WildcardInTopicName => "[MQTT-3.3.2-2]",
    MisplacedMultiLevelWildcard => "[MQTT-4.7.1-2] (3.1.1) / [MQTT-4.7.1-1] (5.0)",
    MisplacedSingleLevelWildcard => "[MQTT-4.7.1-3] (3.1.1) / [MQTT-4.7.1-2] (5.0)",
    InvalidSharedSubscription => "[MQTT-4.8.2-1] / [MQTT-4.8.2-2]",
    InvalidProtocolName => "[MQTT-3.1.2-1]",
    UnsupportedProtocolLevel => "[MQTT-3.1.2-2]",
    ConnectReservedFlag => "[MQTT-3.1.2-3]",
    WillFlagsWithoutWill => "[MQTT-3.1.2-11] [MQTT-3.1.2-13] [MQTT-3.1.2-15] (3.1.1) / [MQTT-3.1.2-11] [MQTT-3.1.2-13] (5.0)",
    InvalidWillQos => "[MQTT-3.1.2-14] (3.1.1) / [MQTT-3.1.2-12] (5.0)",
    PasswordWithoutUsername => "[MQTT-3.1.2-22] (3.1.1)",
    EmptyClientIdWithoutCleanSession => "[MQTT-3.1.3-7] (3.1.1)",
    ConnackReservedFlags => "MQTT 3.1.1 §3.2.2.1 / [MQTT-3.2.2-1] (5.0)",
    SessionPresentWithError => "[MQTT-3.2.2-4] (3.1.1) / [MQTT-3.2.2-6] (5.0)",
    InvalidReasonCode => "[MQTT-3.2.2-8] [MQTT-3.4.2-1] [MQTT-3.5.2-1] [MQTT-3.6.2-1] [MQTT-3.7.2-1] [MQTT-3.9.3-2] [MQTT-3.11.3-2] [MQTT-3.14.2-1] [MQTT-3.15.2-1]",
    InvalidQos => "[MQTT-3.3.1-4]",
    DupWithQos0 => "[MQTT-3.3.1-2]",
    ZeroPacketId => "[MQTT-2.3.1-1] (3.1.1) / [MQTT-2.2.1-3] (5.0)",
    NoSubscriptions => "[MQTT-3.8.3-3] (3.1.1) / [MQTT-3.8.3-2] (5.0)",
    NoUnsubscriptions => "[MQTT-3.10.3-2]",
    NoReasonCodes => "MQTT 3.1.1 §3.9.3 / 5.0 §3.9.3, §3.11.3 (one code per filter)",
    SubscriptionOptionsReserved => "[MQTT-3.8.3-4] (3.1.1) / [MQTT-3.8.3-5] (5.0)",
    InvalidRequestedQos => "[MQTT-3.8.3-4] (3.1.1) / 5.0 §3.8.3.1",
    InvalidRetainHandling => "MQTT 5.0 §3.8.3.1",
    NoLocalOnSharedSubscription => "[MQTT-3.8.3-4] (5.0)",
    UnknownProperty => "MQTT 5.0 §2.2.2.2",
    PropertyNotAllowed => "MQTT 5.0 §2.2.2.2",
    DuplicateProperty => "MQTT 5.0 §2.2.2.2, §3 (\"more than once\")",
    TooManyItems => "codec policy: Limits::max_options",
    UnexpectedSender => "MQTT 3.1.1 §2.2.1 / 5.0 §2.1.2 (Direction of flow)",
    SubscriptionIdFromClient => "[MQTT-3.3.4-6]",
    SessionExpiryFromServer => "[MQTT-3.14.2-2]",
    InvalidPropertyValue => "MQTT 5.0 §3 property definitions, [MQTT-3.3.2-8]",
});

/// An MQTT decoding error: kind and byte offset.
pub type Error = m2mwire_core::Error<MqttErrorKind>;

m2mwire_core::relaxations! {
    /// The rules a lenient MQTT decoder may relax, one flag each (all off by default).
    pub struct Relax: u16 {
        /// Accept a level 3 CONNECT with protocol name `MQIsdp` (MQTT 3.1, IBM); it is
        /// decoded with the 3.1.1 rules. Relaxes [MQTT-3.1.2-1].
        const MQISDP = 1 << 0 => "[MQTT-3.1.2-1]";
        /// Accept control characters (U+0001–U+001F, U+007F–U+009F) and non-characters in
        /// strings, which senders SHOULD NOT send. Relaxes MQTT 3.1.1 §1.5.3 / 5.0 §1.5.4.
        const CONTROL_CHARACTERS = 1 << 1 => "MQTT 3.1.1 §1.5.3 / 5.0 §1.5.4";
        /// Accept a 3.1.1 CONNECT with a password but no user name (token-auth clients send
        /// it; 5.0 allows it). Relaxes [MQTT-3.1.2-22].
        const PASSWORD_WITHOUT_USERNAME = 1 << 2 => "[MQTT-3.1.2-22]";
    }
}

/// MQTT decode options: [`Relax`] flags and limits. `Default` is strict.
/// `limits.max_message_size` is the Maximum Packet Size enforced before a packet is buffered.
pub type DecodeOptions = m2mwire_core::DecodeOptions<Relax>;
