//! MQTT 5.0 properties (§2.2.2): the registry, the wire form, and the per-packet rules.

use crate::error::{DecodeOptions, Error, MqttErrorKind};
use crate::string::{bin_len, read_bin, read_str};
use m2mwire_core::{CoreErrorKind, EncodeError, Reader, ResultExt, Write, varint};

m2mwire_core::registry! {
    /// A property identifier (MQTT 5.0 §2.2.2.2, Table 2-4).
    pub struct PropertyId(u32) {
        /// Byte; PUBLISH, Will.
        PAYLOAD_FORMAT_INDICATOR = 0x01 => "Payload Format Indicator",
        /// Four Byte Integer; PUBLISH, Will.
        MESSAGE_EXPIRY_INTERVAL = 0x02 => "Message Expiry Interval",
        /// UTF-8 Encoded String; PUBLISH, Will.
        CONTENT_TYPE = 0x03 => "Content Type",
        /// UTF-8 Encoded String; PUBLISH, Will.
        RESPONSE_TOPIC = 0x08 => "Response Topic",
        /// Binary Data; PUBLISH, Will.
        CORRELATION_DATA = 0x09 => "Correlation Data",
        /// Variable Byte Integer; PUBLISH, SUBSCRIBE.
        SUBSCRIPTION_IDENTIFIER = 0x0b => "Subscription Identifier",
        /// Four Byte Integer; CONNECT, CONNACK, DISCONNECT.
        SESSION_EXPIRY_INTERVAL = 0x11 => "Session Expiry Interval",
        /// UTF-8 Encoded String; CONNACK.
        ASSIGNED_CLIENT_IDENTIFIER = 0x12 => "Assigned Client Identifier",
        /// Two Byte Integer; CONNACK.
        SERVER_KEEP_ALIVE = 0x13 => "Server Keep Alive",
        /// UTF-8 Encoded String; CONNECT, CONNACK, AUTH.
        AUTHENTICATION_METHOD = 0x15 => "Authentication Method",
        /// Binary Data; CONNECT, CONNACK, AUTH.
        AUTHENTICATION_DATA = 0x16 => "Authentication Data",
        /// Byte; CONNECT.
        REQUEST_PROBLEM_INFORMATION = 0x17 => "Request Problem Information",
        /// Four Byte Integer; Will.
        WILL_DELAY_INTERVAL = 0x18 => "Will Delay Interval",
        /// Byte; CONNECT.
        REQUEST_RESPONSE_INFORMATION = 0x19 => "Request Response Information",
        /// UTF-8 Encoded String; CONNACK.
        RESPONSE_INFORMATION = 0x1a => "Response Information",
        /// UTF-8 Encoded String; CONNACK, DISCONNECT.
        SERVER_REFERENCE = 0x1c => "Server Reference",
        /// UTF-8 Encoded String; every acknowledgement, DISCONNECT, AUTH.
        REASON_STRING = 0x1f => "Reason String",
        /// Two Byte Integer; CONNECT, CONNACK.
        RECEIVE_MAXIMUM = 0x21 => "Receive Maximum",
        /// Two Byte Integer; CONNECT, CONNACK.
        TOPIC_ALIAS_MAXIMUM = 0x22 => "Topic Alias Maximum",
        /// Two Byte Integer; PUBLISH.
        TOPIC_ALIAS = 0x23 => "Topic Alias",
        /// Byte; CONNACK.
        MAXIMUM_QOS = 0x24 => "Maximum QoS",
        /// Byte; CONNACK.
        RETAIN_AVAILABLE = 0x25 => "Retain Available",
        /// UTF-8 String Pair; every packet with properties.
        USER_PROPERTY = 0x26 => "User Property",
        /// Four Byte Integer; CONNECT, CONNACK.
        MAXIMUM_PACKET_SIZE = 0x27 => "Maximum Packet Size",
        /// Byte; CONNACK.
        WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28 => "Wildcard Subscription Available",
        /// Byte; CONNACK.
        SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29 => "Subscription Identifier Available",
        /// Byte; CONNACK.
        SHARED_SUBSCRIPTION_AVAILABLE = 0x2a => "Shared Subscription Available",
    }
}

/// The data type of a property's value (MQTT 5.0 §1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyType {
    /// One byte.
    Byte,
    /// Two Byte Integer.
    TwoByte,
    /// Four Byte Integer.
    FourByte,
    /// Variable Byte Integer.
    VarInt,
    /// UTF-8 Encoded String.
    Utf8,
    /// Binary Data.
    Binary,
    /// UTF-8 String Pair.
    Pair,
}

/// Where a property list sits: a packet type, or the Will Properties of CONNECT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyContext {
    /// CONNECT.
    Connect,
    /// The Will Properties in CONNECT's payload.
    Will,
    /// CONNACK.
    Connack,
    /// PUBLISH.
    Publish,
    /// PUBACK.
    Puback,
    /// PUBREC.
    Pubrec,
    /// PUBREL.
    Pubrel,
    /// PUBCOMP.
    Pubcomp,
    /// SUBSCRIBE.
    Subscribe,
    /// SUBACK.
    Suback,
    /// UNSUBSCRIBE.
    Unsubscribe,
    /// UNSUBACK.
    Unsuback,
    /// DISCONNECT.
    Disconnect,
    /// AUTH.
    Auth,
}

impl PropertyContext {
    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

use PropertyContext as C;

const ACKS: u16 = C::Puback.bit()
    | C::Pubrec.bit()
    | C::Pubrel.bit()
    | C::Pubcomp.bit()
    | C::Suback.bit()
    | C::Unsuback.bit();
const MESSAGE: u16 = C::Publish.bit() | C::Will.bit();
const ALL: u16 = 0x3fff;

/// A property's definition: type, where it may appear, whether it may repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PropertyDef {
    /// The identifier.
    pub id: PropertyId,
    /// Its value's type.
    pub ty: PropertyType,
    contexts: u16,
    /// May appear more than once in one list (User Property; Subscription Identifier in a
    /// PUBLISH a server forwards, §3.3.2.3.8).
    pub repeatable: bool,
}

impl PropertyDef {
    /// True if the property may appear in `ctx`.
    pub const fn allowed_in(&self, ctx: PropertyContext) -> bool {
        self.contexts & ctx.bit() != 0
    }
}

/// The definitions of identifiers 0..64, in order, built at compile time.
macro_rules! definition_table {
    ($($i:literal)*) => {
        [$(PropertyId($i).registry_definition()),*]
    };
}

/// Definitions by identifier; every registered identifier is below 64.
static DEFINITIONS: [Option<PropertyDef>; 64] = definition_table!(
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
    32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61
    62 63
);

impl PropertyId {
    /// The definition of a registered property.
    #[inline]
    pub fn definition(self) -> Option<PropertyDef> {
        DEFINITIONS.get(self.0 as usize).copied().flatten()
    }

    const fn registry_definition(self) -> Option<PropertyDef> {
        use PropertyType::*;
        let (ty, contexts, repeatable) = match self {
            Self::PAYLOAD_FORMAT_INDICATOR => (Byte, MESSAGE, false),
            Self::MESSAGE_EXPIRY_INTERVAL => (FourByte, MESSAGE, false),
            Self::CONTENT_TYPE => (Utf8, MESSAGE, false),
            Self::RESPONSE_TOPIC => (Utf8, MESSAGE, false),
            Self::CORRELATION_DATA => (Binary, MESSAGE, false),
            Self::SUBSCRIPTION_IDENTIFIER => (VarInt, C::Publish.bit() | C::Subscribe.bit(), true),
            Self::SESSION_EXPIRY_INTERVAL => (
                FourByte,
                C::Connect.bit() | C::Connack.bit() | C::Disconnect.bit(),
                false,
            ),
            Self::ASSIGNED_CLIENT_IDENTIFIER => (Utf8, C::Connack.bit(), false),
            Self::SERVER_KEEP_ALIVE => (TwoByte, C::Connack.bit(), false),
            Self::AUTHENTICATION_METHOD => (
                Utf8,
                C::Connect.bit() | C::Connack.bit() | C::Auth.bit(),
                false,
            ),
            Self::AUTHENTICATION_DATA => (
                Binary,
                C::Connect.bit() | C::Connack.bit() | C::Auth.bit(),
                false,
            ),
            Self::REQUEST_PROBLEM_INFORMATION => (Byte, C::Connect.bit(), false),
            Self::WILL_DELAY_INTERVAL => (FourByte, C::Will.bit(), false),
            Self::REQUEST_RESPONSE_INFORMATION => (Byte, C::Connect.bit(), false),
            Self::RESPONSE_INFORMATION => (Utf8, C::Connack.bit(), false),
            Self::SERVER_REFERENCE => (Utf8, C::Connack.bit() | C::Disconnect.bit(), false),
            Self::REASON_STRING => (
                Utf8,
                ACKS | C::Connack.bit() | C::Disconnect.bit() | C::Auth.bit(),
                false,
            ),
            Self::RECEIVE_MAXIMUM => (TwoByte, C::Connect.bit() | C::Connack.bit(), false),
            Self::TOPIC_ALIAS_MAXIMUM => (TwoByte, C::Connect.bit() | C::Connack.bit(), false),
            Self::TOPIC_ALIAS => (TwoByte, C::Publish.bit(), false),
            Self::MAXIMUM_QOS => (Byte, C::Connack.bit(), false),
            Self::RETAIN_AVAILABLE => (Byte, C::Connack.bit(), false),
            Self::USER_PROPERTY => (Pair, ALL, true),
            Self::MAXIMUM_PACKET_SIZE => (FourByte, C::Connect.bit() | C::Connack.bit(), false),
            Self::WILDCARD_SUBSCRIPTION_AVAILABLE
            | Self::SUBSCRIPTION_IDENTIFIER_AVAILABLE
            | Self::SHARED_SUBSCRIPTION_AVAILABLE => (Byte, C::Connack.bit(), false),
            _ => return None,
        };
        Some(PropertyDef {
            id: self,
            ty,
            contexts,
            repeatable,
        })
    }
}

/// A property value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyValue<'a> {
    /// Byte.
    Byte(u8),
    /// Two Byte Integer.
    TwoByte(u16),
    /// Four Byte Integer.
    FourByte(u32),
    /// Variable Byte Integer.
    VarInt(u32),
    /// UTF-8 Encoded String.
    Utf8(&'a str),
    /// Binary Data.
    Binary(&'a [u8]),
    /// UTF-8 String Pair (name, value).
    Pair(&'a str, &'a str),
}

impl PropertyValue<'_> {
    /// The value's type.
    pub const fn ty(&self) -> PropertyType {
        match self {
            PropertyValue::Byte(_) => PropertyType::Byte,
            PropertyValue::TwoByte(_) => PropertyType::TwoByte,
            PropertyValue::FourByte(_) => PropertyType::FourByte,
            PropertyValue::VarInt(_) => PropertyType::VarInt,
            PropertyValue::Utf8(_) => PropertyType::Utf8,
            PropertyValue::Binary(_) => PropertyType::Binary,
            PropertyValue::Pair(..) => PropertyType::Pair,
        }
    }
}

/// One property: identifier and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Property<'a> {
    /// The identifier.
    pub id: PropertyId,
    /// The value.
    pub value: PropertyValue<'a>,
}

impl<'a> Property<'a> {
    /// A property.
    pub const fn new(id: PropertyId, value: PropertyValue<'a>) -> Self {
        Property { id, value }
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        let id = varint::vbi_len(self.id.0).unwrap_or(4);
        id + match self.value {
            PropertyValue::Byte(_) => 1,
            PropertyValue::TwoByte(_) => 2,
            PropertyValue::FourByte(_) => 4,
            PropertyValue::VarInt(v) => varint::vbi_len(v).unwrap_or(4),
            PropertyValue::Utf8(s) => bin_len(s.as_bytes()),
            PropertyValue::Binary(b) => bin_len(b),
            PropertyValue::Pair(k, v) => bin_len(k.as_bytes()) + bin_len(v.as_bytes()),
        }
    }

    /// Write a property [`checked_len`] has accepted: its identifier is registered (below
    /// 64, one byte on the wire) and its strings fit their two-byte lengths, so neither is
    /// checked again here.
    #[inline(always)]
    fn encode_checked<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        w.write_u8(self.id.0 as u8)?;
        match self.value {
            PropertyValue::Byte(b) => w.write_u8(b),
            PropertyValue::TwoByte(v) => w.write_u16(v),
            PropertyValue::FourByte(v) => w.write_u32(v),
            PropertyValue::VarInt(v) => varint::write_vbi(w, v),
            PropertyValue::Utf8(s) => write_short(w, s.as_bytes()),
            PropertyValue::Binary(b) => write_short(w, b),
            PropertyValue::Pair(k, v) => {
                write_short(w, k.as_bytes())?;
                write_short(w, v.as_bytes())
            }
        }
    }
}

/// Two-byte length and bytes, for a string or binary value `checked_len` has measured (at
/// most 65,535 bytes).
#[inline(always)]
fn write_short<W: Write + ?Sized>(w: &mut W, b: &[u8]) -> Result<(), EncodeError> {
    debug_assert!(b.len() <= usize::from(u16::MAX));
    w.write_u16(b.len() as u16)?;
    w.write_all(b)
}

/// Read a Variable Byte Integer inside a packet, with MQTT's error kinds.
#[inline]
pub(crate) fn read_varint(r: &mut Reader<'_>) -> Result<u32, Error> {
    // One byte (values below 128: every property identifier, most lengths).
    if let Some(b) = r.peek().filter(|&b| b < 0x80) {
        r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
        return Ok(u32::from(b));
    }
    read_varint_long(r)
}

fn read_varint_long(r: &mut Reader<'_>) -> Result<u32, Error> {
    varint::read_vbi(r).map_err(|e| {
        let kind = match e.kind {
            CoreErrorKind::VarIntNonMinimal => MqttErrorKind::NonMinimalVarInt,
            CoreErrorKind::UnexpectedEnd => MqttErrorKind::UnexpectedEnd,
            _ => MqttErrorKind::MalformedVarInt,
        };
        Error::new(kind, e.offset)
    })
}

#[inline(always)]
fn read_one<'a>(
    r: &mut Reader<'a>,
    opts: &DecodeOptions,
) -> Result<(Property<'a>, PropertyDef, usize), Error> {
    let start = r.offset();
    let id = PropertyId(read_varint(r)?);
    let def = id
        .definition()
        .ok_or(Error::new(MqttErrorKind::UnknownProperty, start))?;
    let value = match def.ty {
        PropertyType::Byte => {
            PropertyValue::Byte(r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?)
        }
        PropertyType::TwoByte => {
            PropertyValue::TwoByte(r.read_u16().or_kind(MqttErrorKind::UnexpectedEnd)?)
        }
        PropertyType::FourByte => {
            PropertyValue::FourByte(r.read_u32().or_kind(MqttErrorKind::UnexpectedEnd)?)
        }
        PropertyType::VarInt => PropertyValue::VarInt(read_varint(r)?),
        PropertyType::Utf8 => PropertyValue::Utf8(read_str(r, opts)?),
        PropertyType::Binary => PropertyValue::Binary(read_bin(r)?),
        PropertyType::Pair => {
            let k = read_str(r, opts)?;
            PropertyValue::Pair(k, read_str(r, opts)?)
        }
    };
    Ok((Property { id, value }, def, start))
}

/// Read one property of a list that [`Properties::decode`] already checked: no string rules
/// again, only what a safe `&str` needs. `None` at anything malformed.
#[inline(never)]
fn read_checked<'a>(r: &mut Reader<'a>) -> Option<Property<'a>> {
    let id = PropertyId(varint::read_vbi(r).ok()?);
    let value = match id.definition()?.ty {
        PropertyType::Byte => PropertyValue::Byte(r.read_u8().ok()?),
        PropertyType::TwoByte => PropertyValue::TwoByte(r.read_u16().ok()?),
        PropertyType::FourByte => PropertyValue::FourByte(r.read_u32().ok()?),
        PropertyType::VarInt => PropertyValue::VarInt(varint::read_vbi(r).ok()?),
        PropertyType::Utf8 => PropertyValue::Utf8(checked_str(r)?),
        PropertyType::Binary => PropertyValue::Binary(checked_bin(r)?),
        PropertyType::Pair => {
            let k = checked_str(r)?;
            PropertyValue::Pair(k, checked_str(r)?)
        }
    };
    Some(Property { id, value })
}

#[inline]
fn checked_bin<'a>(r: &mut Reader<'a>) -> Option<&'a [u8]> {
    let n = r.read_u16().ok()?;
    r.take(usize::from(n)).ok()
}

#[inline]
fn checked_str<'a>(r: &mut Reader<'a>) -> Option<&'a str> {
    crate::string::lenient_str(checked_bin(r)?)
}

/// A property list: validated wire bytes from a decode, or a slice built by the caller for
/// encoding. Both iterate the same way and compare equal when their properties are equal.
///
/// `List` holds a reference to the caller's slice reference, a thin pointer, so that
/// `Properties` is two words and [`Packet`](crate::Packet) (whose CONNECT carries two lists)
/// stays within 128 bytes: moving a decoded packet is then a few register moves, not a
/// `memcpy` call (`benches/README.md` measures the difference).
///
/// ```
/// use m2mwire_mqtt::{Properties, Property, PropertyId, PropertyValue};
///
/// let list: &[Property] = &[Property::new(PropertyId::MESSAGE_EXPIRY_INTERVAL, PropertyValue::FourByte(60))];
/// let props = Properties::List(&list);
/// assert_eq!(props.get(PropertyId::MESSAGE_EXPIRY_INTERVAL), Some(PropertyValue::FourByte(60)));
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Properties<'a> {
    /// Wire bytes (after the Property Length), checked when decoded.
    Wire(&'a [u8]),
    /// Properties given by value, written in this order.
    List(&'a &'a [Property<'a>]),
}

impl<'a> From<&'a &'a [Property<'a>]> for Properties<'a> {
    fn from(list: &'a &'a [Property<'a>]) -> Self {
        Properties::List(list)
    }
}

impl Default for Properties<'_> {
    fn default() -> Self {
        Properties::EMPTY
    }
}

impl<'a> Properties<'a> {
    /// No properties.
    pub const EMPTY: Properties<'static> = Properties::List(&(&[] as &[Property<'static>]));

    /// The properties in wire order.
    pub fn iter(&self) -> PropertyIter<'a> {
        match *self {
            Properties::Wire(b) => PropertyIter::Wire(Reader::new(b)),
            Properties::List(l) => PropertyIter::List(l.iter()),
        }
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        match self {
            Properties::Wire(b) => b.is_empty(),
            Properties::List(l) => l.is_empty(),
        }
    }

    /// The first property with `id`.
    pub fn get(&self, id: PropertyId) -> Option<PropertyValue<'a>> {
        self.iter().find(|p| p.id == id).map(|p| p.value)
    }

    /// Bytes of the properties without the Property Length prefix.
    pub fn body_len(&self) -> usize {
        match self {
            Properties::Wire(b) => b.len(),
            Properties::List(l) => l.iter().map(Property::encoded_len).sum(),
        }
    }

    /// Bytes including the Property Length prefix.
    pub fn encoded_len(&self) -> usize {
        let body = self.body_len();
        varint::vbi_len(body as u32).unwrap_or(4) + body
    }

    /// Write Property Length and the properties, as they would be in a packet of `ctx`:
    /// a list the strict decoder would refuse there is refused, and nothing is written.
    pub fn encode<W: Write + ?Sized>(
        &self,
        ctx: PropertyContext,
        w: &mut W,
    ) -> Result<(), EncodeError> {
        encode_checked(self, w, ctx)
    }

    /// Read Property Length and the properties that follow, validating every one for `ctx`:
    /// known identifier, allowed in this packet, not repeated unless the spec allows it,
    /// value in range, strings valid. Out of line, with the check and `read_one` inlined
    /// into it: left to the compiler, the check became a call of its own and a 5.0 PUBLISH
    /// decode took 61 ns instead of 45; inlined whole into the packet decoder, 97 (paired
    /// runs).
    #[inline(never)]
    pub(crate) fn decode(
        r: &mut Reader<'a>,
        ctx: PropertyContext,
        opts: &DecodeOptions,
    ) -> Result<Self, Error> {
        let start = r.offset();
        let len = read_varint(r)? as usize;
        let body = r
            .sub(len)
            .map_err(|_| Error::new(MqttErrorKind::UnexpectedEnd, start))?;
        let bytes = body.peek_rest();
        check_wire(body, ctx, opts)?;
        Ok(Properties::Wire(bytes))
    }
}

/// Validate property bytes (after the Property Length) for `ctx`: every property known,
/// allowed there, not repeated unless the spec allows it, its value in range, its strings
/// valid under `opts`.
#[inline(always)]
fn check_wire(
    mut body: Reader<'_>,
    ctx: PropertyContext,
    opts: &DecodeOptions,
) -> Result<(), Error> {
    let mut seen: u64 = 0;
    let mut count = 0usize;
    while !body.is_empty() {
        let (p, def, at) = read_one(&mut body, opts)?;
        count += 1;
        if count > opts.limits.max_options {
            return Err(Error::new(MqttErrorKind::TooManyItems, at));
        }
        // `read_one` only returns registered ids, all below 64.
        if !def.allowed_in(ctx) {
            return Err(Error::new(MqttErrorKind::PropertyNotAllowed, at));
        }
        let bit = 1u64 << (p.id.0 & 63);
        // Subscription Identifier may repeat only in a PUBLISH (§3.3.2.3.8); in SUBSCRIBE
        // it appears at most once (§3.8.2.1.2).
        let repeatable =
            def.repeatable && !(p.id == PropertyId::SUBSCRIPTION_IDENTIFIER && ctx == C::Subscribe);
        if seen & bit != 0 && !repeatable {
            return Err(Error::new(MqttErrorKind::DuplicateProperty, at));
        }
        seen |= bit;
        if !value_ok(&p) {
            return Err(Error::new(MqttErrorKind::InvalidPropertyValue, at));
        }
    }
    Ok(())
}

/// [`checked_len`] of wire bytes: the decoder's checks again, since `Properties::Wire` can be
/// built by hand, or decoded from another packet type. String contents are not judged (as
/// for a list): control characters pass, ill-formed UTF-8 and U+0000 do not.
#[inline(never)]
fn checked_wire_len(b: &[u8], ctx: PropertyContext) -> Result<usize, EncodeError> {
    let opts = DecodeOptions {
        relax: crate::error::Relax::all(),
        limits: m2mwire_core::Limits {
            max_options: usize::MAX,
            ..m2mwire_core::Limits::DEFAULT
        },
    };
    match check_wire(Reader::new(b), ctx, &opts) {
        Ok(()) => Ok(b.len()),
        Err(_) => Err(EncodeError::Invalid {
            what: "property bytes that are not a valid property list for this packet",
            clause: "MQTT 5.0 §2.2.2",
        }),
    }
}

/// The bit of a registered identifier (all are below 64) in a set of identifiers.
const fn id_bit(id: PropertyId) -> u64 {
    1 << (id.0 & 63)
}

/// Identifiers that may appear at most once in any list (all but User Property and
/// Subscription Identifier).
const ONCE: u64 =
    !(id_bit(PropertyId::USER_PROPERTY) | id_bit(PropertyId::SUBSCRIPTION_IDENTIFIER));

/// Byte properties whose value is 0 or 1.
const BOOLEAN: u64 = id_bit(PropertyId::PAYLOAD_FORMAT_INDICATOR)
    | id_bit(PropertyId::REQUEST_PROBLEM_INFORMATION)
    | id_bit(PropertyId::REQUEST_RESPONSE_INFORMATION)
    | id_bit(PropertyId::MAXIMUM_QOS)
    | id_bit(PropertyId::RETAIN_AVAILABLE)
    | id_bit(PropertyId::WILDCARD_SUBSCRIPTION_AVAILABLE)
    | id_bit(PropertyId::SUBSCRIPTION_IDENTIFIER_AVAILABLE)
    | id_bit(PropertyId::SHARED_SUBSCRIPTION_AVAILABLE);

/// Two and Four Byte Integer properties for which 0 is a Protocol Error.
const NON_ZERO: u64 = id_bit(PropertyId::RECEIVE_MAXIMUM)
    | id_bit(PropertyId::TOPIC_ALIAS)
    | id_bit(PropertyId::MAXIMUM_PACKET_SIZE);

/// String properties that are Topic Names.
const TOPIC_NAME: u64 = id_bit(PropertyId::RESPONSE_TOPIC);

/// Value ranges from the property definitions of MQTT 5.0 §3, for a property whose value
/// has its identifier's type: Byte properties that are 0 or 1; Receive Maximum, Topic Alias
/// and Maximum Packet Size 0 are Protocol Errors (§3.1.2.11.3, [MQTT-3.3.2-8], §3.1.2.11.4);
/// Subscription Identifier (the one Variable Byte Integer) 1..=268,435,455 (§3.3.2.3.8);
/// Response Topic is a Topic Name, without wildcards ([MQTT-3.3.2-14]). The encoder's check
/// (`checked_list_len`) applies the same sets in its own match.
fn value_ok(p: &Property<'_>) -> bool {
    let bit = id_bit(p.id);
    match p.value {
        PropertyValue::Byte(b) => b <= 1 || bit & BOOLEAN == 0,
        PropertyValue::TwoByte(v) => v != 0 || bit & NON_ZERO == 0,
        PropertyValue::FourByte(v) => v != 0 || bit & NON_ZERO == 0,
        PropertyValue::VarInt(v) => v != 0 && v <= varint::VBI_MAX,
        PropertyValue::Utf8(s) => {
            bit & TOPIC_NAME == 0 || crate::topic::validate_topic_name(s).is_ok()
        }
        PropertyValue::Binary(_) | PropertyValue::Pair(..) => true,
    }
}

/// Iterator over [`Properties`].
#[derive(Clone, Debug)]
pub enum PropertyIter<'a> {
    #[doc(hidden)]
    Wire(Reader<'a>),
    #[doc(hidden)]
    List(core::slice::Iter<'a, Property<'a>>),
}

impl<'a> Iterator for PropertyIter<'a> {
    type Item = Property<'a>;

    /// Small enough to inline: the end of a list (and an empty one, as every list of a 3.1.1
    /// packet is) is a compare where the list is walked, not a call.
    #[inline]
    fn next(&mut self) -> Option<Property<'a>> {
        match self {
            // Wire bytes were validated by `Properties::decode`; a failure here cannot happen
            // for them and ends the iteration.
            PropertyIter::Wire(r) if !r.is_empty() => read_checked(r),
            PropertyIter::Wire(_) => None,
            PropertyIter::List(i) => i.next().copied(),
        }
    }
}

impl PartialEq for Properties<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Properties<'_> {}

/// Check a caller-built property list before encoding it in `ctx`, then write it: Property
/// Length and the properties. The check and the length are one pass over the list; a list
/// that fails the check writes nothing.
pub(crate) fn encode_checked<W: Write + ?Sized>(
    p: &Properties<'_>,
    w: &mut W,
    ctx: PropertyContext,
) -> Result<(), EncodeError> {
    let body = checked_len(p, ctx)?;
    varint::write_vbi(w, u32::try_from(body).unwrap_or(u32::MAX))?;
    write_unchecked(p, w)
}

/// The bytes of a property list without its Property Length, checking a caller-built list
/// for `ctx` in the same pass: every identifier registered, of its type, allowed there.
#[inline(always)]
pub(crate) fn checked_len(p: &Properties<'_>, ctx: PropertyContext) -> Result<usize, EncodeError> {
    checked_len_with::<false>(p, ctx)
}

/// [`checked_len`] with the list's check inlined: for PUBLISH, the one packet that carries
/// properties at a message rate (paired runs: 5.0 PUBLISH encode 1.03-1.05 -> 0.95-0.99 of
/// mqttbytes); inlined into CONNECT's encoder too, it slowed that by a few percent.
#[inline(always)]
pub(crate) fn checked_len_inline(
    p: &Properties<'_>,
    ctx: PropertyContext,
) -> Result<usize, EncodeError> {
    checked_len_with::<true>(p, ctx)
}

/// [`checked_len`], the list's check inlined if `INLINE`.
#[inline(always)]
fn checked_len_with<const INLINE: bool>(
    p: &Properties<'_>,
    ctx: PropertyContext,
) -> Result<usize, EncodeError> {
    let list = if INLINE {
        checked_list_len
    } else {
        checked_list_len_outlined
    };
    match p {
        Properties::Wire([]) | Properties::List([]) => Ok(0),
        Properties::Wire(b) => checked_wire_len(b, ctx),
        // A length above u32::MAX has saturated: the packet's length check refuses it.
        Properties::List(l) => match list(l, ctx) {
            Ok(n) => Ok(n as usize),
            Err(f) => Err(f.error()),
        },
    }
}

/// [`checked_list_len`] out of line.
#[inline(never)]
fn checked_list_len_outlined(l: &[Property<'_>], ctx: PropertyContext) -> Result<u32, ListFault> {
    checked_list_len(l, ctx)
}

/// Why a caller-built property list cannot be encoded: one byte, so an out-of-line check
/// returns its `Result` (eight bytes) in a register, not through memory as a `usize` length
/// with an [`EncodeError`] would be.
#[derive(Clone, Copy, Debug)]
enum ListFault {
    NotHere,
    TooLong,
    Repeated,
    OutOfRange,
}

impl ListFault {
    #[cold]
    fn error(self) -> EncodeError {
        match self {
            ListFault::NotHere => EncodeError::Invalid {
                what: "property of the wrong type or not allowed in this packet",
                clause: "MQTT 5.0 §2.2.2.2",
            },
            ListFault::TooLong => crate::string::TOO_LONG,
            ListFault::Repeated => EncodeError::Invalid {
                what: "property that may appear once given twice",
                clause: "MQTT 5.0 §2.2.2.2, §3",
            },
            ListFault::OutOfRange => EncodeError::Invalid {
                what: "property value out of its range",
                clause: "MQTT 5.0 §1.5.5, §3 property definitions",
            },
        }
    }
}

/// What [`EXPECTED`] holds for an identifier that is not registered, or not allowed there.
const NOT_HERE: u8 = u8::MAX;

/// Per [`PropertyContext`] and identifier below 64, the [`PropertyType`] (as `u8`) a property
/// must have in that list, or [`NOT_HERE`]: registered, allowed and typed in one load.
static EXPECTED: [[u8; 64]; 14] = expected_types();

// Evaluated at compile time: an index out of range would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const fn expected_types() -> [[u8; 64]; 14] {
    let mut t = [[NOT_HERE; 64]; 14];
    let mut c = 0;
    while c < 14 {
        let mut id = 0;
        while id < 64 {
            if let Some(d) = PropertyId(id).registry_definition() {
                if d.contexts & (1 << c) != 0 {
                    t[c][id as usize] = d.ty as u8;
                }
            }
            id += 1;
        }
        c += 1;
    }
    t
}

/// [`checked_len`] of a non-empty list, `u32::MAX` if longer (no packet is that long).
#[inline(always)]
fn checked_list_len(l: &[Property<'_>], ctx: PropertyContext) -> Result<u32, ListFault> {
    const MAX: usize = u16::MAX as usize;
    let expected = EXPECTED.get(ctx as usize).unwrap_or(&[NOT_HERE; 64]);
    // Identifiers that may appear once here: all but User Property, and Subscription
    // Identifier outside SUBSCRIBE (§3.3.2.3.8, §3.8.2.1.2).
    let once = ONCE
        | if ctx == C::Subscribe {
            id_bit(PropertyId::SUBSCRIPTION_IDENTIFIER)
        } else {
            0
        };
    let mut n: usize = 0;
    let mut seen: u64 = 0;
    let mut again: u64 = 0;
    for prop in l {
        let want = usize::try_from(prop.id.0)
            .ok()
            .and_then(|i| expected.get(i))
            .copied()
            .unwrap_or(NOT_HERE);
        if want != prop.value.ty() as u8 {
            return Err(ListFault::NotHere);
        }
        // What the decoder refuses, the encoder does not write: a value out of its range
        // ([`value_ok`], judged here by type, which the table has just matched to the
        // identifier), a repeat of a property that may appear once (collected here, judged
        // after the loop). Registered identifiers are below 64, and one byte on the wire.
        let bit = id_bit(prop.id);
        again |= seen & bit;
        seen |= bit;
        // The value's bytes, the longest string or binary in it (at most 65,535), and
        // whether it is in range.
        let (len, longest, in_range) = match prop.value {
            PropertyValue::Byte(b) => (1, 0, b <= 1 || bit & BOOLEAN == 0),
            PropertyValue::TwoByte(v) => (2, 0, v != 0 || bit & NON_ZERO == 0),
            PropertyValue::FourByte(v) => (4, 0, v != 0 || bit & NON_ZERO == 0),
            // Subscription Identifier, the one Variable Byte Integer: 1..=268,435,455.
            PropertyValue::VarInt(v) => (
                varint::vbi_len(v).unwrap_or(4),
                0,
                v != 0 && v <= varint::VBI_MAX,
            ),
            // A Topic Name is non-empty and has no wildcard (`validate_topic_name`), here
            // scanned inline: the call kept five of the loop's registers on the stack.
            PropertyValue::Utf8(s) => (
                2 + s.len(),
                s.len(),
                bit & TOPIC_NAME == 0
                    || (!s.is_empty() && crate::string::no_wildcard(s.as_bytes())),
            ),
            PropertyValue::Binary(b) => (2 + b.len(), b.len(), true),
            PropertyValue::Pair(k, v) => (4 + k.len() + v.len(), k.len().max(v.len()), true),
        };
        if longest > MAX {
            return Err(ListFault::TooLong);
        }
        if !in_range {
            return Err(ListFault::OutOfRange);
        }
        // At most 131,075 bytes each (a User Property of two 65,535-byte strings): no slice
        // of properties is long enough to overflow the sum.
        n += 1 + len;
    }
    if again & once != 0 {
        return Err(ListFault::Repeated);
    }
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Write the properties of a list [`checked_len`] accepted, without the Property Length.
/// Inlined, so a PUBLISH encoder's local slice stays in registers.
#[inline(always)]
pub(crate) fn write_unchecked<W: Write + ?Sized>(
    p: &Properties<'_>,
    w: &mut W,
) -> Result<(), EncodeError> {
    match p {
        Properties::Wire(b) => w.write_all(b),
        Properties::List(l) => {
            // A loop, not `try_for_each`: that one stayed a call, with the sink in memory.
            for prop in l.iter() {
                prop.encode_checked(w)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXTS: [PropertyContext; 14] = [
        C::Connect,
        C::Will,
        C::Connack,
        C::Publish,
        C::Puback,
        C::Pubrec,
        C::Pubrel,
        C::Pubcomp,
        C::Subscribe,
        C::Suback,
        C::Unsubscribe,
        C::Unsuback,
        C::Disconnect,
        C::Auth,
    ];

    /// The encoder's range check agrees with the decoder's `value_ok` for every registered
    /// identifier, in every context it is allowed in, over values at and around each bound.
    #[test]
    fn the_encoder_refuses_exactly_the_values_the_decoder_refuses() {
        for id in 0..64u32 {
            let Some(d) = PropertyId(id).definition() else {
                continue;
            };
            let values: &[PropertyValue<'_>] = match d.ty {
                PropertyType::Byte => &[
                    PropertyValue::Byte(0),
                    PropertyValue::Byte(1),
                    PropertyValue::Byte(2),
                    PropertyValue::Byte(255),
                ],
                PropertyType::TwoByte => &[PropertyValue::TwoByte(0), PropertyValue::TwoByte(1)],
                PropertyType::FourByte => &[PropertyValue::FourByte(0), PropertyValue::FourByte(1)],
                PropertyType::VarInt => &[
                    PropertyValue::VarInt(0),
                    PropertyValue::VarInt(1),
                    PropertyValue::VarInt(varint::VBI_MAX),
                    PropertyValue::VarInt(varint::VBI_MAX + 1),
                ],
                PropertyType::Utf8 => &[
                    PropertyValue::Utf8(""),
                    PropertyValue::Utf8("a/b"),
                    PropertyValue::Utf8("a/+"),
                    PropertyValue::Utf8("#"),
                    PropertyValue::Utf8("responses/device-17/+/x"),
                    PropertyValue::Utf8("responses/device-17/status"),
                ],
                PropertyType::Binary => &[PropertyValue::Binary(b"")],
                PropertyType::Pair => &[PropertyValue::Pair("", "")],
            };
            for ctx in CONTEXTS.into_iter().filter(|&c| d.allowed_in(c)) {
                for &value in values {
                    let p = Property::new(PropertyId(id), value);
                    let list: &[Property<'_>] = &[p];
                    let encodes = checked_len(&Properties::List(&list), ctx).is_ok();
                    assert_eq!(encodes, value_ok(&p), "{ctx:?} {p:?}");
                }
            }
        }
    }

    /// `Properties::encode` checks for its context, wire bytes as much as a list, and
    /// writes nothing when it refuses.
    #[test]
    fn a_property_list_is_encoded_only_where_it_is_valid() {
        let list: &[Property<'_>] = &[Property::new(
            PropertyId::SESSION_EXPIRY_INTERVAL,
            PropertyValue::FourByte(60),
        )];
        let wire = Properties::Wire(b"\x11\x00\x00\x00\x3c");
        for p in [Properties::List(&list), wire] {
            let mut buf = [0u8; 8];
            let mut sink = &mut buf[..];
            assert!(p.encode(C::Publish, &mut sink).is_err());
            assert_eq!(sink.len(), 8);
            assert_eq!(buf, [0; 8]);
            let mut sink = &mut buf[..];
            p.encode(C::Connect, &mut sink).unwrap();
            assert_eq!(buf[..6], *b"\x05\x11\x00\x00\x00\x3c");
        }
    }

    /// The encoder's one-load table says what the definitions say, for every context and
    /// every identifier below 64; and a list of one property of each registered identifier
    /// passes the encoder's check exactly where the definition allows it, and only with a
    /// value of its type.
    #[test]
    fn expected_types_agree_with_the_definitions() {
        for ctx in CONTEXTS {
            let row = EXPECTED.get(ctx as usize).unwrap();
            for id in 0..64u32 {
                let want = PropertyId(id)
                    .definition()
                    .filter(|d| d.allowed_in(ctx))
                    .map_or(NOT_HERE, |d| d.ty as u8);
                assert_eq!(row.get(id as usize), Some(&want), "{ctx:?} id {id}");
                let Some(d) = PropertyId(id).definition() else {
                    continue;
                };
                let value = match d.ty {
                    PropertyType::Byte => PropertyValue::Byte(1),
                    PropertyType::TwoByte => PropertyValue::TwoByte(1),
                    PropertyType::FourByte => PropertyValue::FourByte(1),
                    PropertyType::VarInt => PropertyValue::VarInt(1),
                    PropertyType::Utf8 => PropertyValue::Utf8("a"),
                    PropertyType::Binary => PropertyValue::Binary(b"a"),
                    PropertyType::Pair => PropertyValue::Pair("a", "b"),
                };
                let list: &[Property<'_>] = &[Property::new(PropertyId(id), value)];
                let r = checked_len(&Properties::List(&list), ctx);
                if d.allowed_in(ctx) {
                    assert_eq!(r, Ok(Property::new(PropertyId(id), value).encoded_len()));
                } else {
                    assert!(r.is_err(), "{ctx:?} id {id}");
                }
                // A value of another type is refused everywhere.
                let other = match d.ty {
                    PropertyType::Byte => PropertyValue::TwoByte(1),
                    _ => PropertyValue::Byte(1),
                };
                let list: &[Property<'_>] = &[Property::new(PropertyId(id), other)];
                assert!(checked_len(&Properties::List(&list), ctx).is_err());
            }
        }
    }
}
