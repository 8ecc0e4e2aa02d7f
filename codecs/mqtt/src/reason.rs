//! Reason codes (MQTT 5.0 §2.4) and 3.1.1 return codes, with the set each packet may carry.

m2mwire_core::registry! {
    /// A reason code (MQTT 5.0 §2.4, Table 2-6). Some values have a second name in some
    /// packets (0x00 is also "Normal disconnection" and "Granted QoS 0").
    pub struct ReasonCode(u8) {
        /// 0x00 Success / Normal disconnection / Granted QoS 0.
        SUCCESS = 0x00 => "Success",
        /// 0x01 Granted QoS 1.
        GRANTED_QOS_1 = 0x01 => "Granted QoS 1",
        /// 0x02 Granted QoS 2.
        GRANTED_QOS_2 = 0x02 => "Granted QoS 2",
        /// 0x04 Disconnect with Will Message.
        DISCONNECT_WITH_WILL = 0x04 => "Disconnect with Will Message",
        /// 0x10 No matching subscribers.
        NO_MATCHING_SUBSCRIBERS = 0x10 => "No matching subscribers",
        /// 0x11 No subscription existed.
        NO_SUBSCRIPTION_EXISTED = 0x11 => "No subscription existed",
        /// 0x18 Continue authentication.
        CONTINUE_AUTHENTICATION = 0x18 => "Continue authentication",
        /// 0x19 Re-authenticate.
        REAUTHENTICATE = 0x19 => "Re-authenticate",
        /// 0x80 Unspecified error.
        UNSPECIFIED_ERROR = 0x80 => "Unspecified error",
        /// 0x81 Malformed Packet.
        MALFORMED_PACKET = 0x81 => "Malformed Packet",
        /// 0x82 Protocol Error.
        PROTOCOL_ERROR = 0x82 => "Protocol Error",
        /// 0x83 Implementation specific error.
        IMPLEMENTATION_SPECIFIC_ERROR = 0x83 => "Implementation specific error",
        /// 0x84 Unsupported Protocol Version.
        UNSUPPORTED_PROTOCOL_VERSION = 0x84 => "Unsupported Protocol Version",
        /// 0x85 Client Identifier not valid.
        CLIENT_IDENTIFIER_NOT_VALID = 0x85 => "Client Identifier not valid",
        /// 0x86 Bad User Name or Password.
        BAD_USER_NAME_OR_PASSWORD = 0x86 => "Bad User Name or Password",
        /// 0x87 Not authorized.
        NOT_AUTHORIZED = 0x87 => "Not authorized",
        /// 0x88 Server unavailable.
        SERVER_UNAVAILABLE = 0x88 => "Server unavailable",
        /// 0x89 Server busy.
        SERVER_BUSY = 0x89 => "Server busy",
        /// 0x8A Banned.
        BANNED = 0x8a => "Banned",
        /// 0x8B Server shutting down.
        SERVER_SHUTTING_DOWN = 0x8b => "Server shutting down",
        /// 0x8C Bad authentication method.
        BAD_AUTHENTICATION_METHOD = 0x8c => "Bad authentication method",
        /// 0x8D Keep Alive timeout.
        KEEP_ALIVE_TIMEOUT = 0x8d => "Keep Alive timeout",
        /// 0x8E Session taken over.
        SESSION_TAKEN_OVER = 0x8e => "Session taken over",
        /// 0x8F Topic Filter invalid.
        TOPIC_FILTER_INVALID = 0x8f => "Topic Filter invalid",
        /// 0x90 Topic Name invalid.
        TOPIC_NAME_INVALID = 0x90 => "Topic Name invalid",
        /// 0x91 Packet Identifier in use.
        PACKET_IDENTIFIER_IN_USE = 0x91 => "Packet Identifier in use",
        /// 0x92 Packet Identifier not found.
        PACKET_IDENTIFIER_NOT_FOUND = 0x92 => "Packet Identifier not found",
        /// 0x93 Receive Maximum exceeded.
        RECEIVE_MAXIMUM_EXCEEDED = 0x93 => "Receive Maximum exceeded",
        /// 0x94 Topic Alias invalid.
        TOPIC_ALIAS_INVALID = 0x94 => "Topic Alias invalid",
        /// 0x95 Packet too large.
        PACKET_TOO_LARGE = 0x95 => "Packet too large",
        /// 0x96 Message rate too high.
        MESSAGE_RATE_TOO_HIGH = 0x96 => "Message rate too high",
        /// 0x97 Quota exceeded.
        QUOTA_EXCEEDED = 0x97 => "Quota exceeded",
        /// 0x98 Administrative action.
        ADMINISTRATIVE_ACTION = 0x98 => "Administrative action",
        /// 0x99 Payload format invalid.
        PAYLOAD_FORMAT_INVALID = 0x99 => "Payload format invalid",
        /// 0x9A Retain not supported.
        RETAIN_NOT_SUPPORTED = 0x9a => "Retain not supported",
        /// 0x9B QoS not supported.
        QOS_NOT_SUPPORTED = 0x9b => "QoS not supported",
        /// 0x9C Use another server.
        USE_ANOTHER_SERVER = 0x9c => "Use another server",
        /// 0x9D Server moved.
        SERVER_MOVED = 0x9d => "Server moved",
        /// 0x9E Shared Subscriptions not supported.
        SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9e => "Shared Subscriptions not supported",
        /// 0x9F Connection rate exceeded.
        CONNECTION_RATE_EXCEEDED = 0x9f => "Connection rate exceeded",
        /// 0xA0 Maximum connect time.
        MAXIMUM_CONNECT_TIME = 0xa0 => "Maximum connect time",
        /// 0xA1 Subscription Identifiers not supported.
        SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = 0xa1 => "Subscription Identifiers not supported",
        /// 0xA2 Wildcard Subscriptions not supported.
        WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED = 0xa2 => "Wildcard Subscriptions not supported",
    }
}

impl ReasonCode {
    /// Codes below 0x80 report success.
    pub const fn is_success(self) -> bool {
        self.0 < 0x80
    }
}

/// Which packet a reason code list belongs to, for [`allowed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReasonContext {
    /// CONNACK 5.0 (§3.2.2.2).
    Connack,
    /// CONNACK 3.1.1 return codes 0–5 (§3.2.2.3).
    ConnackV311,
    /// PUBACK and PUBREC (§3.4.2.1, §3.5.2.1).
    PubackPubrec,
    /// PUBREL and PUBCOMP (§3.6.2.1, §3.7.2.1).
    PubrelPubcomp,
    /// SUBACK 5.0 (§3.9.3).
    Suback,
    /// SUBACK 3.1.1: 0x00, 0x01, 0x02, 0x80 ([MQTT-3.9.3-2]).
    SubackV311,
    /// UNSUBACK (§3.11.3).
    Unsuback,
    /// DISCONNECT (§3.14.2.1).
    Disconnect,
    /// AUTH (§3.15.2.1).
    Auth,
}

/// True if `code` is defined for `ctx`.
pub const fn allowed(ctx: ReasonContext, code: u8) -> bool {
    use ReasonContext::*;
    match ctx {
        ConnackV311 => code <= 5,
        Connack => matches!(
            code,
            0x00 | 0x80..=0x8a | 0x8c | 0x90 | 0x95 | 0x97 | 0x99..=0x9d | 0x9f
        ),
        PubackPubrec => matches!(
            code,
            0x00 | 0x10 | 0x80 | 0x83 | 0x87 | 0x90 | 0x91 | 0x97 | 0x99
        ),
        PubrelPubcomp => matches!(code, 0x00 | 0x92),
        Suback => matches!(
            code,
            0x00..=0x02 | 0x80 | 0x83 | 0x87 | 0x8f | 0x91 | 0x97 | 0x9e | 0xa1 | 0xa2
        ),
        SubackV311 => matches!(code, 0x00..=0x02 | 0x80),
        Unsuback => matches!(code, 0x00 | 0x11 | 0x80 | 0x83 | 0x87 | 0x8f | 0x91),
        Disconnect => matches!(
            code,
            0x00 | 0x04 | 0x80..=0x83 | 0x87 | 0x89 | 0x8b | 0x8d..=0x90 | 0x93..=0xa2
        ),
        Auth => matches!(code, 0x00 | 0x18 | 0x19),
    }
}

/// Names of the MQTT 3.1.1 CONNACK return codes (§3.2.2.3).
pub const fn connack_v311_name(code: u8) -> Option<&'static str> {
    match code {
        0 => Some("Connection Accepted"),
        1 => Some("Connection Refused, unacceptable protocol version"),
        2 => Some("Connection Refused, identifier rejected"),
        3 => Some("Connection Refused, Server unavailable"),
        4 => Some("Connection Refused, bad user name or password"),
        5 => Some("Connection Refused, not authorized"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_match_the_spec_tables() {
        // CONNACK (5.0 Table 3-1 area): 22 codes.
        assert_eq!(
            (0..=255u8)
                .filter(|&c| allowed(ReasonContext::Connack, c))
                .count(),
            22
        );
        assert_eq!(
            (0..=255u8)
                .filter(|&c| allowed(ReasonContext::Disconnect, c))
                .count(),
            29
        );
        assert_eq!(
            (0..=255u8)
                .filter(|&c| allowed(ReasonContext::Suback, c))
                .count(),
            12
        );
        assert_eq!(
            (0..=255u8)
                .filter(|&c| allowed(ReasonContext::PubackPubrec, c))
                .count(),
            9
        );
        assert_eq!(
            (0..=255u8)
                .filter(|&c| allowed(ReasonContext::Unsuback, c))
                .count(),
            7
        );
        assert!(!allowed(ReasonContext::Connack, 0x8b));
        assert!(allowed(ReasonContext::Disconnect, 0x8b));
        assert!(!allowed(ReasonContext::Disconnect, 0x84));
        for c in ReasonCode::REGISTERED {
            assert!(c.name().is_some());
        }
    }
}
