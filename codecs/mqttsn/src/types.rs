//! Field types: the flags octet (§5.3.4), return codes (§5.3.10), topics.

use core::fmt;

/// QoS of the flags octet, including MQTT-SN's QoS −1 (0b11, §5.3.4, §6.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QosSn {
    /// 0b00: QoS 0.
    Q0,
    /// 0b01: QoS 1.
    Q1,
    /// 0b10: QoS 2.
    Q2,
    /// 0b11: QoS −1, PUBLISH without a connection.
    MinusOne,
}

impl QosSn {
    /// `0`, `1`, `2` or `-1`.
    pub const fn as_i8(self) -> i8 {
        match self {
            QosSn::Q0 => 0,
            QosSn::Q1 => 1,
            QosSn::Q2 => 2,
            QosSn::MinusOne => -1,
        }
    }

    /// From `0`, `1`, `2` or `-1`.
    pub const fn from_i8(v: i8) -> Option<Self> {
        match v {
            0 => Some(QosSn::Q0),
            1 => Some(QosSn::Q1),
            2 => Some(QosSn::Q2),
            -1 => Some(QosSn::MinusOne),
            _ => None,
        }
    }
}

/// TopicIdType of the flags octet (§5.3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TopicIdType {
    /// 0b00: a registered topic id (or, in SUBSCRIBE/UNSUBSCRIBE, a topic name).
    Normal,
    /// 0b01: a pre-defined topic id.
    Predefined,
    /// 0b10: a two-character short topic name.
    Short,
    /// 0b11: reserved.
    Reserved,
}

impl TopicIdType {
    /// The two bits.
    pub const fn bits(self) -> u8 {
        match self {
            TopicIdType::Normal => 0,
            TopicIdType::Predefined => 1,
            TopicIdType::Short => 2,
            TopicIdType::Reserved => 3,
        }
    }

    /// `normal`, `predefined`, `short` or `reserved`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TopicIdType::Normal => "normal",
            TopicIdType::Predefined => "predefined",
            TopicIdType::Short => "short",
            TopicIdType::Reserved => "reserved",
        }
    }
}

/// The flags octet, kept whole so bits a message does not use survive a round trip
/// (§5.3.4: receivers ignore them).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(pub u8);

impl Flags {
    /// Bit 7.
    pub const DUP: u8 = 0x80;
    /// Bit 4.
    pub const RETAIN: u8 = 0x10;
    /// Bit 3.
    pub const WILL: u8 = 0x08;
    /// Bit 2.
    pub const CLEAN_SESSION: u8 = 0x04;

    /// Flags from their parts.
    pub const fn new(
        dup: bool,
        qos: QosSn,
        retain: bool,
        will: bool,
        clean: bool,
        tid: TopicIdType,
    ) -> Self {
        let q = match qos {
            QosSn::Q0 => 0,
            QosSn::Q1 => 1,
            QosSn::Q2 => 2,
            QosSn::MinusOne => 3,
        };
        Flags(
            ((dup as u8) << 7)
                | (q << 5)
                | ((retain as u8) << 4)
                | ((will as u8) << 3)
                | ((clean as u8) << 2)
                | tid.bits(),
        )
    }

    /// DUP.
    pub const fn dup(self) -> bool {
        self.0 & Self::DUP != 0
    }

    /// QoS (bits 6–5).
    pub const fn qos(self) -> QosSn {
        match (self.0 >> 5) & 0b11 {
            0 => QosSn::Q0,
            1 => QosSn::Q1,
            2 => QosSn::Q2,
            _ => QosSn::MinusOne,
        }
    }

    /// Retain.
    pub const fn retain(self) -> bool {
        self.0 & Self::RETAIN != 0
    }

    /// Will.
    pub const fn will(self) -> bool {
        self.0 & Self::WILL != 0
    }

    /// CleanSession.
    pub const fn clean_session(self) -> bool {
        self.0 & Self::CLEAN_SESSION != 0
    }

    /// TopicIdType (bits 1–0).
    pub const fn topic_id_type(self) -> TopicIdType {
        match self.0 & 0b11 {
            0 => TopicIdType::Normal,
            1 => TopicIdType::Predefined,
            2 => TopicIdType::Short,
            _ => TopicIdType::Reserved,
        }
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flags")
            .field("dup", &self.dup())
            .field("qos", &self.qos())
            .field("retain", &self.retain())
            .field("will", &self.will())
            .field("clean_session", &self.clean_session())
            .field("topic_id_type", &self.topic_id_type())
            .finish()
    }
}

m2mwire_core::registry! {
    /// ReturnCode (§5.3.10, Table 5); 0x04–0xFF are reserved.
    pub struct ReturnCode(u8) {
        /// 0x00 Accepted.
        ACCEPTED = 0x00 => "Accepted",
        /// 0x01 Rejected: congestion.
        CONGESTION = 0x01 => "Rejected: congestion",
        /// 0x02 Rejected: invalid topic ID.
        INVALID_TOPIC_ID = 0x02 => "Rejected: invalid topic ID",
        /// 0x03 Rejected: not supported.
        NOT_SUPPORTED = 0x03 => "Rejected: not supported",
    }
}

/// The topic of a SUBSCRIBE or UNSUBSCRIBE: a name (TopicIdType 0b00) or two octets holding a
/// pre-defined id or a short name (0b01, 0b10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic<'a> {
    /// A topic name or filter.
    Name(&'a str),
    /// A pre-defined topic id, or a short topic name as its two octets.
    Id(u16),
}
