//! One error shape for every codec: a kind and the byte offset where it was detected.

use core::fmt;

/// What every codec's error-kind enum provides: a stable name and the clause it enforces.
///
/// The name is what test vectors and the CLI's JSON use (`"error": "ReservedTokenLength"`);
/// the clause is what the conformance report groups by (`"RFC 7252 §3"`).
pub trait ErrorKind: Copy + fmt::Debug + fmt::Display + Eq + 'static {
    /// The variant's name, stable across releases.
    fn name(&self) -> &'static str;
    /// The spec clause (or codec policy) this kind enforces.
    fn clause(&self) -> &'static str;
    /// Every kind, so a test can prove each one is exercised by a vector.
    fn all() -> &'static [Self];
}

/// A decoding error: which rule (`kind`) was broken, and at which byte `offset` of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Error<K> {
    /// The rule that was broken.
    pub kind: K,
    /// Offset, from the start of the input, of the first byte that broke it.
    pub offset: usize,
}

impl<K> Error<K> {
    /// An error of `kind` at `offset`.
    pub const fn new(kind: K, offset: usize) -> Self {
        Error { kind, offset }
    }

    /// The same offset under another kind (a codec naming the field a shortfall hit).
    pub fn with_kind<K2>(self, kind: K2) -> Error<K2> {
        Error {
            kind,
            offset: self.offset,
        }
    }
}

impl<K: ErrorKind> Error<K> {
    /// The clause the broken rule comes from.
    pub fn clause(&self) -> &'static str {
        self.kind.clause()
    }
}

impl<K: fmt::Display> fmt::Display for Error<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.kind, self.offset)
    }
}

impl<K: fmt::Debug + fmt::Display> core::error::Error for Error<K> {}

/// Failures of the core's own primitives, before a codec names the field they hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum CoreErrorKind {
    /// The input ended before a field did.
    #[error("input ends inside a field")]
    UnexpectedEnd,
    /// Bytes remain after a value that must end the input.
    #[error("trailing bytes after the value")]
    TrailingBytes,
    /// A variable-length integer ran past its maximum number of bytes.
    #[error("variable-length integer longer than allowed")]
    VarIntTooLong,
    /// A variable-length integer used more bytes than its value needs.
    #[error("variable-length integer not in its shortest form")]
    VarIntNonMinimal,
    /// A variable-length integer's value does not fit its type.
    #[error("variable-length integer overflows")]
    VarIntOverflow,
}

crate::error_kind_meta!(CoreErrorKind {
    UnexpectedEnd => "codec policy: a field may not run past the input",
    TrailingBytes => "codec policy: no bytes after the value",
    VarIntTooLong => "MQTT 5.0 §1.5.5 / WBXML 1.3 §5.1",
    VarIntNonMinimal => "MQTT-1.5.5-1",
    VarIntOverflow => "WBXML 1.3 §5.1",
});

/// Re-labels a core error with the codec's own kind, keeping its offset.
pub trait ResultExt<T> {
    /// Map the error to `kind`, keeping the offset.
    fn or_kind<K>(self, kind: K) -> Result<T, Error<K>>;
}

impl<T, K0> ResultExt<T> for Result<T, Error<K0>> {
    #[inline]
    fn or_kind<K>(self, kind: K) -> Result<T, Error<K>> {
        self.map_err(|e| e.with_kind(kind))
    }
}

/// An encoding failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The sink had no room for `needed` more bytes.
    #[error("output buffer full: {needed} more bytes needed")]
    BufferFull {
        /// Bytes the write wanted to add.
        needed: usize,
    },
    /// The value cannot be represented on the wire.
    #[error("{what} cannot be encoded ({clause})")]
    Invalid {
        /// The field that is out of range.
        what: &'static str,
        /// The clause that limits it.
        clause: &'static str,
    },
}

/// Implements [`ErrorKind`] for a codec's error enum from a table of `Variant => "clause"`.
///
/// Variants must be unit variants; `Display` comes from `thiserror`.
#[macro_export]
macro_rules! error_kind_meta {
    ($ty:ident { $($var:ident => $clause:expr),* $(,)? }) => {
        impl $crate::ErrorKind for $ty {
            fn name(&self) -> &'static str {
                match self { $(Self::$var => stringify!($var),)* }
            }
            fn clause(&self) -> &'static str {
                match self { $(Self::$var => $clause,)* }
            }
            fn all() -> &'static [Self] {
                &[$(Self::$var),*]
            }
        }
    };
}
