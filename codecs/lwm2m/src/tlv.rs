//! OMA-TLV (content format 11542, legacy 1542): the zero-copy view and its validation.
//!
//! Layout (LwM2M 1.0 §6.4.3, Table 6; unchanged in 1.1 §7.4.3 and 1.2 §7.4.5):
//!
//! ```text
//! Type   1 byte   bits 7-6 kind, bit 5 id is 16 bits, bits 4-3 length-field size,
//!                 bits 2-0 the length itself when bits 4-3 are 00 (ignored otherwise)
//! Id     1 or 2 bytes, big-endian
//! Length 0-3 bytes, big-endian
//! Value  Length bytes: a raw value, or the child TLVs of a container
//! ```

use crate::error::{DecodeOptions, Error, Lwm2mErrorKind as K, Relax, err};
use crate::value::{ObjectLink, ResourceType, Value};
use m2mwire_core::{EncodeError, Write};

/// Largest value a TLV can carry: the 24-bit Length field.
pub const MAX_VALUE_LEN: usize = (1 << 24) - 1;

/// Identifier 65535 is reserved (MAX_ID): no object, instance or resource has it.
pub const RESERVED_ID: u16 = u16::MAX;

// Type-byte fields, named once.
const KIND_SHIFT: u8 = 6;
const ID16_BIT: u8 = 1 << 5;
const LEN_TYPE_SHIFT: u8 = 3;
const LEN_TYPE_MASK: u8 = 0b11;
const INLINE_LEN_MASK: u8 = 0b111;

/// The four TLV identifier kinds (Type bits 7–6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TlvKind {
    /// `00`: an Object Instance, holding Resource and Multiple Resource TLVs.
    ObjectInstance,
    /// `01`: one instance of a multiple resource, holding a value.
    ResourceInstance,
    /// `10`: a multiple resource, holding Resource Instance TLVs.
    MultipleResource,
    /// `11`: a single resource, holding a value.
    Resource,
}

impl TlvKind {
    /// Every kind, in Type-bit order.
    pub const ALL: [TlvKind; 4] = [
        TlvKind::ObjectInstance,
        TlvKind::ResourceInstance,
        TlvKind::MultipleResource,
        TlvKind::Resource,
    ];

    /// The kind of Type bits 7–6 (`bits` is taken modulo 4).
    pub const fn from_bits(bits: u8) -> TlvKind {
        match bits & 0b11 {
            0 => TlvKind::ObjectInstance,
            1 => TlvKind::ResourceInstance,
            2 => TlvKind::MultipleResource,
            _ => TlvKind::Resource,
        }
    }

    /// Type bits 7–6.
    pub const fn bits(self) -> u8 {
        self as u8
    }

    /// True for the kinds whose value is a list of child TLVs.
    pub const fn is_container(self) -> bool {
        matches!(self, TlvKind::ObjectInstance | TlvKind::MultipleResource)
    }

    /// True if a TLV of kind `child` may sit directly inside one of this kind.
    pub const fn may_contain(self, child: TlvKind) -> bool {
        match self {
            TlvKind::ObjectInstance => {
                matches!(child, TlvKind::Resource | TlvKind::MultipleResource)
            }
            TlvKind::MultipleResource => matches!(child, TlvKind::ResourceInstance),
            _ => false,
        }
    }

    /// The name used in the JSON form: `object_instance`, `resource_instance`,
    /// `multiple_resource`, `resource`.
    pub const fn name(self) -> &'static str {
        match self {
            TlvKind::ObjectInstance => "object_instance",
            TlvKind::ResourceInstance => "resource_instance",
            TlvKind::MultipleResource => "multiple_resource",
            TlvKind::Resource => "resource",
        }
    }

    /// The kind named `name` (as [`name`](TlvKind::name) prints it).
    pub fn from_name(name: &str) -> Option<TlvKind> {
        TlvKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// How a TLV header is written: identifier width and Length-field size.
///
/// The encoder picks [`Form::shortest`]; other forms are valid (LwM2M 1.0 §6.4.3 does not
/// forbid a 16-bit id below 256 or a Length field where bits 2–0 would do), decode, and are
/// kept so that re-encoding a decoded TLV gives back its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Form {
    /// The identifier takes 16 bits (Type bit 5).
    pub id16: bool,
    /// Bytes of the Length field: 0 (length in Type bits 2–0), 1, 2 or 3.
    pub length_bytes: u8,
}

impl Form {
    /// The shortest form for `id` and a value of `len` bytes.
    pub const fn shortest(id: u16, len: usize) -> Form {
        Form {
            id16: id > 0xff,
            length_bytes: if len <= 7 {
                0
            } else if len <= 0xff {
                1
            } else if len <= 0xffff {
                2
            } else {
                3
            },
        }
    }

    /// True if this form can carry `id` and a value of `len` bytes.
    pub const fn fits(self, id: u16, len: usize) -> bool {
        let id_ok = self.id16 || id <= 0xff;
        let len_ok = match self.length_bytes {
            0 => len <= 7,
            1 => len <= 0xff,
            2 => len <= 0xffff,
            3 => len <= MAX_VALUE_LEN,
            _ => false,
        };
        id_ok && len_ok
    }

    /// Bytes of the header (Type, Identifier, Length) in this form.
    pub const fn header_len(self) -> usize {
        1 + if self.id16 { 2 } else { 1 } + self.length_bytes as usize
    }
}

/// Write one TLV header. The caller has checked that `form` fits `id` and `len`.
pub(crate) fn write_header<W: Write + ?Sized>(
    w: &mut W,
    kind: TlvKind,
    id: u16,
    len: usize,
    form: Form,
) -> Result<(), EncodeError> {
    if !form.fits(id, len) {
        return Err(EncodeError::Invalid {
            what: "TLV length or identifier does not fit the header form",
            clause: "LwM2M 1.0 §6.4.3",
        });
    }
    let inline = if form.length_bytes == 0 { len as u8 } else { 0 };
    let ty = (kind.bits() << KIND_SHIFT)
        | if form.id16 { ID16_BIT } else { 0 }
        | (form.length_bytes << LEN_TYPE_SHIFT)
        | inline;
    // Type, Identifier and Length packed big-endian into the low bytes of one u64, so the
    // header is a single write.
    let id_bits = if form.id16 { 16 } else { 8 };
    let len_bits = 8 * u32::from(form.length_bytes);
    let len_field = if form.length_bytes == 0 {
        0
    } else {
        len as u64
    };
    let packed = (((u64::from(ty) << id_bits) | u64::from(id)) << len_bits) | len_field;
    let bytes = packed.to_be_bytes();
    w.write_all(bytes.get(8 - form.header_len()..).unwrap_or_default())
}

/// One TLV, borrowed from the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Identifier kind.
    pub kind: TlvKind,
    /// Object Instance, Resource or Resource Instance id.
    pub id: u16,
    /// The value bytes: a raw value, or the children of a container.
    pub value: &'a [u8],
    /// How the header was written.
    pub form: Form,
    /// Offset of the Type byte from the start of the outermost input.
    pub offset: usize,
}

impl<'a> Tlv<'a> {
    /// Read one TLV header and its value from the front of `buf`, whose first byte is at
    /// absolute offset `base`. Returns the TLV and the number of bytes it spans. Checks only
    /// the layout, not the value or the children.
    #[inline]
    pub fn parse(buf: &'a [u8], base: usize) -> Result<(Tlv<'a>, usize), Error> {
        let ty = *buf.first().ok_or(err(K::TruncatedHeader, base))?;
        let kind = TlvKind::from_bits(ty >> KIND_SHIFT);
        let id16 = ty & ID16_BIT != 0;
        let length_bytes = (ty >> LEN_TYPE_SHIFT) & LEN_TYPE_MASK;
        let form = Form { id16, length_bytes };
        let hlen = form.header_len();
        let hdr = buf
            .get(..hlen)
            .ok_or(err(K::TruncatedHeader, base + buf.len()))?;
        let at = |i: usize| usize::from(hdr.get(i).copied().unwrap_or(0));
        let (id, len_at) = if id16 {
            ((at(1) << 8 | at(2)) as u16, 3)
        } else {
            (at(1) as u16, 2)
        };
        let len = match length_bytes {
            0 => usize::from(ty & INLINE_LEN_MASK),
            1 => at(len_at),
            2 => at(len_at) << 8 | at(len_at + 1),
            _ => at(len_at) << 16 | at(len_at + 1) << 8 | at(len_at + 2),
        };
        let end = hlen + len;
        let value = buf.get(hlen..end).ok_or_else(|| {
            // Point at the field that declared the length.
            let at = if length_bytes == 0 {
                base
            } else {
                base + hlen - length_bytes as usize
            };
            err(K::ValuePastEnd, at)
        })?;
        Ok((
            Tlv {
                kind,
                id,
                value,
                form,
                offset: base,
            },
            end,
        ))
    }

    /// Offset of the first value byte from the start of the outermost input.
    pub fn value_offset(&self) -> usize {
        self.offset + self.form.header_len()
    }

    /// Bytes this TLV spans on the wire.
    pub fn wire_len(&self) -> usize {
        self.form.header_len() + self.value.len()
    }

    /// The child TLVs of a container ([`TlvKind::is_container`]); empty for a value. On
    /// a view from [`Tlvs::decode`] the children are already validated.
    pub fn children(&self) -> TlvIter<'a> {
        if self.kind.is_container() {
            TlvIter::new(self.value, self.value_offset())
        } else {
            TlvIter::new(&[], self.value_offset())
        }
    }

    /// The value read as `ty` under `opts` (see [`Value::decode_tlv`]).
    pub fn typed(&self, ty: ResourceType, opts: &DecodeOptions) -> Result<Value<'a>, Error> {
        Value::decode_tlv(ty, self.value, self.value_offset(), opts)
    }

    /// The value as a signed Integer (1, 2, 4 or 8 bytes).
    pub fn as_integer(&self) -> Result<i64, Error> {
        crate::value::read_int(self.value, self.value_offset(), &DecodeOptions::strict())
    }

    /// The value as an Unsigned Integer (1, 2, 4 or 8 bytes, LwM2M 1.1).
    pub fn as_unsigned(&self) -> Result<u64, Error> {
        crate::value::read_uint(self.value, self.value_offset(), &DecodeOptions::strict())
    }

    /// The value as a Float (4 or 8 bytes).
    pub fn as_float(&self) -> Result<f64, Error> {
        crate::value::read_float(self.value, self.value_offset())
    }

    /// The value as a Boolean (one byte, 0 or 1).
    pub fn as_bool(&self) -> Result<bool, Error> {
        crate::value::read_bool(self.value, self.value_offset(), &DecodeOptions::strict())
    }

    /// The value as a String (UTF-8).
    pub fn as_str(&self) -> Result<&'a str, Error> {
        core::str::from_utf8(self.value)
            .map_err(|e| err(K::InvalidUtf8, self.value_offset() + e.valid_up_to()))
    }

    /// The value as an Objlnk (4 bytes).
    pub fn as_objlnk(&self) -> Result<ObjectLink, Error> {
        crate::value::read_objlnk(self.value, self.value_offset())
    }
}

/// Iterator over a list of TLVs, yielding each in order.
///
/// Over bytes that [`Tlvs::decode`] validated it yields every TLV; over anything else it
/// stops at the first malformed header (use [`Tlv::parse`] to learn why).
#[derive(Clone, Debug)]
pub struct TlvIter<'a> {
    buf: &'a [u8],
    base: usize,
}

impl<'a> TlvIter<'a> {
    /// An iterator over the TLV list `buf`, whose first byte is at absolute offset `base`.
    pub fn new(buf: &'a [u8], base: usize) -> Self {
        TlvIter { buf, base }
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Tlv<'a>;

    #[inline]
    fn next(&mut self) -> Option<Tlv<'a>> {
        if self.buf.is_empty() {
            return None;
        }
        match Tlv::parse(self.buf, self.base) {
            Ok((tlv, used)) => {
                self.buf = self.buf.get(used..).unwrap_or_default();
                self.base += used;
                Some(tlv)
            }
            Err(_) => {
                self.buf = &[];
                None
            }
        }
    }
}

/// A validated TLV payload, borrowed: the top-level list of TLVs.
///
/// [`decode`](Tlvs::decode) checks the whole tree once — every header and length, the
/// nesting rules, reserved and duplicate identifiers, the top level not mixing instances,
/// resources and resource instances — and allocates nothing. Iterating afterwards cannot fail.
/// Values stay raw bytes: read them with the typed accessors of [`Tlv`] or with a model
/// ([`crate::decode_tlv`], feature `alloc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlvs<'a> {
    bytes: &'a [u8],
}

impl<'a> Tlvs<'a> {
    /// Validate `bytes` as a TLV payload.
    pub fn decode(bytes: &'a [u8], opts: &DecodeOptions) -> Result<Tlvs<'a>, Error> {
        validate_level(bytes, 0, None, opts)?;
        Ok(Tlvs { bytes })
    }

    /// The top-level TLVs.
    pub fn iter(&self) -> TlvIter<'a> {
        TlvIter::new(self.bytes, 0)
    }

    /// The payload bytes.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// True for an empty payload.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<'a> IntoIterator for Tlvs<'a> {
    type Item = Tlv<'a>;
    type IntoIter = TlvIter<'a>;
    fn into_iter(self) -> TlvIter<'a> {
        self.iter()
    }
}

/// Check one list of sibling TLVs and, below it, their children.
///
/// The nesting rules bound the depth at three (Object Instance → Multiple Resource →
/// Resource Instance), so the recursion is too. Duplicate ids are found in one pass when the
/// ids ascend, as every stack sends them; an id that does not ascend is compared with the
/// earlier siblings, which `Limits::max_options` caps.
fn validate_level(
    buf: &[u8],
    base: usize,
    parent: Option<TlvKind>,
    opts: &DecodeOptions,
) -> Result<(), Error> {
    // Kinds allowed at this level, as a bit set over Type bits 7-6. At the top level the
    // first TLV picks its group (instances, resources, or resource instances).
    const OI: u8 = 1 << 0;
    const RI: u8 = 1 << 1;
    const MR: u8 = 1 << 2;
    const R: u8 = 1 << 3;
    let mut allowed = match parent {
        Some(TlvKind::ObjectInstance) => R | MR,
        Some(TlvKind::MultipleResource) => RI,
        Some(_) => 0,
        None => OI | RI | MR | R,
    };
    let mut pos = 0usize;
    let mut count = 0usize;
    let mut max_id: i32 = -1;
    while pos < buf.len() {
        let at = base + pos;
        let Some((ty, id, start, end)) = scan(buf, pos) else {
            // Something is cut short: the exact reader says what and where.
            return Tlv::parse(buf.get(pos..).unwrap_or_default(), at).map(drop);
        };
        count += 1;
        if count > opts.limits.max_options {
            return Err(err(K::TooMany, at));
        }
        if id == RESERVED_ID {
            return Err(err(K::ReservedId, at + 1));
        }
        let kind = TlvKind::from_bits(ty >> KIND_SHIFT);
        let bit = 1u8 << kind.bits();
        if allowed & bit == 0 {
            let kind_err = if parent.is_some() {
                K::InvalidNesting
            } else {
                K::MixedLevel
            };
            return Err(err(kind_err, at));
        }
        if parent.is_none() {
            allowed = match kind {
                TlvKind::ObjectInstance => OI,
                TlvKind::ResourceInstance => RI,
                _ => R | MR,
            };
        }
        if i32::from(id) > max_id {
            max_id = i32::from(id);
        } else if !opts.allows(Relax::DUPLICATE_ID)
            && TlvIter::new(buf.get(..pos).unwrap_or_default(), base).any(|t| t.id == id)
        {
            return Err(err(K::DuplicateId, at + 1));
        }
        if kind.is_container() {
            let value = buf.get(start..end).unwrap_or_default();
            validate_level(value, base + start, Some(kind), opts)?;
        }
        pos = end;
    }
    Ok(())
}

/// The Type byte, id and value bounds of the TLV at `pos`, or `None` if any of it runs past
/// the end of `buf`. The hot loop of validation; errors are left to [`Tlv::parse`].
#[inline(always)]
fn scan(buf: &[u8], pos: usize) -> Option<(u8, u16, usize, usize)> {
    let ty = *buf.get(pos)?;
    let id16 = ty & ID16_BIT != 0;
    let lb = usize::from((ty >> LEN_TYPE_SHIFT) & LEN_TYPE_MASK);
    let id_at = pos + 1;
    let (id, len_at) = if id16 {
        let b = buf.get(id_at..id_at + 2)?;
        (u16::from_be_bytes([*b.first()?, *b.get(1)?]), id_at + 2)
    } else {
        (u16::from(*buf.get(id_at)?), id_at + 1)
    };
    let len = match lb {
        0 => usize::from(ty & INLINE_LEN_MASK),
        _ => buf
            .get(len_at..len_at + lb)?
            .iter()
            .fold(0usize, |acc, &b| acc << 8 | usize::from(b)),
    };
    let start = len_at + lb;
    let end = start + len;
    (end <= buf.len()).then_some((ty, id, start, end))
}

impl m2mwire_core::Encode for Tlv<'_> {
    fn encoded_len(&self) -> usize {
        self.wire_len()
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        write_header(w, self.kind, self.id, self.value.len(), self.form)?;
        w.write_all(self.value)
    }
}

impl m2mwire_core::Encode for Tlvs<'_> {
    fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        w.write_all(self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::{string::String, vec, vec::Vec};
    use m2mwire_core::Encode;

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn header_forms_round_trip() {
        for (id, len) in [
            (0u16, 0usize),
            (7, 7),
            (255, 8),
            (256, 255),
            (310, 256),
            (1, 70000),
        ] {
            let form = Form::shortest(id, len);
            let value = vec![0xaa; len];
            let t = Tlv {
                kind: TlvKind::Resource,
                id,
                value: &value,
                form,
                offset: 0,
            };
            let bytes = t.encode_to_vec().unwrap();
            assert_eq!(bytes.len(), form.header_len() + len);
            let (back, used) = Tlv::parse(&bytes, 0).unwrap();
            assert_eq!((back, used), (t, bytes.len()));
        }
    }

    #[test]
    fn length_field_ignores_bits_2_0() {
        // Rule: with a Length field, bits 2-0 are ignored by the receiver.
        let b = hex("c9 00 01 05");
        let (t, _) = Tlv::parse(&b, 0).unwrap();
        assert_eq!((t.id, t.value), (0, &[5u8][..]));
    }

    #[test]
    fn errors_name_the_offset() {
        let e = Tlvs::decode(&hex("c4 00 01"), &DecodeOptions::strict()).unwrap_err();
        assert_eq!((e.kind, e.offset), (K::ValuePastEnd, 0));
        let e = Tlvs::decode(&hex("e8 00"), &DecodeOptions::strict()).unwrap_err();
        assert_eq!((e.kind, e.offset), (K::TruncatedHeader, 2));
        let e =
            Tlvs::decode(&hex("06 00 c1 00 01 c1 00 02"), &DecodeOptions::strict()).unwrap_err();
        assert_eq!((e.kind, e.offset), (K::DuplicateId, 6));
        let e =
            Tlvs::decode(&hex("c1 01 01 c1 00 02 c1 01 03"), &DecodeOptions::strict()).unwrap_err();
        assert_eq!((e.kind, e.offset), (K::DuplicateId, 7));
        assert!(
            Tlvs::decode(
                &hex("c1 01 01 c1 00 02 c1 01 03"),
                &DecodeOptions::strict().relaxing(Relax::DUPLICATE_ID)
            )
            .is_ok()
        );
    }

    #[test]
    fn nesting_rules() {
        let strict = DecodeOptions::strict();
        assert_eq!(
            Tlvs::decode(&hex("02 00 00 00"), &strict).unwrap_err().kind,
            K::InvalidNesting
        );
        assert_eq!(
            Tlvs::decode(&hex("83 06 c1 00 01"), &strict)
                .unwrap_err()
                .kind,
            K::InvalidNesting
        );
        assert_eq!(
            Tlvs::decode(&hex("00 00 c1 00 01"), &strict)
                .unwrap_err()
                .kind,
            K::MixedLevel
        );
        assert!(Tlvs::decode(&hex("80 06"), &strict).is_ok());
        assert!(Tlvs::decode(&hex("00 00"), &strict).is_ok());
    }
}
