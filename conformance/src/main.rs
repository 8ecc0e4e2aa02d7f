//! `m2mwire`: decode, encode and conformance-check IoT/M2M protocol messages.

use clap::{Parser, Subcommand, ValueEnum};
use m2mwire_conformance::{
    Mode, Protocol, Report, default_vectors_dir, load_dir, protocol, protocols, run,
};
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "m2mwire",
    version,
    about = "Strict codecs and conformance checks for CoAP and other IoT/M2M protocols"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the conformance vectors and print a per-clause report; exits 1 on any failure.
    Conform {
        /// Only this protocol (coap).
        #[arg(long)]
        protocol: Option<String>,
        /// Report format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Vector directory (default: $M2MWIRE_VECTORS or the source tree's testvectors/).
        #[arg(long)]
        vectors: Option<PathBuf>,
        /// Also list the codec-checkable normative statements no vector cites.
        #[arg(long)]
        list_uncovered: bool,
    },
    /// Decode one message (hex argument, or raw bytes with --file) and print it as JSON.
    Decode {
        /// Protocol (coap); not with --pcap, which finds the protocols itself.
        protocol: Option<String>,
        /// The message as hex (whitespace allowed).
        hex: Option<String>,
        /// Read raw bytes from this file instead.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Apply every relaxation the codec offers.
        #[arg(long)]
        lenient: bool,
        /// MQTT protocol level: 3.1.1 (default) or 5 / 5.0.
        #[arg(long)]
        mqtt_version: Option<String>,
        /// Who sent it (client or server), to check the rules that depend on the sender.
        #[arg(long)]
        sender: Option<String>,
        /// LwM2M request path the payload answers (`/3/0`): types values by the core objects
        /// and checks the payload's shape.
        #[arg(long)]
        path: Option<String>,
        /// Decode every message in a pcap or pcapng capture instead (one JSON object per line).
        #[arg(long)]
        pcap: Option<PathBuf>,
        /// With --pcap: the UDP port carrying MQTT-SN (it has none by default).
        #[arg(long)]
        mqttsn_port: Option<u16>,
        /// With --pcap: read port N as PROTO (coap, mqtt, mqtt-sn, http), e.g. 5685=coap.
        #[arg(long = "port", value_name = "N=PROTO")]
        ports: Vec<String>,
    },
    /// Read a message's JSON (as `decode` prints it) on stdin and print its hex.
    Encode {
        /// Protocol (coap).
        protocol: String,
    },
    /// Compare every vector with what tshark's dissectors read; exits 1 on a disagreement
    /// that no vector's notes explain.
    Crosscheck {
        /// Only this protocol (coap, mqtt, mqtt-sn, lwm2m-tlv, wbxml).
        #[arg(long)]
        protocol: Option<String>,
        /// Vector directory (default: $M2MWIRE_VECTORS or the source tree's testvectors/).
        #[arg(long)]
        vectors: Option<PathBuf>,
        /// The tshark to run.
        #[arg(long, default_value = "tshark")]
        tshark: String,
    },
    /// Convert a WBXML document (SyncML, DevInf, DM DDF) to XML, like libwbxml's wbxml2xml.
    #[command(name = "wbxml2xml")]
    Wbxml2Xml {
        /// Output file (default: stdout).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Accept the quirks real devices send (every relaxation).
        #[arg(long)]
        lenient: bool,
        /// The WBXML file.
        input: PathBuf,
    },
    /// Convert an XML document (SyncML, DevInf, DM DDF) to WBXML, like libwbxml's xml2wbxml.
    #[command(name = "xml2wbxml")]
    Xml2Wbxml {
        /// Output file (default: stdout).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// WBXML version: 1.1, 1.2 or 1.3 (default 1.3).
        #[arg(short = 'v', long, default_value = "1.3")]
        version: String,
        /// Write every string inline (no string table), as xml2wbxml -n.
        #[arg(short = 'n')]
        no_string_table: bool,
        /// The XML file.
        input: PathBuf,
    },
}

fn crosscheck(
    protocol: Option<String>,
    vectors: Option<PathBuf>,
    tshark: &str,
) -> Result<bool, String> {
    let dir = vectors.unwrap_or_else(default_vectors_dir);
    let names: Vec<&str> = match &protocol {
        Some(p) => vec![p.as_str()],
        None => m2mwire_conformance::crosscheck_protocols(),
    };
    let tmp = std::env::temp_dir().join(format!("m2mwire-crosscheck-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut ok = true;
    for name in names {
        let files = load_dir(&dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let r = m2mwire_conformance::crosscheck(name, &files, tshark, &tmp)?;
        println!(
            "{}: {} valid vectors, {} agree with tshark, {} explained, {} unexplained; \
             invalid: tshark flags {}, accepts {}",
            r.protocol,
            r.compared,
            r.agreed,
            r.explained.len(),
            r.unexplained.len(),
            r.invalid_flagged,
            r.invalid_accepted.len()
        );
        for (id, d) in &r.explained {
            println!("  explained   {id}: {d}");
        }
        for (id, d) in &r.unexplained {
            println!("  UNEXPLAINED {id}: {d}");
        }
        if !r.invalid_accepted.is_empty() {
            println!(
                "  tshark accepts what m2mwire rejects: {}",
                r.invalid_accepted.join(", ")
            );
        }
        ok &= r.unexplained.is_empty();
    }
    std::fs::remove_dir_all(&tmp).ok();
    Ok(ok)
}

fn write_out(output: Option<PathBuf>, bytes: &[u8]) -> Result<bool, String> {
    use std::io::Write;
    match output {
        Some(p) => std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?,
        None => std::io::stdout()
            .write_all(bytes)
            .map_err(|e| e.to_string())?,
    }
    Ok(true)
}

fn wbxml2xml(input: PathBuf, output: Option<PathBuf>, lenient: bool) -> Result<bool, String> {
    let bytes = std::fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let opts = if lenient {
        m2mwire_wbxml::DecodeOptions::lenient()
    } else {
        m2mwire_wbxml::DecodeOptions::strict()
    };
    match m2mwire_wbxml::xml::wbxml_to_xml(&bytes, &opts) {
        Ok(xml) => write_out(output, format!("{xml}\n").as_bytes()),
        Err(e) => {
            eprintln!("m2mwire: {}: {e}", input.display());
            Ok(false)
        }
    }
}

fn xml2wbxml(
    input: PathBuf,
    output: Option<PathBuf>,
    version: &str,
    string_table: bool,
) -> Result<bool, String> {
    let xml = std::fs::read_to_string(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let version = match version {
        "1.1" => 1,
        "1.2" => 2,
        "1.3" => 3,
        other => return Err(format!("unknown WBXML version {other} (1.1, 1.2 or 1.3)")),
    };
    match m2mwire_wbxml::xml::xml_to_wbxml(
        &xml,
        &m2mwire_wbxml::xml::XmlToWbxml {
            version,
            string_table,
        },
    ) {
        Ok(bytes) => write_out(output, &bytes),
        Err(e) => {
            eprintln!("m2mwire: {}: {e}", input.display());
            Ok(false)
        }
    }
}

fn find(name: &str) -> Result<Box<dyn Protocol>, String> {
    protocol(name).ok_or_else(|| {
        let known: Vec<_> = protocols().iter().map(|p| p.name()).collect();
        format!("unknown protocol {name} (known: {})", known.join(", "))
    })
}

fn print_text(r: &Report, list_uncovered: bool) {
    println!("{}", r.protocol);
    let w = r
        .clauses
        .iter()
        .map(|c| c.clause.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    println!(
        "  {:<w$}  {:>7}  {:>6}  {:>6}",
        "clause", "vectors", "passed", "failed"
    );
    for c in &r.clauses {
        println!(
            "  {:<w$}  {:>7}  {:>6}  {:>6}",
            c.clause, c.vectors, c.passed, c.failed
        );
    }
    let kinds: Vec<String> = r
        .by_result
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    println!(
        "  {:<w$}  {:>7}  {:>6}  {:>6}   ({})",
        "all vectors",
        r.vectors,
        r.passed(),
        r.failed(),
        kinds.join(", ")
    );
    for c in &r.coverage {
        println!(
            "  {} codec-checkable normative statements cited by a vector: {}/{}",
            c.spec, c.covered, c.statements
        );
        if list_uncovered {
            for id in &c.uncovered {
                println!("    uncovered: {id}");
            }
        }
    }
    for f in &r.failures {
        println!("  FAIL {} {}: {}", f.file, f.id, f.reason);
    }
}

fn conform(
    only: Option<String>,
    format: Format,
    dir: Option<PathBuf>,
    list_uncovered: bool,
) -> Result<bool, String> {
    let dir = dir.unwrap_or_else(default_vectors_dir);
    let selected: Vec<Box<dyn Protocol>> = match &only {
        Some(name) => vec![find(name)?],
        None => protocols(),
    };
    let mut reports = Vec::new();
    for p in &selected {
        let files = load_dir(&dir.join(p.name()))?;
        reports.push(run(p.as_ref(), &files));
    }
    let ok = reports.iter().all(|r| r.failed() == 0 && r.vectors > 0);
    match format {
        Format::Text => {
            println!("m2mwire conformance report ({})", dir.display());
            for r in &reports {
                println!();
                print_text(r, list_uncovered);
            }
            let (v, f): (usize, usize) = reports
                .iter()
                .fold((0, 0), |(v, f), r| (v + r.vectors, f + r.failed()));
            println!();
            println!("{} passed, {} failed", v - f, f);
        }
        Format::Json => {
            let out = json!({ "passed": ok, "protocols": reports });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
            );
        }
    }
    Ok(ok)
}

fn decode_pcap(
    file: PathBuf,
    mqttsn_port: Option<u16>,
    ports: Vec<String>,
) -> Result<bool, String> {
    let mut map = m2mwire_conformance::PortMap::default();
    if let Some(p) = mqttsn_port {
        map.mqttsn_port(p);
    }
    for spec in ports {
        let (n, proto) = spec
            .split_once('=')
            .ok_or_else(|| format!("--port {spec}: expected N=PROTO"))?;
        let n: u16 = n.parse().map_err(|_| format!("--port {spec}: bad port"))?;
        let p = m2mwire_conformance::PortProtocol::from_name(proto)
            .ok_or_else(|| format!("--port {spec}: unknown protocol {proto}"))?;
        map.set(n, p);
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let records = m2mwire_conformance::decode_capture(&bytes, &map)?;
    let mut ok = true;
    for r in &records {
        ok &= r.get("error").is_none() && r["payload"].get("error").is_none();
        println!("{}", serde_json::to_string(r).map_err(|e| e.to_string())?);
    }
    Ok(ok)
}

fn decode(
    name: &str,
    hex: Option<String>,
    file: Option<PathBuf>,
    lenient: bool,
    version: Option<&str>,
    sender: Option<&str>,
    path: Option<&str>,
) -> Result<bool, String> {
    let p = find(name)?;
    let bytes = match (hex, file) {
        (Some(h), None) => m2mwire_conformance::parse_hex(&h)?,
        (None, Some(f)) => std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?,
        _ => return Err("give either HEX or --file PATH".into()),
    };
    let mode = if lenient { Mode::Lenient } else { Mode::Strict };
    match p.decode(
        &bytes,
        mode,
        &m2mwire_conformance::Context {
            version,
            sender,
            path,
        },
    ) {
        Ok(v) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            );
            Ok(true)
        }
        Err(r) => {
            println!("{}", json!({ "error": r }));
            Ok(false)
        }
    }
}

fn encode(name: &str) -> Result<bool, String> {
    let p = find(name)?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| e.to_string())?;
    let v: serde_json::Value = serde_json::from_str(&input).map_err(|e| format!("stdin: {e}"))?;
    let bytes = p.encode(&v)?;
    println!("{}", hex::encode(bytes));
    Ok(true)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Conform {
            protocol,
            format,
            vectors,
            list_uncovered,
        } => conform(protocol, format, vectors, list_uncovered),
        Command::Decode {
            protocol,
            hex,
            file,
            lenient,
            mqtt_version,
            sender,
            path,
            pcap,
            mqttsn_port,
            ports,
        } => match (pcap, protocol) {
            (Some(file), None) => decode_pcap(file, mqttsn_port, ports),
            (Some(_), Some(_)) => Err("--pcap finds the protocols itself: give no PROTOCOL".into()),
            (None, None) => Err("give a PROTOCOL (or --pcap FILE)".into()),
            (None, Some(protocol)) => decode(
                &protocol,
                hex,
                file,
                lenient,
                mqtt_version.as_deref(),
                sender.as_deref(),
                path.as_deref(),
            ),
        },
        Command::Encode { protocol } => encode(&protocol),
        Command::Crosscheck {
            protocol,
            vectors,
            tshark,
        } => crosscheck(protocol, vectors, &tshark),
        Command::Wbxml2Xml {
            output,
            lenient,
            input,
        } => wbxml2xml(input, output, lenient),
        Command::Xml2Wbxml {
            output,
            version,
            no_string_table,
            input,
        } => xml2wbxml(input, output, &version, !no_string_table),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("m2mwire: {e}");
            ExitCode::from(2)
        }
    }
}
