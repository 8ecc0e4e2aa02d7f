//! Every rule an LwM2M payload receiver can check, one kind each.
//!
//! The TLV layout is LwM2M 1.0 §6.4.3 (the same table is 1.1 Core §7.4.3 and 1.2 Core §7.4.5);
//! the value rules are the Data Types appendix (App. C). The TLV text describes only valid
//! forms: the rules marked "codec policy" follow from its layout and nesting description.

/// Why an LwM2M payload was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Lwm2mErrorKind {
    /// The Identifier or Length field runs past the end of the enclosing buffer.
    #[error("TLV header runs past the end")]
    TruncatedHeader,
    /// The value runs past the end of the enclosing buffer (or of its parent TLV).
    #[error("TLV value runs past the end")]
    ValuePastEnd,
    /// A TLV inside a parent that may not hold its kind: an Object Instance holds only
    /// Resources and Multiple Resources, a Multiple Resource only Resource Instances.
    #[error("TLV kind not allowed inside its parent")]
    InvalidNesting,
    /// Object Instances, Resources and Resource Instances mixed at the top level.
    #[error("TLV kinds mixed at the top level")]
    MixedLevel,
    /// Identifier 65535, reserved (MAX_ID).
    #[error("reserved identifier 65535")]
    ReservedId,
    /// Two TLVs with the same identifier inside one parent (or at the top level).
    #[error("duplicate identifier at one level")]
    DuplicateId,
    /// Nesting deeper than `Limits::max_depth`.
    #[error("TLV nested too deeply")]
    TooDeep,
    /// More TLVs at one level than `Limits::max_options`.
    #[error("too many TLVs at one level")]
    TooMany,
    /// Bytes after the single value a path asks for.
    #[error("bytes after the value the path names")]
    TrailingBytes,
    /// Integer, Unsigned Integer or Time value whose length is not 1, 2, 4 or 8.
    #[error("integer length is not 1, 2, 4 or 8")]
    InvalidIntegerLength,
    /// Float value whose length is not 4 or 8.
    #[error("float length is not 4 or 8")]
    InvalidFloatLength,
    /// Boolean value that is not one byte 0 or 1.
    #[error("boolean is not one byte 0 or 1")]
    InvalidBoolean,
    /// Objlnk value that is not 4 bytes.
    #[error("object link is not 4 bytes")]
    InvalidObjlnk,
    /// String or Corelnk value that is not UTF-8.
    #[error("string is not UTF-8")]
    InvalidUtf8,
    /// A TLV whose identifiers disagree with the request path, or whose kind the path does not
    /// allow at that place.
    #[error("TLV does not match the request path")]
    PathMismatch,
    /// A malformed LwM2M path (`/3/0/x`, an id over 65534, more than 4 levels).
    #[error("malformed LwM2M path")]
    InvalidPath,
    /// A plain-text value that does not parse as its resource type.
    #[error("plain-text value does not parse as its type")]
    InvalidText,
    /// A value of a type the content format cannot carry (Opaque in plain text, an executable
    /// resource).
    #[error("type not carried by this content format")]
    UnsupportedType,
    /// A CoRE link-format document that does not follow RFC 6690 §2.
    #[error("malformed CoRE link format")]
    InvalidLinkFormat,
    /// A SenML pack that is not an array of records with labels of the right types (JSON
    /// syntax, CBOR well-formedness, base64url data).
    #[error("malformed SenML pack")]
    InvalidSenml,
    /// A SenML label ending in `_` that this reader does not understand.
    #[error("SenML label that must be understood")]
    SenmlMustUnderstand,
    /// A SenML record with two values, or a value of the wrong kind for its resource (a
    /// fraction for an Integer, `vs` for a Boolean).
    #[error("SenML value does not fit its resource")]
    SenmlValue,
    /// A resolved SenML name that is not an LwM2M path to a resource.
    #[error("SenML name is not an LwM2M resource path")]
    SenmlName,
    /// An LwM2M CBOR payload that is not a map of path ids down to resource values
    /// (malformed CBOR, a key that is not an id 0–65534, more than four ids, a value above a
    /// resource, the same path twice).
    #[error("malformed LwM2M CBOR")]
    InvalidLwm2mCbor,
    /// An LwM2M CBOR value of the wrong CBOR type for its resource.
    #[error("LwM2M CBOR value does not fit its resource")]
    Lwm2mCborValue,
}

m2mwire_core::error_kind_meta!(Lwm2mErrorKind {
    TruncatedHeader => "LwM2M 1.0 §6.4.3 (codec policy)",
    ValuePastEnd => "LwM2M 1.0 §6.4.3 (codec policy)",
    InvalidNesting => "LwM2M 1.0 §6.4.3 Table 6 (codec policy)",
    MixedLevel => "LwM2M 1.0 §6.4.3.1 (codec policy)",
    ReservedId => "LwM2M 1.1 Core §7.4 (MAX_ID 65535 reserved)",
    DuplicateId => "LwM2M 1.0 §6.4.3 (codec policy)",
    TooDeep => "codec policy: Limits::max_depth",
    TooMany => "codec policy: Limits::max_options",
    TrailingBytes => "LwM2M 1.0 §6.4.3.1 (codec policy)",
    InvalidIntegerLength => "LwM2M 1.1 Core App. C (Integer: 1, 2, 4 or 8 bytes)",
    InvalidFloatLength => "LwM2M 1.1 Core App. C (Float: 4 or 8 bytes)",
    InvalidBoolean => "LwM2M 1.1 Core App. C (Boolean: one byte 0 or 1)",
    InvalidObjlnk => "LwM2M 1.1 Core App. C (Objlnk: two 16-bit ids)",
    InvalidUtf8 => "LwM2M 1.1 Core App. C (String: UTF-8)",
    PathMismatch => "LwM2M 1.0 §6.4.3.1 / §6.4.3.2",
    InvalidPath => "LwM2M 1.1 Core §7.1 (ids 0-65534)",
    InvalidText => "LwM2M 1.1 Core §7.4.1",
    UnsupportedType => "LwM2M 1.1 Core §7.4.1 / §7.4.2",
    InvalidLinkFormat => "RFC 6690 §2",
    InvalidSenml => "RFC 8428 §5 / §6",
    SenmlMustUnderstand => "RFC 8428 §4.4",
    SenmlValue => "LwM2M 1.1 Core §7.4.4 / RFC 8428 §4.3",
    SenmlName => "LwM2M 1.1 Core §7.4.4 (names are paths)",
    InvalidLwm2mCbor => "LwM2M 1.2 Core §7.4 (LwM2M CBOR, 11544)",
    Lwm2mCborValue => "LwM2M 1.2 Core §7.4 (LwM2M CBOR, 11544) / App. C",
});

/// An LwM2M decoding error: kind and byte offset.
pub type Error = m2mwire_core::Error<Lwm2mErrorKind>;

m2mwire_core::relaxations! {
    /// The rules a lenient LwM2M decoder may relax, one flag each (all off by default).
    pub struct Relax: u8 {
        /// Accept Integer, Unsigned Integer and Time values of 3, 5, 6 or 7 bytes (read
        /// big-endian, sign-extended for Integer and Time), as some devices send them.
        /// Relaxes LwM2M 1.1 Core App. C.
        const ODD_INTEGER_LENGTH = 1 << 0 => "LwM2M 1.1 Core App. C (Integer: 1, 2, 4 or 8 bytes)";
        /// Read any non-zero Boolean byte as true. Relaxes LwM2M 1.1 Core App. C.
        const ANY_BOOLEAN = 1 << 1 => "LwM2M 1.1 Core App. C (Boolean: one byte 0 or 1)";
        /// Accept two TLVs with the same identifier at one level; the view and the typed
        /// content keep both, in wire order. Relaxes the codec policy on LwM2M 1.0 §6.4.3.
        const DUPLICATE_ID = 1 << 2 => "LwM2M 1.0 §6.4.3 (codec policy)";
    }
}

/// LwM2M decode options: [`Relax`] flags and limits. `Default` is strict.
pub type DecodeOptions = m2mwire_core::DecodeOptions<Relax>;

/// Shorthand for an [`Error`].
#[inline]
pub(crate) fn err(kind: Lwm2mErrorKind, offset: usize) -> Error {
    Error::new(kind, offset)
}
