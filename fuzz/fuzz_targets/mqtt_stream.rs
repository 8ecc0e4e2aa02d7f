//! `mqtt_stream`: a byte stream read in arbitrary chunks gives the same packets as read whole.
//!
//! Input layout: byte 0 is the selector: bit 0 picks the version (0: MQTT 3.1.1, 1: MQTT 5.0),
//! bit 1 the options (0: strict, 1: lenient), bits 2–7 the number `n` (0–63) of chunk-size
//! bytes that follow it; everything after those is the stream. Chunk-size byte `b` means a
//! chunk of `b + 1` bytes; the sizes are used in a cycle. With `n == 0` (as in the seeds,
//! whose selector is 0–3) every chunk is 1 byte, so every prefix of the stream is tried.
//! The Maximum Packet Size is 8 KiB, not 16 MiB: `PacketReader::read_packet` zero-fills the
//! whole missing rest of the packet before every `read`, so reading one packet in small
//! chunks costs (reads × packet size); with a large limit this target spent its time in
//! memset. The 64 KiB seeds still exercise a 3-byte Remaining Length, up to `PacketTooLarge`
//! (decided before the body arrives, and through `PacketReader` as `Malformed`).
//!
//! Properties checked:
//!
//! 1. Reference: `Packet::decode_stream` applied to the whole stream, packet after packet,
//!    gives a sequence of `(packet, length)` ended by an error, by `Incomplete` (a partial
//!    packet at the end), or by the end of the stream.
//! 2. Chunked: appending the chunks one by one to a buffer, decoding every packet the buffer
//!    holds and draining it, gives exactly that sequence, the same error (kind and offset
//!    from the packet start), or the same final `Incomplete { needed }`.
//! 3. `Incomplete { needed }` never over-reports: `needed >= 1`, and with `needed - 1` more
//!    bytes (when the stream has them) nothing can be decided yet (`decode_stream` of that
//!    longer prefix is `Incomplete` too). Once the fixed header is complete it is exact: the
//!    packet is decided when, and only when, `needed` more bytes arrive.
//! 4. `frame` agrees with every `decode_stream` answer (same length, same `needed`, same
//!    error when the error is in the fixed header; an error `frame` lets through is in the
//!    body, except PUBLISH's QoS 3 and DUP-with-QoS-0 flags, which `Publish::decode` checks
//!    once the whole packet is there, at offset 0).
//! 5. `PacketReader` over a `std::io::Read` that hands out the same chunks gives the same
//!    packets and lengths, ends cleanly (`Ok(None)`) exactly when the stream ends between
//!    packets, reports `UnexpectedEof` when it ends inside one, and `Malformed` with the same
//!    error as the reference.
#![no_main]

use std::hint::black_box;
use std::io::{self, Read};

use libfuzzer_sys::fuzz_target;
use m2mwire_mqtt::{
    DecodeOptions, Decoded, Error, Frame, MqttErrorKind, Packet, PacketReader, PacketType,
    ProtocolVersion, ReadError, frame,
};

/// Maximum Packet Size for this target (see the top comment).
const MAX_PACKET: usize = 8 * 1024;

/// What the reference run made of the packet at some position.
#[derive(Clone, Copy, Debug)]
enum Decision {
    /// A packet of this length.
    Packet(usize),
    /// The error that ends the reference run.
    Error,
    /// Nothing: the stream ends inside it.
    None,
}

/// How the reference run over the whole stream ended.
#[derive(Debug, PartialEq)]
enum End {
    /// The stream ended exactly after the last packet.
    Clean,
    /// A partial packet is left; `decode_stream` asked for `needed` more bytes.
    Incomplete { needed: usize },
    /// A packet broke a rule (offset counted from the start of that packet).
    Error(Error),
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let version = if selector & 1 == 0 {
        ProtocolVersion::V311
    } else {
        ProtocolVersion::V5
    };
    let mut opts = if selector & 2 == 0 {
        DecodeOptions::strict()
    } else {
        DecodeOptions::lenient()
    };
    opts.limits.max_message_size = MAX_PACKET;
    let n = usize::from(selector >> 2).min(rest.len());
    let (sizes, stream) = rest.split_at(n);
    let sizes: Vec<usize> = if sizes.is_empty() {
        vec![1]
    } else {
        sizes.iter().map(|&b| usize::from(b) + 1).collect()
    };

    // 1. Reference: the whole stream at once.
    let mut packets: Vec<(Packet<'_>, usize)> = Vec::new();
    let mut pos = 0;
    let end = loop {
        let rem = &stream[pos..];
        match Packet::decode_stream(rem, version, &opts) {
            Ok(Decoded::Packet(p, used)) => {
                assert!(
                    used >= 2 && used <= rem.len(),
                    "used {used} of {}",
                    rem.len()
                );
                packets.push((p, used));
                pos += used;
            }
            Ok(Decoded::Incomplete { .. }) if rem.is_empty() => break End::Clean,
            Ok(Decoded::Incomplete { needed }) => {
                check_incomplete(rem, rem.len(), needed, Decision::None, version, &opts);
                break End::Incomplete { needed };
            }
            Err(e) => {
                assert!(e.offset <= rem.len(), "offset past the data: {e:?}");
                break End::Error(e);
            }
        }
    };
    // Where each packet starts in the stream.
    let starts: Vec<usize> = packets
        .iter()
        .scan(0, |at, &(_, used)| {
            let s = *at;
            *at += used;
            Some(s)
        })
        .collect();

    // 2. and 3. Chunked.
    let mut buf: Vec<u8> = Vec::new();
    let mut next = 0; // index of the next expected packet
    let mut fed = 0; // bytes of the stream appended so far
    let mut chunk = 0;
    let mut chunked_end = None;
    'feed: while fed < stream.len() {
        let size = sizes[chunk % sizes.len()].min(stream.len() - fed);
        chunk += 1;
        buf.extend_from_slice(&stream[fed..fed + size]);
        fed += size;
        loop {
            // The buffer holds the stream from the start of the next packet up to `fed`.
            let start = starts.get(next).copied().unwrap_or(pos);
            assert_eq!(buf.len(), fed - start, "buffer out of step with the stream");
            let rem = &stream[start..];
            let r = Packet::decode_stream(&buf, version, &opts);
            agree_frame(&buf, version, &opts, &r);
            match r {
                Ok(Decoded::Packet(p, used)) => {
                    let Some((q, qused)) = packets.get(next) else {
                        panic!("chunked decode found an extra packet {p:?} at {start}");
                    };
                    assert_eq!((&p, used), (q, *qused), "packet #{next} differs");
                    next += 1;
                    buf.drain(..used);
                }
                Ok(Decoded::Incomplete { needed }) => {
                    if !buf.is_empty() {
                        // The packet is decided at its full length: a packet of the
                        // reference, or else the error that ends it.
                        let decided = match packets.get(next) {
                            Some(&(_, used)) => Decision::Packet(used),
                            None if matches!(end, End::Error(_)) => Decision::Error,
                            None => Decision::None,
                        };
                        check_incomplete(rem, buf.len(), needed, decided, version, &opts);
                    }
                    if fed == stream.len() && !buf.is_empty() {
                        chunked_end = Some(End::Incomplete { needed });
                    }
                    break;
                }
                Err(e) => {
                    chunked_end = Some(End::Error(e));
                    break 'feed;
                }
            }
        }
    }
    assert_eq!(next, packets.len(), "chunked decode found fewer packets");
    assert_eq!(
        chunked_end.unwrap_or(End::Clean),
        end,
        "chunked and whole decodes end differently"
    );

    // 5. PacketReader.
    let source = Chunked {
        data: stream,
        sizes: &sizes,
        next: 0,
    };
    let mut reader = PacketReader::new(source, version, opts);
    let mut i = 0;
    loop {
        match reader.read_packet() {
            Ok(Some(len)) => {
                let Some((q, qused)) = packets.get(i) else {
                    panic!("PacketReader found an extra packet");
                };
                assert_eq!(len, *qused, "PacketReader length of packet #{i}");
                let p = reader
                    .packet(len)
                    .unwrap_or_else(|e| panic!("PacketReader::packet failed: {e:?}"));
                assert_eq!(&p, q, "PacketReader packet #{i}");
                black_box(p);
                reader.consume(len);
                i += 1;
            }
            Ok(None) => {
                assert_eq!(end, End::Clean, "PacketReader ended cleanly");
                break;
            }
            Err(ReadError::Io(e)) => {
                assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof, "{e}");
                assert!(matches!(end, End::Incomplete { .. }), "EOF inside a packet");
                break;
            }
            Err(ReadError::Malformed(e)) => {
                assert_eq!(end, End::Error(e), "PacketReader error");
                break;
            }
        }
    }
    assert_eq!(i, packets.len(), "PacketReader found fewer packets");
});

/// `decode_stream` said `Incomplete { needed }` for the first `have` bytes of `rem` (the
/// stream from the start of the current packet on); check it did not over-report, and is
/// exact once the fixed header is complete. `decided`: what the reference run made of the
/// packet starting at `rem`.
fn check_incomplete(
    rem: &[u8],
    have: usize,
    needed: usize,
    decided: Decision,
    version: ProtocolVersion,
    opts: &DecodeOptions,
) {
    assert!(needed >= 1, "Incomplete with needed 0");
    // With needed - 1 more bytes nothing can be decided yet.
    let shorter = have + needed - 1;
    if shorter <= rem.len() && shorter > have {
        let r = Packet::decode_stream(&rem[..shorter], version, opts);
        assert!(
            matches!(r, Ok(Decoded::Incomplete { .. })),
            "Incomplete {{ needed: {needed} }} at {have} bytes, but {shorter} bytes give {r:?}"
        );
    }
    // Never more than the stream holds when the reference decided the packet.
    let bound = match decided {
        Decision::Packet(used) => Some(used),
        Decision::Error => Some(rem.len()),
        Decision::None => None,
    };
    if let Some(b) = bound {
        assert!(
            have + needed <= b,
            "needed {needed} at {have}: decided within {b}"
        );
    }
    // Header complete: the packet length is known, `needed` is exact, and the packet is
    // decided with exactly that many bytes (the reference run says how: no second decode,
    // which would make 1-byte chunks quadratic).
    if let Some(total) = declared_len(&rem[..have]) {
        assert_eq!(
            have + needed,
            total,
            "needed {needed} at {have} bytes of a {total}-byte packet"
        );
        match decided {
            Decision::Packet(used) => assert_eq!(used, total, "packet length"),
            // With the header complete and accepted, the error is in the body.
            Decision::Error => assert!(total <= rem.len(), "error past the stream end"),
            Decision::None => assert!(total > rem.len(), "complete packet left undecided"),
        }
    }
}

/// Header length + Remaining Length, read here from a complete fixed header (1–4 length
/// bytes); `None` while the header is still arriving.
fn declared_len(buf: &[u8]) -> Option<usize> {
    let mut value = 0usize;
    for i in 0..4 {
        let b = *buf.get(1 + i)?;
        value |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some(2 + i + value);
        }
    }
    None
}

/// `frame` agrees with a `decode_stream` answer: a complete packet of the same length, the
/// same `Incomplete { needed }`, and for an error either the same error (one in the fixed
/// header) or a complete packet (the error is in the body, or is PUBLISH's QoS 3 / DUP with
/// QoS 0, which the body decoder checks).
fn agree_frame(
    buf: &[u8],
    version: ProtocolVersion,
    opts: &DecodeOptions,
    r: &Result<Decoded<'_>, Error>,
) {
    let f = frame(buf, version, opts);
    match (&f, r) {
        (Ok(Frame::Complete(h)), Ok(Decoded::Packet(_, used))) => {
            assert_eq!(h.packet_len(), *used, "frame length")
        }
        (Ok(Frame::Incomplete { needed: a }), Ok(Decoded::Incomplete { needed: b })) => {
            assert_eq!(a, b, "frame needed")
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "frame error"),
        // An error found with the body. Only PUBLISH checks part of its fixed header there:
        // its flags carry QoS and DUP (`required_flags` is `None`), reported at offset 0.
        (Ok(Frame::Complete(h)), Err(e)) => {
            assert!(
                e.offset <= h.packet_len(),
                "error {e:?} past the packet {h:?}"
            );
            if e.offset < h.header_len {
                assert!(
                    h.packet_type == PacketType::PUBLISH
                        && e.offset == 0
                        && matches!(
                            e.kind,
                            MqttErrorKind::InvalidQos | MqttErrorKind::DupWithQos0
                        ),
                    "body error {e:?} inside the header {h:?}"
                );
            }
        }
        _ => panic!("frame gives {f:?}, decode_stream {r:?}"),
    }
    black_box(f).ok();
}

/// A reader that hands out at most the next chunk size per `read` call.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: &'a [usize],
    next: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
