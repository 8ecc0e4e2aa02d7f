//! The owned message and its builder (feature `alloc`).

use alloc::vec::Vec;

use crate::code::{Code, MessageType};
use crate::error::{DecodeOptions, Error};
use crate::message::{Message, write_header, write_payload};
use crate::option::{self, OptionNumber, encode_uint, header_len, write_option};
use m2mwire_core::{Encode, EncodeError, Write};

/// An owned option.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OptionBuf {
    /// The option number.
    pub number: OptionNumber,
    /// The value bytes.
    pub value: Vec<u8>,
}

/// An owned CoAP message, built field by field.
///
/// Options are kept in the order the wire needs (ascending number; options with the same number
/// keep the order they were added in, which is their meaning for Uri-Path and the like), so
/// they can be added in any order.
///
/// ```
/// use m2mwire_coap::{Code, MessageBuf, MessageType, OptionNumber};
/// use m2mwire_core::Encode;
///
/// let msg = MessageBuf::new(MessageType::Confirmable, Code::GET, 0x7d34)
///     .with_token([0x71])
///     .with_option(OptionNumber::URI_PATH, b"temperature");
/// let bytes = msg.encode_to_vec()?;
/// assert_eq!(bytes[..4], [0x41, 0x01, 0x7d, 0x34]);
/// # Ok::<(), m2mwire_core::EncodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MessageBuf {
    /// CON, NON, ACK or RST.
    pub mtype: MessageType,
    /// The code.
    pub code: Code,
    /// The Message ID.
    pub message_id: u16,
    /// The token; encoding fails if it is longer than 8 bytes.
    pub token: Vec<u8>,
    options: Vec<OptionBuf>,
    /// The payload; none if empty.
    pub payload: Vec<u8>,
}

impl MessageBuf {
    /// A message with no token, options or payload.
    pub fn new(mtype: MessageType, code: Code, message_id: u16) -> Self {
        MessageBuf {
            mtype,
            code,
            message_id,
            token: Vec::new(),
            options: Vec::new(),
            payload: Vec::new(),
        }
    }

    /// Decode a datagram into an owned message.
    pub fn decode(bytes: &[u8], opts: &DecodeOptions) -> Result<Self, Error> {
        Message::decode(bytes, opts).map(|m| MessageBuf::from(&m))
    }

    /// This message with `token`.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<Vec<u8>>) -> Self {
        self.token = token.into();
        self
    }

    /// This message with one more option.
    #[must_use]
    pub fn with_option(mut self, number: OptionNumber, value: impl Into<Vec<u8>>) -> Self {
        self.add_option(number, value);
        self
    }

    /// This message with one more uint option, in its shortest form (§3.2).
    #[must_use]
    pub fn with_uint_option(mut self, number: OptionNumber, value: u64) -> Self {
        self.add_option(number, encode_uint(value).as_slice());
        self
    }

    /// This message with `payload`.
    #[must_use]
    pub fn with_payload(mut self, payload: impl Into<Vec<u8>>) -> Self {
        self.payload = payload.into();
        self
    }

    /// Add an option after any others with the same number.
    pub fn add_option(&mut self, number: OptionNumber, value: impl Into<Vec<u8>>) {
        let at = self.options.partition_point(|o| o.number <= number);
        self.options.insert(
            at,
            OptionBuf {
                number,
                value: value.into(),
            },
        );
    }

    /// Remove every option with `number`.
    pub fn remove_options(&mut self, number: OptionNumber) {
        self.options.retain(|o| o.number != number);
    }

    /// The options, in wire order.
    pub fn options(&self) -> &[OptionBuf] {
        &self.options
    }

    /// The first value of option `number`.
    pub fn option(&self, number: OptionNumber) -> Option<&[u8]> {
        self.options
            .iter()
            .find(|o| o.number == number)
            .map(|o| o.value.as_slice())
    }
}

impl From<&Message<'_>> for MessageBuf {
    fn from(m: &Message<'_>) -> Self {
        MessageBuf {
            mtype: m.message_type(),
            code: m.code(),
            message_id: m.message_id(),
            token: m.token().to_vec(),
            // Wire order is already ascending, so no re-sorting is needed.
            options: m
                .options()
                .flatten()
                .map(|o| OptionBuf {
                    number: o.number,
                    value: o.value.to_vec(),
                })
                .collect(),
            payload: m.payload().to_vec(),
        }
    }
}

impl Encode for MessageBuf {
    fn encoded_len(&self) -> usize {
        let mut prev = 0u16;
        let options: usize = self
            .options
            .iter()
            .map(|o| {
                let delta = u32::from(o.number.0.saturating_sub(prev));
                prev = o.number.0;
                header_len(delta, o.value.len() as u32) + o.value.len()
            })
            .sum();
        let payload = if self.payload.is_empty() {
            0
        } else {
            1 + self.payload.len()
        };
        4 + self.token.len() + options + payload
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        write_header(w, self.mtype, self.code, self.message_id, &self.token)?;
        let mut prev = 0u16;
        for o in &self.options {
            // `options` is kept sorted by `add_option`, so the delta never underflows.
            let delta = u32::from(o.number.0.saturating_sub(prev));
            if o.value.len() > option::MAX_EXTENDED as usize {
                return Err(EncodeError::Invalid {
                    what: "option value longer than 65804 bytes",
                    clause: "RFC 7252 §3.1",
                });
            }
            write_option(w, delta, &o.value)?;
            prev = o.number.0;
        }
        write_payload(w, &self.payload)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for MessageBuf {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut m = MessageBuf::new(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?);
        let tkl = u.int_in_range(0..=8)?;
        m.token = u.bytes(tkl)?.to_vec();
        let n = u.int_in_range(0..=12)?;
        for _ in 0..n {
            let number = OptionNumber(u.arbitrary()?);
            let len = u.int_in_range(0..=300)?;
            m.add_option(number, u.bytes(len)?);
        }
        m.payload = u.arbitrary()?;
        Ok(m)
    }
}
