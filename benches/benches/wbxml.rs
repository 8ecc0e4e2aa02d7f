//! WBXML: a SyncML DM package of about 2 KiB (`benches/fixtures/dm-package.xml`, 8 rounds of
//! Status/Alert/Replace/Exec): token decode to events, WBXML → XML, and XML → WBXML.
//! libwbxml has no Rust binding; its command-line tools are timed outside criterion (see
//! benches/README.md). Goal: ≥ 1 GB/s token decode.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use m2mwire_wbxml::xml::{XmlToWbxml, wbxml_to_xml, xml_to_wbxml};
use m2mwire_wbxml::{DecodeOptions, Decoder};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let xml = include_str!("../fixtures/dm-package.xml");
    let wbxml = xml_to_wbxml(
        xml,
        &XmlToWbxml {
            version: 2,
            string_table: false,
        },
    )
    .expect("fixture converts");
    let opts = DecodeOptions::strict();
    let mut g = c.benchmark_group(format!(
        "wbxml DM package ({} B WBXML, {} B XML)",
        wbxml.len(),
        xml.len()
    ));
    g.throughput(Throughput::Bytes(wbxml.len() as u64));
    g.bench_function("decode events", |b| {
        b.iter(|| {
            let d = Decoder::new(black_box(&wbxml), &opts).expect("valid");
            let mut n = 0;
            for e in d {
                black_box(e.expect("valid"));
                n += 1;
            }
            n
        })
    });
    g.bench_function("to XML", |b| {
        b.iter(|| black_box(wbxml_to_xml(black_box(&wbxml), &opts).expect("converts")))
    });
    g.bench_function("from XML", |b| {
        b.iter(|| {
            black_box(
                xml_to_wbxml(
                    black_box(xml),
                    &XmlToWbxml {
                        version: 2,
                        string_table: false,
                    },
                )
                .expect("converts"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
