//! `lwm2m_xml`: any text as an OMA registry object definition: never a panic; an accepted
//! document gives objects whose resources have distinct ids.
#![no_main]

use libfuzzer_sys::fuzz_target;
use m2mwire_lwm2m::load_objects;

fuzz_target!(|text: &str| {
    if let Ok(objects) = load_objects(text) {
        for o in &objects {
            assert!(o.id != u16::MAX);
            let mut ids: Vec<u16> = o.resources.iter().map(|r| r.id).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "duplicate resource ids accepted");
        }
    }
});
