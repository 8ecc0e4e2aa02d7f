//! `wbxml_decode`: any bytes, strict and lenient: never a panic; what strict decoding
//! accepts, lenient decoding accepts with the same events; XML conversion of an accepted
//! document fails only with a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_wbxml::{DecodeOptions, Decoder, Event};

fn events<'a>(b: &'a [u8], o: &DecodeOptions) -> Option<Vec<Event<'a>>> {
    Decoder::new(b, o).ok()?.collect::<Result<Vec<_>, _>>().ok()
}

fuzz_target!(|bytes: &[u8]| {
    let strict = events(bytes, &DecodeOptions::strict());
    let lenient = events(bytes, &DecodeOptions::lenient());
    if let Some(s) = &strict {
        assert_eq!(
            Some(s),
            lenient.as_ref(),
            "lenient reads a strict document differently"
        );
        let _ = m2mwire_wbxml::xml::wbxml_to_xml(bytes, &DecodeOptions::strict());
    }
});
