//! Shared inputs for the m2mwire benchmarks.
//!
//! Every benchmark message is described here once, field by field ([`CoapFixture`]), so that
//! each implementation under test decodes the same bytes and each encoder builds the same
//! message from the same parts. The wire bytes are produced by m2mwire's own
//! [`MessageBuf`] and checked — outside any timed region — to decode strictly and to
//! re-encode byte for byte ([`CoapFixture::bytes`]).
//!
//! ```
//! use m2mwire_benches::COAP_FIXTURES;
//!
//! for fx in &COAP_FIXTURES {
//!     let bytes = fx.bytes();
//!     assert_eq!(bytes.len(), fx.wire_len);
//! }
//! ```

use m2mwire_coap::{Code, DecodeOptions, Message, MessageBuf, MessageType, OptionNumber};
use m2mwire_core::Encode;

/// One CoAP message used as a benchmark input.
///
/// Options are listed in ascending number order, as they appear on the wire, so streaming
/// encoders (m2mwire's `MessageEncoder`, minicoap's builder) can take them as they are.
#[derive(Clone, Copy, Debug)]
pub struct CoapFixture {
    /// Short description, used as the criterion group name.
    pub name: &'static str,
    /// CON, NON, ACK or RST.
    pub mtype: MessageType,
    /// The code.
    pub code: Code,
    /// The Message ID.
    pub message_id: u16,
    /// The token (0–8 bytes).
    pub token: &'static [u8],
    /// `(number, value)` pairs in ascending number order; uint values are already in their
    /// shortest big-endian form (RFC 7252 §3.2).
    pub options: &'static [(OptionNumber, &'static [u8])],
    /// The payload; empty means no payload marker.
    pub payload: &'static [u8],
    /// The encoded length in bytes, checked by [`bytes`](CoapFixture::bytes).
    pub wire_len: usize,
}

impl CoapFixture {
    /// The message as m2mwire's owned form, built with its builder.
    pub fn message_buf(&self) -> MessageBuf {
        let mut m = MessageBuf::new(self.mtype, self.code, self.message_id)
            .with_token(self.token)
            .with_payload(self.payload);
        for &(number, value) in self.options {
            m.add_option(number, value);
        }
        m
    }

    /// The wire bytes, encoded by [`MessageBuf`], without any check.
    ///
    /// For benchmark binaries that must not call m2mwire's decoder outside the routine they
    /// time (see `benches/coap_inlined.rs`); everything else should use
    /// [`bytes`](CoapFixture::bytes).
    ///
    /// # Panics
    ///
    /// If encoding fails (a fixture with a token longer than 8 bytes).
    pub fn bytes_unchecked(&self) -> Vec<u8> {
        match self.message_buf().encode_to_vec() {
            Ok(b) => b,
            Err(e) => panic!("{}: MessageBuf failed to encode: {e}", self.name),
        }
    }

    /// The [`option_digest`] of this fixture's options: what a correct walk over its wire form
    /// must produce.
    pub fn option_digest(&self) -> u64 {
        self.options
            .iter()
            .fold(0, |acc, &(n, v)| option_digest(acc, n.0, v.len()))
    }

    /// The wire bytes, encoded by [`MessageBuf`].
    ///
    /// # Panics
    ///
    /// If encoding fails, if the length is not [`wire_len`](CoapFixture::wire_len), if m2mwire's
    /// strict decoder rejects the bytes, or if they do not decode back to exactly this
    /// fixture's fields. Benchmarks call this once, before timing anything.
    pub fn bytes(&self) -> Vec<u8> {
        let bytes = self.bytes_unchecked();
        assert_eq!(bytes.len(), self.wire_len, "{}: wire length", self.name);
        let msg = match Message::decode(&bytes, &DecodeOptions::strict()) {
            Ok(m) => m,
            Err(e) => panic!("{}: strict decode rejected the fixture: {e:?}", self.name),
        };
        assert_eq!(msg.message_type(), self.mtype, "{}: type", self.name);
        assert_eq!(msg.code(), self.code, "{}: code", self.name);
        assert_eq!(msg.message_id(), self.message_id, "{}: MID", self.name);
        assert_eq!(msg.token(), self.token, "{}: token", self.name);
        assert_eq!(msg.payload(), self.payload, "{}: payload", self.name);
        let decoded: Vec<(OptionNumber, &[u8])> = msg
            .options()
            .map(|o| match o {
                Ok(o) => (o.number, o.value),
                Err(e) => panic!("{}: option iterator failed: {e:?}", self.name),
            })
            .collect();
        assert_eq!(decoded, self.options, "{}: options", self.name);
        assert_eq!(msg.option_count(), self.options.len());
        bytes
    }
}

/// Fold one option (number and value length) into a running digest.
///
/// Benchmarked option walks return this over every option they visit, so a check outside
/// the timed loop can prove each implementation saw the same options, at the cost of a couple
/// of arithmetic instructions per option, the same for every implementation.
#[inline(always)]
pub fn option_digest(acc: u64, number: u16, len: usize) -> u64 {
    acc.rotate_left(7) ^ (u64::from(number) << 32 | len as u64)
}

/// `N` bytes of a fixed, non-repeating-looking pattern (not all zero, so no encoder or
/// copy can take a shortcut on it).
const fn pattern<const N: usize>(seed: u8) -> [u8; N] {
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (i as u8).wrapping_mul(31).wrapping_add(seed) ^ ((i >> 8) as u8);
        i += 1;
    }
    out
}

/// The 64-byte payload of [`ACK_CONTENT`].
static PAYLOAD_64: [u8; 64] = pattern::<64>(7);
/// The 1 KiB payload of [`NON_POST_1K`].
static PAYLOAD_1K: [u8; 1024] = pattern::<1024>(11);

/// A client's request: CON GET `/sensors/temp?unit=c`, 4-byte token, 3 options, no payload
/// (28 bytes).
pub const CON_GET: CoapFixture = CoapFixture {
    name: "CON GET, 4-byte token, 3 options",
    mtype: MessageType::Confirmable,
    code: Code::GET,
    message_id: 0x1234,
    token: &[0xde, 0xad, 0xbe, 0xef],
    options: &[
        (OptionNumber::URI_PATH, b"sensors"),
        (OptionNumber::URI_PATH, b"temp"),
        (OptionNumber::URI_QUERY, b"unit=c"),
    ],
    payload: &[],
    wire_len: 28,
};

/// A piggybacked Observe notification: ACK 2.05 Content with ETag, Observe, Content-Format,
/// Max-Age and Size2 (the last needs a 1-byte extended delta) and a 64-byte payload
/// (90 bytes).
pub const ACK_CONTENT: CoapFixture = CoapFixture {
    name: "ACK 2.05, 5 options, 64-byte payload",
    mtype: MessageType::Acknowledgement,
    code: Code::CONTENT,
    message_id: 0x1234,
    token: &[0xde, 0xad, 0xbe, 0xef],
    options: &[
        (OptionNumber::ETAG, &[0x5a, 0x17, 0xc0, 0xde]),
        (OptionNumber::OBSERVE, &[0x01, 0x23, 0x45]),
        // application/octet-stream (42)
        (OptionNumber::CONTENT_FORMAT, &[42]),
        // 3600 s
        (OptionNumber::MAX_AGE, &[0x0e, 0x10]),
        (OptionNumber::SIZE2, &[64]),
    ],
    payload: &PAYLOAD_64,
    wire_len: 90,
};

/// An upload: NON POST `/d` with a 2-byte token, Content-Format and a 1 KiB payload
/// (1035 bytes).
pub const NON_POST_1K: CoapFixture = CoapFixture {
    name: "NON POST, 1 KiB payload",
    mtype: MessageType::NonConfirmable,
    code: Code::POST,
    message_id: 0x4321,
    token: &[0x01, 0x02],
    options: &[
        (OptionNumber::URI_PATH, b"d"),
        // application/octet-stream (42)
        (OptionNumber::CONTENT_FORMAT, &[42]),
    ],
    payload: &PAYLOAD_1K,
    wire_len: 1035,
};

/// Every CoAP benchmark message, smallest first.
pub const COAP_FIXTURES: [CoapFixture; 3] = [CON_GET, ACK_CONTENT, NON_POST_1K];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_encodes_to_its_length_and_decodes_strictly() {
        for fx in &COAP_FIXTURES {
            assert_eq!(fx.bytes().len(), fx.wire_len);
        }
    }

    #[test]
    fn con_get_matches_hand_written_bytes() {
        let expected: &[u8] = b"\x44\x01\x12\x34\xde\xad\xbe\xef\
            \xb7sensors\x04temp\x46unit=c";
        assert_eq!(CON_GET.bytes(), expected);
    }

    #[test]
    fn size2_uses_a_one_byte_extended_delta() {
        let bytes = ACK_CONTENT.bytes();
        // Max-Age (14) -> Size2 (28): delta 14 = nibble 13 + extension byte 1.
        let at = bytes.len() - 1 - 64 - 3;
        assert_eq!(bytes[at..at + 3], [0xd1, 0x01, 64]);
    }
}
