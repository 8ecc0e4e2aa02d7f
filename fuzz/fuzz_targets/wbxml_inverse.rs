//! `wbxml_inverse`: an event tree built from arbitrary input (balanced by construction, in the
//! unknown language, public id 1) encodes, decodes strictly to the same events, and re-encodes
//! to the same bytes.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use m2mwire_wbxml::{DecodeOptions, Decoder, Event, Ext, Header, PublicId, Tag, Text, Writer};

#[derive(Arbitrary, Debug)]
enum Item {
    Element {
        page: u8,
        code: u8,
        children: Vec<Item>,
    },
    Empty {
        page: u8,
        code: u8,
    },
    Text(String),
    Table(u8),
    Entity(u16),
    Opaque(Vec<u8>),
    Ext(u8, u32),
}

fn emit<'a>(items: &'a [Item], out: &mut Vec<Event<'a>>, table: &'a [u8], depth: usize) {
    for it in items {
        match it {
            Item::Element {
                page,
                code,
                children,
            } if depth < 30 => {
                out.push(Event::Start {
                    tag: Tag::Token {
                        page: *page,
                        code: 5 + code % 59,
                    },
                    attributes: false,
                    content: true,
                });
                emit(children, out, table, depth + 1);
                out.push(Event::End);
            }
            Item::Element { page, code, .. } | Item::Empty { page, code } => {
                out.push(Event::Start {
                    tag: Tag::Token {
                        page: *page,
                        code: 5 + code % 59,
                    },
                    attributes: false,
                    content: false,
                })
            }
            Item::Text(s) if !s.contains('\0') => out.push(Event::Text(Text::Inline(s.as_bytes()))),
            Item::Text(_) => {}
            Item::Table(i) => {
                let index = u32::from(*i % 2) * 3;
                let bytes = &table[index as usize..index as usize + 2];
                out.push(Event::Text(Text::Table { index, bytes }))
            }
            Item::Entity(c) => {
                if char::from_u32(u32::from(*c)).is_some() {
                    out.push(Event::Entity(u32::from(*c)))
                }
            }
            Item::Opaque(b) => out.push(Event::Opaque(b)),
            Item::Ext(n, v) => out.push(Event::Ext(Ext::Table(n % 3, *v))),
        }
    }
}

fuzz_target!(|root: (u8, Vec<Item>)| {
    let table = b"ab\0cd\0";
    let mut events = vec![Event::Start {
        tag: Tag::Token {
            page: 0,
            code: 5 + root.0 % 59,
        },
        attributes: false,
        content: true,
    }];
    emit(&root.1, &mut events, table, 1);
    events.push(Event::End);
    let header = Header {
        version: 3,
        public_id: PublicId::Known(1),
        charset: Some(106),
        string_table: table,
    };
    let mut bytes = Vec::new();
    let mut w = Writer::new(&mut bytes);
    w.header(&header).unwrap();
    for e in &events {
        w.event(e).unwrap();
    }
    let d = Decoder::new(&bytes, &DecodeOptions::strict()).expect("own header rejected");
    let back: Vec<Event<'_>> = d.collect::<Result<_, _>>().expect("own document rejected");
    // The decoder reports the SWITCH_PAGE tokens the writer inserted; without them the events
    // are the ones written.
    let without: Vec<&Event<'_>> = back
        .iter()
        .filter(|e| !matches!(e, Event::SwitchPage(_)))
        .collect();
    assert_eq!(without.len(), events.len());
    for (a, b) in without.iter().zip(&events) {
        assert_eq!(*a, b);
    }
    let mut again = Vec::new();
    m2mwire_wbxml::write_document(&mut again, &header, &back).unwrap();
    assert_eq!(again, bytes);
});
