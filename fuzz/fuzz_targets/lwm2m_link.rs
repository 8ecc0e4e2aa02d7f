//! `lwm2m_link`: any bytes as CoRE link format: never a panic; a document that parses prints
//! back to text that parses to the same links and prints the same (a fixed point).
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_lwm2m::link::{Links, parse_links_bytes};

fuzz_target!(|bytes: &[u8]| {
    let Ok(links) = parse_links_bytes(bytes) else {
        return;
    };
    let text = Links(&links).to_string();
    let again = parse_links_bytes(text.as_bytes()).expect("printed links do not parse");
    assert_eq!(again, links);
    assert_eq!(Links(&again).to_string(), text);
    // Canonical input is a fixed point byte for byte.
    assert_eq!(text.as_bytes(), bytes);
});
