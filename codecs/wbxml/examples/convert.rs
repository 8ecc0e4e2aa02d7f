//! `cargo run -p m2mwire-wbxml --example convert -- to-wbxml FILE.xml [VERSION]` or
//! `-- to-xml FILE.wbxml`: the conversions, for trying documents by hand.

use m2mwire_wbxml::DecodeOptions;
use m2mwire_wbxml::xml::{XmlToWbxml, wbxml_to_xml, xml_to_wbxml};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(cmd), Some(file)) = (args.get(1), args.get(2)) else {
        return Err("usage: convert to-wbxml FILE.xml [VERSION] | to-xml FILE.wbxml".into());
    };
    match cmd.as_str() {
        "to-wbxml" => {
            let version = args.get(3).map_or(Ok(3), |v| v.parse())?;
            let out = xml_to_wbxml(
                &std::fs::read_to_string(file)?,
                &XmlToWbxml {
                    version,
                    string_table: false,
                },
            )?;
            std::io::stdout().write_all(&out)?;
        }
        "to-xml" => println!(
            "{}",
            wbxml_to_xml(&std::fs::read(file)?, &DecodeOptions::strict())?
        ),
        _ => return Err("unknown command".into()),
    }
    Ok(())
}
