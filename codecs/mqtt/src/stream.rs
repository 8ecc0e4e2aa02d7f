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
                    // Grow by at most 8 KiB per read: zero-filling the whole missing rest of a
                    // large packet before every short read would make a slow sender cost
                    // quadratic time.
                    self.buf.resize(start + needed.min(8 * 1024), 0);
                    let read = self
                        .inner
                        .read(self.buf.get_mut(start..).unwrap_or_default());
                    // Drop the zero filler whatever happened, so a timeout (the usual way to
                    // drive keep-alive) or an interrupt leaves only real bytes behind.
                    let n = *read.as_ref().unwrap_or(&0);
                    self.buf.truncate(start + n);
                    match read {
                        Ok(_) => {}
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(ReadError::Io(e)),
                    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    /// A reader that hands out scripted chunks and errors.
    struct Script(VecDeque<io::Result<&'static [u8]>>);

    impl Read for Script {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match self.0.pop_front() {
                None => Ok(0),
                Some(Err(e)) => Err(e),
                Some(Ok(chunk)) => {
                    let n = chunk.len().min(out.len());
                    out[..n].copy_from_slice(&chunk[..n]);
                    if n < chunk.len() {
                        self.0.push_front(Ok(&chunk[n..]));
                    }
                    Ok(n)
                }
            }
        }
    }

    #[test]
    fn a_timeout_mid_packet_leaves_no_filler_behind() {
        let script = Script(VecDeque::from([
            Ok(&[0x30u8][..]),
            Err(io::ErrorKind::WouldBlock.into()),
            Err(io::ErrorKind::Interrupted.into()),
            Ok(&[0x05, 0x00, 0x03, b'a', b'/', b'b', 0xd0][..]),
            Err(io::ErrorKind::TimedOut.into()),
            Ok(&[0x00][..]),
        ]));
        let mut r = PacketReader::new(script, ProtocolVersion::V311, DecodeOptions::strict());
        assert!(
            matches!(r.read_packet(), Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::WouldBlock)
        );
        let len = r.read_packet().unwrap().unwrap();
        assert!(matches!(r.packet(len).unwrap(), Packet::Publish(p) if p.topic == "a/b"));
        r.consume(len);
        assert!(
            matches!(r.read_packet(), Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::TimedOut)
        );
        let len = r.read_packet().unwrap().unwrap();
        assert_eq!(r.packet(len).unwrap(), Packet::Pingresp);
        r.consume(len);
        assert!(r.read_packet().unwrap().is_none());
    }
}
