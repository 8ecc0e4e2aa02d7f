//! Allocation-free, streaming message encoding for devices without `alloc`.

use crate::code::{Code, MessageType};
use crate::message::{write_header, write_payload};
use crate::option::{OptionNumber, encode_uint, write_option};
use m2mwire_core::{CountingWriter, EncodeError, Write};

/// Writes one message straight into a sink, options in ascending order.
///
/// ```
/// use m2mwire_coap::{Code, MessageEncoder, MessageType, OptionNumber};
///
/// let mut buf = [0u8; 64];
/// let mut enc = MessageEncoder::new(&mut buf[..], MessageType::Confirmable, Code::GET, 0x7d34, &[])?;
/// enc.option(OptionNumber::URI_PATH, b"temperature")?;
/// let len = enc.finish(&[])?;
/// assert_eq!(&buf[..len], b"\x40\x01\x7d\x34\xbbtemperature");
/// # Ok::<(), m2mwire_core::EncodeError>(())
/// ```
#[derive(Debug)]
pub struct MessageEncoder<W> {
    w: CountingWriter<W>,
    prev: u16,
}

impl<W: Write> MessageEncoder<W> {
    /// Start a message: writes the header and token (at most 8 bytes).
    pub fn new(
        w: W,
        mtype: MessageType,
        code: Code,
        message_id: u16,
        token: &[u8],
    ) -> Result<Self, EncodeError> {
        let mut w = CountingWriter::new(w);
        write_header(&mut w, mtype, code, message_id, token)?;
        Ok(MessageEncoder { w, prev: 0 })
    }

    /// Append an option. Numbers must not decrease (RFC 7252 §3.1 codes them as deltas).
    pub fn option(&mut self, number: OptionNumber, value: &[u8]) -> Result<(), EncodeError> {
        let delta = number
            .0
            .checked_sub(self.prev)
            .ok_or(EncodeError::Invalid {
                what: "option number lower than the previous one",
                clause: "RFC 7252 §3.1",
            })?;
        write_option(&mut self.w, u32::from(delta), value)?;
        self.prev = number.0;
        Ok(())
    }

    /// Append a uint option in its shortest form (RFC 7252 §3.2).
    pub fn uint_option(&mut self, number: OptionNumber, value: u64) -> Result<(), EncodeError> {
        self.option(number, encode_uint(value).as_slice())
    }

    /// Write the payload (with its marker, if non-empty) and return the message length.
    pub fn finish(mut self, payload: &[u8]) -> Result<usize, EncodeError> {
        write_payload(&mut self.w, payload)?;
        Ok(self.w.count())
    }
}
