//! The borrowed event stream: header, then one [`Event`] per token (WBXML 1.3 §5.3).
//!
//! ```text
//! start    = version publicid charset strtbl body
//! body     = *pi element *pi
//! element  = ([switchPage] stag) [1*attribute END] [*content END]
//! content  = element | string | extension | entity | pi | opaque
//! ```
//!
//! The operand parsers (mb_u_int32, inline strings, opaque data) are nom parsers over complete
//! input; their errors map to [`Error`] with the offset where the operand starts.

use crate::error::{DecodeOptions, Error, Relax, WbxmlErrorKind as K, err};
use crate::tables::{self, Language};
use crate::token::{self, *};
use crate::{Page, PublicId};

/// The document header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    /// 0x00–0x03: WBXML 1.0–1.3.
    pub version: u8,
    /// The public identifier.
    pub public_id: PublicId,
    /// The charset MIBenum; `None` in WBXML 1.0, which has no charset field.
    pub charset: Option<u32>,
    /// The string table bytes.
    pub string_table: &'a [u8],
}

impl<'a> Header<'a> {
    /// The language the public id names (numeric, or its FPI in the string table).
    pub fn language(&self) -> Option<&'static Language> {
        match self.public_id {
            PublicId::Known(id) => tables::by_public_id(id),
            PublicId::StringTable(index) => string_at(self.string_table, index)
                .ok()
                .and_then(|s| core::str::from_utf8(s).ok())
                .and_then(tables::by_fpi),
        }
    }
}

/// The NUL-terminated string starting at `index` of a string table (without the NUL).
/// `index` must be the start of a string: 0, or just after a NUL.
pub(crate) fn string_at(table: &[u8], index: u32) -> Result<&[u8], K> {
    let i = usize::try_from(index).map_err(|_| K::StringTableReference)?;
    if i >= table.len() || (i > 0 && table.get(i - 1) != Some(&0)) {
        return Err(K::StringTableReference);
    }
    let rest = table.get(i..).unwrap_or_default();
    let end = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or(K::UnterminatedString)?;
    Ok(rest.get(..end).unwrap_or_default())
}

/// An element's tag: a token in a code page, or a name from the string table (LITERAL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag<'a> {
    /// Tag token `code` (0x05–0x3F) of code page `page`.
    Token {
        /// Code page.
        page: Page,
        /// Token without the attribute and content bits.
        code: u8,
    },
    /// LITERAL: the name at string-table `index`.
    Literal {
        /// String-table index.
        index: u32,
        /// The name.
        name: &'a [u8],
    },
}

/// A string: inline (STR_I) or a string-table reference (STR_T).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text<'a> {
    /// STR_I: the bytes, without the NUL.
    Inline(&'a [u8]),
    /// STR_T: string-table index and the bytes it names.
    Table {
        /// String-table index.
        index: u32,
        /// The string.
        bytes: &'a [u8],
    },
}

impl<'a> Text<'a> {
    /// The string's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        match self {
            Text::Inline(b) | Text::Table { bytes: b, .. } => b,
        }
    }
}

/// An extension token (§5.8.4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ext<'a> {
    /// EXT_I_n with an inline string.
    Inline(u8, &'a [u8]),
    /// EXT_T_n with an mb_u_int32 (a string-table index in most languages).
    Table(u8, u32),
    /// EXT_n alone.
    Single(u8),
}

/// An attribute start: a token in an attribute code page or a LITERAL name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrStart<'a> {
    /// ATTRSTART token `code` (0x05–0x7F) of attribute page `page`.
    Token {
        /// Attribute code page.
        page: Page,
        /// Token.
        code: u8,
    },
    /// LITERAL with the attribute name at string-table `index` (`name` is `xmlns` for the
    /// Nokia quirk, index 0 without a string table).
    Literal {
        /// String-table index.
        index: u32,
        /// The name.
        name: &'a [u8],
    },
}

/// One part of an attribute value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrValue<'a> {
    /// ATTRVALUE token (0x80–0xFF) of attribute page `page`.
    Token {
        /// Attribute code page.
        page: Page,
        /// Token.
        code: u8,
    },
    /// A string.
    Text(Text<'a>),
    /// ENTITY.
    Entity(u32),
    /// An extension.
    Ext(Ext<'a>),
    /// OPAQUE (WBXML 1.2 and later).
    Opaque(&'a [u8]),
}

/// One token of the body, in document order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// A SWITCH_PAGE token, as written (in content: the tag page; in an attribute list or PI:
    /// the attribute page).
    SwitchPage(Page),
    /// An element starts. Its attribute list (if `attributes`) follows, ended by
    /// [`EndAttributes`](Event::EndAttributes); then, if `content`, its content and an
    /// [`End`](Event::End).
    Start {
        /// The tag.
        tag: Tag<'a>,
        /// The 0x80 bit: an attribute list follows.
        attributes: bool,
        /// The 0x40 bit: content and END follow.
        content: bool,
    },
    /// An attribute (or PI target) starts.
    AttrStart(AttrStart<'a>),
    /// Part of an attribute value.
    AttrValue(AttrValue<'a>),
    /// The END closing an attribute list.
    EndAttributes,
    /// A string in content.
    Text(Text<'a>),
    /// ENTITY: a character code (UCS-4).
    Entity(u32),
    /// An extension in content.
    Ext(Ext<'a>),
    /// OPAQUE data in content.
    Opaque(&'a [u8]),
    /// PI: a processing instruction starts; its target and value follow as attribute events.
    Pi,
    /// The END closing a processing instruction.
    EndPi,
    /// The END closing an element's content.
    End,
}

/// Parser state, one byte (written and read whole: no partial-store stalls on the hot path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Before the root element: only PIs.
    Prolog,
    /// Inside an element's content.
    Content,
    /// Inside an attribute list, before its first attribute start.
    Attrs,
    /// Inside an attribute list, after an attribute start.
    AttrsStarted,
    /// Inside a processing instruction, before its target.
    Pi,
    /// Inside a processing instruction, after its target.
    PiStarted,
    /// After the root element: only PIs.
    Epilog,
}

/// The event stream of one document: a zero-copy iterator, validating as it goes.
///
/// ```
/// use m2mwire_wbxml::{Decoder, DecodeOptions, Event, Tag, Text};
/// // <SyncML><Final/></SyncML> in SyncML 1.2: header, SyncML with content, Final, END.
/// let doc = [0x02, 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x12, 0x01];
/// let d = Decoder::new(&doc, &DecodeOptions::strict())?;
/// let events: Vec<_> = d.collect::<Result<_, _>>()?;
/// assert_eq!(events[0], Event::Start { tag: Tag::Token { page: 0, code: 0x2d }, attributes: false, content: true });
/// assert_eq!(events.len(), 3);
/// # Ok::<(), m2mwire_wbxml::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Decoder<'a> {
    /// The parsed header.
    pub header: Header<'a>,
    language: Option<&'static Language>,
    input: &'a [u8],
    pos: usize,
    tag_page: Page,
    attr_page: Page,
    /// Open elements with content.
    depth: usize,
    mode: Mode,
    opts: DecodeOptions,
    done: bool,
    utf8: bool,
    /// Whether the element whose attribute list is open has content.
    pending_content: bool,
    /// Where a processing instruction returns to.
    resume: Option<Mode>,
    /// Tags allowed in the current tag page (all when no language or relaxed).
    tag_mask: u64,
}

impl<'a> Decoder<'a> {
    /// Read the header of `input` and get ready to stream its body.
    pub fn new(input: &'a [u8], opts: &DecodeOptions) -> Result<Decoder<'a>, Error> {
        let mut pos = 0;
        let version = *input.first().ok_or(err(K::Truncated, 0))?;
        if version > 3 {
            return Err(err(K::UnknownVersion, 0));
        }
        pos += 1;
        let padded = opts.allows(Relax::PADDED_MB_U_INT32);
        let (first, n) = token::mb_u_int32(input, pos, padded)?;
        let public_id = if first == 0 {
            pos += n;
            let (index, n) = token::mb_u_int32(input, pos, padded)?;
            pos += n;
            PublicId::StringTable(index)
        } else {
            pos += n;
            PublicId::Known(first)
        };
        let charset = if version == 0 {
            None
        } else {
            let at = pos;
            let (c, n) = token::mb_u_int32(input, pos, padded)?;
            pos += n;
            // Strings end at a single NUL byte, which UCS-2 / UTF-16 text contains.
            if matches!(c, 1000 | 1013..=1015) {
                return Err(err(K::UnsupportedCharset, at));
            }
            Some(c)
        };
        let (len, n) = token::mb_u_int32(input, pos, padded)?;
        pos += n;
        let len = usize::try_from(len).map_err(|_| err(K::Truncated, pos))?;
        let string_table = input
            .get(pos..pos.saturating_add(len))
            .ok_or(err(K::Truncated, input.len()))?;
        let table_at = pos;
        pos += len;
        // Every string in the table must end with its NUL.
        if string_table.last().is_some_and(|&b| b != 0) {
            return Err(err(K::UnterminatedString, table_at + len));
        }
        let utf8 = matches!(charset, None | Some(0 | 3 | 106));
        if utf8 {
            if let Err(e) = core::str::from_utf8(string_table) {
                return Err(err(K::InvalidUtf8, table_at + e.valid_up_to()));
            }
        }
        let header = Header {
            version,
            public_id,
            charset,
            string_table,
        };
        if let PublicId::StringTable(index) = public_id {
            string_at(string_table, index).map_err(|k| err(k, 1))?;
        }
        Ok(Decoder {
            language: header.language(),
            header,
            input,
            pos,
            tag_page: 0,
            attr_page: 0,
            depth: 0,
            mode: Mode::Prolog,
            opts: *opts,
            done: false,
            utf8,
            pending_content: false,
            resume: None,
            tag_mask: 0,
        }
        .with_page_mask())
    }

    fn with_page_mask(mut self) -> Self {
        self.tag_mask = self.page_mask(self.tag_page);
        self
    }

    /// Bit set of the tags page `page` allows: every one for an unknown language or under
    /// [`Relax::UNKNOWN_TAGS`], none for a page the language lacks.
    fn page_mask(&self, page: Page) -> u64 {
        match self.language {
            Some(l) if !self.opts.allows(Relax::UNKNOWN_TAGS) => l.page(page).map_or(0, |p| p.mask),
            _ => u64::MAX,
        }
    }

    /// The language the header names, if this crate knows it.
    pub fn language(&self) -> Option<&'static Language> {
        self.language
    }

    /// Offset of the next token.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn padded(&self) -> bool {
        self.opts.allows(Relax::PADDED_MB_U_INT32)
    }

    #[inline]
    fn mb(&mut self) -> Result<u32, Error> {
        let (v, n) = token::mb_u_int32(self.input, self.pos, self.padded())?;
        self.pos += n;
        Ok(v)
    }

    #[inline]
    fn check_utf8(&self, bytes: &[u8], at: usize) -> Result<(), Error> {
        if self.utf8 {
            if let Err(e) = core::str::from_utf8(bytes) {
                return Err(err(K::InvalidUtf8, at + e.valid_up_to()));
            }
        }
        Ok(())
    }

    #[inline]
    fn inline_str(&mut self) -> Result<&'a [u8], Error> {
        let at = self.pos;
        let (s, used, ascii) = token::termstr(self.input, at)?;
        if !ascii {
            self.check_utf8(s, at)?;
        }
        self.pos += used;
        Ok(s)
    }

    #[inline]
    fn table_ref(&mut self) -> Result<(u32, &'a [u8]), Error> {
        let at = self.pos;
        let index = self.mb()?;
        let bytes = string_at(self.header.string_table, index).map_err(|k| err(k, at))?;
        Ok((index, bytes))
    }

    fn opaque(&mut self, in_attr: bool) -> Result<&'a [u8], Error> {
        let at = self.pos - 1;
        let needed = if in_attr { 2 } else { 1 };
        if self.header.version < needed && !self.opts.allows(Relax::OPAQUE_ANY_VERSION) {
            return Err(err(K::OpaqueNotAllowed, at));
        }
        let len_at = self.pos;
        let len = self.mb()?;
        let len = usize::try_from(len).map_err(|_| err(K::OpaqueTooLong, len_at))?;
        let data = self
            .input
            .get(self.pos..self.pos.saturating_add(len))
            .ok_or(err(K::OpaqueTooLong, len_at))?;
        self.pos += len;
        Ok(data)
    }

    fn switch_page(&mut self, attr: bool) -> Result<Page, Error> {
        let at = self.pos;
        let page = *self.input.get(self.pos).ok_or(err(K::Truncated, at))?;
        self.pos += 1;
        // A known language defines its tag pages; attribute pages are left open (SyncML has
        // no attributes).
        if !attr
            && let Some(lang) = self.language
            && lang.page(page).is_none()
            && !self.opts.allows(Relax::UNKNOWN_TAGS)
        {
            return Err(err(K::UnknownCodePage, at));
        }
        if attr {
            self.attr_page = page;
        } else {
            self.tag_page = page;
            self.tag_mask = self.page_mask(page);
        }
        Ok(page)
    }

    fn ext(&mut self, tok: u8) -> Result<Ext<'a>, Error> {
        Ok(match tok {
            EXT_I_0..=EXT_I_2 => Ext::Inline(tok - EXT_I_0, self.inline_str()?),
            EXT_T_0..=EXT_T_2 => Ext::Table(tok - EXT_T_0, self.mb()?),
            _ => Ext::Single(tok.wrapping_sub(EXT_0)),
        })
    }

    #[inline]
    fn element(&mut self, tok: u8, at: usize) -> Result<Event<'a>, Error> {
        let attributes = tok & TAG_ATTRS != 0;
        let content = tok & TAG_CONTENT != 0;
        let tag = if tok & TAG_CODE == LITERAL {
            let (index, name) = self.literal_name(false)?;
            Tag::Literal { index, name }
        } else {
            let code = tok & TAG_CODE;
            if self.tag_mask & (1 << code) == 0 {
                return Err(err(K::UnknownTag, at));
            }
            Tag::Token {
                page: self.tag_page,
                code,
            }
        };
        if content {
            if self.depth >= self.opts.limits.max_depth {
                return Err(err(K::TooDeep, at));
            }
            self.depth += 1;
        }
        self.mode = if attributes {
            Mode::Attrs
        } else if content {
            Mode::Content
        } else {
            self.after_element()
        };
        self.pending_content = content;
        Ok(Event::Start {
            tag,
            attributes,
            content,
        })
    }

    /// The string a LITERAL names; for an attribute, with the Nokia relaxation, index 0 and
    /// no string table mean `xmlns`.
    fn literal_name(&mut self, attribute: bool) -> Result<(u32, &'a [u8]), Error> {
        let index_at = self.pos;
        let index = self.mb()?;
        if attribute
            && index == 0
            && self.header.string_table.is_empty()
            && self.opts.allows(Relax::NOKIA_LITERAL_XMLNS)
        {
            return Ok((0, b"xmlns"));
        }
        let name = string_at(self.header.string_table, index).map_err(|k| err(k, index_at))?;
        Ok((index, name))
    }

    /// The mode after an element (or its content) closes.
    fn after_element(&self) -> Mode {
        if self.depth == 0 {
            Mode::Epilog
        } else {
            Mode::Content
        }
    }

    #[inline]
    fn next_event(&mut self) -> Result<Option<Event<'a>>, Error> {
        let at = self.pos;
        let Some(&tok) = self.input.get(self.pos) else {
            return match self.mode {
                Mode::Epilog => Ok(None),
                Mode::Prolog => Err(err(K::MissingRoot, at)),
                _ => Err(err(K::MissingEnd, at)),
            };
        };
        self.pos += 1;
        match self.mode {
            Mode::Attrs => self.attribute_token(tok, at, false, false),
            Mode::AttrsStarted => self.attribute_token(tok, at, true, false),
            Mode::Pi => self.attribute_token(tok, at, false, true),
            Mode::PiStarted => self.attribute_token(tok, at, true, true),
            Mode::Prolog | Mode::Epilog => match tok {
                PI => {
                    self.resume = Some(self.mode);
                    self.mode = Mode::Pi;
                    Ok(Some(Event::Pi))
                }
                SWITCH_PAGE if self.mode == Mode::Prolog => {
                    Ok(Some(Event::SwitchPage(self.switch_page(false)?)))
                }
                _ if self.mode == Mode::Prolog && is_tag(tok) => self.element(tok, at).map(Some),
                END => Err(err(K::UnmatchedEnd, at)),
                _ => Err(err(K::UnexpectedToken, at)),
            },
            Mode::Content => match tok {
                SWITCH_PAGE => Ok(Some(Event::SwitchPage(self.switch_page(false)?))),
                END => {
                    self.depth -= 1;
                    self.mode = self.after_element();
                    Ok(Some(Event::End))
                }
                ENTITY => {
                    let v = self.mb()?;
                    char::from_u32(v).ok_or(err(K::InvalidEntity, at))?;
                    Ok(Some(Event::Entity(v)))
                }
                STR_I => Ok(Some(Event::Text(Text::Inline(self.inline_str()?)))),
                STR_T => {
                    let (index, bytes) = self.table_ref()?;
                    Ok(Some(Event::Text(Text::Table { index, bytes })))
                }
                EXT_I_0..=EXT_I_2 | EXT_T_0..=EXT_T_2 | EXT_0..=EXT_2 => {
                    Ok(Some(Event::Ext(self.ext(tok)?)))
                }
                PI => {
                    self.resume = Some(Mode::Content);
                    self.mode = Mode::Pi;
                    Ok(Some(Event::Pi))
                }
                OPAQUE => Ok(Some(Event::Opaque(self.opaque(false)?))),
                _ => self.element(tok, at).map(Some),
            },
        }
    }

    fn attribute_token(
        &mut self,
        tok: u8,
        at: usize,
        started: bool,
        pi: bool,
    ) -> Result<Option<Event<'a>>, Error> {
        let set = |d: &mut Self, started: bool| {
            d.mode = match (started, pi) {
                (false, false) => Mode::Attrs,
                (true, false) => Mode::AttrsStarted,
                (false, true) => Mode::Pi,
                (true, true) => Mode::PiStarted,
            }
        };
        match tok {
            SWITCH_PAGE => Ok(Some(Event::SwitchPage(self.switch_page(true)?))),
            END if started || pi => {
                if pi {
                    self.mode = self.resume.take().unwrap_or(Mode::Epilog);
                    if !started {
                        return Err(err(K::UnexpectedToken, at));
                    }
                    return Ok(Some(Event::EndPi));
                }
                self.mode = if self.pending_content {
                    Mode::Content
                } else {
                    self.after_element()
                };
                Ok(Some(Event::EndAttributes))
            }
            END => Err(err(K::UnexpectedToken, at)),
            LITERAL => {
                let (index, name) = self.literal_name(true)?;
                set(self, true);
                Ok(Some(Event::AttrStart(AttrStart::Literal { index, name })))
            }
            ENTITY
            | STR_I
            | STR_T
            | EXT_I_0..=EXT_I_2
            | EXT_T_0..=EXT_T_2
            | EXT_0..=EXT_2
            | OPAQUE
                if !started =>
            {
                Err(err(K::UnexpectedToken, at))
            }
            ENTITY => {
                let v = self.mb()?;
                char::from_u32(v).ok_or(err(K::InvalidEntity, at))?;
                Ok(Some(Event::AttrValue(AttrValue::Entity(v))))
            }
            STR_I => Ok(Some(Event::AttrValue(AttrValue::Text(Text::Inline(
                self.inline_str()?,
            ))))),
            STR_T => {
                let (index, bytes) = self.table_ref()?;
                Ok(Some(Event::AttrValue(AttrValue::Text(Text::Table {
                    index,
                    bytes,
                }))))
            }
            EXT_I_0..=EXT_I_2 | EXT_T_0..=EXT_T_2 | EXT_0..=EXT_2 => {
                Ok(Some(Event::AttrValue(AttrValue::Ext(self.ext(tok)?))))
            }
            OPAQUE => Ok(Some(Event::AttrValue(AttrValue::Opaque(
                self.opaque(true)?,
            )))),
            PI | LITERAL_C | LITERAL_A | LITERAL_AC => Err(err(K::UnexpectedToken, at)),
            t if t < 0x80 => {
                set(self, true);
                Ok(Some(Event::AttrStart(AttrStart::Token {
                    page: self.attr_page,
                    code: t,
                })))
            }
            _ if !started => Err(err(K::UnexpectedToken, at)),
            t => Ok(Some(Event::AttrValue(AttrValue::Token {
                page: self.attr_page,
                code: t,
            }))),
        }
    }
}

impl<'a> Iterator for Decoder<'a> {
    type Item = Result<Event<'a>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_event() {
            Ok(Some(e)) => Some(Ok(e)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
