//! The object model: which resources an object has, their types and operations.

use crate::value::ResourceType;
use alloc::borrow::Cow;
use alloc::collections::BTreeMap;

/// What a server may do with a resource (`<Operations>` of an object definition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operations {
    /// No operation (a resource used only inside others).
    None,
    /// Read.
    R,
    /// Write.
    W,
    /// Read and write.
    RW,
    /// Execute.
    E,
}

impl Operations {
    /// The text an object definition uses: `R`, `W`, `RW`, `E` or empty.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operations::None => "",
            Operations::R => "R",
            Operations::W => "W",
            Operations::RW => "RW",
            Operations::E => "E",
        }
    }

    /// The operations written `s` (surrounding space ignored, case-insensitive).
    pub fn from_name(s: &str) -> Option<Operations> {
        Some(match s.trim().to_ascii_uppercase().as_str() {
            "" => Operations::None,
            "R" => Operations::R,
            "W" => Operations::W,
            "RW" => Operations::RW,
            "E" => Operations::E,
            _ => return None,
        })
    }

    /// True if the resource can be read.
    pub const fn readable(self) -> bool {
        matches!(self, Operations::R | Operations::RW)
    }

    /// True if the resource can be written.
    pub const fn writable(self) -> bool {
        matches!(self, Operations::W | Operations::RW)
    }
}

/// One resource of an object definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceDef {
    /// Resource id.
    pub id: u16,
    /// Resource name.
    pub name: Cow<'static, str>,
    /// Allowed operations.
    pub operations: Operations,
    /// True if the resource has instances (sent as a Multiple Resource TLV).
    pub multiple: bool,
    /// True if every instance of the object has it.
    pub mandatory: bool,
    /// Data type.
    pub ty: ResourceType,
}

/// One object definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectDef {
    /// Object id.
    pub id: u16,
    /// Object name.
    pub name: Cow<'static, str>,
    /// Object version (`1.0` when the definition does not say).
    pub version: Cow<'static, str>,
    /// True if a client may have several instances.
    pub multiple: bool,
    /// True if every client has it.
    pub mandatory: bool,
    /// Its resources, in id order.
    pub resources: Cow<'static, [ResourceDef]>,
}

impl ObjectDef {
    /// The resource with id `id`.
    pub fn resource(&self, id: u16) -> Option<&ResourceDef> {
        self.resources
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .and_then(|i| self.resources.get(i))
    }
}

/// A set of object definitions, keyed by object id.
///
/// [`Model::core`] holds the core objects 0–7; add others with [`insert`](Model::insert)
/// (for instance from the OMA registry's XML with `Model::load_xml`, feature `xml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    objects: BTreeMap<u16, ObjectDef>,
}

impl Model {
    /// An empty model.
    pub fn new() -> Self {
        Model::default()
    }

    /// The core objects: Security (0), Server (1), Access Control (2), Device (3),
    /// Connectivity Monitoring (4), Firmware Update (5), Location (6) and Connectivity
    /// Statistics (7).
    pub fn core() -> Self {
        let mut m = Model::new();
        for o in crate::core_objects::CORE_OBJECTS {
            m.insert(o.clone());
        }
        m
    }

    /// Add (or replace) a definition; its resources are sorted by id.
    pub fn insert(&mut self, mut def: ObjectDef) {
        def.resources.to_mut().sort_by_key(|r| r.id);
        self.objects.insert(def.id, def);
    }

    /// The definition of object `id`.
    pub fn object(&self, id: u16) -> Option<&ObjectDef> {
        self.objects.get(&id)
    }

    /// The definition of resource `resource` of object `object`.
    pub fn resource(&self, object: u16, resource: u16) -> Option<&ResourceDef> {
        self.object(object)?.resource(resource)
    }

    /// Every definition, by object id.
    pub fn objects(&self) -> impl Iterator<Item = &ObjectDef> {
        self.objects.values()
    }
}
