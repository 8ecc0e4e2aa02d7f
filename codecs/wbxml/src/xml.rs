//! WBXML ↔ XML for the SyncML family, with quick-xml (feature `xml`).
//!
//! - The DOCTYPE carries the public id: `<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML
//!   1.2//EN" "…">`. Without one, the root's `xmlns` picks the language.
//! - A namespace picks the code page (`SYNCML:SYNCML1.2` page 0, `syncml:metinf` page 1,
//!   `syncml:dmddf1.2` page 2); an element whose page differs from its parent's carries
//!   `xmlns`, which becomes SWITCH_PAGE in WBXML.
//! - Text is STR_I (by default no string table, like `xml2wbxml -n`; with
//!   [`XmlToWbxml::string_table`], every text seen twice is written once in the string table
//!   and referred to with STR_T) except the data of
//!   an item added or replaced (`Add/Item/Data`, `Replace/Item/Data`), which is OPAQUE as
//!   libwbxml writes it; CDATA is OPAQUE; an
//!   OPAQUE `NextNonce` (binary in WBXML) is base64 in XML, as libwbxml shows it, and written
//!   back as the base64 string (as `xml2wbxml` does); an OPAQUE in `<Data>` that is a whole
//!   WBXML document of a known language (DevInf, DDF) is shown as that document, and an
//!   element in `<Data>` with its own `xmlns` is encoded as one; `Meta/Type` media types
//!   `…+wbxml` are shown as `…+xml` and written back as `…+wbxml`, as libwbxml does.
//!
//! A character reference (`&#xE9;`) is an ENTITY token and back. WBXML → XML → WBXML gives
//! back the bytes of any document this encoder wrote. The XML reader
//! refuses a DOCTYPE with an internal subset and any entity beyond the five predefined ones
//! and character references, so no DTD is ever read (no XXE).

use crate::PublicId;
use crate::decode::{AttrStart, Decoder, Event, Header, Tag, Text};
use crate::encode::Writer;
use crate::error::{DecodeOptions, Error};
use crate::tables::{self, CodePage, Language};
use quick_xml::events::{BytesStart, Event as XEvent};
use std::string::{String, ToString};
use std::vec::Vec;

/// Why a conversion failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The WBXML is malformed.
    #[error("WBXML: {0}")]
    Wbxml(Error),
    /// The WBXML is valid but has something XML conversion cannot express here.
    #[error("cannot convert to XML at offset {offset}: {message}")]
    Unconvertible {
        /// Byte offset in the WBXML.
        offset: usize,
        /// What.
        message: String,
    },
    /// The XML is malformed or outside what the encoder reads.
    #[error("XML line {line}: {message}")]
    Xml {
        /// 1-based line.
        line: usize,
        /// What.
        message: String,
    },
}

impl From<Error> for XmlError {
    fn from(e: Error) -> Self {
        XmlError::Wbxml(e)
    }
}

/// The XML media type of a nested document (`+wbxml` → `+xml`), which the XML form shows, as
/// libwbxml does: the nested document is XML there.
fn xml_type(t: &str) -> Option<&'static str> {
    match t {
        "application/vnd.syncml-devinf+wbxml" => Some("application/vnd.syncml-devinf+xml"),
        "application/vnd.syncml.dmtnds+wbxml" => Some("application/vnd.syncml.dmtnds+xml"),
        _ => None,
    }
}

/// The inverse of [`xml_type`].
fn wbxml_type(t: &str) -> Option<&'static str> {
    match t {
        "application/vnd.syncml-devinf+xml" => Some("application/vnd.syncml-devinf+wbxml"),
        "application/vnd.syncml.dmtnds+xml" => Some("application/vnd.syncml.dmtnds+wbxml"),
        _ => None,
    }
}

/// XML 1.0 §2.2 `Char`: what an XML document may contain at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                let i = (n >> (18 - 6 * k)) & 63;
                out.push(char::from(B64.get(i as usize).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Per open element while writing XML.
struct Open {
    name: &'static str,
    namespace: &'static str,
}

/// Convert a WBXML document to XML (one line, no indentation).
pub fn wbxml_to_xml(input: &[u8], opts: &DecodeOptions) -> Result<String, XmlError> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    write_document_xml(input, opts, &mut out, true)?;
    Ok(out)
}

fn unconvertible(offset: usize, message: &str) -> XmlError {
    XmlError::Unconvertible {
        offset,
        message: message.to_string(),
    }
}

fn write_document_xml(
    input: &[u8],
    opts: &DecodeOptions,
    out: &mut String,
    doctype: bool,
) -> Result<(), XmlError> {
    let mut d = Decoder::new(input, opts)?;
    let lang = d
        .language()
        .ok_or_else(|| unconvertible(0, "unknown public id: no tag names"))?;
    if doctype {
        out.push_str("<!DOCTYPE ");
        out.push_str(lang.root);
        out.push_str(" PUBLIC \"");
        out.push_str(lang.fpi);
        out.push_str("\" \"");
        out.push_str(lang.dtd);
        out.push_str("\">");
    }
    let mut stack: Vec<Open> = Vec::new();
    // Whether the start tag just written is still open for content (`<X` written, `>` not).
    loop {
        let at = d.offset();
        let Some(ev) = d.next() else { break };
        match ev? {
            Event::SwitchPage(_) => {}
            Event::Start {
                tag,
                attributes,
                content,
            } => {
                if attributes {
                    // Only the Nokia `xmlns` literal is allowed; it says nothing the code page
                    // does not.
                    loop {
                        match d.next().transpose()? {
                            Some(Event::AttrStart(AttrStart::Literal {
                                name: b"xmlns", ..
                            }))
                            | Some(Event::AttrValue(_))
                            | Some(Event::SwitchPage(_)) => {}
                            Some(Event::EndAttributes) => break,
                            _ => return Err(unconvertible(at, "attributes other than xmlns")),
                        }
                    }
                }
                let Tag::Token { page, code } = tag else {
                    return Err(unconvertible(at, "LITERAL tag"));
                };
                let cp = lang
                    .page(page)
                    .ok_or_else(|| unconvertible(at, "code page not in the language"))?;
                let name = cp
                    .tag_name(code)
                    .ok_or_else(|| unconvertible(at, "tag not in its code page"))?;
                out.push('<');
                out.push_str(name);
                let parent_ns = stack.last().map(|o| o.namespace);
                if parent_ns != Some(cp.namespace) {
                    out.push_str(" xmlns=\"");
                    out.push_str(cp.namespace);
                    out.push('"');
                }
                if content {
                    out.push('>');
                    stack.push(Open {
                        name,
                        namespace: cp.namespace,
                    });
                } else {
                    out.push_str("/>");
                }
            }
            Event::End => {
                let open = stack.pop().ok_or_else(|| unconvertible(at, "END"))?;
                out.push_str("</");
                out.push_str(open.name);
                out.push('>');
            }
            Event::Text(t) => {
                let s = core::str::from_utf8(t.bytes())
                    .ok()
                    .filter(|s| s.chars().all(xml_char))
                    .ok_or_else(|| unconvertible(at, "text is not UTF-8 XML characters"))?;
                let in_type = stack
                    .last()
                    .is_some_and(|o| o.name == "Type" && o.namespace == "syncml:metinf");
                match xml_type(s).filter(|_| in_type) {
                    Some(x) => out.push_str(x),
                    None => escape(out, s),
                }
            }
            Event::Entity(c) => {
                if !char::from_u32(c).is_some_and(xml_char) {
                    return Err(unconvertible(at, "entity is not an XML character"));
                }
                out.push_str(&std::format!("&#x{c:X};"));
            }
            Event::Opaque(bytes) => {
                let here = stack.last().map(|o| o.name);
                let mut nested = String::new();
                if here == Some("Data")
                    && write_document_xml(bytes, opts, &mut nested, false).is_ok()
                {
                    out.push_str(&nested);
                } else if here == Some("NextNonce") {
                    out.push_str(&base64(bytes));
                } else if let Some(s) = core::str::from_utf8(bytes)
                    .ok()
                    .filter(|s| s.contains("]]>") && s.chars().all(xml_char))
                    .filter(|_| {
                        let n = stack.len();
                        let name = |back: usize| {
                            n.checked_sub(back)
                                .and_then(|i| stack.get(i))
                                .map(|o| o.name)
                        };
                        name(2) == Some("Item") && matches!(name(3), Some("Add" | "Replace"))
                    })
                {
                    // Item data that CDATA cannot hold: escaped text, which the encoder
                    // writes back as OPAQUE in this place.
                    escape(out, s);
                } else {
                    let s = core::str::from_utf8(bytes)
                        .ok()
                        .filter(|s| !s.contains("]]>") && s.chars().all(xml_char))
                        .ok_or_else(|| unconvertible(at, "binary OPAQUE data"))?;
                    out.push_str("<![CDATA[");
                    out.push_str(s);
                    out.push_str("]]>");
                }
            }
            Event::Ext(_)
            | Event::Pi
            | Event::EndPi
            | Event::AttrStart(_)
            | Event::AttrValue(_) => {
                return Err(unconvertible(at, "extension or processing instruction"));
            }
            Event::EndAttributes => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- XML -> WBXML

/// How [`xml_to_wbxml`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlToWbxml {
    /// WBXML version byte (0x01–0x03); default 0x03, as `xml2wbxml`.
    pub version: u8,
    /// Put every text that occurs more than once in the string table and refer to it with
    /// STR_T (default false: every string inline, as `xml2wbxml -n`).
    pub string_table: bool,
}

impl Default for XmlToWbxml {
    fn default() -> Self {
        XmlToWbxml {
            version: 0x03,
            string_table: false,
        }
    }
}

/// How inline texts are written: collected (first pass, to count them) or replaced by
/// string-table references.
#[derive(Default)]
struct Strings {
    collect: bool,
    counts: Vec<(String, usize)>,
    table: Vec<(String, u32)>,
}

impl Strings {
    fn text<W: m2mwire_core::Write + ?Sized>(
        &mut self,
        w: &mut Writer<'_, W>,
        t: &str,
    ) -> Result<(), m2mwire_core::EncodeError> {
        if self.collect {
            match self.counts.iter_mut().find(|(s, _)| s == t) {
                Some((_, n)) => *n += 1,
                None => self.counts.push((t.to_string(), 1)),
            }
        }
        match self.table.iter().find(|(s, _)| s == t) {
            Some((s, index)) => w.event(&Event::Text(Text::Table {
                index: *index,
                bytes: s.as_bytes(),
            })),
            None => w.event(&Event::Text(Text::Inline(t.as_bytes()))),
        }
    }
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
    CData(String),
    /// A character reference (`&#xE9;`), which is an ENTITY in WBXML.
    Entity(u32),
}

#[derive(Debug)]
struct Element {
    /// Written `<X/>`: no content in WBXML either (`<X></X>` has content, empty).
    empty_tag: bool,
    /// Has its own `xmlns` attribute: in `<Data>`, the root of a nested document.
    explicit_ns: bool,
    lang: &'static Language,
    page: &'static CodePage,
    code: u8,
    name: String,
    children: Vec<Node>,
    line: usize,
}

struct XmlReader<'x> {
    xml: &'x str,
    /// The last position asked for and its line: positions mostly grow, so counting from
    /// there keeps line numbers linear in the input.
    seen: core::cell::Cell<(usize, usize)>,
}

impl XmlReader<'_> {
    fn line(&self, pos: u64) -> usize {
        let pos = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.xml.len());
        let (from, line) = match self.seen.get() {
            (p, l) if p <= pos => (p, l),
            _ => (0, 1),
        };
        let more = self
            .xml
            .as_bytes()
            .get(from..pos)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        self.seen.set((pos, line + more));
        line + more
    }

    fn err(&self, pos: u64, message: impl ToString) -> XmlError {
        XmlError::Xml {
            line: self.line(pos),
            message: message.to_string(),
        }
    }
}

/// `<!DOCTYPE Root PUBLIC "fpi" "url">` → the FPI; an internal subset is refused.
fn doctype_fpi(text: &str) -> Result<Option<String>, &'static str> {
    if text.contains('[') {
        return Err("DOCTYPE with an internal subset refused (no DTD is read)");
    }
    let Some(i) = text.find("PUBLIC") else {
        return Ok(None);
    };
    let rest = text.get(i + 6..).unwrap_or_default().trim_start();
    let q = rest.chars().next().ok_or("PUBLIC without an identifier")?;
    if q != '"' && q != '\'' {
        return Err("PUBLIC without a quoted identifier");
    }
    let body = rest.get(1..).unwrap_or_default();
    let end = body.find(q).ok_or("unterminated public identifier")?;
    Ok(Some(body.get(..end).unwrap_or_default().to_string()))
}

fn parse_tree(xml: &str) -> Result<(Option<&'static Language>, Element), XmlError> {
    let r = XmlReader {
        xml,
        seen: core::cell::Cell::new((0, 1)),
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut lang: Option<&'static Language> = None;
    // (element, its namespace)
    let mut stack: Vec<(Element, String)> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| r.err(reader.error_position(), e))?;
        match ev {
            XEvent::DocType(t) => {
                if lang.is_some() || root.is_some() || !stack.is_empty() {
                    return Err(r.err(pos, "a DOCTYPE after the prolog or a second one"));
                }
                let text = t.decode().map_err(|e| r.err(pos, e))?;
                let fpi = doctype_fpi(&text).map_err(|m| r.err(pos, m))?;
                if let Some(fpi) = fpi {
                    lang =
                        Some(tables::by_fpi(&fpi).ok_or_else(|| {
                            r.err(pos, format_args!("unknown public id {fpi:?}"))
                        })?);
                }
            }
            XEvent::Start(ref e) | XEvent::Empty(ref e) => {
                let empty = matches!(ev, XEvent::Empty(_));
                if root.is_some() {
                    return Err(r.err(pos, "a second root element"));
                }
                let parent = stack
                    .last()
                    .map(|(p, ns)| (p.lang, p.name.as_str(), ns.as_str()));
                let (mut elem, ns) = start_element(&r, pos, e, &mut lang, parent)?;
                elem.empty_tag = empty;
                if empty {
                    attach(&mut stack, &mut root, Node::Element(elem));
                } else {
                    stack.push((elem, ns));
                }
            }
            XEvent::End(_) => {
                let (elem, _) = stack
                    .pop()
                    .ok_or_else(|| r.err(pos, "unbalanced end tag"))?;
                attach(&mut stack, &mut root, Node::Element(elem));
            }
            XEvent::Text(t) => {
                let s = t.decode().map_err(|e| r.err(pos, e))?;
                push_text(&mut stack, &s, &r, pos)?;
            }
            XEvent::GeneralRef(g) => {
                if let Some(c) = g.resolve_char_ref().map_err(|e| r.err(pos, e))? {
                    if !xml_char(c) {
                        return Err(r.err(pos, "a character reference XML 1.0 does not allow"));
                    }
                    let (elem, _) = stack
                        .last_mut()
                        .ok_or_else(|| r.err(pos, "a character reference outside the root"))?;
                    elem.children.push(Node::Entity(u32::from(c)));
                    continue;
                }
                let c = match None::<char> {
                    Some(c) => c,
                    None => match g.decode().map_err(|e| r.err(pos, e))?.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => {
                            return Err(r.err(
                                pos,
                                format_args!("entity &{other}; is not predefined (no DTD is read)"),
                            ));
                        }
                    },
                };
                let mut buf = [0u8; 4];
                push_text(&mut stack, c.encode_utf8(&mut buf), &r, pos)?;
            }
            XEvent::CData(t) => {
                let s = t.decode().map_err(|e| r.err(pos, e))?;
                if !s.chars().all(xml_char) {
                    return Err(r.err(pos, "a character XML 1.0 does not allow"));
                }
                let (elem, _) = stack
                    .last_mut()
                    .ok_or_else(|| r.err(pos, "CDATA outside the root"))?;
                elem.children.push(Node::CData(s.into_owned()));
            }
            XEvent::Decl(_) | XEvent::Comment(_) | XEvent::PI(_) => {}
            XEvent::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(r.err(xml.len() as u64, "document ends inside an element"));
    }
    let root = root.ok_or_else(|| r.err(0, "no root element"))?;
    Ok((lang, root))
}

fn attach(stack: &mut [(Element, String)], root: &mut Option<Element>, node: Node) {
    match (stack.last_mut(), node) {
        (Some((parent, _)), node) => parent.children.push(node),
        (None, Node::Element(e)) => *root = Some(e),
        (None, _) => {}
    }
}

fn push_text(
    stack: &mut [(Element, String)],
    s: &str,
    r: &XmlReader<'_>,
    pos: u64,
) -> Result<(), XmlError> {
    if !s.chars().all(xml_char) {
        return Err(r.err(pos, "a character XML 1.0 does not allow"));
    }
    let Some((elem, _)) = stack.last_mut() else {
        if s.trim().is_empty() {
            return Ok(());
        }
        return Err(r.err(pos, "text outside the root"));
    };
    match elem.children.last_mut() {
        Some(Node::Text(t)) => t.push_str(s),
        _ => elem.children.push(Node::Text(s.to_string())),
    }
    Ok(())
}

fn start_element(
    r: &XmlReader<'_>,
    pos: u64,
    e: &BytesStart<'_>,
    doc_lang: &mut Option<&'static Language>,
    parent: Option<(&'static Language, &str, &str)>,
) -> Result<(Element, String), XmlError> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut ns = parent.map(|p| p.2.to_string());
    let mut explicit_ns = false;
    for a in e.attributes() {
        let a = a.map_err(|err| r.err(pos, err))?;
        if a.key.as_ref() == b"xmlns" {
            explicit_ns = true;
            ns = Some(
                a.unescape_value()
                    .map_err(|err| r.err(pos, err))?
                    .into_owned(),
            );
        } else {
            return Err(r.err(
                pos,
                format_args!(
                    "attribute {:?} (SyncML has none)",
                    String::from_utf8_lossy(a.key.as_ref())
                ),
            ));
        }
    }
    // The language of a root element: one with a code page for its namespace, preferring one
    // whose root it is and, of those, the version of the outer document.
    let by_root = |version_hint: Option<&str>| {
        let rank = |l: &Language| {
            u8::from(l.root == name) * 2
                + u8::from(version_hint.is_some_and(|v| l.name.ends_with(v)))
        };
        tables::LANGUAGES
            .iter()
            .copied()
            .filter(|l| {
                ns.as_deref()
                    .is_some_and(|n| l.page_for_namespace(n).is_some())
            })
            .max_by_key(|l| rank(l))
    };
    let l = match parent {
        None => {
            if doc_lang.is_none() {
                // No DOCTYPE: the root element and its namespace pick the language.
                *doc_lang = by_root(None);
            }
            doc_lang.ok_or_else(|| r.err(pos, "no DOCTYPE and no known root namespace"))?
        }
        // A document nested in <Data> is in its own language, of the same version as the
        // outer one where both exist (DevInf 1.2 inside SyncML 1.2).
        Some((outer, "Data", _))
            if ns
                .as_deref()
                .is_none_or(|n| outer.page_for_namespace(n).is_none()) =>
        {
            let version = outer.name.rsplit(' ').next();
            by_root(version).ok_or_else(|| {
                r.err(
                    pos,
                    format_args!("<{name}> in <Data> starts no known language"),
                )
            })?
        }
        Some((outer, _, _)) => outer,
    };
    let page = match ns.as_deref() {
        Some(n) => l.page_for_namespace(n),
        None => l.pages.first(),
    }
    .ok_or_else(|| {
        r.err(
            pos,
            format_args!("namespace {ns:?} is not a code page of {}", l.name),
        )
    })?;
    let code = page.tag_code(&name).ok_or_else(|| {
        r.err(
            pos,
            format_args!("<{name}> is not in code page {} of {}", page.page, l.name),
        )
    })?;
    let ns = ns.unwrap_or_else(|| page.namespace.to_string());
    Ok((
        Element {
            empty_tag: false,
            explicit_ns,
            lang: l,
            page,
            code,
            name,
            children: Vec::new(),
            line: r.line(pos),
        },
        ns,
    ))
}

fn xml_err(line: usize, message: &str) -> XmlError {
    XmlError::Xml {
        line,
        message: message.to_string(),
    }
}

/// The `Meta/Type` text among the first `upto` children of `e`.
/// An element being written and the index of the child being written, outermost first.
type Ancestors<'t> = Vec<(&'t Element, usize)>;

fn write_element<'t, W: m2mwire_core::Write + ?Sized>(
    w: &mut Writer<'_, W>,
    e: &'t Element,
    ancestors: &mut Ancestors<'t>,
    strings: &mut Strings,
    opts: &XmlToWbxml,
) -> Result<(), XmlError> {
    let name_at = |back: usize| {
        ancestors
            .len()
            .checked_sub(back)
            .and_then(|i| ancestors.get(i))
            .map(|(a, _)| a.name.as_str())
    };
    let parent = name_at(1);
    let grandparent = name_at(2);
    let enc = |x: m2mwire_core::EncodeError| xml_err(e.line, &x.to_string());
    // Whitespace between elements is not content (as `xml2wbxml` without -k).
    let has_elements = e.children.iter().any(|n| matches!(n, Node::Element(_)));
    let is_layout = |n: &Node| match n {
        Node::Text(t) => t.is_empty() || has_elements && t.trim().is_empty(),
        _ => false,
    };
    w.event(&Event::Start {
        tag: Tag::Token {
            page: e.page.page,
            code: e.code,
        },
        attributes: false,
        content: !e.empty_tag,
    })
    .map_err(enc)?;
    if e.empty_tag {
        return Ok(());
    }
    for (i, n) in e.children.iter().enumerate() {
        if is_layout(n) {
            continue;
        }
        match n {
            // An element in Data with its own xmlns is the root of a whole document, encoded
            // on its own and carried as OPAQUE (the decoder shows such an OPAQUE that way).
            Node::Element(child) if e.name == "Data" && child.explicit_ns => {
                let nested = encode_tree(Some(child.lang), child, opts)?;
                w.event(&Event::Opaque(&nested)).map_err(enc)?;
            }
            Node::Element(child) => {
                ancestors.push((e, i));
                let r = write_element(w, child, ancestors, strings, opts);
                ancestors.pop();
                r?
            }
            // The data of an item added or replaced is opaque to SyncML: libwbxml writes it as
            // OPAQUE, and so do we.
            Node::Text(t)
                if e.name == "Data"
                    && parent == Some("Item")
                    && matches!(grandparent, Some("Add" | "Replace")) =>
            {
                w.event(&Event::Opaque(t.as_bytes())).map_err(enc)?
            }
            Node::Text(t) if e.name == "Type" && e.page.namespace == "syncml:metinf" => {
                let t = wbxml_type(t).unwrap_or(t);
                strings.text(w, t).map_err(enc)?
            }
            Node::Text(t) => strings.text(w, t).map_err(enc)?,
            Node::CData(t) => w.event(&Event::Opaque(t.as_bytes())).map_err(enc)?,
            Node::Entity(c) => w.event(&Event::Entity(*c)).map_err(enc)?,
        }
    }
    w.event(&Event::End).map_err(enc)
}

fn encode_tree(
    lang: Option<&'static Language>,
    root: &Element,
    opts: &XmlToWbxml,
) -> Result<Vec<u8>, XmlError> {
    let lang = lang.unwrap_or(root.lang);
    let mut table = Vec::new();
    let public_id = match lang.public_id {
        Some(id) => PublicId::Known(id),
        None => {
            table.extend_from_slice(lang.fpi.as_bytes());
            table.push(0);
            PublicId::StringTable(0)
        }
    };
    let mut strings = Strings::default();
    if opts.string_table {
        // A first pass counts the inline texts; those seen twice or more go in the table.
        strings.collect = true;
        let mut scratch = Vec::new();
        let mut w = Writer::new(&mut scratch);
        write_element(&mut w, root, &mut Vec::new(), &mut strings, opts)?;
        strings.collect = false;
        for (s, n) in core::mem::take(&mut strings.counts) {
            if n > 1 && !s.contains('\0') {
                let index = u32::try_from(table.len())
                    .map_err(|_| xml_err(root.line, "string table too large"))?;
                table.extend_from_slice(s.as_bytes());
                table.push(0);
                strings.table.push((s, index));
            }
        }
    }
    let header = Header {
        version: opts.version,
        public_id,
        charset: Some(106),
        string_table: &table,
    };
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out);
    w.header(&header)
        .map_err(|e| xml_err(root.line, &e.to_string()))?;
    write_element(&mut w, root, &mut Vec::new(), &mut strings, opts)?;
    Ok(out)
}

/// Convert an XML document of a SyncML-family language to WBXML.
pub fn xml_to_wbxml(xml: &str, opts: &XmlToWbxml) -> Result<Vec<u8>, XmlError> {
    if !(1..=3).contains(&opts.version) {
        return Err(xml_err(1, "version must be 0x01-0x03"));
    }
    let (lang, root) = parse_tree(xml)?;
    encode_tree(lang, &root, opts)
}
