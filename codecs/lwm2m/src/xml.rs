//! The OMA LwM2M registry's object definition XML (`<LWM2M><Object><ObjectID>…
//! <Resources><Item ID="…">`), read with quick-xml (feature `xml`).
//!
//! Definitions come from files a user downloads, so the reader treats them as untrusted: a
//! DOCTYPE is refused outright (no DTD, so no entity expansion and no external entity can be
//! reached), only the five predefined entities and character references are accepted, and
//! every error names the line and the element.

use crate::model::{Model, ObjectDef, Operations, ResourceDef};
use crate::value::ResourceType;
use quick_xml::events::Event;
use std::borrow::Cow;
use std::string::{String, ToString};
use std::vec::Vec;

/// Why an object definition file was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, <{element}>: {message}")]
pub struct ModelError {
    /// 1-based line of the offending markup.
    pub line: usize,
    /// The element being read (`Item`, `ObjectID`, or `document`).
    pub element: String,
    /// What is wrong.
    pub message: String,
}

/// Deepest element nesting read; the format needs 5.
const MAX_DEPTH: usize = 32;

#[derive(Default)]
struct ItemDraft {
    id: Option<u16>,
    name: Option<String>,
    operations: Option<Operations>,
    multiple: Option<bool>,
    mandatory: Option<bool>,
    ty: Option<ResourceType>,
}

#[derive(Default)]
struct ObjectDraft {
    id: Option<u16>,
    name: Option<String>,
    version: Option<String>,
    multiple: Option<bool>,
    mandatory: Option<bool>,
    resources: Vec<ResourceDef>,
}

struct Loader<'x> {
    xml: &'x str,
    stack: Vec<String>,
    text: String,
    objects: Vec<ObjectDef>,
    object: Option<ObjectDraft>,
    item: Option<ItemDraft>,
}

impl Loader<'_> {
    fn line_at(&self, pos: u64) -> usize {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.xml.len());
        self.xml
            .as_bytes()
            .get(..pos)
            .map_or(1, |b| b.iter().filter(|&&c| c == b'\n').count() + 1)
    }

    fn error(&self, pos: u64, message: impl ToString) -> ModelError {
        ModelError {
            line: self.line_at(pos),
            element: self
                .stack
                .last()
                .cloned()
                .unwrap_or_else(|| "document".to_string()),
            message: message.to_string(),
        }
    }

    fn id(&self, pos: u64, text: &str) -> Result<u16, ModelError> {
        text.trim()
            .parse::<u16>()
            .ok()
            .filter(|&v| v != u16::MAX)
            .ok_or_else(|| self.error(pos, format_args!("{text:?} is not an id 0-65534")))
    }

    fn flag(&self, pos: u64, text: &str, yes: &str, no: &str) -> Result<bool, ModelError> {
        match text.trim() {
            t if t.eq_ignore_ascii_case(yes) => Ok(true),
            t if t.eq_ignore_ascii_case(no) => Ok(false),
            t => Err(self.error(pos, format_args!("{t:?} is neither {yes} nor {no}"))),
        }
    }

    /// An element closed: store its text where it belongs.
    fn end(&mut self, pos: u64) -> Result<(), ModelError> {
        let text = core::mem::take(&mut self.text);
        let name = self.stack.last().map(String::as_str).unwrap_or_default();
        let parent = self
            .stack
            .len()
            .checked_sub(2)
            .and_then(|i| self.stack.get(i))
            .map(String::as_str);
        match (parent, name) {
            (Some("Item"), field) => {
                let value = match field {
                    "Name" => Some(ItemField::Name(text.trim().to_string())),
                    "Operations" => Some(ItemField::Ops(Operations::from_name(&text).ok_or_else(
                        || self.error(pos, format_args!("unknown operations {text:?}")),
                    )?)),
                    "MultipleInstances" => Some(ItemField::Multiple(
                        self.flag(pos, &text, "Multiple", "Single")?,
                    )),
                    "Mandatory" => Some(ItemField::Mandatory(self.flag(
                        pos,
                        &text,
                        "Mandatory",
                        "Optional",
                    )?)),
                    "Type" => Some(ItemField::Type(ResourceType::from_name(&text).ok_or_else(
                        || self.error(pos, format_args!("unknown type {text:?}")),
                    )?)),
                    _ => None,
                };
                if let (Some(item), Some(v)) = (self.item.as_mut(), value) {
                    match v {
                        ItemField::Name(n) => item.name = Some(n),
                        ItemField::Ops(o) => item.operations = Some(o),
                        ItemField::Multiple(m) => item.multiple = Some(m),
                        ItemField::Mandatory(m) => item.mandatory = Some(m),
                        ItemField::Type(t) => item.ty = Some(t),
                    }
                }
            }
            (Some("Object"), "Name") => {
                self.with_object(|o| o.name = Some(text.trim().to_string()))
            }
            (Some("Object"), "ObjectID") => {
                let id = self.id(pos, &text)?;
                self.with_object(|o| o.id = Some(id));
            }
            (Some("Object"), "ObjectVersion") => {
                self.with_object(|o| o.version = Some(text.trim().to_string()))
            }
            (Some("Object"), "MultipleInstances") => {
                let m = self.flag(pos, &text, "Multiple", "Single")?;
                self.with_object(|o| o.multiple = Some(m));
            }
            (Some("Object"), "Mandatory") => {
                let m = self.flag(pos, &text, "Mandatory", "Optional")?;
                self.with_object(|o| o.mandatory = Some(m));
            }
            (Some("Resources"), "Item") => {
                let item = self.item.take().unwrap_or_default();
                let def = ResourceDef {
                    id: item
                        .id
                        .ok_or_else(|| self.error(pos, "Item without an ID attribute"))?,
                    name: Cow::Owned(
                        item.name
                            .ok_or_else(|| self.error(pos, "Item without a Name"))?,
                    ),
                    operations: item.operations.unwrap_or(Operations::None),
                    multiple: item
                        .multiple
                        .ok_or_else(|| self.error(pos, "Item without MultipleInstances"))?,
                    mandatory: item.mandatory.unwrap_or(false),
                    ty: item.ty.unwrap_or(ResourceType::None),
                };
                let Some(object) = self.object.as_ref() else {
                    return Err(self.error(pos, "Item outside an Object"));
                };
                if object.resources.iter().any(|r| r.id == def.id) {
                    let id = def.id;
                    return Err(self.error(pos, format_args!("resource {id} defined twice")));
                }
                self.with_object(|o| o.resources.push(def));
            }
            (Some("LWM2M"), "Object") => {
                let o = self.object.take().unwrap_or_default();
                let def = ObjectDef {
                    id: o
                        .id
                        .ok_or_else(|| self.error(pos, "Object without an ObjectID"))?,
                    name: Cow::Owned(
                        o.name
                            .ok_or_else(|| self.error(pos, "Object without a Name"))?,
                    ),
                    version: Cow::Owned(o.version.unwrap_or_else(|| "1.0".to_string())),
                    multiple: o
                        .multiple
                        .ok_or_else(|| self.error(pos, "Object without MultipleInstances"))?,
                    mandatory: o.mandatory.unwrap_or(false),
                    resources: Cow::Owned(o.resources),
                };
                self.objects.push(def);
            }
            _ => {}
        }
        self.stack.pop();
        Ok(())
    }

    fn with_object(&mut self, f: impl FnOnce(&mut ObjectDraft)) {
        if let Some(o) = self.object.as_mut() {
            f(o);
        }
    }

    fn start(&mut self, pos: u64, e: &quick_xml::events::BytesStart<'_>) -> Result<(), ModelError> {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let parent = self.stack.last().map(String::as_str);
        match (parent, name.as_str()) {
            (None, "LWM2M") => {}
            (None, other) => {
                return Err(self.error(pos, format_args!("root element is <{other}>, not <LWM2M>")));
            }
            (Some("LWM2M"), "Object") => self.object = Some(ObjectDraft::default()),
            (Some("Resources"), "Item") => {
                let mut item = ItemDraft::default();
                for a in e.attributes() {
                    let a = a.map_err(|err| self.error(pos, err))?;
                    if a.key.as_ref() == b"ID" {
                        let v = a.unescape_value().map_err(|err| self.error(pos, err))?;
                        item.id = Some(self.id(pos, &v)?);
                    }
                }
                self.item = Some(item);
            }
            _ => {}
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(pos, "elements nested too deeply"));
        }
        self.stack.push(name);
        self.text.clear();
        Ok(())
    }
}

enum ItemField {
    Name(String),
    Ops(Operations),
    Multiple(bool),
    Mandatory(bool),
    Type(ResourceType),
}

/// Read every `<Object>` of an object definition document.
pub fn load_objects(xml: &str) -> Result<Vec<ObjectDef>, ModelError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut l = Loader {
        xml,
        stack: Vec::new(),
        text: String::new(),
        objects: Vec::new(),
        object: None,
        item: None,
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| l.error(reader.error_position(), e))?;
        match event {
            Event::Start(e) => l.start(pos, &e)?,
            Event::Empty(e) => {
                l.start(pos, &e)?;
                l.end(pos)?;
            }
            Event::End(_) => l.end(pos)?,
            Event::Text(t) => {
                let s = t.decode().map_err(|e| l.error(pos, e))?;
                l.text.push_str(&s);
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| l.error(pos, e))?;
                l.text.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| l.error(pos, e))? {
                    Some(c) => c,
                    None => match r.decode().map_err(|e| l.error(pos, e))?.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => {
                            return Err(l.error(
                                pos,
                                format_args!("entity &{other}; is not predefined (no DTD is read)"),
                            ));
                        }
                    },
                };
                l.text.push(c);
            }
            Event::DocType(_) => {
                return Err(l.error(pos, "DOCTYPE refused: object definitions need no DTD, and one could define entities"));
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = l.stack.last() {
        return Err(ModelError {
            line: l.line_at(xml.len() as u64),
            element: open.clone(),
            message: "document ends inside an element".to_string(),
        });
    }
    if l.objects.is_empty() {
        return Err(l.error(0, "no <Object> in the document"));
    }
    Ok(l.objects)
}

impl Model {
    /// Add every object defined in `xml` (OMA registry format) to the model.
    pub fn load_xml(&mut self, xml: &str) -> Result<(), ModelError> {
        for o in load_objects(xml)? {
            self.insert(o);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPERATURE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- written for this test -->
<LWM2M xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="LWM2M.xsd">
  <Object ObjectType="MODefinition">
    <Name>Temperature</Name>
    <Description1><![CDATA[A thermometer & more]]></Description1>
    <ObjectID>3303</ObjectID>
    <ObjectURN>urn:oma:lwm2m:ext:3303:1.1</ObjectURN>
    <LWM2MVersion>1.0</LWM2MVersion>
    <ObjectVersion>1.1</ObjectVersion>
    <MultipleInstances>Multiple</MultipleInstances>
    <Mandatory>Optional</Mandatory>
    <Resources>
      <Item ID="5700"><Name>Sensor Value</Name>
        <Operations>R</Operations>
        <MultipleInstances>Single</MultipleInstances>
        <Mandatory>Mandatory</Mandatory>
        <Type>Float</Type>
        <RangeEnumeration/>
        <Units>Cel</Units>
        <Description>Last value &amp; the &#x41;verage</Description>
      </Item>
      <Item ID="5605">
        <Name>Reset Min and Max Measured Values</Name>
        <Operations>E</Operations>
        <MultipleInstances>Single</MultipleInstances>
        <Mandatory>Optional</Mandatory>
        <Type></Type>
        <RangeEnumeration></RangeEnumeration>
        <Units />
        <Description></Description>
      </Item>
    </Resources>
    <Description2></Description2>
  </Object>
</LWM2M>
"#;

    #[test]
    fn loads_a_registry_object() {
        let mut m = Model::new();
        m.load_xml(TEMPERATURE).unwrap();
        let o = m.object(3303).unwrap();
        assert_eq!(
            (o.name.as_ref(), o.version.as_ref(), o.multiple, o.mandatory),
            ("Temperature", "1.1", true, false)
        );
        let r = o.resource(5700).unwrap();
        assert_eq!(
            (r.name.as_ref(), r.operations, r.multiple, r.mandatory, r.ty),
            (
                "Sensor Value",
                Operations::R,
                false,
                true,
                ResourceType::Float
            )
        );
        assert_eq!(o.resource(5605).unwrap().ty, ResourceType::None);
        assert_eq!(o.resource(5605).unwrap().operations, Operations::E);
    }

    #[test]
    fn refuses_dtds_and_names_line_and_element() {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE LWM2M [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<LWM2M><Object><Name>&x;</Name></Object></LWM2M>";
        let e = load_objects(xxe).unwrap_err();
        assert_eq!((e.line, e.element.as_str()), (2, "document"), "{e}");
        let undefined = "<LWM2M><Object>\n<Name>&x;</Name></Object></LWM2M>";
        let e = load_objects(undefined).unwrap_err();
        assert_eq!((e.line, e.element.as_str()), (2, "Name"), "{e}");
        let bad_type = TEMPERATURE.replace("<Type>Float</Type>", "<Type>Double</Type>");
        let e = load_objects(&bad_type).unwrap_err();
        assert_eq!(e.element, "Type");
        assert_eq!(e.line, 18, "{e}");
        let dup = TEMPERATURE.replace("ID=\"5605\"", "ID=\"5700\"");
        assert!(
            load_objects(&dup)
                .unwrap_err()
                .message
                .contains("defined twice")
        );
        let big = TEMPERATURE.replace("<ObjectID>3303", "<ObjectID>65535");
        assert_eq!(load_objects(&big).unwrap_err().element, "ObjectID");
        let open = "<LWM2M><Object>";
        assert_eq!(load_objects(open).unwrap_err().element, "Object");
        assert!(load_objects("<other/>").is_err());
        assert!(load_objects("<LWM2M></LWM2M>").is_err());
    }
}
