//! DISCONNECT (3.1.1 §3.14, 5.0 §3.14) and AUTH (5.0 §3.15), which share a layout.

use super::{Ctx, Packet, expect_end};
use crate::error::{Error, MqttErrorKind};
use crate::property::{Properties, PropertyContext, encode_checked};
use crate::reason::{ReasonCode, ReasonContext, allowed};
use m2mwire_core::{EncodeError, Reader, ResultExt, Write};

/// A DISCONNECT or AUTH packet.
///
/// 5.0 lets both leave out the Reason Code (Remaining Length 0: Success / Normal
/// disconnection) and the properties (Remaining Length 1); `None` keeps the wire form. In
/// 3.1.1 DISCONNECT is always empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Disconnect<'a> {
    /// Reason Code, if present on the wire.
    pub reason_code: Option<ReasonCode>,
    /// Properties, if present on the wire.
    pub properties: Option<Properties<'a>>,
}

impl<'a> Disconnect<'a> {
    /// The reason code, Success / Normal disconnection when left out.
    pub fn reason(&self) -> ReasonCode {
        self.reason_code.unwrap_or(ReasonCode::SUCCESS)
    }

    /// Decode a DISCONNECT or AUTH body into its [`Packet`], built in place (see
    /// `Ack::decode`).
    pub(super) fn decode(
        r: &mut Reader<'a>,
        cx: &Ctx<'_>,
        ctx: PropertyContext,
    ) -> Result<Packet<'a>, Error> {
        let mut d = Disconnect::default();
        if cx.v5() && !r.is_empty() {
            let at = r.offset();
            let code = r.read_u8().or_kind(MqttErrorKind::UnexpectedEnd)?;
            let rctx = if ctx == PropertyContext::Auth {
                ReasonContext::Auth
            } else {
                ReasonContext::Disconnect
            };
            if !allowed(rctx, code) {
                return Err(Error::new(MqttErrorKind::InvalidReasonCode, at));
            }
            d.reason_code = Some(ReasonCode(code));
            if !r.is_empty() {
                d.properties = Some(Properties::decode(r, ctx, cx.opts)?);
            }
        }
        expect_end(r)?;
        Ok(if ctx == PropertyContext::Auth {
            Packet::Auth(d)
        } else {
            Packet::Disconnect(d)
        })
    }

    pub(super) fn body_len(&self) -> usize {
        usize::from(self.reason_code.is_some())
            + self.properties.as_ref().map_or(0, Properties::encoded_len)
    }

    pub(super) fn encode_body<W: Write + ?Sized>(
        &self,
        w: &mut W,
        v5: bool,
        ctx: PropertyContext,
    ) -> Result<(), EncodeError> {
        if (!v5 && self.reason_code.is_some())
            || (self.reason_code.is_none() && self.properties.is_some())
        {
            return Err(EncodeError::Invalid {
                what: "reason code or properties this version or form cannot carry",
                clause: "MQTT 5.0 §3.14.2",
            });
        }
        if let Some(code) = self.reason_code {
            w.write_u8(code.0)?;
        }
        if let Some(p) = &self.properties {
            encode_checked(p, w, ctx)?;
        }
        Ok(())
    }
}
