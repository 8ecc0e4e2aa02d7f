//! CoRE Link Format (RFC 6690, content format 40): LwM2M registration and discovery payloads
//! such as `</1/0>,</3/0>;ver=1.1,</5>` and `</3/0/1>;pmin=10;pmax=60`, and CoAP's
//! `/.well-known/core`.
//!
//! The grammar (RFC 6690 §2, parameters from RFC 8288 §3):
//!
//! ```text
//! Link       = [ link-value *( "," link-value ) ]
//! link-value = "<" URI-Reference ">" *( ";" link-param )
//! link-param = parmname [ "=" ( ptoken / quoted-string ) ]
//! ```
//!
//! Parsed with nom over the borrowed text: targets, names and values are slices of the input.
//! No whitespace is allowed between the parts (RFC 6690 has none in its grammar).

use crate::error::{Error, Lwm2mErrorKind as K, err};
use crate::path::Path;
use alloc::vec::Vec;
use core::fmt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::opt;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

/// A parameter value: a token, or the inside of a quoted string (escapes left as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamValue<'a> {
    /// `ver=1.1`
    Token(&'a str),
    /// `rt="oma.lwm2m"` (the text between the quotes).
    Quoted(&'a str),
}

impl<'a> ParamValue<'a> {
    /// The value text (for a quoted string, without the quotes and with `\"` and `\\`
    /// still escaped).
    pub fn as_str(&self) -> &'a str {
        match self {
            ParamValue::Token(s) | ParamValue::Quoted(s) => s,
        }
    }
}

/// One link parameter: `name` or `name=value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Param<'a> {
    /// Parameter name (`pmin`, `ver`, `rt`, `ct`).
    pub name: &'a str,
    /// Its value, if it has one.
    pub value: Option<ParamValue<'a>>,
}

/// One link: a target and its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Link<'a> {
    /// The URI-Reference between `<` and `>`.
    pub target: &'a str,
    /// Parameters in order.
    pub params: Vec<Param<'a>>,
}

impl<'a> Link<'a> {
    /// A link to `target` without parameters.
    pub fn new(target: &'a str) -> Self {
        Link {
            target,
            params: Vec::new(),
        }
    }

    /// The first parameter named `name`: `Some(None)` if it has no value.
    pub fn param(&self, name: &str) -> Option<Option<ParamValue<'a>>> {
        self.params.iter().find(|p| p.name == name).map(|p| p.value)
    }

    /// The target read as an LwM2M path (`</3/0>` → `/3/0`); `None` for other targets.
    pub fn path(&self) -> Option<Path> {
        Path::parse(self.target).ok()
    }

    /// A numeric LwM2M attribute (`pmin`, `pmax`, `gt`, `lt`, `st`, `dim`, `ver`…) as a
    /// number.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.param(name)??.as_str().parse().ok()
    }
}

// RFC 8288 §3 / RFC 5987: parmname = 1*attr-char.
fn is_parmname(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$&+-.^_`|~".contains(c)
}

// RFC 6690 §2: ptoken characters.
fn is_ptoken(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'()*+-./:<=>?@[]^_`{|}~".contains(c)
}

// A URI-Reference has no '<', '>', whitespace or controls (RFC 3986 characters only).
fn is_uri_char(c: char) -> bool {
    c.is_ascii_graphic() && c != '<' && c != '>' && c != '"'
}

fn quoted(i: &str) -> IResult<&str, &str> {
    let body = i.strip_prefix('"').ok_or_else(|| fail(i))?;
    let mut escaped = false;
    for (at, c) in body.char_indices() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => {
                let rest = body.get(at + 1..).unwrap_or_default();
                return Ok((rest, body.get(..at).unwrap_or_default()));
            }
            (false, c) if c.is_control() => return Err(fail(i)),
            _ => {}
        }
    }
    Err(fail(i))
}

fn fail(i: &str) -> nom::Err<nom::error::Error<&str>> {
    nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))
}

fn param(i: &str) -> IResult<&str, Param<'_>> {
    let (i, name) = take_while1(is_parmname).parse(i)?;
    let (i, value) = opt(preceded(
        char('='),
        nom::branch::alt((
            quoted.map(ParamValue::Quoted),
            take_while1(is_ptoken).map(ParamValue::Token),
        )),
    ))
    .parse(i)?;
    Ok((i, Param { name, value }))
}

fn link(i: &str) -> IResult<&str, Link<'_>> {
    let (mut i, target) = delimited(tag("<"), take_while(is_uri_char), tag(">")).parse(i)?;
    let mut params = Vec::new();
    while let Some(rest) = i.strip_prefix(';') {
        let (rest, p) = param(rest)?;
        params.push(p);
        i = rest;
    }
    Ok((i, Link { target, params }))
}

/// Parse a link-format document. An empty document has no links. Errors name the byte
/// offset where parsing stopped.
pub fn parse_links(text: &str) -> Result<Vec<Link<'_>>, Error> {
    let mut links = Vec::new();
    if text.is_empty() {
        return Ok(links);
    }
    let offset = |rest: &str| text.len() - rest.len();
    let mut i = text;
    loop {
        let (rest, l) = link(i).map_err(|e| match e {
            nom::Err::Error(e) | nom::Err::Failure(e) => err(K::InvalidLinkFormat, offset(e.input)),
            nom::Err::Incomplete(_) => err(K::InvalidLinkFormat, text.len()),
        })?;
        links.push(l);
        match rest.strip_prefix(',') {
            Some(next) => i = next,
            None if rest.is_empty() => return Ok(links),
            None => return Err(err(K::InvalidLinkFormat, offset(rest))),
        }
    }
}

/// Parse link-format bytes (UTF-8 required).
pub fn parse_links_bytes(bytes: &[u8]) -> Result<Vec<Link<'_>>, Error> {
    let text = crate::value::read_str(bytes, 0)?;
    parse_links(text)
}

/// Writes the links back in the form [`parse_links`] reads: `<t>;a=b,<u>`.
pub struct Links<'l, 'a>(pub &'l [Link<'a>]);

impl fmt::Display for Links<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, l) in self.0.iter().enumerate() {
            if n > 0 {
                f.write_str(",")?;
            }
            write!(f, "<{}>", l.target)?;
            for p in &l.params {
                write!(f, ";{}", p.name)?;
                match p.value {
                    Some(ParamValue::Token(v)) => write!(f, "={v}")?,
                    Some(ParamValue::Quoted(v)) => write!(f, "=\"{v}\"")?,
                    None => {}
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn registration_payload() {
        let text = "</>;rt=\"oma.lwm2m\";ct=11543,</1/0>,</3/0>;ver=1.1,</5>,</3/0/1>;pmin=10;pmax=60;dim=2;obs";
        let links = parse_links(text).unwrap();
        assert_eq!(links.len(), 5);
        assert_eq!(
            links[0].param("rt"),
            Some(Some(ParamValue::Quoted("oma.lwm2m")))
        );
        assert_eq!(links[2].path(), Some(Path::parse("/3/0").unwrap()));
        assert_eq!(links[2].number("ver"), Some(1.1));
        assert_eq!(links[4].number("pmax"), Some(60.0));
        assert_eq!(links[4].param("obs"), Some(None));
        assert_eq!(Links(&links).to_string(), text);
    }

    #[test]
    fn errors_name_the_offset() {
        for (text, at) in [
            ("</1/0", 5),
            ("</1/0>,", 7),
            ("</1/0> ,</2>", 6),
            ("</1/0>;", 7),
            ("</1/0>;a=\"x", 8),
            ("1/0", 0),
            ("</1/0>;=1", 7),
            ("</a b>", 3),
        ] {
            assert_eq!(
                parse_links(text).unwrap_err(),
                err(K::InvalidLinkFormat, at),
                "{text}"
            );
        }
        assert_eq!(parse_links("").unwrap(), []);
        assert_eq!(parse_links("<>").unwrap(), [Link::new("")]);
        let l = parse_links("</x>;t=\"a\\\"b\"").unwrap();
        assert_eq!(l[0].param("t"), Some(Some(ParamValue::Quoted("a\\\"b"))));
    }
}
