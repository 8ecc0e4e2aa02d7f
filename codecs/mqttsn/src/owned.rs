//! The owned form of a datagram (feature `alloc`): its checked bytes, read back on demand.

use crate::error::{DecodeOptions, Error};
use crate::message::Packet;
use alloc::vec::Vec;
use m2mwire_core::{Encode, EncodeError};

/// An owned MQTT-SN datagram: checked bytes; [`get`](Self::get) decodes them without
/// allocating, so keeping bytes costs nothing and keeps the datagram exactly as received.
///
/// ```
/// use m2mwire_mqttsn::{DecodeOptions, Message, OwnedPacket};
///
/// let owned = OwnedPacket::decode(vec![0x02, 0x17], &DecodeOptions::strict())?;
/// assert_eq!(owned.get().message, Message::Pingresp);
/// # Ok::<(), m2mwire_mqttsn::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedPacket {
    bytes: Vec<u8>,
    opts: DecodeOptions,
}

impl OwnedPacket {
    /// Take ownership of a datagram after checking it.
    pub fn decode(bytes: Vec<u8>, opts: &DecodeOptions) -> Result<Self, Error> {
        Packet::decode(&bytes, opts)?;
        Ok(OwnedPacket { bytes, opts: *opts })
    }

    /// Encode a borrowed packet into an owned one; fails if the bytes would not decode under
    /// `opts` (the encoder does not repeat every decoding check, e.g. topic syntax).
    pub fn from_packet(p: &Packet<'_>, opts: &DecodeOptions) -> Result<Self, EncodeError> {
        let bytes = p.encode_to_vec()?;
        Self::decode(bytes, opts).map_err(|_| EncodeError::Invalid {
            what: "message that breaks a decoding rule",
            clause: "see Packet::decode",
        })
    }

    /// The packet, borrowing from `self`.
    pub fn get(&self) -> Packet<'_> {
        // The bytes are private and were checked with these very options when `self` was
        // made, so this decode cannot fail; the fallback is never reached.
        Packet::decode(&self.bytes, &self.opts)
            .unwrap_or(Packet::new(crate::message::Message::Pingresp))
    }

    /// The datagram.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}
