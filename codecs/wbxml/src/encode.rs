//! Writing a document from the same events the decoder yields.
//!
//! SWITCH_PAGE events are written where they stand, and a tag or attribute token whose page
//! differs from the current one gets a SWITCH_PAGE in front of it, so that a decoded stream
//! re-encodes to its own bytes and a built stream needs no page bookkeeping.

use crate::decode::{AttrStart, AttrValue, Event, Ext, Header, Tag, Text};
use crate::token::*;
use crate::{Page, PublicId};
use m2mwire_core::varint::write_mb_u_int32;
use m2mwire_core::{EncodeError, Write};

fn invalid(what: &'static str) -> EncodeError {
    EncodeError::Invalid {
        what,
        clause: "WBXML 1.3 §5.3",
    }
}

/// A streaming WBXML writer: [`header`](Writer::header), then [`event`](Writer::event) for each
/// event in document order.
#[derive(Debug)]
pub struct Writer<'w, W: Write + ?Sized> {
    w: &'w mut W,
    tag_page: Page,
    attr_page: Page,
    /// In an attribute list or a processing instruction.
    in_attrs: bool,
}

impl<'w, W: Write + ?Sized> Writer<'w, W> {
    /// A writer into `w`.
    pub fn new(w: &'w mut W) -> Self {
        Writer {
            w,
            tag_page: 0,
            attr_page: 0,
            in_attrs: false,
        }
    }

    fn mb(&mut self, v: u32) -> Result<(), EncodeError> {
        write_mb_u_int32(self.w, v)
    }

    fn byte(&mut self, b: u8) -> Result<(), EncodeError> {
        self.w.write_all(&[b])
    }

    /// Write the header.
    pub fn header(&mut self, h: &Header<'_>) -> Result<(), EncodeError> {
        if h.version > 3 {
            return Err(invalid("WBXML version above 1.3"));
        }
        self.byte(h.version)?;
        match h.public_id {
            PublicId::Known(0) => return Err(invalid("public id 0 means a string-table index")),
            PublicId::Known(v) => self.mb(v)?,
            PublicId::StringTable(i) => {
                self.byte(0)?;
                self.mb(i)?;
            }
        }
        match (h.version, h.charset) {
            (0, None) => {}
            (0, Some(_)) => return Err(invalid("WBXML 1.0 has no charset")),
            (_, Some(c)) => self.mb(c)?,
            (_, None) => return Err(invalid("WBXML 1.1 and later need a charset")),
        }
        if h.string_table.last().is_some_and(|&b| b != 0) {
            return Err(invalid("string table must end with a NUL"));
        }
        let len =
            u32::try_from(h.string_table.len()).map_err(|_| invalid("string table too long"))?;
        self.mb(len)?;
        self.w.write_all(h.string_table)
    }

    fn page(&mut self, page: Page, attr: bool) -> Result<(), EncodeError> {
        let current = if attr { self.attr_page } else { self.tag_page };
        if page != current {
            self.byte(SWITCH_PAGE)?;
            self.byte(page)?;
            if attr {
                self.attr_page = page;
            } else {
                self.tag_page = page;
            }
        }
        Ok(())
    }

    fn text(&mut self, t: &Text<'_>) -> Result<(), EncodeError> {
        match *t {
            Text::Inline(b) => self.inline(STR_I, b),
            Text::Table { index, .. } => {
                self.byte(STR_T)?;
                self.mb(index)
            }
        }
    }

    fn inline(&mut self, tok: u8, b: &[u8]) -> Result<(), EncodeError> {
        if b.contains(&0) {
            return Err(invalid("an inline string cannot contain NUL"));
        }
        self.byte(tok)?;
        self.w.write_all(b)?;
        self.byte(0)
    }

    fn ext(&mut self, e: &Ext<'_>) -> Result<(), EncodeError> {
        match *e {
            Ext::Inline(n @ 0..=2, b) => self.inline(EXT_I_0 + n, b),
            Ext::Table(n @ 0..=2, v) => {
                self.byte(EXT_T_0 + n)?;
                self.mb(v)
            }
            Ext::Single(n @ 0..=2) => self.byte(EXT_0 + n),
            _ => Err(invalid("extension number above 2")),
        }
    }

    fn opaque(&mut self, b: &[u8]) -> Result<(), EncodeError> {
        self.byte(OPAQUE)?;
        self.mb(u32::try_from(b.len()).map_err(|_| invalid("OPAQUE longer than u32"))?)?;
        self.w.write_all(b)
    }

    /// Write one event.
    pub fn event(&mut self, e: &Event<'_>) -> Result<(), EncodeError> {
        match *e {
            Event::SwitchPage(p) => {
                self.byte(SWITCH_PAGE)?;
                self.byte(p)?;
                if self.in_attrs {
                    self.attr_page = p;
                } else {
                    self.tag_page = p;
                }
                Ok(())
            }
            Event::Start {
                tag,
                attributes,
                content,
            } => {
                let bits =
                    if attributes { TAG_ATTRS } else { 0 } | if content { TAG_CONTENT } else { 0 };
                self.in_attrs = attributes;
                match tag {
                    Tag::Token { page, code } => {
                        if !(0x05..=0x3f).contains(&code) {
                            return Err(invalid("tag token outside 0x05-0x3F"));
                        }
                        self.page(page, false)?;
                        self.byte(code | bits)
                    }
                    Tag::Literal { index, .. } => {
                        self.byte(LITERAL | bits)?;
                        self.mb(index)
                    }
                }
            }
            Event::AttrStart(a) => match a {
                AttrStart::Token { page, code } => {
                    if !(0x05..0x80).contains(&code) || (0x40..=0x44).contains(&code) {
                        return Err(invalid("attribute start token not in 0x05-0x7F"));
                    }
                    self.page(page, true)?;
                    self.byte(code)
                }
                AttrStart::Literal { index, .. } => {
                    self.byte(LITERAL)?;
                    self.mb(index)
                }
            },
            Event::AttrValue(v) => match v {
                AttrValue::Token { page, code } => {
                    if code < 0x85 || (0xc0..=0xc4).contains(&code) {
                        return Err(invalid("attribute value token not in 0x85-0xFF"));
                    }
                    self.page(page, true)?;
                    self.byte(code)
                }
                AttrValue::Text(t) => self.text(&t),
                AttrValue::Entity(c) => {
                    self.byte(ENTITY)?;
                    self.mb(c)
                }
                AttrValue::Ext(x) => self.ext(&x),
                AttrValue::Opaque(b) => self.opaque(b),
            },
            Event::EndAttributes | Event::EndPi => {
                self.in_attrs = false;
                self.byte(END)
            }
            Event::End => self.byte(END),
            Event::Text(t) => self.text(&t),
            Event::Entity(c) => {
                self.byte(ENTITY)?;
                self.mb(c)
            }
            Event::Ext(x) => self.ext(&x),
            Event::Opaque(b) => self.opaque(b),
            Event::Pi => {
                self.in_attrs = true;
                self.byte(PI)
            }
        }
    }
}

/// Write a whole document: `header`, then `events`.
pub fn write_document<'e, W: Write + ?Sized>(
    w: &mut W,
    header: &Header<'_>,
    events: impl IntoIterator<Item = &'e Event<'e>>,
) -> Result<(), EncodeError> {
    let mut wr = Writer::new(w);
    wr.header(header)?;
    events.into_iter().try_for_each(|e| wr.event(e))
}
