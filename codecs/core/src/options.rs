//! Decode options: strict by default, each relaxation named.

/// Caps that keep a decoder's work and memory bounded by its input, whatever a length field
/// claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Most options / properties / attributes accepted in one message.
    pub max_options: usize,
    /// Deepest nesting accepted (TLV, WBXML elements).
    pub max_depth: usize,
    /// Largest message accepted, in bytes.
    pub max_message_size: usize,
}

impl Limits {
    /// Generous defaults: 256 options, depth 32, 16 MiB messages.
    pub const DEFAULT: Limits = Limits {
        max_options: 256,
        max_depth: 32,
        max_message_size: 16 * 1024 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How strictly to decode: a codec's set of relaxation flags `R` (a `bitflags` type) and
/// [`Limits`].
///
/// The default is strict: no relaxation. Each flag of `R` is documented with the clause it
/// relaxes, in the style of httparse's `ParserConfig`; [`lenient`](DecodeOptions::lenient)
/// turns all of them on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeOptions<R> {
    /// Rules relaxed (empty = strict).
    pub relax: R,
    /// Resource caps.
    pub limits: Limits,
}

impl<R: bitflags::Flags + Copy> DecodeOptions<R> {
    /// Every rule enforced, default limits.
    pub fn strict() -> Self {
        DecodeOptions {
            relax: R::empty(),
            limits: Limits::DEFAULT,
        }
    }

    /// Every relaxation the codec offers, default limits.
    pub fn lenient() -> Self {
        DecodeOptions {
            relax: R::all(),
            limits: Limits::DEFAULT,
        }
    }

    /// These options with `flag` relaxed too.
    #[must_use]
    pub fn relaxing(mut self, flag: R) -> Self {
        self.relax.insert(flag);
        self
    }

    /// True if `flag` is relaxed.
    #[inline]
    pub fn allows(&self, flag: R) -> bool {
        self.relax.contains(flag)
    }
}

impl<R: bitflags::Flags + Copy> Default for DecodeOptions<R> {
    fn default() -> Self {
        Self::strict()
    }
}
