//! PUBACK, PUBREC, PUBREL, PUBCOMP (3.1.1 §3.4–§3.7, 5.0 §3.4–§3.7).

use super::{Ctx, Packet, expect_end, read_packet_id};
use crate::error::{Error, MqttErrorKind};
use crate::header::PacketType;
use crate::property::{Properties, PropertyContext, encode_checked};
use crate::reason::{ReasonCode, ReasonContext, allowed};
use m2mwire_core::{EncodeError, Reader, ResultExt, Write};

/// A PUBACK, PUBREC, PUBREL or PUBCOMP.
///
/// In 5.0 the Reason Code and the properties may be left out (§3.4.2.1: Remaining Length 2
/// means Success and no properties, 3 means no properties); `None` keeps which form was on
/// the wire, so re-encoding gives back the same bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ack<'a> {
    /// Packet Identifier.
    pub packet_id: u16,
    /// Reason Code (5.0), if present on the wire.
    pub reason_code: Option<ReasonCode>,
    /// Properties (5.0), if present on the wire.
    pub properties: Option<Properties<'a>>,
}

/// The `t` variant of [`Packet`].
fn wrap(t: PacketType, ack: Ack<'_>) -> Packet<'_> {
    match t {
        PacketType::PUBACK => Packet::Puback(ack),
        PacketType::PUBREC => Packet::Pubrec(ack),
        PacketType::PUBREL => Packet::Pubrel(ack),
        _ => Packet::Pubcomp(ack),
    }
}

fn contexts(t: PacketType) -> (ReasonContext, PropertyContext) {
    match t {
        PacketType::PUBACK => (ReasonContext::PubackPubrec, PropertyContext::Puback),
        PacketType::PUBREC => (ReasonContext::PubackPubrec, PropertyContext::Pubrec),
        PacketType::PUBREL => (ReasonContext::PubrelPubcomp, PropertyContext::Pubrel),
        _ => (ReasonContext::PubrelPubcomp, PropertyContext::Pubcomp),
    }
}

impl<'a> Ack<'a> {
    /// A 3.1.1-style acknowledgement (and 5.0's shortest form: Success, no properties).
    pub const fn new(packet_id: u16) -> Self {
        Ack {
            packet_id,
            reason_code: None,
            properties: None,
        }
    }

    /// The reason code, Success when left out.
    pub fn reason(&self) -> ReasonCode {
        self.reason_code.unwrap_or(ReasonCode::SUCCESS)
    }

    /// Decode the body of a `t` packet into its [`Packet`] variant, built in place: returning
    /// the `Ack` and wrapping it afterwards copied it through memory field by field.
    #[inline]
    pub(super) fn decode(
        r: &mut Reader<'a>,
        cx: &Ctx<'_>,
        t: PacketType,
    ) -> Result<Packet<'a>, Error> {
        let packet_id = read_packet_id(r)?;
        if cx.v5() && !r.is_empty() {
            // Into a slot of its own, as `Packet::decode` does for its out-of-line decoders.
            let mut slot = Err(Error::new(MqttErrorKind::UnexpectedEnd, 0));
            Self::decode_v5(packet_id, r, cx, t, &mut slot);
            return slot;
        }
        expect_end(r)?;
        Ok(wrap(t, Ack::new(packet_id)))
    }

    /// The rest of a 5.0 acknowledgement that has a Reason Code. Its own function, which
    /// builds its own packet: sharing one `Ack` with the four-byte path put that one on the
    /// stack, copied out in 16-byte loads of bytes just stored (PUBACK decode 12.8 → 17 ns).
    #[inline(never)]
    fn decode_v5(
        packet_id: u16,
        r: &mut Reader<'a>,
        cx: &Ctx<'_>,
        t: PacketType,
        slot: &mut Result<Packet<'a>, Error>,
    ) {
        *slot = Self::v5_fields(packet_id, r, cx, t);
    }

    /// The fields of [`Self::decode_v5`], as a `Result` for `?`.
    #[inline(always)]
    fn v5_fields(
        packet_id: u16,
        r: &mut Reader<'a>,
        cx: &Ctx<'_>,
        t: PacketType,
    ) -> Result<Packet<'a>, Error> {
        let (rctx, pctx) = contexts(t);
        let at = r.offset();
        let code = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
        if !allowed(rctx, code) {
            return Err(Error::new(MqttErrorKind::InvalidReasonCode, at));
        }
        let properties = if r.is_empty() {
            None
        } else {
            Some(Properties::decode(r, pctx, cx.opts)?)
        };
        expect_end(r)?;
        Ok(wrap(
            t,
            Ack {
                packet_id,
                reason_code: Some(ReasonCode(code)),
                properties,
            },
        ))
    }

    pub(super) fn body_len(&self) -> usize {
        2 + usize::from(self.reason_code.is_some())
            + self.properties.as_ref().map_or(0, Properties::encoded_len)
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
        t: PacketType,
    ) -> Result<(), EncodeError> {
        if self.packet_id == 0 {
            return Err(EncodeError::Invalid {
                what: "packet identifier 0",
                clause: "[MQTT-2.3.1-1]",
            });
        }
        if (!v5 && self.reason_code.is_some())
            || (self.reason_code.is_none() && self.properties.is_some())
        {
            return Err(EncodeError::Invalid {
                what: "reason code or properties this version or form cannot carry",
                clause: "MQTT 5.0 §3.4.2.1",
            });
        }
        w.write_u16(self.packet_id)?;
        if let Some(code) = self.reason_code {
            w.write_u8(code.0)?;
        }
        if let Some(p) = &self.properties {
            encode_checked(p, w, contexts(t).1)?;
        }
        Ok(())
    }
}
