//! The sink a checked packet is written into once its sink has lent the whole packet
//! ([`Write::chunk`]): a slice whose short fields are copied inline.
//!
//! Strings of an MQTT packet are mostly a few to a few dozen bytes (client identifiers, topics,
//! property values). Through `copy_from_slice` each is a `memcpy` call; here a string of 4 to
//! 32 bytes is two overlapping fixed-size moves, which the compiler emits as a couple of loads
//! and stores. Longer ones (payloads) still go to `memcpy`, which is faster for them, and so do
//! shorter ones of a length known only at run time (rare; fixed-size writes of one or two
//! bytes are plain stores once inlined).

use m2mwire_core::{EncodeError, Write};

/// A slice sink that copies writes of 4 to 32 bytes inline.
pub(crate) struct Fill<'b>(pub(crate) &'b mut [u8]);

/// Copy `s` into `d` (same length) with two overlapping moves of `N` bytes; `false` if the
/// length is not in `N..=2N`.
#[inline(always)]
fn two_moves<const N: usize>(d: &mut [u8], s: &[u8]) -> bool {
    match (
        d.first_chunk_mut::<N>(),
        s.first_chunk::<N>(),
        s.last_chunk::<N>(),
    ) {
        (Some(head), Some(first), Some(last)) if s.len() <= 2 * N => {
            *head = *first;
            if let Some(tail) = d.last_chunk_mut::<N>() {
                *tail = *last;
            }
            true
        }
        _ => false,
    }
}

impl Fill<'_> {
    /// The fixed header: byte 0 and the Remaining Length `body`, which [`super::packet_len`]
    /// has checked (at most 268,435,455). One fixed-size write, no call.
    #[inline(always)]
    pub(crate) fn fixed_header(&mut self, b0: u8, body: usize) -> Result<(), EncodeError> {
        let l = u32::try_from(body).unwrap_or(u32::MAX);
        // The low seven bits of each group of the Variable Byte Integer, continuation bit set.
        let g = |k: u32| ((l >> (7 * k)) as u8 & 0x7f) | 0x80;
        match l {
            0..=0x7f => self.write_all(&[b0, l as u8]),
            0x80..=0x3fff => self.write_all(&[b0, g(0), (l >> 7) as u8]),
            0x4000..=0x1f_ffff => self.write_all(&[b0, g(0), g(1), (l >> 14) as u8]),
            _ => self.write_all(&[b0, g(0), g(1), g(2), (l >> 21) as u8]),
        }
    }
}

impl Write for Fill<'_> {
    #[inline(always)]
    fn write_all(&mut self, b: &[u8]) -> Result<(), EncodeError> {
        let n = b.len();
        if n > self.0.len() {
            return Err(EncodeError::BufferFull {
                needed: n - self.0.len(),
            });
        }
        let (head, tail) = core::mem::take(&mut self.0).split_at_mut(n);
        let done = match n {
            4..=7 => two_moves::<4>(head, b),
            8..=16 => two_moves::<8>(head, b),
            17..=32 => two_moves::<16>(head, b),
            // Fixed-size writes (a byte, a two-byte length) are known after inlining and
            // compile to a store; longer strings are worth the call.
            _ => false,
        };
        if !done {
            head.copy_from_slice(b);
        }
        self.0 = tail;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m2mwire_core::varint;

    /// `fixed_header` writes what the general Variable Byte Integer writer writes, at every
    /// boundary of its one- to four-byte Remaining Lengths.
    #[test]
    fn fixed_header_matches_the_varint_writer() {
        for body in [
            0usize,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            268_435_455,
        ] {
            let mut want = [0x30, 0, 0, 0, 0];
            let mut sink = &mut want[1..];
            varint::write_vbi(&mut sink, body as u32).unwrap();
            let n = 5 - sink.len();
            let mut buf = [0u8; 5];
            let mut f = Fill(&mut buf[..n]);
            f.fixed_header(0x30, body).unwrap();
            assert!(f.0.is_empty(), "{body}: length");
            assert_eq!(buf[..n], want[..n], "{body}");
        }
    }
}
