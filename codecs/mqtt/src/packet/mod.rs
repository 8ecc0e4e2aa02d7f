//! The MQTT Control Packets: one file per family, one enum over all of them.

mod ack;
mod connack;
mod connect;
mod disconnect;
mod fill;
mod publish;
mod subscribe;

pub use ack::Ack;
pub use connack::Connack;
pub use connect::{Connect, Will};
pub use disconnect::Disconnect;
pub use publish::Publish;
pub use subscribe::{
    RetainHandling, Suback, Subscribe, Subscription, SubscriptionOptions, Subscriptions,
    TopicFilters, Unsuback, Unsubscribe,
};

use crate::error::{DecodeOptions, Error, MqttErrorKind};
use crate::header::{FixedHeader, Frame, PacketType, ProtocolVersion, frame_inline};
use crate::property::{Properties, PropertyContext, checked_len, encode_checked, write_unchecked};
use m2mwire_core::{CountingWriter, Encode, EncodeError, Reader, Write, varint};

/// What a decoder needs besides the bytes.
pub(crate) struct Ctx<'o> {
    pub(crate) version: ProtocolVersion,
    pub(crate) opts: &'o DecodeOptions,
}

impl Ctx<'_> {
    pub(crate) fn v5(&self) -> bool {
        self.version.is_v5()
    }
}

/// Every field must end exactly where the Remaining Length says the packet does.
pub(crate) fn expect_end(r: &Reader<'_>) -> Result<(), Error> {
    r.expect_end()
        .map_err(|e| Error::new(MqttErrorKind::TrailingBytes, e.offset))
}

/// Property list bytes: present only in 5.0.
pub(crate) fn props_len(v5: bool, p: &Properties<'_>) -> usize {
    if v5 { p.encoded_len() } else { 0 }
}

/// Write a property list in 5.0; in 3.1.1 there is none, so a non-empty one cannot be
/// encoded (it would be lost, breaking decode(encode(m)) == m).
#[inline]
pub(crate) fn write_props<W: Write + ?Sized>(
    w: &mut W,
    v5: bool,
    p: &Properties<'_>,
    ctx: PropertyContext,
) -> Result<(), EncodeError> {
    if v5 {
        encode_checked(p, w, ctx)
    } else if p.is_empty() {
        Ok(())
    } else {
        Err(PROPERTIES_IN_V311)
    }
}

/// A property list's length without its Property Length, checked for `ctx`; in 3.1.1 0,
/// and an error for a non-empty list, which 3.1.1 cannot carry.
#[inline(always)]
pub(crate) fn checked_props(
    v5: bool,
    p: &Properties<'_>,
    ctx: PropertyContext,
) -> Result<usize, EncodeError> {
    if v5 {
        checked_len(p, ctx)
    } else if p.is_empty() {
        Ok(0)
    } else {
        Err(PROPERTIES_IN_V311)
    }
}

/// Bytes of a property field whose properties take `n`: Property Length and the list, in
/// 5.0 only.
#[inline(always)]
pub(crate) fn props_field(v5: bool, n: usize) -> usize {
    if v5 {
        varint::vbi_len(u32::try_from(n).unwrap_or(u32::MAX)).unwrap_or(4) + n
    } else {
        0
    }
}

/// Write a property list [`checked_props`] measured at `n` bytes (5.0 only).
#[inline(always)]
pub(crate) fn write_checked_props<W: Write + ?Sized>(
    w: &mut W,
    v5: bool,
    p: &Properties<'_>,
    n: usize,
) -> Result<(), EncodeError> {
    if v5 {
        varint::write_vbi(w, u32::try_from(n).unwrap_or(u32::MAX))?;
        write_unchecked(p, w)?;
    }
    Ok(())
}

/// Header plus body for a Remaining Length of `body`, or the error for one above
/// 268,435,455, which the fixed header cannot carry.
#[inline(always)]
pub(crate) fn packet_len(body: usize) -> Result<usize, EncodeError> {
    u32::try_from(body)
        .ok()
        .and_then(varint::vbi_len)
        .map(|n| 1 + n + body)
        .ok_or(EncodeError::Invalid {
            what: "Remaining Length above 268,435,455",
            clause: "MQTT 5.0 §1.5.5 / 3.1.1 §2.2.3",
        })
}

/// The fixed header: byte 0 and the Remaining Length `body`. One write of a fixed size for a
/// Remaining Length below 16,384; if the sink cannot take it all (nothing is then written),
/// or the length is longer, byte by byte, so a failure leaves the sink as it always did.
pub(crate) fn write_fixed_header<W: Write + ?Sized>(
    w: &mut W,
    b0: u8,
    body: usize,
) -> Result<(), EncodeError> {
    let body32 = u32::try_from(body).unwrap_or(u32::MAX);
    let whole = match body32 {
        0..=0x7f => w.write_all(&[b0, body32 as u8]).is_ok(),
        0x80..=0x3fff => w
            .write_all(&[b0, (body32 as u8) | 0x80, (body32 >> 7) as u8])
            .is_ok(),
        _ => false,
    };
    if !whole {
        w.write_u8(b0)?;
        varint::write_vbi(w, body32)?;
    }
    Ok(())
}

/// The error for a non-empty property list in a packet encoded as 3.1.1.
pub(crate) const PROPERTIES_IN_V311: EncodeError = EncodeError::Invalid {
    what: "properties in an MQTT 3.1.1 packet",
    clause: "MQTT 3.1.1 has no properties",
};

/// A non-zero Packet Identifier ([MQTT-2.3.1-1] / [MQTT-2.2.1-3]).
pub(crate) fn read_packet_id(r: &mut Reader<'_>) -> Result<u16, Error> {
    let at = r.offset();
    let id = crate::string::read_u16(r)?;
    if id == 0 {
        return Err(Error::new(MqttErrorKind::ZeroPacketId, at));
    }
    Ok(id)
}

/// Any MQTT Control Packet, borrowing from the bytes it was decoded from (or from the caller,
/// for encoding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packet<'a> {
    /// CONNECT.
    Connect(Connect<'a>),
    /// CONNACK.
    Connack(Connack<'a>),
    /// PUBLISH.
    Publish(Publish<'a>),
    /// PUBACK.
    Puback(Ack<'a>),
    /// PUBREC.
    Pubrec(Ack<'a>),
    /// PUBREL.
    Pubrel(Ack<'a>),
    /// PUBCOMP.
    Pubcomp(Ack<'a>),
    /// SUBSCRIBE.
    Subscribe(Subscribe<'a>),
    /// SUBACK.
    Suback(Suback<'a>),
    /// UNSUBSCRIBE.
    Unsubscribe(Unsubscribe<'a>),
    /// UNSUBACK.
    Unsuback(Unsuback<'a>),
    /// PINGREQ.
    Pingreq,
    /// PINGRESP.
    Pingresp,
    /// DISCONNECT.
    Disconnect(Disconnect<'a>),
    /// AUTH (5.0).
    Auth(Disconnect<'a>),
}

/// Which side of the connection sent a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sender {
    /// The client.
    Client,
    /// The server (broker).
    Server,
}

/// The result of looking for one packet at the start of a stream buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoded<'a> {
    /// A packet and the number of bytes it took.
    Packet(Packet<'a>, usize),
    /// More bytes are needed (at least `needed`); nothing was consumed.
    Incomplete {
        /// Lower bound of the bytes still missing.
        needed: usize,
    },
}

impl<'a> Packet<'a> {
    /// Decode exactly one packet that spans all of `bytes`, read as `version` (CONNECT is
    /// read by the level it announces).
    ///
    /// Always inlined: framing, CONNECT, PUBLISH and the acknowledgements are decoded where
    /// the caller keeps the packet (returned from a call, a packet was copied out of the
    /// `Result` in 16-byte loads that waited for the callee's narrower stores: a fifth to a
    /// third of a PUBLISH or CONNECT decode, `benches/README.md`); the other packets are
    /// decoded out of line. Each call site holds about 7 KiB of x86-64 code for it: where
    /// code size matters more than a few nanoseconds, call it from one place (or from a
    /// function of your own marked `#[inline(never)]`).
    ///
    /// Where every packet passes, match on the packet and hand on its variant or fields
    /// rather than a reference to the whole packet: one `&packet` given to code the compiler
    /// cannot see (a `{:?}` in a catch-all arm, say) pins the packet in memory, and then every
    /// packet type stores all of it (a 3.1.1 PUBACK decoded and read took 9.8 ns instead of
    /// 5.4 in `benches/README.md`, session 7). Where such an arm is wanted, give it a copy
    /// made there (`other => { let p = *other; log(&p) }`): only the copy is pinned, and only
    /// when that arm runs.
    #[inline(always)]
    pub fn decode(
        bytes: &'a [u8],
        version: ProtocolVersion,
        opts: &DecodeOptions,
    ) -> Result<Self, Error> {
        // `decode_stream`, without wrapping the packet in `Decoded` and unwrapping it again.
        let h = match frame_inline(bytes, version, opts)? {
            Frame::Complete(h) => h,
            Frame::Incomplete { .. } => {
                return Err(Error::new(MqttErrorKind::TruncatedPacket, bytes.len()));
            }
        };
        let used = h.packet_len();
        let body = bytes
            .get(h.header_len..used)
            .ok_or(Error::new(MqttErrorKind::TruncatedPacket, bytes.len()))?;
        let mut r = Reader::with_base(body, h.header_len);
        let cx = Ctx { version, opts };
        if used != bytes.len() {
            return Err(Self::decode_with_trailing(&h, &mut r, &cx, used));
        }
        match h.packet_type {
            PacketType::PUBLISH => Publish::decode(h.flags, &mut r, &cx),
            PacketType::CONNECT => Connect::decode(&mut r, &cx),
            PacketType::PUBACK | PacketType::PUBREC | PacketType::PUBREL | PacketType::PUBCOMP => {
                Ack::decode(&mut r, &cx, h.packet_type)
            }
            _ => {
                // Through a slot of its own, then moved: had the out-of-line decoder written
                // its result straight into the caller's (as a returned value it would), that
                // one would have to live in memory for every packet type, and the compiler
                // could not keep an inline-decoded packet in registers.
                let mut slot = Err(Error::new(MqttErrorKind::TruncatedPacket, 0));
                Self::decode_body_into(&h, &mut r, &cx, &mut slot);
                slot
            }
        }
    }

    /// [`Self::decode_body`] into `slot`.
    #[inline(never)]
    fn decode_body_into(
        h: &FixedHeader,
        r: &mut Reader<'a>,
        cx: &Ctx<'_>,
        slot: &mut Result<Self, Error>,
    ) {
        *slot = Self::decode_body(h, r, cx);
    }

    /// A packet followed by more bytes: a body error comes first, as from `decode_stream`.
    #[cold]
    #[inline(never)]
    fn decode_with_trailing(
        h: &FixedHeader,
        r: &mut Reader<'a>,
        cx: &Ctx<'_>,
        used: usize,
    ) -> Error {
        match Self::decode_body(h, r, cx) {
            Err(e) => e,
            Ok(_) => Error::new(MqttErrorKind::TrailingBytes, used),
        }
    }

    /// Decode the packet at the start of a stream buffer, or report that more bytes are
    /// needed. The type, flags and Maximum Packet Size are checked before the body is
    /// needed (see [`frame`](crate::frame)).
    pub fn decode_stream(
        buf: &'a [u8],
        version: ProtocolVersion,
        opts: &DecodeOptions,
    ) -> Result<Decoded<'a>, Error> {
        let h = match frame_inline(buf, version, opts)? {
            Frame::Complete(h) => h,
            Frame::Incomplete { needed } => return Ok(Decoded::Incomplete { needed }),
        };
        let body = buf
            .get(h.header_len..h.packet_len())
            .ok_or(Error::new(MqttErrorKind::TruncatedPacket, buf.len()))?;
        let mut r = Reader::with_base(body, h.header_len);
        let cx = Ctx { version, opts };
        let p = Self::decode_body(&h, &mut r, &cx)?;
        Ok(Decoded::Packet(p, h.packet_len()))
    }

    /// Each arm returns its decoder's result as it is: a `?` and a re-wrap here would copy
    /// the packet out of one `Result` into another, field by field.
    #[inline(never)]
    fn decode_body(h: &FixedHeader, r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Self, Error> {
        match h.packet_type {
            PacketType::CONNECT => Connect::decode(r, cx),
            PacketType::CONNACK => Connack::decode(r, cx),
            PacketType::PUBLISH => Publish::decode(h.flags, r, cx),
            PacketType::PUBACK | PacketType::PUBREC | PacketType::PUBREL | PacketType::PUBCOMP => {
                Ack::decode(r, cx, h.packet_type)
            }
            PacketType::SUBSCRIBE => Subscribe::decode(r, cx),
            PacketType::SUBACK => Suback::decode(r, cx),
            PacketType::UNSUBSCRIBE => Unsubscribe::decode(r, cx),
            PacketType::UNSUBACK => Unsuback::decode(r, cx),
            PacketType::PINGREQ => expect_end(r).map(|()| Packet::Pingreq),
            PacketType::PINGRESP => expect_end(r).map(|()| Packet::Pingresp),
            PacketType::DISCONNECT => Disconnect::decode(r, cx, PropertyContext::Disconnect),
            // `frame` rejected type 0 and, before 5.0, type 15.
            _ => Disconnect::decode(r, cx, PropertyContext::Auth),
        }
    }

    /// Check the rules that depend on who sent the packet, which the bytes alone do not say:
    /// the direction of flow of each packet type (3.1.1 §2.2.1, 5.0 §2.1.2; DISCONNECT comes
    /// only from clients before 5.0), no Subscription Identifier in a client's PUBLISH
    /// [MQTT-3.3.4-6], no Session Expiry Interval in a server's DISCONNECT [MQTT-3.14.2-2].
    /// Errors carry offset 0: the rule is about the whole packet.
    pub fn check_sender(&self, sender: Sender, version: ProtocolVersion) -> Result<(), Error> {
        use crate::property::PropertyId;
        let fail = |kind| Err(Error::new(kind, 0));
        let client_only = matches!(
            self,
            Packet::Connect(_) | Packet::Subscribe(_) | Packet::Unsubscribe(_) | Packet::Pingreq
        ) || (matches!(self, Packet::Disconnect(_)) && !version.is_v5());
        let server_only = matches!(
            self,
            Packet::Connack(_) | Packet::Suback(_) | Packet::Unsuback(_) | Packet::Pingresp
        );
        match (sender, self) {
            (Sender::Server, _) if client_only => fail(MqttErrorKind::UnexpectedSender),
            (Sender::Client, _) if server_only => fail(MqttErrorKind::UnexpectedSender),
            (Sender::Client, Packet::Publish(p))
                if p.properties
                    .get(PropertyId::SUBSCRIPTION_IDENTIFIER)
                    .is_some() =>
            {
                fail(MqttErrorKind::SubscriptionIdFromClient)
            }
            (Sender::Server, Packet::Disconnect(d))
                if d.properties
                    .is_some_and(|p| p.get(PropertyId::SESSION_EXPIRY_INTERVAL).is_some()) =>
            {
                fail(MqttErrorKind::SessionExpiryFromServer)
            }
            _ => Ok(()),
        }
    }

    /// The packet type.
    pub const fn packet_type(&self) -> PacketType {
        match self {
            Packet::Connect(_) => PacketType::CONNECT,
            Packet::Connack(_) => PacketType::CONNACK,
            Packet::Publish(_) => PacketType::PUBLISH,
            Packet::Puback(_) => PacketType::PUBACK,
            Packet::Pubrec(_) => PacketType::PUBREC,
            Packet::Pubrel(_) => PacketType::PUBREL,
            Packet::Pubcomp(_) => PacketType::PUBCOMP,
            Packet::Subscribe(_) => PacketType::SUBSCRIBE,
            Packet::Suback(_) => PacketType::SUBACK,
            Packet::Unsubscribe(_) => PacketType::UNSUBSCRIBE,
            Packet::Unsuback(_) => PacketType::UNSUBACK,
            Packet::Pingreq => PacketType::PINGREQ,
            Packet::Pingresp => PacketType::PINGRESP,
            Packet::Disconnect(_) => PacketType::DISCONNECT,
            Packet::Auth(_) => PacketType::AUTH,
        }
    }

    /// The fixed-header flag nibble.
    fn flags(&self) -> u8 {
        match self {
            Packet::Publish(p) => p.flags(),
            _ => self.packet_type().required_flags().unwrap_or(0),
        }
    }

    /// The version a packet is written with: CONNECT's own, else `version`.
    fn effective(&self, version: ProtocolVersion) -> ProtocolVersion {
        match self {
            Packet::Connect(c) => c.protocol,
            _ => version,
        }
    }

    fn body_len(&self, version: ProtocolVersion) -> usize {
        let v5 = self.effective(version).is_v5();
        match self {
            Packet::Connect(p) => p.body_len(),
            Packet::Connack(p) => p.body_len(v5),
            Packet::Publish(p) => p.body_len(v5),
            Packet::Puback(p) | Packet::Pubrec(p) | Packet::Pubrel(p) | Packet::Pubcomp(p) => {
                p.body_len()
            }
            Packet::Subscribe(p) => p.body_len(v5),
            Packet::Suback(p) => p.body_len(v5),
            Packet::Unsubscribe(p) => p.body_len(v5),
            Packet::Unsuback(p) => p.body_len(v5),
            Packet::Pingreq | Packet::Pingresp => 0,
            Packet::Disconnect(p) | Packet::Auth(p) => p.body_len(),
        }
    }

    /// Bytes [`encode`](Packet::encode) writes for `version`.
    pub fn encoded_len(&self, version: ProtocolVersion) -> usize {
        let body = self.body_len(version);
        1 + varint::vbi_len(body as u32).unwrap_or(4) + body
    }

    /// Write the packet as `version` (CONNECT is written with its own `protocol`). Fails if
    /// the packet cannot be represented in that version (properties or reason codes in
    /// 3.1.1, AUTH before 5.0) or breaks a rule the encoding depends on.
    ///
    /// Inlined, and small: the four bytes of a short acknowledgement are written here, and
    /// everything else by out-of-line routines (PUBLISH, the traffic, by its own).
    #[inline]
    pub fn encode<W: Write + ?Sized>(
        &self,
        version: ProtocolVersion,
        w: &mut W,
    ) -> Result<(), EncodeError> {
        match self {
            // Every 3.1.1 acknowledgement, and 5.0's shortest form (Success, no properties).
            Packet::Puback(a) | Packet::Pubrec(a) | Packet::Pubrel(a) | Packet::Pubcomp(a)
                if a.packet_id != 0 && a.reason_code.is_none() && a.properties.is_none() =>
            {
                let [hi, lo] = a.packet_id.to_be_bytes();
                // `write_all` writes all or nothing: when the sink is too small, the general
                // path writes what fits and reports the same error as always.
                match w.write_all(&[(self.packet_type().0 << 4) | self.flags(), 2, hi, lo]) {
                    Ok(()) => Ok(()),
                    Err(_) => self.encode_other(version, w),
                }
            }
            Packet::Publish(p) => p.encode_packet(w, version.is_v5()),
            Packet::Connect(c) => c.encode_packet(w),
            Packet::Subscribe(s) => s.encode_packet(w, version.is_v5()),
            _ => self.encode_other(version, w),
        }
    }

    /// [`Packet::encode`] for every packet but PUBLISH, CONNECT and the short acknowledgements.
    #[inline(never)]
    fn encode_other<W: Write + ?Sized>(
        &self,
        version: ProtocolVersion,
        w: &mut W,
    ) -> Result<(), EncodeError> {
        let v = self.effective(version);
        let v5 = v.is_v5();
        if matches!(self, Packet::Auth(_)) && !v5 {
            return Err(EncodeError::Invalid {
                what: "AUTH before MQTT 5.0",
                clause: "MQTT 3.1.1 §2.2.1",
            });
        }
        let body = self.body_len(version);
        write_fixed_header(w, (self.packet_type().0 << 4) | self.flags(), body)?;
        if cfg!(debug_assertions) {
            let mut c = CountingWriter::new(&mut *w);
            self.encode_body(&mut c, v5)?;
            debug_assert_eq!(c.count(), body, "body_len disagrees with the bytes written");
            Ok(())
        } else {
            self.encode_body(w, v5)
        }
    }

    /// Write everything after the fixed header.
    fn encode_body<W: Write + ?Sized>(&self, w: &mut W, v5: bool) -> Result<(), EncodeError> {
        match self {
            Packet::Connect(p) => p.encode_body(w),
            Packet::Connack(p) => p.encode_body(w, v5),
            Packet::Publish(p) => p.encode_body(w, v5),
            Packet::Puback(p) => p.encode_body(w, v5, PacketType::PUBACK),
            Packet::Pubrec(p) => p.encode_body(w, v5, PacketType::PUBREC),
            Packet::Pubrel(p) => p.encode_body(w, v5, PacketType::PUBREL),
            Packet::Pubcomp(p) => p.encode_body(w, v5, PacketType::PUBCOMP),
            Packet::Subscribe(p) => p.encode_body(w, v5),
            Packet::Suback(p) => p.encode_body(w, v5),
            Packet::Unsubscribe(p) => p.encode_body(w, v5),
            Packet::Unsuback(p) => p.encode_body(w, v5),
            Packet::Pingreq | Packet::Pingresp => Ok(()),
            Packet::Disconnect(p) => p.encode_body(w, v5, PropertyContext::Disconnect),
            Packet::Auth(p) => p.encode_body(w, v5, PropertyContext::Auth),
        }
    }

    /// This packet bound to a protocol version, as an [`Encode`] value.
    pub const fn versioned(&self, version: ProtocolVersion) -> Versioned<'_, 'a> {
        Versioned {
            packet: self,
            version,
        }
    }
}

/// A packet and the version to write it with; implements [`Encode`].
#[derive(Clone, Copy, Debug)]
pub struct Versioned<'p, 'a> {
    packet: &'p Packet<'a>,
    version: ProtocolVersion,
}

impl Encode for Versioned<'_, '_> {
    fn encoded_len(&self) -> usize {
        self.packet.encoded_len(self.version)
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        self.packet.encode(self.version, w)
    }
}

/// What the encoder tests of several packets share.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Packet, ProtocolVersion};
    use m2mwire_core::EncodeError;

    /// Longer than any two-byte length can count.
    pub(crate) static LONG: [u8; 70_000] = [b'a'; 70_000];

    /// `p` fails to encode as `v` with `Invalid`, and leaves the sink and its buffer exactly
    /// as they were, whether the sink is too small to lend the packet or large enough.
    pub(crate) fn assert_writes_nothing(p: &Packet<'_>, v: ProtocolVersion) {
        for room in [8usize, 80_000] {
            let mut buf = [0xeeu8; 80_000];
            let mut sink = &mut buf[..room];
            let r = p.encode(v, &mut sink);
            assert!(matches!(r, Err(EncodeError::Invalid { .. })), "{r:?}");
            assert_eq!(sink.len(), room);
            assert!(buf.iter().all(|&b| b == 0xee));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::size_of;

    /// Above 128 bytes, moving a `Packet` (out of a `Result`, into a caller) becomes a
    /// `memcpy` call that stalls on the decoder's fresh stores: a PUBACK decode took 19 ns
    /// with it and 11 ns without (`benches/README.md`). CONNECT, the largest variant, sets
    /// the size.
    #[test]
    fn a_packet_moves_without_a_memcpy_call() {
        assert_eq!(size_of::<Properties<'_>>(), 16);
        assert!(
            size_of::<Packet<'_>>() <= 128,
            "{}",
            size_of::<Packet<'_>>()
        );
        assert_eq!(
            size_of::<Result<Packet<'_>, Error>>(),
            size_of::<Packet<'_>>()
        );
    }
}
