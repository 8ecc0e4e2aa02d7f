//! `wbxml_roundtrip`: a document that decodes strictly re-encodes from its events to the same
//! bytes; one that converts to XML converts back to WBXML, and from then on WBXML → XML →
//! WBXML is the identity (the encoder's own documents round-trip byte for byte; a foreign
//! document may change once, e.g. item data written as STR_I becomes OPAQUE).
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_wbxml::xml::{XmlToWbxml, wbxml_to_xml, xml_to_wbxml};
use m2mwire_wbxml::{DecodeOptions, Decoder, Event, write_document};

fuzz_target!(|bytes: &[u8]| {
    let Ok(d) = Decoder::new(bytes, &DecodeOptions::strict()) else {
        return;
    };
    let header = d.header;
    let Ok(events) = d.collect::<Result<Vec<Event<'_>>, _>>() else {
        return;
    };
    let mut out = Vec::new();
    write_document(&mut out, &header, &events).expect("decoded events re-encode");
    assert_eq!(out, bytes, "decode -> encode changed the bytes");
    if let Ok(xml) = wbxml_to_xml(bytes, &DecodeOptions::strict()) {
        let version = header.version.max(1);
        // With a string table when the input had one: both modes must reach a fixed point.
        let opts = XmlToWbxml {
            version,
            string_table: !header.string_table.is_empty(),
        };
        let again =
            xml_to_wbxml(&xml, &opts).unwrap_or_else(|e| panic!("own XML rejected: {e}\n{xml}"));
        let xml2 = wbxml_to_xml(&again, &DecodeOptions::strict()).expect("own WBXML rejected");
        let third = xml_to_wbxml(&xml2, &opts).expect("own XML rejected");
        assert_eq!(third, again, "WBXML -> XML -> WBXML changed our own bytes");
    }
});
