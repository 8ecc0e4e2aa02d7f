//! LwM2M paths: `/`, `/{object}`, `/{object}/{instance}`, `…/{resource}`,
//! `…/{resource}/{resource instance}` (LwM2M 1.1 Core §7.1; ids 0–65534, 65535 is MAX_ID).

use crate::error::{Error, Lwm2mErrorKind as K, err};
use core::fmt;

/// An LwM2M path of 0 to 4 ids.
///
/// ```
/// use m2mwire_lwm2m::Path;
/// let p: Path = "/3/0/7/1".parse()?;
/// assert_eq!((p.object(), p.instance(), p.resource(), p.resource_instance()), (Some(3), Some(0), Some(7), Some(1)));
/// assert_eq!(p.to_string(), "/3/0/7/1");
/// assert!("/3/65535".parse::<Path>().is_err());
/// # Ok::<(), m2mwire_lwm2m::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Path {
    ids: [u16; 4],
    len: u8,
}

impl Path {
    /// The root path `/`.
    pub const ROOT: Path = Path {
        ids: [0; 4],
        len: 0,
    };

    /// A path from up to four ids; `None` when there are more than four or an id is 65535.
    pub fn new(ids: &[u16]) -> Option<Path> {
        if ids.len() > 4 || ids.contains(&u16::MAX) {
            return None;
        }
        let mut p = Path::ROOT;
        for (slot, id) in p.ids.iter_mut().zip(ids) {
            *slot = *id;
        }
        p.len = ids.len() as u8;
        Some(p)
    }

    /// Parse `/`, `/3`, `/3/0`, `/3/0/1` or `/3/0/7/1`. Ids are decimal without leading
    /// zeros (so printing gives back the same text), at most 65534.
    pub fn parse(s: &str) -> Result<Path, Error> {
        let rest = s.strip_prefix('/').ok_or(err(K::InvalidPath, 0))?;
        if rest.is_empty() {
            return Ok(Path::ROOT);
        }
        let mut p = Path::ROOT;
        let mut at = 1usize;
        for part in rest.split('/') {
            let slot = p
                .ids
                .get_mut(usize::from(p.len))
                .ok_or(err(K::InvalidPath, at))?;
            let digits_ok = !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'));
            let id = part
                .parse::<u32>()
                .ok()
                .filter(|&v| digits_ok && v < u32::from(u16::MAX))
                .ok_or(err(K::InvalidPath, at))?;
            *slot = id as u16;
            p.len += 1;
            at += part.len() + 1;
        }
        Ok(p)
    }

    /// The ids, outermost first.
    pub fn ids(&self) -> &[u16] {
        self.ids.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// Number of ids: 0 for `/`, 4 for a resource instance.
    pub fn depth(&self) -> usize {
        usize::from(self.len)
    }

    /// The object id.
    pub fn object(&self) -> Option<u16> {
        self.ids().first().copied()
    }

    /// The object instance id.
    pub fn instance(&self) -> Option<u16> {
        self.ids().get(1).copied()
    }

    /// The resource id.
    pub fn resource(&self) -> Option<u16> {
        self.ids().get(2).copied()
    }

    /// The resource instance id.
    pub fn resource_instance(&self) -> Option<u16> {
        self.ids().get(3).copied()
    }

    /// This path with `id` appended; `None` at depth 4 or for id 65535.
    pub fn child(&self, id: u16) -> Option<Path> {
        if self.len >= 4 || id == u16::MAX {
            return None;
        }
        let mut p = *self;
        if let Some(slot) = p.ids.get_mut(usize::from(p.len)) {
            *slot = id;
        }
        p.len += 1;
        Some(p)
    }
}

impl core::str::FromStr for Path {
    type Err = Error;
    fn from_str(s: &str) -> Result<Path, Error> {
        Path::parse(s)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len == 0 {
            return f.write_str("/");
        }
        for id in self.ids() {
            write!(f, "/{id}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn parse_and_print() {
        for s in ["/", "/3", "/3/0", "/3/0/1", "/3/0/7/1", "/65534/0"] {
            assert_eq!(Path::parse(s).unwrap().to_string(), s);
        }
        for (s, at) in [
            ("", 0),
            ("3/0", 0),
            ("/3/", 3),
            ("//", 1),
            ("/3/x", 3),
            ("/03", 1),
            ("/65535", 1),
            ("/1/2/3/4/5", 9),
            ("/+1", 1),
        ] {
            assert_eq!(Path::parse(s).unwrap_err(), err(K::InvalidPath, at), "{s}");
        }
        assert_eq!(
            Path::new(&[3, 0]).unwrap().child(9).unwrap().to_string(),
            "/3/0/9"
        );
    }
}
