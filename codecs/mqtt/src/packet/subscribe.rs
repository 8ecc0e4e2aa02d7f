//! SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK (3.1.1 §3.8–§3.11, 5.0 §3.8–§3.11).

use super::fill::Fill;
use super::{
    Ctx, Packet, checked_props, expect_end, packet_len, props_field, props_len, read_packet_id,
    write_checked_props, write_fixed_header, write_props,
};
use crate::error::{Error, MqttErrorKind};
use crate::header::PacketType;
use crate::header::QoS;
use crate::property::{Properties, PropertyContext};
use crate::reason::{ReasonCode, ReasonContext, allowed};
use crate::string::{TOO_LONG, bin_len, check_str, lenient_str, no_nul, read_bin, write_bin};
use crate::topic::{SHARE_PREFIX, plain_filter, validate_topic_filter};
use m2mwire_core::{EncodeError, Reader, ResultExt, Write};

/// Retain Handling of a 5.0 subscription (§3.8.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RetainHandling {
    /// 0: send retained messages at subscribe time.
    #[default]
    SendOnSubscribe = 0,
    /// 1: send them only if the subscription is new.
    SendIfNew = 1,
    /// 2: do not send them.
    DoNotSend = 2,
}

/// The Requested QoS byte (3.1.1) / Subscription Options byte (5.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct SubscriptionOptions {
    /// Maximum QoS.
    pub qos: QoS,
    /// No Local (5.0).
    pub no_local: bool,
    /// Retain As Published (5.0).
    pub retain_as_published: bool,
    /// Retain Handling (5.0).
    pub retain_handling: RetainHandling,
}

impl SubscriptionOptions {
    /// Options with just a QoS (all 3.1.1 can say).
    pub const fn qos(qos: QoS) -> Self {
        SubscriptionOptions {
            qos,
            no_local: false,
            retain_as_published: false,
            retain_handling: RetainHandling::SendOnSubscribe,
        }
    }

    /// The byte.
    pub const fn to_byte(self) -> u8 {
        self.qos.bits()
            | ((self.no_local as u8) << 2)
            | ((self.retain_as_published as u8) << 3)
            | ((self.retain_handling as u8) << 4)
    }

    /// Read the byte for `v5`, enforcing its reserved bits and ranges.
    fn from_byte(b: u8, v5: bool) -> Result<Self, MqttErrorKind> {
        // 3.1.1: upper six bits reserved [MQTT-3.8.3-4]; 5.0: bits 7–6 [MQTT-3.8.3-5].
        let reserved = if v5 { 0xc0 } else { 0xfc };
        if b & reserved != 0 {
            return Err(MqttErrorKind::SubscriptionOptionsReserved);
        }
        let qos = QoS::from_bits(b & 0b11).ok_or(MqttErrorKind::InvalidRequestedQos)?;
        let retain_handling = match (b >> 4) & 0b11 {
            0 => RetainHandling::SendOnSubscribe,
            1 => RetainHandling::SendIfNew,
            2 => RetainHandling::DoNotSend,
            _ => return Err(MqttErrorKind::InvalidRetainHandling),
        };
        Ok(SubscriptionOptions {
            qos,
            no_local: b & 0b100 != 0,
            retain_as_published: b & 0b1000 != 0,
            retain_handling,
        })
    }
}

/// One Topic Filter with its options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Subscription<'a> {
    /// The Topic Filter.
    pub filter: &'a str,
    /// The options.
    pub options: SubscriptionOptions,
}

/// The subscriptions of a SUBSCRIBE: checked wire bytes or a caller's slice.
#[derive(Clone, Copy, Debug)]
pub enum Subscriptions<'a> {
    /// Wire bytes of the payload, checked when decoded.
    Wire(&'a [u8]),
    /// Given by value.
    List(&'a [Subscription<'a>]),
}

impl<'a> Subscriptions<'a> {
    /// The subscriptions in order.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = Subscription<'a>> + 'a {
        match *self {
            Subscriptions::Wire(b) => SubscriptionIter::Wire(WireStrs::new(b)),
            Subscriptions::List(l) => SubscriptionIter::List(l.iter()),
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            Subscriptions::Wire(b) => b.len(),
            Subscriptions::List(l) => l.iter().map(|s| bin_len(s.filter.as_bytes()) + 1).sum(),
        }
    }
}

impl PartialEq for Subscriptions<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Subscriptions<'_> {}

/// The Topic Filters of an UNSUBSCRIBE: checked wire bytes or a caller's slice.
#[derive(Clone, Copy, Debug)]
pub enum TopicFilters<'a> {
    /// Wire bytes of the payload, checked when decoded.
    Wire(&'a [u8]),
    /// Given by value.
    List(&'a [&'a str]),
}

impl<'a> TopicFilters<'a> {
    /// The filters in order.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        match *self {
            TopicFilters::Wire(b) => FilterIter::Wire(WireStrs::new(b)),
            TopicFilters::List(l) => FilterIter::List(l.iter()),
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            TopicFilters::Wire(b) => b.len(),
            TopicFilters::List(l) => l.iter().map(|f| bin_len(f.as_bytes())).sum(),
        }
    }
}

impl PartialEq for TopicFilters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for TopicFilters<'_> {}

/// Checked wire bytes of a payload of length-prefixed strings (and, for SUBSCRIBE, option
/// bytes), read front to back. When the whole payload is UTF-8 — ASCII filters shorter than
/// 128 bytes make the length and option bytes ASCII too — it is checked once, and each
/// string is a slice of that `&str`, instead of one `from_utf8` call per string.
#[derive(Clone)]
struct WireStrs<'a> {
    bytes: &'a [u8],
    text: Option<&'a str>,
    pos: usize,
}

impl<'a> WireStrs<'a> {
    #[inline]
    fn new(bytes: &'a [u8]) -> Self {
        WireStrs {
            bytes,
            text: core::str::from_utf8(bytes).ok(),
            pos: 0,
        }
    }

    /// The next length-prefixed string, as `lenient_str` reads it (UTF-8 without U+0000);
    /// `None` at the end or at anything malformed.
    #[inline]
    fn next_str(&mut self) -> Option<&'a str> {
        let len = self.bytes.get(self.pos..)?.first_chunk::<2>()?;
        let start = self.pos + 2;
        let end = start + usize::from(u16::from_be_bytes(*len));
        let raw = self.bytes.get(start..end)?;
        // A slice of valid UTF-8 on character boundaries is valid UTF-8; off a boundary, the
        // string alone would not be valid either, and `lenient_str` says so.
        let s = match self.text.and_then(|t| t.get(start..end)) {
            Some(s) if no_nul(raw) => s,
            Some(_) => return None,
            None => lenient_str(raw)?,
        };
        self.pos = end;
        Some(s)
    }

    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
}

/// Iterator over [`Subscriptions`]: wire bytes that `Subscribe::decode` checked are read
/// without checking them again; it stops at anything malformed.
enum SubscriptionIter<'a> {
    Wire(WireStrs<'a>),
    List(core::slice::Iter<'a, Subscription<'a>>),
}

impl<'a> Iterator for SubscriptionIter<'a> {
    type Item = Subscription<'a>;

    #[inline]
    fn next(&mut self) -> Option<Subscription<'a>> {
        match self {
            SubscriptionIter::Wire(w) => {
                let at = w.pos;
                let item = w.next_str().and_then(|filter| {
                    // Checked at decode; the 5.0 reading keeps every bit either version allows.
                    let options = SubscriptionOptions::from_byte(w.next_byte()?, true).ok()?;
                    Some(Subscription { filter, options })
                });
                // At anything malformed it stays where it is: every later call ends there too.
                if item.is_none() {
                    w.pos = at;
                }
                item
            }
            SubscriptionIter::List(l) => l.next().copied(),
        }
    }
}

/// Iterator over [`TopicFilters`], like [`SubscriptionIter`].
enum FilterIter<'a> {
    Wire(WireStrs<'a>),
    List(core::slice::Iter<'a, &'a str>),
}

impl<'a> Iterator for FilterIter<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        match self {
            FilterIter::Wire(w) => w.next_str(),
            FilterIter::List(l) => l.next().copied(),
        }
    }
}

/// Read and check one Topic Filter; returns its bytes, which are valid UTF-8. The decoder
/// keeps the payload as wire bytes, so a filter proven printable ASCII is never made a
/// `&str` here.
fn read_filter<'a>(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<&'a [u8], Error> {
    let at = r.offset() + 2;
    let bytes = read_bin(r)?;
    // Printable ASCII with every wildcard alone in its level (and `#` last) passes both the
    // string rules and the filter rules; a shared subscription (5.0) has more rules.
    if plain_filter(bytes) && !(cx.v5() && bytes.starts_with(SHARE_PREFIX.as_bytes())) {
        return Ok(bytes);
    }
    let f = check_str(bytes, at, cx.opts)?;
    validate_topic_filter(f, cx.v5()).map_err(|(k, i)| Error::new(k, at + i))?;
    Ok(bytes)
}

/// A SUBSCRIBE packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subscribe<'a> {
    /// Packet Identifier.
    pub packet_id: u16,
    /// SUBSCRIBE properties (5.0).
    pub properties: Properties<'a>,
    /// At least one subscription.
    pub subscriptions: Subscriptions<'a>,
}

impl<'a> Subscribe<'a> {
    /// Decode the body into its [`Packet`], built in place (see `Ack::decode`).
    pub(super) fn decode(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        let packet_id = read_packet_id(r)?;
        let properties = if cx.v5() {
            Properties::decode(r, PropertyContext::Subscribe, cx.opts)?
        } else {
            Properties::EMPTY
        };
        let payload = r.peek_rest();
        if payload.is_empty() {
            return Err(Error::new(MqttErrorKind::NoSubscriptions, r.offset()));
        }
        let mut count = 0;
        while !r.is_empty() {
            let filter = read_filter(r, cx)?;
            let at = r.offset();
            let b = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
            let options =
                SubscriptionOptions::from_byte(b, cx.v5()).map_err(|k| Error::new(k, at))?;
            if cx.v5() && options.no_local && filter.starts_with(SHARE_PREFIX.as_bytes()) {
                return Err(Error::new(MqttErrorKind::NoLocalOnSharedSubscription, at));
            }
            count += 1;
            if count > cx.opts.limits.max_options {
                return Err(Error::new(MqttErrorKind::TooManyItems, at));
            }
        }
        Ok(Packet::Subscribe(Subscribe {
            packet_id,
            properties,
            subscriptions: Subscriptions::Wire(payload),
        }))
    }

    pub(super) fn body_len(&self, v5: bool) -> usize {
        2 + props_len(v5, &self.properties) + self.subscriptions.encoded_len()
    }

    /// The whole packet, fixed header included: every rule the encoding depends on is
    /// checked first (nothing is written if one fails), then the packet fills a chunk the
    /// sink lends, if it does, with its filters copied inline.
    #[inline(never)]
    pub(super) fn encode_packet<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        let (props, subs) = self.check(v5)?;
        let body = 2 + props_field(v5, props) + subs;
        debug_assert_eq!(body, self.body_len(v5));
        // Fixed-header flags 0010 [MQTT-3.8.1-1].
        const B0: u8 = (PacketType::SUBSCRIBE.0 << 4)
            | match PacketType::SUBSCRIBE.required_flags() {
                Some(f) => f,
                None => 0,
            };
        let b0 = B0;
        let total = packet_len(body)?;
        if let Some(c) = w.chunk(total) {
            let mut f = Fill(c);
            f.fixed_header(b0, body)?;
            self.write_fields(&mut f, v5, props)?;
            debug_assert!(
                f.0.is_empty(),
                "SUBSCRIBE length disagrees with the bytes written"
            );
            return Ok(());
        }
        write_fixed_header(w, b0, body)?;
        self.write_fields(w, v5, props)
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        let (props, _) = self.check(v5)?;
        self.write_fields(w, v5, props)
    }

    /// The rules the encoding depends on: a non-zero packet identifier and at least one
    /// filter, each filter's length, options 3.1.1 can carry (QoS only: the other bits are
    /// reserved there [MQTT-3.8.3-4]) and the property list. Returns the lengths of the
    /// property list (without its Property Length) and of the payload.
    fn check(&self, v5: bool) -> Result<(usize, usize), EncodeError> {
        if self.packet_id == 0 || self.subscriptions.iter().next().is_none() {
            return Err(EncodeError::Invalid {
                what: "SUBSCRIBE needs a non-zero packet identifier and a topic filter",
                clause: "[MQTT-2.3.1-1] [MQTT-3.8.3-3]",
            });
        }
        let subs = match self.subscriptions {
            Subscriptions::Wire(b) => b.len(),
            Subscriptions::List(l) => {
                let mut n = 0;
                for s in l {
                    if s.filter.len() > usize::from(u16::MAX) {
                        return Err(TOO_LONG);
                    }
                    if !v5 && s.options.to_byte() > 0b11 {
                        return Err(EncodeError::Invalid {
                            what: "subscription options other than QoS in MQTT 3.1.1",
                            clause: "[MQTT-3.8.3-4]",
                        });
                    }
                    n += bin_len(s.filter.as_bytes()) + 1;
                }
                n
            }
        };
        Ok((
            checked_props(v5, &self.properties, PropertyContext::Subscribe)?,
            subs,
        ))
    }

    /// Packet identifier, properties and subscriptions of a SUBSCRIBE [`Self::check`]
    /// accepted.
    #[inline(always)]
    fn write_fields<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
        props: usize,
    ) -> Result<(), EncodeError> {
        w.write_u16(self.packet_id)?;
        write_checked_props(w, v5, &self.properties, props)?;
        match self.subscriptions {
            Subscriptions::Wire(b) => w.write_all(b),
            Subscriptions::List(l) => {
                for s in l {
                    write_bin(w, s.filter.as_bytes())?;
                    w.write_u8(s.options.to_byte())?;
                }
                Ok(())
            }
        }
    }
}

/// Read a non-empty list of reason codes, each allowed in `ctx`.
fn read_codes<'a>(r: &mut Reader<'a>, ctx: ReasonContext) -> Result<&'a [u8], Error> {
    let start = r.offset();
    let codes = r.rest();
    if codes.is_empty() {
        return Err(Error::new(MqttErrorKind::NoReasonCodes, start));
    }
    match codes.iter().position(|&c| !allowed(ctx, c)) {
        Some(i) => Err(Error::new(MqttErrorKind::InvalidReasonCode, start + i)),
        None => Ok(codes),
    }
}

/// A SUBACK packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suback<'a> {
    /// Packet Identifier.
    pub packet_id: u16,
    /// SUBACK properties (5.0).
    pub properties: Properties<'a>,
    /// One return/reason code byte per subscription, in order.
    pub reason_codes: &'a [u8],
}

impl<'a> Suback<'a> {
    /// The codes as [`ReasonCode`]s.
    pub fn codes(&self) -> impl Iterator<Item = ReasonCode> + 'a {
        self.reason_codes.iter().map(|&c| ReasonCode(c))
    }

    /// Decode the body into its [`Packet`], built in place (see `Ack::decode`).
    pub(super) fn decode(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        let packet_id = read_packet_id(r)?;
        let (properties, ctx) = if cx.v5() {
            (
                Properties::decode(r, PropertyContext::Suback, cx.opts)?,
                ReasonContext::Suback,
            )
        } else {
            (Properties::EMPTY, ReasonContext::SubackV311)
        };
        Ok(Packet::Suback(Suback {
            packet_id,
            properties,
            reason_codes: read_codes(r, ctx)?,
        }))
    }

    pub(super) fn body_len(&self, v5: bool) -> usize {
        2 + props_len(v5, &self.properties) + self.reason_codes.len()
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        w.write_u16(self.packet_id)?;
        write_props(w, v5, &self.properties, PropertyContext::Suback)?;
        w.write_all(self.reason_codes)
    }
}

/// An UNSUBSCRIBE packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsubscribe<'a> {
    /// Packet Identifier.
    pub packet_id: u16,
    /// UNSUBSCRIBE properties (5.0).
    pub properties: Properties<'a>,
    /// At least one Topic Filter.
    pub filters: TopicFilters<'a>,
}

impl<'a> Unsubscribe<'a> {
    /// Decode the body into its [`Packet`], built in place (see `Ack::decode`).
    pub(super) fn decode(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        let packet_id = read_packet_id(r)?;
        let properties = if cx.v5() {
            Properties::decode(r, PropertyContext::Unsubscribe, cx.opts)?
        } else {
            Properties::EMPTY
        };
        let payload = r.peek_rest();
        if payload.is_empty() {
            return Err(Error::new(MqttErrorKind::NoUnsubscriptions, r.offset()));
        }
        let mut count = 0;
        while !r.is_empty() {
            let at = r.offset();
            read_filter(r, cx)?;
            count += 1;
            if count > cx.opts.limits.max_options {
                return Err(Error::new(MqttErrorKind::TooManyItems, at));
            }
        }
        Ok(Packet::Unsubscribe(Unsubscribe {
            packet_id,
            properties,
            filters: TopicFilters::Wire(payload),
        }))
    }

    pub(super) fn body_len(&self, v5: bool) -> usize {
        2 + props_len(v5, &self.properties) + self.filters.encoded_len()
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        if self.packet_id == 0 || self.filters.iter().next().is_none() {
            return Err(EncodeError::Invalid {
                what: "UNSUBSCRIBE needs a non-zero packet identifier and a topic filter",
                clause: "[MQTT-2.3.1-1] [MQTT-3.10.3-2]",
            });
        }
        w.write_u16(self.packet_id)?;
        write_props(w, v5, &self.properties, PropertyContext::Unsubscribe)?;
        match self.filters {
            TopicFilters::Wire(b) => w.write_all(b),
            TopicFilters::List(l) => l.iter().try_for_each(|f| write_bin(w, f.as_bytes())),
        }
    }
}

/// An UNSUBACK packet. In 3.1.1 it has no properties and no reason codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsuback<'a> {
    /// Packet Identifier.
    pub packet_id: u16,
    /// UNSUBACK properties (5.0).
    pub properties: Properties<'a>,
    /// One reason code byte per filter (5.0); empty in 3.1.1.
    pub reason_codes: &'a [u8],
}

impl<'a> Unsuback<'a> {
    /// Decode the body into its [`Packet`], built in place (see `Ack::decode`).
    pub(super) fn decode(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        let packet_id = read_packet_id(r)?;
        if !cx.v5() {
            expect_end(r)?;
            return Ok(Packet::Unsuback(Unsuback {
                packet_id,
                properties: Properties::EMPTY,
                reason_codes: &[],
            }));
        }
        let properties = Properties::decode(r, PropertyContext::Unsuback, cx.opts)?;
        Ok(Packet::Unsuback(Unsuback {
            packet_id,
            properties,
            reason_codes: read_codes(r, ReasonContext::Unsuback)?,
        }))
    }

    pub(super) fn body_len(&self, v5: bool) -> usize {
        2 + props_len(v5, &self.properties) + if v5 { self.reason_codes.len() } else { 0 }
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        if !v5 && !self.reason_codes.is_empty() {
            return Err(EncodeError::Invalid {
                what: "reason codes in an MQTT 3.1.1 UNSUBACK",
                clause: "MQTT 3.1.1 §3.11",
            });
        }
        w.write_u16(self.packet_id)?;
        write_props(w, v5, &self.properties, PropertyContext::Unsuback)?;
        w.write_all(self.reason_codes)
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::header::ProtocolVersion;
    use crate::packet::test_support::{LONG, assert_writes_nothing};
    use crate::property::{Property, PropertyId, PropertyValue};
    use proptest::prelude::*;

    /// Every rule a SUBSCRIBE encoding can break is checked before the first byte, whether
    /// or not the sink lends the whole packet; and what passes is what the decoder reads.
    #[test]
    fn a_subscribe_that_cannot_be_encoded_writes_nothing() {
        let long = core::str::from_utf8(&LONG).unwrap();
        let v5_options = SubscriptionOptions {
            no_local: true,
            ..SubscriptionOptions::qos(QoS::AtLeastOnce)
        };
        let ok_subs = [Subscription {
            filter: "a/+",
            options: SubscriptionOptions::qos(QoS::ExactlyOnce),
        }];
        let long_subs = [Subscription {
            filter: long,
            options: SubscriptionOptions::qos(QoS::AtMostOnce),
        }];
        let v5_subs = [Subscription {
            filter: "a/b",
            options: v5_options,
        }];
        let props: &[Property<'_>] = &[Property::new(
            PropertyId::TOPIC_ALIAS,
            PropertyValue::TwoByte(1),
        )];
        let ok = Subscribe {
            packet_id: 9,
            properties: Properties::EMPTY,
            subscriptions: Subscriptions::List(&ok_subs),
        };
        let bad = [
            (Subscribe { packet_id: 0, ..ok }, ProtocolVersion::V311),
            (
                Subscribe {
                    subscriptions: Subscriptions::List(&[]),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            (
                Subscribe {
                    subscriptions: Subscriptions::List(&long_subs),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
            // No Local cannot be said in 3.1.1: those bits are reserved there.
            (
                Subscribe {
                    subscriptions: Subscriptions::List(&v5_subs),
                    ..ok
                },
                ProtocolVersion::V311,
            ),
            // Topic Alias is not a SUBSCRIBE property.
            (
                Subscribe {
                    properties: Properties::List(&props),
                    ..ok
                },
                ProtocolVersion::V5,
            ),
        ];
        for (p, v) in bad {
            assert_writes_nothing(&Packet::Subscribe(p), v);
        }
        // The same options are fine in 5.0, and read back as written.
        let good = Packet::Subscribe(Subscribe {
            subscriptions: Subscriptions::List(&v5_subs),
            ..ok
        });
        for room in [4usize, 64] {
            let mut buf = [0u8; 64];
            let mut sink = &mut buf[..room];
            let r = good.encode(ProtocolVersion::V5, &mut sink);
            let n = room - sink.len();
            if room < good.encoded_len(ProtocolVersion::V5) {
                assert!(matches!(r, Err(EncodeError::BufferFull { .. })), "{r:?}");
            } else {
                r.unwrap();
                let back = Packet::decode(
                    &buf[..n],
                    ProtocolVersion::V5,
                    &crate::DecodeOptions::strict(),
                )
                .unwrap();
                assert_eq!(back, good);
            }
        }
    }

    /// The per-string reading the iterators did before `WireStrs`: `lenient_str` on each.
    fn reference(mut b: &[u8], with_options: bool) -> alloc::vec::Vec<(&str, Option<u8>)> {
        let mut out = alloc::vec::Vec::new();
        loop {
            let Some((len, rest)) = b.split_first_chunk::<2>() else {
                return out;
            };
            let Some((s, rest)) = rest.split_at_checked(usize::from(u16::from_be_bytes(*len)))
            else {
                return out;
            };
            let Some(s) = lenient_str(s) else { return out };
            if with_options {
                let Some((&o, rest)) = rest.split_first() else {
                    return out;
                };
                if SubscriptionOptions::from_byte(o, true).is_err() {
                    return out;
                }
                out.push((s, Some(o)));
                b = rest;
            } else {
                out.push((s, None));
                b = rest;
            }
        }
    }

    /// Payloads of strings over bytes that matter here: ASCII, U+0000, the parts of a
    /// two-byte character (split across strings or not), bytes never valid in UTF-8, and
    /// lengths of 128 and more (a length byte that is not ASCII).
    fn payload() -> impl Strategy<Value = alloc::vec::Vec<u8>> {
        let byte = prop::sample::select(alloc::vec![b'a', b'/', b'+', 0, 0xc3, 0xa9, 0xff, 0x7f]);
        let string = prop::collection::vec(byte, 0..20);
        let item = (string, any::<bool>(), 0u8..0x40, any::<bool>());
        prop::collection::vec(item, 0..6).prop_map(|items| {
            let mut out = alloc::vec::Vec::new();
            for (mut s, long, options, cut) in items {
                if long {
                    s.resize(130 + s.len(), b'x');
                }
                let n = u16::try_from(s.len()).unwrap_or(u16::MAX);
                out.extend_from_slice(&n.to_be_bytes());
                out.extend_from_slice(&s);
                out.push(options);
                if cut {
                    out.pop();
                }
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn wire_iterators_read_as_lenient_str_did(b in payload()) {
            let subs: alloc::vec::Vec<_> = Subscriptions::Wire(&b)
                .iter()
                .map(|s| (s.filter, Some(s.options.to_byte())))
                .collect();
            prop_assert_eq!(subs, reference(&b, true));
            let mut it = Subscriptions::Wire(&b).iter();
            while it.next().is_some() {}
            prop_assert!(it.next().is_none(), "a subscription after the end");
            let mut it = TopicFilters::Wire(&b).iter();
            while it.next().is_some() {}
            prop_assert!(it.next().is_none(), "a filter after the end");
            let filters: alloc::vec::Vec<_> = TopicFilters::Wire(&b).iter().map(|f| (f, None)).collect();
            prop_assert_eq!(filters, reference(&b, false));
        }
    }
}
