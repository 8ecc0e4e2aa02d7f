//! Every rule a WBXML receiver can check, one kind each.
//!
//! WBXML 1.3 (WAP-192-WBXML-20010725-a) defines a document by the grammar of §5.3 and has no
//! error-handling section: a document is malformed when it cannot be derived from that grammar
//! under the token rules of §5.4–§5.8. Kinds whose rule follows from the grammar rather than a
//! sentence cite "codec policy".

/// Why a WBXML document was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum WbxmlErrorKind {
    /// The input ended inside the header, a token or its operand.
    #[error("input ends inside a token")]
    Truncated,
    /// A version byte above 0x03 (WBXML 1.3).
    #[error("unknown WBXML version")]
    UnknownVersion,
    /// An mb_u_int32 longer than 5 bytes, above u32::MAX, or padded with leading 0x80 bytes.
    #[error("malformed mb_u_int32")]
    InvalidMbUint32,
    /// A charset whose strings cannot be NUL-terminated bytes (UCS-2, UTF-16).
    #[error("unsupported charset")]
    UnsupportedCharset,
    /// A string-table index out of range or not at the start of a string.
    #[error("bad string-table reference")]
    StringTableReference,
    /// A string in the string table or inline (STR_I, EXT_I) without its NUL.
    #[error("string without terminator")]
    UnterminatedString,
    /// A string that is not UTF-8 in a UTF-8 document.
    #[error("string is not UTF-8")]
    InvalidUtf8,
    /// An OPAQUE whose length runs past the end of the input.
    #[error("OPAQUE length past the end")]
    OpaqueTooLong,
    /// OPAQUE in WBXML 1.0, or as an attribute value before WBXML 1.2.
    #[error("OPAQUE not defined in this version")]
    OpaqueNotAllowed,
    /// A SWITCH_PAGE to a code page the document's language does not define.
    #[error("unknown code page")]
    UnknownCodePage,
    /// A tag token the code page does not define.
    #[error("unknown tag token")]
    UnknownTag,
    /// An END with no open element, attribute list or processing instruction.
    #[error("END without an open element")]
    UnmatchedEnd,
    /// The input ends with elements still open.
    #[error("missing END")]
    MissingEnd,
    /// A token that may not appear where it stands (content in an attribute list, an
    /// attribute value before an attribute start, a second root element).
    #[error("token not allowed here")]
    UnexpectedToken,
    /// A body without a root element.
    #[error("no root element")]
    MissingRoot,
    /// An ENTITY whose value is not a Unicode scalar value.
    #[error("entity is not a character")]
    InvalidEntity,
    /// Elements nested deeper than `Limits::max_depth`.
    #[error("elements nested too deeply")]
    TooDeep,
}

m2mwire_core::error_kind_meta!(WbxmlErrorKind {
    Truncated => "WBXML 1.3 §5.3 (codec policy)",
    UnknownVersion => "WBXML 1.3 §5.4",
    InvalidMbUint32 => "WBXML 1.3 §5.1",
    UnsupportedCharset => "WBXML 1.3 §5.6 (codec policy)",
    StringTableReference => "WBXML 1.3 §5.7",
    UnterminatedString => "WBXML 1.3 §5.7 / §5.8.4.1",
    InvalidUtf8 => "WBXML 1.3 §5.6 / RFC 3629",
    OpaqueTooLong => "WBXML 1.3 §5.8.4.6",
    OpaqueNotAllowed => "WBXML 1.3 §5.3 / §5.8.4.6",
    UnknownCodePage => "WBXML 1.3 §5.8.4.7.1 (codec policy: the language's pages)",
    UnknownTag => "WBXML 1.3 §5.8.2 (codec policy: the language's tags)",
    UnmatchedEnd => "WBXML 1.3 §5.3 (codec policy)",
    MissingEnd => "WBXML 1.3 §5.3 (codec policy)",
    UnexpectedToken => "WBXML 1.3 §5.3 (codec policy)",
    MissingRoot => "WBXML 1.3 §5.3",
    InvalidEntity => "WBXML 1.3 §5.8.4.3",
    TooDeep => "codec policy: Limits::max_depth",
});

/// A WBXML decoding error: kind and byte offset.
pub type Error = m2mwire_core::Error<WbxmlErrorKind>;

m2mwire_core::relaxations! {
    /// The quirks a lenient WBXML decoder may accept, one flag each (all off by default).
    pub struct Relax: u8 {
        /// Read LITERAL / LITERAL_A index 0 in a document without a string table as `xmlns`,
        /// as some Nokia SyncML stacks write it (libwbxml does the same). Relaxes WBXML 1.3
        /// §5.7.
        const NOKIA_LITERAL_XMLNS = 1 << 0 => "WBXML 1.3 §5.7";
        /// Accept OPAQUE in WBXML 1.0 and as an attribute value in 1.1, as libwbxml does.
        /// Relaxes WBXML 1.3 §5.3.
        const OPAQUE_ANY_VERSION = 1 << 1 => "WBXML 1.3 §5.3 / §5.8.4.6";
        /// Accept tag tokens and code pages the language does not define (they stay numbers).
        /// Relaxes the language's code-page tables.
        const UNKNOWN_TAGS = 1 << 2 => "WBXML 1.3 §5.8.2 (codec policy: the language's tags)";
        /// Accept mb_u_int32 values padded with leading 0x80 bytes. Relaxes WBXML 1.3 §5.1.
        const PADDED_MB_U_INT32 = 1 << 3 => "WBXML 1.3 §5.1";
    }
}

/// WBXML decode options: [`Relax`] flags and limits. `Default` is strict.
pub type DecodeOptions = m2mwire_core::DecodeOptions<Relax>;

#[inline]
pub(crate) fn err(kind: WbxmlErrorKind, offset: usize) -> Error {
    Error::new(kind, offset)
}
