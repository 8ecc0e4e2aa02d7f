//! The owned form of a packet (feature `alloc`): its validated bytes, read back on demand.

use crate::error::{DecodeOptions, Error};
use crate::header::ProtocolVersion;
use crate::packet::Packet;
use alloc::vec::Vec;
use m2mwire_core::EncodeError;

/// An owned packet: validated wire bytes plus the version they are read with.
///
/// Keeping bytes rather than a tree of owned fields costs nothing extra — [`get`](Self::get)
/// decodes without allocating — and keeps the packet exactly as it was on the wire.
///
/// ```
/// use m2mwire_mqtt::{DecodeOptions, OwnedPacket, Packet, ProtocolVersion};
///
/// let owned = OwnedPacket::decode(vec![0xc0, 0x00], ProtocolVersion::V5, &DecodeOptions::strict())?;
/// assert_eq!(owned.get(), Packet::Pingreq);
/// # Ok::<(), m2mwire_mqtt::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedPacket {
    bytes: Vec<u8>,
    version: ProtocolVersion,
    opts: DecodeOptions,
}

impl OwnedPacket {
    /// Take ownership of one packet's bytes after checking them.
    pub fn decode(
        bytes: Vec<u8>,
        version: ProtocolVersion,
        opts: &DecodeOptions,
    ) -> Result<Self, Error> {
        Packet::decode(&bytes, version, opts)?;
        Ok(OwnedPacket {
            bytes,
            version,
            opts: *opts,
        })
    }

    /// Wrap bytes a decode under `opts` has just accepted.
    #[cfg(feature = "tokio")]
    pub(crate) fn from_checked(
        bytes: Vec<u8>,
        version: ProtocolVersion,
        opts: DecodeOptions,
    ) -> Self {
        OwnedPacket {
            bytes,
            version,
            opts,
        }
    }

    /// Encode a borrowed packet into an owned one. Fails if the encoding would not decode
    /// under `opts` (the encoder does not repeat every decoding check, e.g. topic syntax).
    pub fn from_packet(
        p: &Packet<'_>,
        version: ProtocolVersion,
        opts: &DecodeOptions,
    ) -> Result<Self, EncodeError> {
        let mut bytes = Vec::with_capacity(p.encoded_len(version));
        p.encode(version, &mut bytes)?;
        Self::decode(bytes, version, opts).map_err(|_| EncodeError::Invalid {
            what: "packet that breaks a decoding rule",
            clause: "see Packet::decode",
        })
    }

    /// The packet, borrowing from `self`.
    pub fn get(&self) -> Packet<'_> {
        // The bytes are private and were decoded with these very options when `self` was
        // made, so this decode cannot fail; the fallback is never reached.
        Packet::decode(&self.bytes, self.version, &self.opts).unwrap_or(Packet::Pingreq)
    }

    /// The wire bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The protocol version.
    pub const fn version(&self) -> ProtocolVersion {
        self.version
    }
}
