//! The borrowed, zero-copy view of one CoAP message (RFC 7252 §3).

use crate::code::{Code, ContentFormat, MessageType};
use crate::error::{CoapErrorKind, DecodeOptions, Error, Relax};
use crate::option::{CoapOption, OptionNumber, Options, split_option};
use m2mwire_core::{Decode, Encode, EncodeError, Reader, ResultExt, Write};

/// The protocol version every message carries (RFC 7252 §3).
pub const VERSION: u8 = 1;
/// The longest token RFC 7252 allows (§3; 9–15 are reserved).
pub const MAX_TOKEN_LEN: usize = 8;
/// The payload marker (§3).
pub const PAYLOAD_MARKER: u8 = 0xff;

/// Byte offsets of the fixed header fields (§3, Figure 7).
mod field {
    /// Ver (2 bits) | T (2 bits) | TKL (4 bits).
    pub(super) const VER_T_TKL: usize = 0;
    /// Code.
    pub(super) const CODE: usize = 1;
    /// First byte after the fixed header.
    pub(super) const TOKEN: usize = 4;
}

/// A decoded CoAP message that borrows every byte string from the datagram.
///
/// Built by [`Message::decode`], which checks the whole message in one pass, so every
/// accessor afterwards is infallible and the [`options`](Message::options) iterator never
/// yields an error. Decoding allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Message<'a> {
    mtype: MessageType,
    code: Code,
    message_id: u16,
    token: &'a [u8],
    options: &'a [u8],
    options_offset: usize,
    option_count: usize,
    payload: &'a [u8],
}

/// Why an option would be handled as unrecognized by a receiver (RFC 7252 §5.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// Not in this crate's registry (§5.4.1).
    Unrecognized,
    /// Length outside the option's defined range (§5.4.3).
    BadLength,
    /// A later occurrence of a non-repeatable option (§5.4.5).
    Repeated,
}

/// An option a receiver must treat as unrecognized: critical ones make the message be rejected
/// (4.02 Bad Option for a confirmable request), elective ones are skipped (§5.4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OptionProblem {
    /// Position of the option in wire order, from 0.
    pub index: usize,
    /// The option number.
    pub number: OptionNumber,
    /// What is wrong with it.
    pub kind: ProblemKind,
}

impl OptionProblem {
    /// True if the option is critical, i.e. the message must be rejected.
    pub const fn is_critical(&self) -> bool {
        self.number.is_critical()
    }
}

/// Classify one option against the registry. `repeat` is true when the previous option had
/// the same number.
#[inline]
fn classify(opt: &CoapOption<'_>, repeat: bool) -> Option<ProblemKind> {
    match opt.number.definition() {
        None => Some(ProblemKind::Unrecognized),
        Some(d) if !d.length_ok(opt.value.len()) => Some(ProblemKind::BadLength),
        Some(d) if repeat && !d.repeatable => Some(ProblemKind::Repeated),
        Some(_) => None,
    }
}

impl<'a> Message<'a> {
    /// Decode one datagram: all of `bytes` is the message.
    ///
    /// Strict by default: every rule of [`CoapErrorKind`] is enforced unless `opts` relaxes it.
    pub fn decode(bytes: &'a [u8], opts: &DecodeOptions) -> Result<Self, Error> {
        Self::parse(&mut Reader::new(bytes), opts)
    }

    fn parse(r: &mut Reader<'a>, opts: &DecodeOptions) -> Result<Self, Error> {
        let base = r.offset();
        let at = |rel: usize| base + rel;
        if r.remaining() > opts.limits.max_message_size {
            return Err(Error::new(
                CoapErrorKind::MessageTooLarge,
                at(opts.limits.max_message_size),
            ));
        }
        let [b0, code, m0, m1] = r.take_array().or_kind(CoapErrorKind::TruncatedHeader)?;
        // §3: an unknown version is silently ignored, never answered: report it apart.
        if b0 >> 6 != VERSION {
            return Err(Error::new(
                CoapErrorKind::UnsupportedVersion,
                at(field::VER_T_TKL),
            ));
        }
        let tkl = usize::from(b0 & 0x0f);
        if tkl > MAX_TOKEN_LEN {
            return Err(Error::new(
                CoapErrorKind::ReservedTokenLength,
                at(field::VER_T_TKL),
            ));
        }
        let mtype = MessageType::from_bits(b0 >> 4);
        let code = Code(code);
        if code.is_reserved_class() {
            return Err(Error::new(
                CoapErrorKind::ReservedCodeClass,
                at(field::CODE),
            ));
        }
        if !opts.allows(Relax::MESSAGE_TYPE_RULES) {
            let broken = match mtype {
                // §4.2: an ACK carries a response or is Empty.
                MessageType::Acknowledgement if code.is_request() => {
                    Some(CoapErrorKind::AckCarriesRequest)
                }
                // §4.2: a RST is Empty.
                MessageType::Reset if !code.is_empty() => Some(CoapErrorKind::ResetNotEmpty),
                // §4.3: a NON carries a request or response, never Empty.
                MessageType::NonConfirmable if code.is_empty() => {
                    Some(CoapErrorKind::NonConfirmableEmpty)
                }
                _ => None,
            };
            if let Some(kind) = broken {
                return Err(Error::new(kind, at(field::CODE)));
            }
        }
        // §4.1: an Empty message ends after the Message ID.
        if code.is_empty()
            && (tkl != 0 || !r.is_empty())
            && !opts.allows(Relax::EMPTY_MESSAGE_CONTENT)
        {
            return Err(Error::new(
                CoapErrorKind::EmptyMessageNotEmpty,
                at(field::TOKEN),
            ));
        }
        let token = r.take(tkl).or_kind(CoapErrorKind::TruncatedToken)?;
        let options_offset = r.offset();
        let all = r.rest();
        // One pass over a shrinking slice: framing, limits, and the registry rules for
        // critical options. `rest` always starts at an option header or the marker.
        let mut rest = all;
        let mut options_len = all.len();
        let mut payload: &'a [u8] = &[];
        let mut prev = 0u16;
        let mut count = 0usize;
        let mut oscore = false;
        while let Some(&first) = rest.first() {
            let start = options_offset + (all.len() - rest.len());
            if first == PAYLOAD_MARKER {
                payload = rest.get(1..).unwrap_or_default();
                // §3: a marker followed by an empty payload is a format error.
                if payload.is_empty() && !opts.allows(Relax::EMPTY_PAYLOAD_MARKER) {
                    return Err(Error::new(CoapErrorKind::EmptyPayload, start));
                }
                options_len = start - options_offset;
                break;
            }
            let (number, value, after) =
                split_option(rest, prev).map_err(|(kind, at)| Error::new(kind, start + at))?;
            count += 1;
            if count > opts.limits.max_options {
                return Err(Error::new(CoapErrorKind::TooManyOptions, start));
            }
            if number.is_critical() {
                let repeat = count > 1 && number.0 == prev;
                // Fast accept; the exact error (or its relaxation) is worked out out of line.
                let ok = number
                    .definition()
                    .is_some_and(|d| d.length_ok(value.len()) && (d.repeatable || !repeat));
                if !ok {
                    check_critical(&CoapOption { number, value }, repeat, start, opts)?;
                }
                // OSCORE (9) is critical, so only here can it appear.
                oscore |= number == OptionNumber::OSCORE;
            }
            prev = number.0;
            rest = after;
        }
        // RFC 8613 §2: a message with an OSCORE option and no payload is malformed.
        if oscore && payload.is_empty() {
            return Err(Error::new(
                CoapErrorKind::OscoreWithoutPayload,
                options_offset + options_len,
            ));
        }
        Ok(Message {
            mtype,
            code,
            message_id: u16::from_be_bytes([m0, m1]),
            token,
            options: all.get(..options_len).unwrap_or_default(),
            options_offset,
            option_count: count,
            payload,
        })
    }

    /// Always 1: other versions are rejected.
    pub const fn version(&self) -> u8 {
        VERSION
    }

    /// CON, NON, ACK or RST.
    pub const fn message_type(&self) -> MessageType {
        self.mtype
    }

    /// The code.
    pub const fn code(&self) -> Code {
        self.code
    }

    /// The Message ID.
    pub const fn message_id(&self) -> u16 {
        self.message_id
    }

    /// The token (0–8 bytes).
    pub const fn token(&self) -> &'a [u8] {
        self.token
    }

    /// The payload (empty if there is none).
    pub const fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// The options in wire (ascending number) order.
    pub fn options(&self) -> Options<'a> {
        Options::checked(self.options, self.options_offset)
    }

    /// How many options the message has.
    pub const fn option_count(&self) -> usize {
        self.option_count
    }

    /// The encoded options, exactly as received (between the token and the payload marker).
    pub const fn raw_options(&self) -> &'a [u8] {
        self.options
    }

    /// Every option with `number`, in order.
    pub fn options_of(&self, number: OptionNumber) -> impl Iterator<Item = CoapOption<'a>> {
        self.options()
            .flatten()
            .skip_while(move |o| o.number < number)
            .take_while(move |o| o.number == number)
    }

    /// The first option with `number`.
    pub fn option(&self, number: OptionNumber) -> Option<CoapOption<'a>> {
        self.options_of(number).next()
    }

    /// The Content-Format option's value, if present and a valid uint.
    pub fn content_format(&self) -> Option<ContentFormat> {
        let v = self.option(OptionNumber::CONTENT_FORMAT)?.as_uint()?;
        u16::try_from(v).ok().map(ContentFormat)
    }

    /// The Uri-Path segments.
    pub fn uri_path(&self) -> impl Iterator<Item = &'a [u8]> {
        self.options_of(OptionNumber::URI_PATH).map(|o| o.value)
    }

    /// Options a receiver must treat as unrecognized (RFC 7252 §5.4.1, §5.4.3, §5.4.5):
    /// unknown numbers, lengths out of range, repeats of non-repeatable options. Elective ones
    /// are to be skipped, critical ones (present only if the decode relaxed them) mean reject.
    pub fn option_problems(&self) -> impl Iterator<Item = OptionProblem> + 'a {
        let mut prev: Option<OptionNumber> = None;
        self.options()
            .flatten()
            .enumerate()
            .filter_map(move |(index, opt)| {
                let repeat = prev == Some(opt.number);
                prev = Some(opt.number);
                classify(&opt, repeat).map(|kind| OptionProblem {
                    index,
                    number: opt.number,
                    kind,
                })
            })
    }
}

/// §5.4.1/§5.4.3/§5.4.5: a critical option that is unknown, of the wrong length, or a
/// repeat of a non-repeatable one makes the whole message be rejected.
#[cold]
#[inline(never)]
fn check_critical(
    opt: &CoapOption<'_>,
    repeat: bool,
    start: usize,
    opts: &DecodeOptions,
) -> Result<(), Error> {
    let (kind, relax) = match classify(opt, repeat) {
        None => return Ok(()),
        Some(ProblemKind::Unrecognized) => (
            CoapErrorKind::UnrecognizedCriticalOption,
            Relax::UNRECOGNIZED_CRITICAL_OPTIONS,
        ),
        Some(ProblemKind::BadLength) => (
            CoapErrorKind::BadCriticalOptionLength,
            Relax::CRITICAL_OPTION_LENGTH,
        ),
        Some(ProblemKind::Repeated) => (
            CoapErrorKind::RepeatedCriticalOption,
            Relax::REPEATED_CRITICAL_OPTIONS,
        ),
    };
    if opts.allows(relax) {
        Ok(())
    } else {
        Err(Error::new(kind, start))
    }
}

impl<'a> Decode<'a> for Message<'a> {
    type Kind = CoapErrorKind;
    type Options = DecodeOptions;

    /// A CoAP message spans the rest of its datagram: this consumes every remaining byte.
    fn decode(r: &mut Reader<'a>, opts: &DecodeOptions) -> Result<Self, Error> {
        Self::parse(r, opts)
    }
}

/// Write the fixed header and token.
pub(crate) fn write_header<W: Write + ?Sized>(
    w: &mut W,
    mtype: MessageType,
    code: Code,
    message_id: u16,
    token: &[u8],
) -> Result<(), EncodeError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(EncodeError::Invalid {
            what: "token longer than 8 bytes",
            clause: "RFC 7252 §3",
        });
    }
    w.write_u8((VERSION << 6) | (mtype.bits() << 4) | token.len() as u8)?;
    w.write_u8(code.0)?;
    w.write_u16(message_id)?;
    w.write_all(token)
}

/// Write the payload marker and payload, if there is a payload (§3).
pub(crate) fn write_payload<W: Write + ?Sized>(
    w: &mut W,
    payload: &[u8],
) -> Result<(), EncodeError> {
    if payload.is_empty() {
        return Ok(());
    }
    w.write_u8(PAYLOAD_MARKER)?;
    w.write_all(payload)
}

/// Re-encodes the message. Option bytes are copied as received; since every option header
/// has exactly one encoding (§3.1), this is the canonical form of a strictly decoded message.
impl Encode for Message<'_> {
    fn encoded_len(&self) -> usize {
        let payload = if self.payload.is_empty() {
            0
        } else {
            1 + self.payload.len()
        };
        field::TOKEN + self.token.len() + self.options.len() + payload
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        write_header(w, self.mtype, self.code, self.message_id, self.token)?;
        w.write_all(self.options)?;
        write_payload(w, self.payload)
    }
}
