//! An owned TLV tree (feature `alloc`): build, inspect and encode payloads.

use crate::tlv::{Form, MAX_VALUE_LEN, RESERVED_ID, Tlv, TlvKind, Tlvs, write_header};
use alloc::vec::Vec;
use m2mwire_core::{Encode, EncodeError, Write};

/// What an [`OwnedTlv`] holds: raw value bytes, or child TLVs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnedContent {
    /// The value of a Resource or Resource Instance.
    Value(Vec<u8>),
    /// The children of an Object Instance or Multiple Resource.
    Children(Vec<OwnedTlv>),
}

/// One TLV and everything below it, owned.
///
/// Encoding checks what the type cannot: the content matches the kind (values in Resources
/// and Resource Instances, children in the two containers), children are of a kind their
/// parent may hold, no id is 65535 and no value exceeds 2²⁴−1 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedTlv {
    /// Identifier kind.
    pub kind: TlvKind,
    /// Identifier.
    pub id: u16,
    /// Header form to write; `None` picks [`Form::shortest`].
    pub form: Option<Form>,
    /// Value or children.
    pub content: OwnedContent,
}

impl OwnedTlv {
    /// A Resource with `value` bytes (use [`Value`](crate::Value)'s `encode_to_vec` for a
    /// typed value).
    pub fn resource(id: u16, value: Vec<u8>) -> Self {
        OwnedTlv {
            kind: TlvKind::Resource,
            id,
            form: None,
            content: OwnedContent::Value(value),
        }
    }

    /// A Resource Instance with `value` bytes.
    pub fn resource_instance(id: u16, value: Vec<u8>) -> Self {
        OwnedTlv {
            kind: TlvKind::ResourceInstance,
            id,
            form: None,
            content: OwnedContent::Value(value),
        }
    }

    /// A Multiple Resource holding `instances`.
    pub fn multiple_resource(id: u16, instances: Vec<OwnedTlv>) -> Self {
        OwnedTlv {
            kind: TlvKind::MultipleResource,
            id,
            form: None,
            content: OwnedContent::Children(instances),
        }
    }

    /// An Object Instance holding `resources`.
    pub fn object_instance(id: u16, resources: Vec<OwnedTlv>) -> Self {
        OwnedTlv {
            kind: TlvKind::ObjectInstance,
            id,
            form: None,
            content: OwnedContent::Children(resources),
        }
    }

    /// A copy of a borrowed TLV and, for a container, its children (keeping header forms).
    pub fn from_tlv(t: &Tlv<'_>) -> Self {
        let content = if t.kind.is_container() {
            OwnedContent::Children(t.children().map(|c| OwnedTlv::from_tlv(&c)).collect())
        } else {
            OwnedContent::Value(t.value.to_vec())
        };
        OwnedTlv {
            kind: t.kind,
            id: t.id,
            form: Some(t.form),
            content,
        }
    }

    /// Bytes of the value or of all children.
    pub fn value_len(&self) -> usize {
        match &self.content {
            OwnedContent::Value(v) => v.len(),
            OwnedContent::Children(c) => c.iter().map(Encode::encoded_len).sum(),
        }
    }

    fn form_for(&self, len: usize) -> Form {
        self.form.unwrap_or(Form::shortest(self.id, len))
    }

    fn check(&self, parent: Option<TlvKind>, len: usize) -> Result<(), EncodeError> {
        let invalid = |what| {
            Err(EncodeError::Invalid {
                what,
                clause: "LwM2M 1.0 §6.4.3",
            })
        };
        if self.id == RESERVED_ID {
            return invalid("identifier 65535 is reserved");
        }
        if len > MAX_VALUE_LEN {
            return invalid("value longer than 2^24-1 bytes");
        }
        if parent.is_some_and(|p| !p.may_contain(self.kind)) {
            return invalid("TLV kind not allowed inside its parent");
        }
        match (&self.content, self.kind.is_container()) {
            (OwnedContent::Value(_), true) => invalid("container TLV with a raw value"),
            (OwnedContent::Children(_), false) => invalid("value TLV with children"),
            _ => Ok(()),
        }
    }

    fn encode_in<W: Write + ?Sized>(
        &self,
        w: &mut W,
        parent: Option<TlvKind>,
    ) -> Result<(), EncodeError> {
        let len = self.value_len();
        self.check(parent, len)?;
        write_header(w, self.kind, self.id, len, self.form_for(len))?;
        match &self.content {
            OwnedContent::Value(v) => w.write_all(v),
            OwnedContent::Children(c) => c.iter().try_for_each(|t| t.encode_in(w, Some(self.kind))),
        }
    }
}

impl Encode for OwnedTlv {
    fn encoded_len(&self) -> usize {
        let len = self.value_len();
        self.form_for(len).header_len() + len
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        self.encode_in(w, None)
    }
}

/// A whole TLV payload, owned: the top-level list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct OwnedTlvs(pub Vec<OwnedTlv>);

impl OwnedTlvs {
    /// A copy of a validated payload.
    pub fn from_tlvs(t: &Tlvs<'_>) -> Self {
        OwnedTlvs(t.iter().map(|t| OwnedTlv::from_tlv(&t)).collect())
    }
}

impl Encode for OwnedTlvs {
    fn encoded_len(&self) -> usize {
        self.0.iter().map(Encode::encoded_len).sum()
    }

    fn encode_raw<W: Write + ?Sized>(&self, w: &mut W) -> Result<(), EncodeError> {
        self.0.iter().try_for_each(|t| t.encode_raw(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DecodeOptions, Value};
    use alloc::vec;

    #[test]
    fn builds_the_spec_power_source_resource() {
        let mr = OwnedTlv::multiple_resource(
            6,
            vec![
                OwnedTlv::resource_instance(0, Value::Integer(1).encode_to_vec().unwrap()),
                OwnedTlv::resource_instance(1, Value::Integer(5).encode_to_vec().unwrap()),
            ],
        );
        let bytes = mr.encode_to_vec().unwrap();
        assert_eq!(bytes, [0x86, 0x06, 0x41, 0x00, 0x01, 0x41, 0x01, 0x05]);
        let back = OwnedTlvs::from_tlvs(&Tlvs::decode(&bytes, &DecodeOptions::strict()).unwrap());
        assert_eq!(back.encode_to_vec().unwrap(), bytes);
    }

    #[test]
    fn refuses_what_the_wire_cannot_say() {
        let bad = [
            OwnedTlv::resource(RESERVED_ID, vec![]),
            OwnedTlv::object_instance(0, vec![OwnedTlv::resource_instance(0, vec![])]),
            OwnedTlv::multiple_resource(0, vec![OwnedTlv::resource(0, vec![])]),
            OwnedTlv {
                kind: TlvKind::Resource,
                id: 0,
                form: None,
                content: OwnedContent::Children(vec![]),
            },
            OwnedTlv {
                kind: TlvKind::Resource,
                id: 300,
                form: Some(Form::shortest(0, 0)),
                content: OwnedContent::Value(vec![]),
            },
        ];
        for t in bad {
            assert!(
                matches!(t.encode_to_vec(), Err(EncodeError::Invalid { .. })),
                "{t:?}"
            );
        }
    }
}
