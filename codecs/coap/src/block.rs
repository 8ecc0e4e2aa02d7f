//! The value of the Block1/Block2 (RFC 7959 §2.2) and Q-Block (RFC 9177 §4.2) options.

/// NUM, M and SZX of a block option (RFC 7959 §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlockValue {
    /// Block number (up to 20 bits).
    pub num: u32,
    /// More blocks follow.
    pub more: bool,
    /// Size exponent: the block is `2^(szx + 4)` bytes; 7 is reserved over UDP.
    pub szx: u8,
}

impl BlockValue {
    /// Split a uint option value; `None` above 24 bits (the option is 0–3 bytes).
    pub const fn from_uint(v: u64) -> Option<Self> {
        if v > 0x00ff_ffff {
            return None;
        }
        Some(BlockValue {
            num: (v >> 4) as u32,
            more: v & 0x08 != 0,
            szx: (v & 0x07) as u8,
        })
    }

    /// The uint value; `None` if `num` needs more than 20 bits or `szx` more than 3.
    pub const fn to_uint(self) -> Option<u32> {
        if self.num > 0x000f_ffff || self.szx > 7 {
            return None;
        }
        Some((self.num << 4) | ((self.more as u32) << 3) | self.szx as u32)
    }

    /// The block size in bytes; `None` for the reserved SZX 7 (§2.2: must not be sent; a
    /// request with it gets 4.00).
    pub const fn size(self) -> Option<usize> {
        if self.szx < 7 {
            Some(1 << (self.szx + 4))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7959_examples() {
        // RFC 7959 Figure 2 style: Block2 0/1/128 = NUM 0, M 1, SZX 3 (128 bytes) -> 0x0b.
        let b = BlockValue::from_uint(0x0b).unwrap();
        assert_eq!((b.num, b.more, b.size()), (0, true, Some(128)));
        assert_eq!(b.to_uint(), Some(0x0b));
        let last = BlockValue::from_uint(0x22).unwrap(); // 2/0/64
        assert_eq!((last.num, last.more, last.size()), (2, false, Some(64)));
        assert_eq!(BlockValue::from_uint(0x07).unwrap().size(), None);
        assert_eq!(BlockValue::from_uint(0x0100_0000), None);
    }
}
