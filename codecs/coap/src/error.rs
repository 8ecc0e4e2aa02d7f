//! Every rule a CoAP receiver enforces, one kind each.

/// Why a CoAP datagram was rejected. The clause of each kind is in
/// [`ErrorKind::clause`](m2mwire_core::ErrorKind::clause).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum CoapErrorKind {
    /// Fewer than the 4 bytes of the fixed header.
    #[error("datagram shorter than the 4-byte header")]
    TruncatedHeader,
    /// Version field other than 1: the datagram is to be silently ignored (§3).
    #[error("version is not 1 (message must be silently ignored)")]
    UnsupportedVersion,
    /// Token Length 9–15, reserved (§3).
    #[error("token length 9-15 is reserved")]
    ReservedTokenLength,
    /// The datagram ends inside the token.
    #[error("datagram ends inside the token")]
    TruncatedToken,
    /// Code class 1, 6 or 7: reserved over UDP (§12.1).
    #[error("code class is reserved")]
    ReservedCodeClass,
    /// An Empty message (0.00) with a token, options or payload (§4.1).
    #[error("Empty message (0.00) carries bytes after the Message ID")]
    EmptyMessageNotEmpty,
    /// A Reset that is not Empty (§4.2).
    #[error("Reset message is not Empty")]
    ResetNotEmpty,
    /// An Acknowledgement carrying a request code (§4.2).
    #[error("Acknowledgement carries a request")]
    AckCarriesRequest,
    /// A Non-confirmable Empty message (§4.3).
    #[error("Non-confirmable message is Empty")]
    NonConfirmableEmpty,
    /// Option delta nibble 15 in a byte that is not the payload marker 0xFF (§3.1).
    #[error("option delta 15 outside the payload marker")]
    ReservedOptionDelta,
    /// Option length nibble 15 (§3.1).
    #[error("option length 15 is reserved")]
    ReservedOptionLength,
    /// The datagram ends inside an option's extended delta or length bytes.
    #[error("datagram ends inside an option header")]
    TruncatedOptionHeader,
    /// The datagram ends inside an option value.
    #[error("option value runs past the datagram")]
    TruncatedOptionValue,
    /// The running option number exceeds 65535.
    #[error("option number exceeds 65535")]
    OptionNumberOverflow,
    /// A payload marker followed by zero bytes (§3).
    #[error("payload marker followed by an empty payload")]
    EmptyPayload,
    /// More options than [`Limits::max_options`](m2mwire_core::Limits::max_options).
    #[error("more options than the configured limit")]
    TooManyOptions,
    /// A datagram larger than [`Limits::max_message_size`](m2mwire_core::Limits::max_message_size).
    #[error("message larger than the configured limit")]
    MessageTooLarge,
    /// A critical option this codec does not recognize (§5.4.1).
    #[error("unrecognized critical option")]
    UnrecognizedCriticalOption,
    /// A critical option whose length is outside its defined range (§5.4.3).
    #[error("critical option length outside its defined range")]
    BadCriticalOptionLength,
    /// A second occurrence of a non-repeatable critical option (§5.4.5).
    #[error("non-repeatable critical option repeated")]
    RepeatedCriticalOption,
    /// An OSCORE option in a message without payload (RFC 8613 §2).
    #[error("OSCORE option without a payload")]
    OscoreWithoutPayload,
}

m2mwire_core::error_kind_meta!(CoapErrorKind {
    TruncatedHeader => "RFC 7252 §3",
    UnsupportedVersion => "RFC 7252 §3",
    ReservedTokenLength => "RFC 7252 §3",
    TruncatedToken => "RFC 7252 §3",
    ReservedCodeClass => "RFC 7252 §12.1",
    EmptyMessageNotEmpty => "RFC 7252 §4.1",
    ResetNotEmpty => "RFC 7252 §4.2",
    AckCarriesRequest => "RFC 7252 §4.2",
    NonConfirmableEmpty => "RFC 7252 §4.3",
    ReservedOptionDelta => "RFC 7252 §3.1",
    ReservedOptionLength => "RFC 7252 §3.1",
    TruncatedOptionHeader => "RFC 7252 §3.1",
    TruncatedOptionValue => "RFC 7252 §3.1",
    OptionNumberOverflow => "RFC 7252 §3.1",
    EmptyPayload => "RFC 7252 §3",
    TooManyOptions => "codec policy: Limits::max_options",
    MessageTooLarge => "codec policy: Limits::max_message_size",
    UnrecognizedCriticalOption => "RFC 7252 §5.4.1",
    BadCriticalOptionLength => "RFC 7252 §5.4.3",
    RepeatedCriticalOption => "RFC 7252 §5.4.5",
    OscoreWithoutPayload => "RFC 8613 §2",
});

/// A CoAP decoding error: kind and byte offset.
pub type Error = m2mwire_core::Error<CoapErrorKind>;

m2mwire_core::relaxations! {
    /// The rules a lenient CoAP decoder may relax, one flag each (all off by default).
    ///
    /// Each exists because real peers send it (see the acceptable vectors): a receiver that
    /// must interoperate turns on exactly the ones it needs.
    pub struct Relax: u16 {
        /// Accept a payload marker followed by zero bytes (aiocoap and coap-lite send and
        /// accept it); the payload is then empty. Relaxes RFC 7252 §3.
        const EMPTY_PAYLOAD_MARKER = 1 << 0 => "RFC 7252 §3";
        /// Accept an Empty (0.00) message that has a token, options or payload; they are
        /// kept. Relaxes RFC 7252 §4.1.
        const EMPTY_MESSAGE_CONTENT = 1 << 1 => "RFC 7252 §4.1";
        /// Accept type/code combinations the spec forbids: an ACK carrying a request, a
        /// non-Empty RST, an Empty NON. Relaxes RFC 7252 §4.2 and §4.3.
        const MESSAGE_TYPE_RULES = 1 << 2 => "RFC 7252 §4.2, §4.3";
        /// Accept critical options that are not in this crate's registry (for an application
        /// that knows more options); they are still listed by
        /// [`Message::option_problems`](crate::Message::option_problems). Relaxes RFC 7252 §5.4.1.
        const UNRECOGNIZED_CRITICAL_OPTIONS = 1 << 3 => "RFC 7252 §5.4.1";
        /// Accept a known critical option whose length is outside its range. Relaxes
        /// RFC 7252 §5.4.3.
        const CRITICAL_OPTION_LENGTH = 1 << 4 => "RFC 7252 §5.4.3";
        /// Accept a repeated non-repeatable critical option. Relaxes RFC 7252 §5.4.5.
        const REPEATED_CRITICAL_OPTIONS = 1 << 5 => "RFC 7252 §5.4.5";
    }
}

/// CoAP decode options: [`Relax`] flags and limits. `Default` is strict.
pub type DecodeOptions = m2mwire_core::DecodeOptions<Relax>;
