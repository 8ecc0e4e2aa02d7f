//! The vector file format (documented in `testvectors/README.md`).

use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The verdict a vector expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Strict decode succeeds, matches `expect`, and re-encodes to exactly `wire`.
    Valid,
    /// Strict decode fails with `error`; lenient decode (and the `relax` flag alone) succeeds.
    Acceptable,
    /// Strict and lenient decode both fail with `error`.
    Invalid,
}

/// One test vector.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Unique within its file.
    pub id: String,
    /// What the vector shows.
    pub comment: String,
    /// The bytes, hex, whitespace allowed.
    pub wire: String,
    /// The expected verdict.
    pub result: Outcome,
    /// Fields the decode must have (a subset of the decoded JSON).
    #[serde(default)]
    pub expect: Option<Value>,
    /// The error kind strict decoding must report (`acceptable`, `invalid`).
    #[serde(default)]
    pub error: Option<String>,
    /// The error offset, when the vector pins it.
    #[serde(default)]
    pub offset: Option<usize>,
    /// The one relaxation that makes an `acceptable` vector decode.
    #[serde(default)]
    pub relax: Option<String>,
    /// The clauses the vector proves.
    pub spec: Vec<String>,
    /// Longer notes (e.g. how an independent peer read it).
    #[serde(default)]
    pub notes: Option<String>,
    /// Protocol level for this vector, overriding the file's.
    #[serde(default)]
    pub version: Option<String>,
    /// Which side sent the message (`client` or `server`), where a rule depends on it.
    #[serde(default)]
    pub sender: Option<String>,
    /// The request path the payload answers (LwM2M: `/3/0`).
    #[serde(default)]
    pub path: Option<String>,
}

/// A vector file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// Schema version of the file format.
    #[serde(default = "one")]
    pub format: u32,
    /// Protocol name, as in [`Protocol::name`](crate::Protocol::name).
    pub protocol: String,
    /// Where the vectors come from.
    pub source: String,
    /// Notes for the whole file.
    #[serde(default)]
    pub notes: Option<String>,
    /// Protocol level of every vector (MQTT: `3.1.1` or `5.0`).
    #[serde(default)]
    pub version: Option<String>,
    /// The vectors.
    pub vectors: Vec<Vector>,
    /// The file it was read from (not in the JSON).
    #[serde(skip)]
    pub path: PathBuf,
}

fn one() -> u32 {
    1
}

/// Decode hex with any whitespace.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(&compact).map_err(|e| format!("bad hex: {e}"))
}

/// Read every `*.json` of `dir`, sorted by file name.
pub fn load_dir(dir: &Path) -> Result<Vec<VectorFile>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let mut f: VectorFile =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
            f.path = p;
            Ok(f)
        })
        .collect()
}
