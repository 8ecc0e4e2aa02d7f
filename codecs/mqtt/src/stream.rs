//! Reading packets from a byte stream (TCP): a buffer that grows only as far as the
//! Maximum Packet Size allows.

use crate::error::{DecodeOptions, Error};
use crate::header::ProtocolVersion;
use crate::packet::{Decoded, Packet};
use std::io::{self, Read};
use std::vec::Vec;

/// Why [`PacketReader::read_packet`] stopped.
#[derive(Debug)]
pub enum ReadError {
    /// The stream failed, or ended inside a packet.
    Io(io::Error),
    /// The bytes broke a rule: the connection is to be closed.
    Malformed(Error),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl core::fmt::Display for ReadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Malformed(e) => write!(f, "malformed packet: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads whole packets from any `std::io::Read`.
///
/// ```no_run
/// use m2mwire_mqtt::{DecodeOptions, Packet, PacketReader, ProtocolVersion};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let stream = std::net::TcpStream::connect("127.0.0.1:1883")?;
/// let mut reader = PacketReader::new(stream, ProtocolVersion::V311, DecodeOptions::strict());
/// while let Some(len) = reader.read_packet()? {
///     let packet = reader.packet(len)?;
///     println!("{:?}", packet.packet_type());
///     reader.consume(len);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct PacketReader<R> {
    inner: R,
    buf: Vec<u8>,
    version: ProtocolVersion,
    opts: DecodeOptions,
}

impl<R: Read> PacketReader<R> {
    /// A reader of `version` packets under `opts` (whose `limits.max_message_size` is the
    /// Maximum Packet Size).
    pub fn new(inner: R, version: ProtocolVersion, opts: DecodeOptions) -> Self {
        PacketReader {
            inner,
            buf: Vec::new(),
            version,
            opts,
        }
    }

    /// Switch the version (after CONNECT told it).
    pub fn set_version(&mut self, version: ProtocolVersion) {
        self.version = version;
    }

    /// Read until a whole packet is buffered; returns its length, or `None` at a clean end of
    /// stream between packets.
    pub fn read_packet(&mut self) -> Result<Option<usize>, ReadError> {
        loop {
            match Packet::decode_stream(&self.buf, self.version, &self.opts)
                .map_err(ReadError::Malformed)?
            {
                Decoded::Packet(_, len) => return Ok(Some(len)),
                Decoded::Incomplete { needed } => {
                    let start = self.buf.len();
                    self.buf.resize(start + needed, 0);
                    let n = self
                        .inner
                        .read(self.buf.get_mut(start..).unwrap_or_default())?;
                    self.buf.truncate(start + n);
                    if n == 0 {
                        if start == 0 {
                            return Ok(None);
                        }
                        return Err(ReadError::Io(io::ErrorKind::UnexpectedEof.into()));
                    }
                }
            }
        }
    }

    /// The buffered packet of length `len` (as returned by `read_packet`).
    pub fn packet(&self, len: usize) -> Result<Packet<'_>, Error> {
        Packet::decode(
            self.buf.get(..len).unwrap_or_default(),
            self.version,
            &self.opts,
        )
    }

    /// Drop the first `len` buffered bytes (the packet just handled).
    pub fn consume(&mut self, len: usize) {
        self.buf.drain(..len.min(self.buf.len()));
    }

    /// The underlying reader.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }
}
