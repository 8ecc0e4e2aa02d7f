//! CONNACK (3.1.1 §3.2, 5.0 §3.2).

use super::{Ctx, Packet, expect_end, props_len, write_props};
use crate::error::{Error, MqttErrorKind};
use crate::property::{Properties, PropertyContext};
use crate::reason::{ReasonCode, ReasonContext, allowed};
use m2mwire_core::{EncodeError, Reader, ResultExt, Write};

/// A CONNACK packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connack<'a> {
    /// Session Present.
    pub session_present: bool,
    /// The 5.0 reason code, or the 3.1.1 return code (0–5) in the same byte.
    pub reason_code: ReasonCode,
    /// CONNACK properties (5.0).
    pub properties: Properties<'a>,
}

impl<'a> Connack<'a> {
    /// Decode a CONNACK body into its [`Packet`], built in place (see `Ack::decode`).
    pub(super) fn decode(r: &mut Reader<'a>, cx: &Ctx<'_>) -> Result<Packet<'a>, Error> {
        let flags_at = r.offset();
        let flags = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
        // Acknowledge Flags bits 7–1 are reserved (3.1.1 §3.2.2.1, [MQTT-3.2.2-1] in 5.0).
        if flags & 0xfe != 0 {
            return Err(Error::new(MqttErrorKind::ConnackReservedFlags, flags_at));
        }
        let code_at = r.offset();
        let code = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
        let ctx = if cx.v5() {
            ReasonContext::Connack
        } else {
            ReasonContext::ConnackV311
        };
        if !allowed(ctx, code) {
            return Err(Error::new(MqttErrorKind::InvalidReasonCode, code_at));
        }
        let session_present = flags & 1 != 0;
        if session_present && code != 0 {
            return Err(Error::new(MqttErrorKind::SessionPresentWithError, flags_at));
        }
        let properties = if cx.v5() {
            Properties::decode(r, PropertyContext::Connack, cx.opts)?
        } else {
            Properties::EMPTY
        };
        expect_end(r)?;
        Ok(Packet::Connack(Connack {
            session_present,
            reason_code: ReasonCode(code),
            properties,
        }))
    }

    pub(super) fn body_len(&self, v5: bool) -> usize {
        2 + props_len(v5, &self.properties)
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
    ) -> Result<(), EncodeError> {
        w.write_u8(u8::from(self.session_present))?;
        w.write_u8(self.reason_code.0)?;
        write_props(w, v5, &self.properties, PropertyContext::Connack)
    }
}
