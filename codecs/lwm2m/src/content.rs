//! TLV read against a request path and an object model into typed values, and back.
//!
//! What a path admits follows LwM2M 1.0 §6.4.3.1–§6.4.3.3 and what Leshan accepts:
//!
//! | path         | payload                                                          |
//! |--------------|------------------------------------------------------------------|
//! | `/O`         | Object Instance TLVs (one per instance, even for one)             |
//! | `/O/I`       | Resource / Multiple Resource TLVs, or one Object Instance TLV `I` |
//! | `/O/I/R`     | one Resource or Multiple Resource TLV `R`, or its Resource Instances |
//! | `/O/I/R/RI`  | one Resource Instance TLV `RI`                                    |
//!
//! Every id in the payload must agree with the path ([`PathMismatch`](Lwm2mErrorKind::PathMismatch)).
//! The encoder writes the first form of each row.

use crate::error::{DecodeOptions, Error, Lwm2mErrorKind as K, err};
use crate::model::Model;
use crate::owned::{OwnedTlv, OwnedTlvs};
use crate::path::Path;
use crate::tlv::{Tlv, TlvKind, Tlvs};
use crate::value::{ResourceType, Value};
use alloc::vec::Vec;
use m2mwire_core::{Encode, EncodeError};

/// A resource's value: one, or instances by id.
#[derive(Clone, Debug, PartialEq)]
pub enum ResourceValue<'a> {
    /// A single-instance resource.
    Single(Value<'a>),
    /// A multiple-instance resource: `(resource instance id, value)` in wire order.
    Multiple(Vec<(u16, Value<'a>)>),
}

/// One resource of an object instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource<'a> {
    /// Resource id.
    pub id: u16,
    /// Its value(s).
    pub value: ResourceValue<'a>,
}

impl<'a> Resource<'a> {
    /// The value of a single-instance resource.
    pub fn single(&self) -> Option<&Value<'a>> {
        match &self.value {
            ResourceValue::Single(v) => Some(v),
            ResourceValue::Multiple(_) => None,
        }
    }

    /// The value of resource instance `id` of a multiple-instance resource.
    pub fn instance(&self, id: u16) -> Option<&Value<'a>> {
        match &self.value {
            ResourceValue::Multiple(m) => m.iter().find(|(i, _)| *i == id).map(|(_, v)| v),
            ResourceValue::Single(_) => None,
        }
    }
}

/// One object instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance<'a> {
    /// Object instance id.
    pub id: u16,
    /// Its resources in wire order.
    pub resources: Vec<Resource<'a>>,
}

impl<'a> Instance<'a> {
    /// The resource with id `id`.
    pub fn resource(&self, id: u16) -> Option<&Resource<'a>> {
        self.resources.iter().find(|r| r.id == id)
    }
}

/// A typed payload, shaped by the path it answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Content<'a> {
    /// `/O`: instances.
    Object(Vec<Instance<'a>>),
    /// `/O/I`: one instance.
    Instance(Instance<'a>),
    /// `/O/I/R`: one resource.
    Resource(Resource<'a>),
    /// `/O/I/R/RI`: one resource instance: id and value.
    ResourceInstance(u16, Value<'a>),
}

/// The type of resource `resource` of `object`; an unknown resource reads as Opaque (TLV is
/// self-describing, so a reader may carry what it does not know).
fn type_of(model: &Model, object: u16, resource: u16) -> ResourceType {
    model
        .resource(object, resource)
        .map_or(ResourceType::Opaque, |r| r.ty)
}

fn typed<'a>(t: &Tlv<'a>, ty: ResourceType, opts: &DecodeOptions) -> Result<Value<'a>, Error> {
    t.typed(ty, opts)
}

fn resource<'a>(
    t: &Tlv<'a>,
    object: u16,
    model: &Model,
    opts: &DecodeOptions,
) -> Result<Resource<'a>, Error> {
    let ty = type_of(model, object, t.id);
    let value = match t.kind {
        TlvKind::Resource => ResourceValue::Single(typed(t, ty, opts)?),
        TlvKind::MultipleResource => ResourceValue::Multiple(
            t.children()
                .map(|ri| Ok((ri.id, typed(&ri, ty, opts)?)))
                .collect::<Result<_, Error>>()?,
        ),
        _ => return Err(err(K::PathMismatch, t.offset)),
    };
    Ok(Resource { id: t.id, value })
}

fn instance<'a>(
    id: u16,
    resources: impl Iterator<Item = Tlv<'a>>,
    object: u16,
    model: &Model,
    opts: &DecodeOptions,
) -> Result<Instance<'a>, Error> {
    Ok(Instance {
        id,
        resources: resources
            .map(|t| resource(&t, object, model, opts))
            .collect::<Result<_, Error>>()?,
    })
}

/// Exactly one TLV of `kind` with id `id`, else the error that says what differs.
fn only<'a>(tlvs: &Tlvs<'a>, kinds: &[TlvKind], id: u16) -> Result<Tlv<'a>, Error> {
    let mut it = tlvs.iter();
    let t = it.next().ok_or(err(K::PathMismatch, 0))?;
    if !kinds.contains(&t.kind) {
        return Err(err(K::PathMismatch, t.offset));
    }
    if t.id != id {
        return Err(err(K::PathMismatch, t.offset + 1));
    }
    if let Some(extra) = it.next() {
        return Err(err(K::TrailingBytes, extra.offset));
    }
    Ok(t)
}

/// Read a TLV payload answering a request for `path`, typing values with `model`.
///
/// The payload is validated as [`Tlvs::decode`] does, then shaped by the path (see the
/// module table). Resources the model does not know read as Opaque.
pub fn decode_tlv<'a>(
    bytes: &'a [u8],
    path: &Path,
    model: &Model,
    opts: &DecodeOptions,
) -> Result<Content<'a>, Error> {
    let tlvs = Tlvs::decode(bytes, opts)?;
    let first = tlvs.iter().next();
    match *path.ids() {
        [object] => {
            let instances = tlvs
                .iter()
                .map(|t| {
                    if t.kind != TlvKind::ObjectInstance {
                        return Err(err(K::PathMismatch, t.offset));
                    }
                    instance(t.id, t.children(), object, model, opts)
                })
                .collect::<Result<_, Error>>()?;
            Ok(Content::Object(instances))
        }
        [object, inst] => match first {
            Some(t) if t.kind == TlvKind::ObjectInstance => {
                let t = only(&tlvs, &[TlvKind::ObjectInstance], inst)?;
                Ok(Content::Instance(instance(
                    inst,
                    t.children(),
                    object,
                    model,
                    opts,
                )?))
            }
            Some(t) if t.kind == TlvKind::ResourceInstance => Err(err(K::PathMismatch, t.offset)),
            _ => Ok(Content::Instance(instance(
                inst,
                tlvs.iter(),
                object,
                model,
                opts,
            )?)),
        },
        [object, _, res] => match first {
            Some(t) if t.kind == TlvKind::ResourceInstance => {
                let ty = type_of(model, object, res);
                Ok(Content::Resource(Resource {
                    id: res,
                    value: ResourceValue::Multiple(
                        tlvs.iter()
                            .map(|ri| Ok((ri.id, typed(&ri, ty, opts)?)))
                            .collect::<Result<_, Error>>()?,
                    ),
                }))
            }
            _ => {
                let t = only(&tlvs, &[TlvKind::Resource, TlvKind::MultipleResource], res)?;
                Ok(Content::Resource(resource(&t, object, model, opts)?))
            }
        },
        [object, _, res, ri] => {
            let t = only(&tlvs, &[TlvKind::ResourceInstance], ri)?;
            Ok(Content::ResourceInstance(
                ri,
                typed(&t, type_of(model, object, res), opts)?,
            ))
        }
        _ => Err(err(K::PathMismatch, 0)),
    }
}

fn value_bytes(v: &Value<'_>) -> Result<Vec<u8>, EncodeError> {
    v.encode_to_vec()
}

fn resource_tlv(r: &Resource<'_>) -> Result<OwnedTlv, EncodeError> {
    Ok(match &r.value {
        ResourceValue::Single(v) => OwnedTlv::resource(r.id, value_bytes(v)?),
        ResourceValue::Multiple(m) => OwnedTlv::multiple_resource(
            r.id,
            m.iter()
                .map(|(id, v)| Ok(OwnedTlv::resource_instance(*id, value_bytes(v)?)))
                .collect::<Result<_, EncodeError>>()?,
        ),
    })
}

impl Content<'_> {
    /// The TLV payload for this content, in the form the spec prescribes for its path
    /// (instances wrapped for `/O`, bare resources for `/O/I`), every value in its shortest
    /// lossless form.
    pub fn to_tlvs(&self) -> Result<OwnedTlvs, EncodeError> {
        let resources = |i: &Instance<'_>| -> Result<Vec<OwnedTlv>, EncodeError> {
            i.resources.iter().map(resource_tlv).collect()
        };
        Ok(OwnedTlvs(match self {
            Content::Object(instances) => instances
                .iter()
                .map(|i| Ok(OwnedTlv::object_instance(i.id, resources(i)?)))
                .collect::<Result<_, EncodeError>>()?,
            Content::Instance(i) => resources(i)?,
            Content::Resource(r) => alloc::vec![resource_tlv(r)?],
            Content::ResourceInstance(id, v) => {
                alloc::vec![OwnedTlv::resource_instance(*id, value_bytes(v)?)]
            }
        }))
    }
}
