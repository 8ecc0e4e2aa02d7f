//! `wbxml_xml`: any text as XML for the SyncML-family encoder: never a panic; a document it
//! accepts gives WBXML that decodes strictly and converts back to XML that encodes to the same
//! WBXML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_wbxml::DecodeOptions;
use m2mwire_wbxml::xml::{XmlToWbxml, wbxml_to_xml, xml_to_wbxml};

fuzz_target!(|text: &str| {
    let Ok(bytes) = xml_to_wbxml(text, &XmlToWbxml::default()) else {
        return;
    };
    m2mwire_wbxml::validate(&bytes, &DecodeOptions::strict()).expect("own WBXML rejected");
    let xml = wbxml_to_xml(&bytes, &DecodeOptions::strict()).expect("own WBXML not convertible");
    let again = xml_to_wbxml(&xml, &XmlToWbxml::default()).expect("own XML rejected");
    assert_eq!(again, bytes);
    // With a string table: the same XML, a fixed point too.
    let table = XmlToWbxml {
        string_table: true,
        ..XmlToWbxml::default()
    };
    let t = xml_to_wbxml(text, &table).expect("accepted without a table, refused with one");
    assert_eq!(
        wbxml_to_xml(&t, &DecodeOptions::strict()).expect("own WBXML not convertible"),
        xml
    );
    assert_eq!(xml_to_wbxml(&xml, &table).unwrap(), t);
});
