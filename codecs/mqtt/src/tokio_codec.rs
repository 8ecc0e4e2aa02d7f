//! A `tokio_util::codec` framing for MQTT (feature `tokio`).

use crate::error::{DecodeOptions, Error};
use crate::header::ProtocolVersion;
use crate::owned::OwnedPacket;
use crate::packet::{Decoded, Packet};
use bytes::BytesMut;
use m2mwire_core::{EncodeError, Write};
use std::io;
use tokio_util::codec::{Decoder, Encoder};

/// Why the codec stopped.
#[derive(Debug)]
pub enum CodecError {
    /// The transport failed.
    Io(io::Error),
    /// A malformed packet arrived: close the connection.
    Malformed(Error),
    /// A packet could not be encoded.
    Encode(EncodeError),
}

impl From<io::Error> for CodecError {
    fn from(e: io::Error) -> Self {
        CodecError::Io(e)
    }
}

impl core::fmt::Display for CodecError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CodecError::Io(e) => write!(f, "{e}"),
            CodecError::Malformed(e) => write!(f, "malformed packet: {e}"),
            CodecError::Encode(e) => write!(f, "cannot encode: {e}"),
        }
    }
}

impl std::error::Error for CodecError {}

/// Frames MQTT packets on a tokio stream: decodes to [`OwnedPacket`], encodes any
/// [`Packet`]. The Maximum Packet Size (`opts.limits.max_message_size`) is enforced before a
/// packet body is buffered.
#[derive(Clone, Copy, Debug)]
pub struct MqttCodec {
    /// The protocol level (set it from the CONNECT).
    pub version: ProtocolVersion,
    /// Decode options.
    pub opts: DecodeOptions,
}

impl MqttCodec {
    /// A strict codec for `version`.
    pub fn new(version: ProtocolVersion) -> Self {
        MqttCodec {
            version,
            opts: DecodeOptions::strict(),
        }
    }
}

impl Decoder for MqttCodec {
    type Item = OwnedPacket;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<OwnedPacket>, CodecError> {
        match Packet::decode_stream(src, self.version, &self.opts).map_err(CodecError::Malformed)? {
            Decoded::Incomplete { needed } => {
                src.reserve(needed);
                Ok(None)
            }
            Decoded::Packet(_, len) => {
                let bytes = src.split_to(len);
                Ok(Some(OwnedPacket::from_checked(
                    bytes.to_vec(),
                    self.version,
                    self.opts,
                )))
            }
        }
    }
}

struct Sink<'b>(&'b mut BytesMut);

impl Write for Sink<'_> {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}

impl Encoder<Packet<'_>> for MqttCodec {
    type Error = CodecError;

    fn encode(&mut self, item: Packet<'_>, dst: &mut BytesMut) -> Result<(), CodecError> {
        dst.reserve(item.encoded_len(self.version));
        item.encode(self.version, &mut Sink(dst))
            .map_err(CodecError::Encode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_packets_split_anywhere_and_encodes_them_back() {
        let stream = [0x30, 0x05, 0x00, 0x01, b'a', b'h', b'i', 0xc0, 0x00];
        let mut codec = MqttCodec::new(ProtocolVersion::V311);
        let mut buf = BytesMut::new();
        let mut got = std::vec::Vec::new();
        for &b in &stream {
            buf.extend_from_slice(&[b]);
            while let Some(p) = codec.decode(&mut buf).unwrap() {
                got.push(p);
            }
        }
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].get(), Packet::Pingreq);
        let mut out = BytesMut::new();
        for p in &got {
            codec.encode(p.get(), &mut out).unwrap();
        }
        assert_eq!(&out[..], &stream[..]);
        let mut bad = BytesMut::from(&[0x82u8, 0x00][..]);
        assert!(matches!(
            codec.decode(&mut bad),
            Err(CodecError::Malformed(_))
        ));
    }
}
