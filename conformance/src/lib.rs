//! The m2mwire conformance corpus runner and the JSON form of each protocol's messages.
//!
//! The corpus lives in `testvectors/<protocol>/*.json` (format: `testvectors/README.md`).
//! [`run`] checks every vector of the selected protocols against a [`Protocol`]
//! implementation and returns a [`Report`] with per-clause counts; the `m2mwire` binary prints
//! it (`m2mwire conform`) and the crate's tests assert it has no failure.
//!
//! ```no_run
//! use m2mwire_conformance::{default_vectors_dir, load_dir, run, Coap, Protocol};
//!
//! let files = load_dir(&default_vectors_dir().join("coap"))?;
//! let report = run(&Coap, &files);
//! assert_eq!(report.failed(), 0, "{:#?}", report.failures);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

/// The README's code examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

mod coap_json;
mod crosscheck;
mod lwm2m_json;
mod mqtt_json;
mod mqtt_statements;
mod mqttsn_json;
mod pcap;
mod report;
mod vectors;
mod wbxml_json;

pub use coap_json::Coap;
pub use crosscheck::{CrossReport, crosscheck, crosscheck_protocols};
pub use lwm2m_json::{LinkFormat, Lwm2mCbor, Lwm2mText, Lwm2mTlv, Senml};
pub use mqtt_json::{Mqtt, parse_version as parse_mqtt_version};
pub use mqttsn_json::MqttSn;
pub use pcap::{PortMap, PortProtocol, decode_capture};
pub use report::{ClauseRow, Coverage, Failure, Report, run, run_verdicts};
pub use vectors::{Outcome, Vector, VectorFile, load_dir, parse_hex};
pub use wbxml_json::Wbxml;

use serde_json::Value;
use std::path::PathBuf;

/// How strictly a [`Protocol`] decodes for one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode<'a> {
    /// Every rule enforced.
    Strict,
    /// Every relaxation the codec offers.
    Lenient,
    /// Strict except for the one relaxation named (e.g. `EMPTY_PAYLOAD_MARKER`).
    Relax(&'a str),
}

/// A rejected decode, as the CLI prints it and vectors name it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rejection {
    /// The error kind's name (`ReservedTokenLength`).
    pub kind: String,
    /// Byte offset of the offending byte.
    pub offset: usize,
    /// The clause the broken rule comes from.
    pub clause: String,
}

impl Rejection {
    /// A usage problem (an unknown mode, version or sender), not a verdict on the bytes.
    pub fn usage(message: String) -> Self {
        Rejection {
            kind: message,
            offset: 0,
            clause: String::new(),
        }
    }
}

impl<K: m2mwire_core::ErrorKind> From<m2mwire_core::Error<K>> for Rejection {
    fn from(e: m2mwire_core::Error<K>) -> Self {
        Rejection {
            kind: e.kind.name().to_string(),
            offset: e.offset,
            clause: e.kind.clause().to_string(),
        }
    }
}

/// The decode options a [`Mode`] stands for, for a codec whose relaxation flags are `R`.
pub fn decode_options<R: bitflags::Flags + Copy>(
    mode: Mode<'_>,
) -> Result<m2mwire_core::DecodeOptions<R>, String> {
    Ok(match mode {
        Mode::Strict => m2mwire_core::DecodeOptions::strict(),
        Mode::Lenient => m2mwire_core::DecodeOptions::lenient(),
        Mode::Relax(name) => m2mwire_core::DecodeOptions::strict()
            .relaxing(R::from_name(name).ok_or_else(|| format!("no relaxation named {name}"))?),
    })
}

/// Every error kind name of a codec.
pub(crate) fn kind_names<K: m2mwire_core::ErrorKind>() -> Vec<&'static str> {
    K::all().iter().map(|k| k.name()).collect()
}

/// Every relaxation flag name of a codec.
pub(crate) fn flag_names<R: bitflags::Flags>() -> Vec<&'static str> {
    R::FLAGS.iter().map(|f| f.name()).collect()
}

/// What a vector or the command line says about how to read the bytes, beyond the bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context<'a> {
    /// Protocol level where a protocol has several (MQTT: `3.1.1` or `5.0`).
    pub version: Option<&'a str>,
    /// Which side sent the message (`client` or `server`), for rules that depend on it.
    pub sender: Option<&'a str>,
    /// The request path a payload answers (LwM2M: `/3/0`), which shapes and types it.
    pub path: Option<&'a str>,
}

/// One protocol's codec as the runner and the CLI see it: bytes ↔ the documented JSON.
pub trait Protocol {
    /// The protocol's name as used on the command line and in vector files (`coap`).
    fn name(&self) -> &'static str;

    /// Decode `wire` into the protocol's JSON form, or say why not, under `ctx` (protocol
    /// level, sender).
    fn decode(&self, wire: &[u8], mode: Mode<'_>, ctx: &Context<'_>) -> Result<Value, Rejection>;

    /// Encode the JSON form (as [`decode`](Protocol::decode) prints it) into bytes.
    fn encode(&self, json: &Value) -> Result<Vec<u8>, String>;

    /// Strictly decode `wire` and re-encode it with the codec's own types (borrowed view and
    /// owned form), returning the bytes if both agree.
    fn reencode(&self, wire: &[u8], ctx: &Context<'_>) -> Result<Vec<u8>, String>;

    /// Names of every error kind the codec can report, so tests can prove each is covered.
    fn error_kinds(&self) -> Vec<&'static str>;

    /// Names of every relaxation the codec offers.
    fn relaxations(&self) -> Vec<&'static str>;

    /// Normative statements the codec can check, as `(spec, ids)`: a vector covers id `X`
    /// of spec `S` when it cites the clause `S [X]` (e.g. `MQTT 3.1.1 [MQTT-3.1.2-3]`).
    fn statements(&self) -> Vec<(&'static str, &'static [&'static str])> {
        Vec::new()
    }
}

/// Every protocol this build supports.
pub fn protocols() -> Vec<Box<dyn Protocol>> {
    vec![
        Box::new(Coap),
        Box::new(Mqtt),
        Box::new(MqttSn),
        Box::new(Lwm2mTlv),
        Box::new(Lwm2mText),
        Box::new(LinkFormat),
        Box::new(Senml::JSON),
        Box::new(Senml::CBOR),
        Box::new(Lwm2mCbor),
        Box::new(Senml::LWM2M_JSON),
        Box::new(Wbxml),
    ]
}

/// The protocol called `name`.
pub fn protocol(name: &str) -> Option<Box<dyn Protocol>> {
    protocols().into_iter().find(|p| p.name() == name)
}

/// The corpus directory: `$M2MWIRE_VECTORS` if set, else `testvectors/` of this source tree.
pub fn default_vectors_dir() -> PathBuf {
    std::env::var_os("M2MWIRE_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../testvectors")))
}
