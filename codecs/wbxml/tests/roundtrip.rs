//! Property tests: generated event trees survive encode → decode → encode, and generated
//! SyncML documents survive XML → WBXML → XML → WBXML byte for byte.

use m2mwire_wbxml::tables::{METINF_12_TAGS, SYNCML_12_TAGS};
use m2mwire_wbxml::xml::{XmlToWbxml, wbxml_to_xml, xml_to_wbxml};
use m2mwire_wbxml::{DecodeOptions, Decoder, Event, Ext, Header, PublicId, Tag, Text, Writer};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Item {
    Element(u8, u8, Vec<Item>),
    Empty(u8, u8),
    Text(String),
    Table(bool),
    Entity(char),
    Opaque(Vec<u8>),
    Ext(u8, u32),
}

fn item() -> impl Strategy<Value = Item> {
    let leaf = prop_oneof![
        (0u8..3, 5u8..64).prop_map(|(p, c)| Item::Empty(p, c)),
        "[^\u{0}]{0,12}".prop_map(Item::Text),
        any::<bool>().prop_map(Item::Table),
        any::<char>().prop_map(Item::Entity),
        prop::collection::vec(any::<u8>(), 0..20).prop_map(Item::Opaque),
        (0u8..3, any::<u32>()).prop_map(|(n, v)| Item::Ext(n, v)),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        (0u8..3, 5u8..64, prop::collection::vec(inner, 0..6))
            .prop_map(|(p, c, ch)| Item::Element(p, c, ch))
    })
}

const TABLE: &[u8] = b"ab\0cd\0";

fn emit<'a>(items: &'a [Item], out: &mut Vec<Event<'a>>) {
    for it in items {
        match it {
            Item::Element(page, code, children) => {
                out.push(Event::Start {
                    tag: Tag::Token {
                        page: *page,
                        code: *code,
                    },
                    attributes: false,
                    content: true,
                });
                emit(children, out);
                out.push(Event::End);
            }
            Item::Empty(page, code) => out.push(Event::Start {
                tag: Tag::Token {
                    page: *page,
                    code: *code,
                },
                attributes: false,
                content: false,
            }),
            Item::Text(s) => out.push(Event::Text(Text::Inline(s.as_bytes()))),
            Item::Table(second) => {
                let index = if *second { 3 } else { 0 };
                out.push(Event::Text(Text::Table {
                    index,
                    bytes: &TABLE[index as usize..index as usize + 2],
                }))
            }
            Item::Entity(c) => out.push(Event::Entity(u32::from(*c))),
            Item::Opaque(b) => out.push(Event::Opaque(b)),
            Item::Ext(n, v) => out.push(Event::Ext(Ext::Table(*n, *v))),
        }
    }
}

/// A SyncML-ish tree: elements of SyncML 1.2 page 0 with MetInf page-1 leaves.
#[derive(Clone, Debug)]
enum X {
    Syncml(usize, Vec<X>),
    Metinf(usize, String),
    Text(String),
    Empty(usize),
}

fn xml_item() -> impl Strategy<Value = X> {
    let text = "[a-zA-Z0-9 ./:<>&\"'-]{1,10}";
    let leaf = prop_oneof![
        (0..METINF_12_TAGS.len(), text).prop_map(|(i, t)| X::Metinf(i, t)),
        text.prop_map(X::Text),
        (0..SYNCML_12_TAGS.len()).prop_map(X::Empty),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        (0..SYNCML_12_TAGS.len(), prop::collection::vec(inner, 0..5))
            .prop_map(|(i, c)| X::Syncml(i, c))
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn write_xml(x: &X, out: &mut String) {
    match x {
        X::Syncml(i, children) => {
            let name = SYNCML_12_TAGS[*i].1;
            out.push_str(&format!("<{name}>"));
            // Text next to elements would be mixed content; keep one or the other.
            let any_elem = children.iter().any(|c| !matches!(c, X::Text(_)));
            for c in children
                .iter()
                .filter(|c| !any_elem || !matches!(c, X::Text(_)))
            {
                write_xml(c, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        X::Metinf(i, t) => {
            let name = METINF_12_TAGS[*i].1;
            out.push_str(&format!(
                "<{name} xmlns=\"syncml:metinf\">{}</{name}>",
                esc(t)
            ));
        }
        X::Text(t) => out.push_str(&esc(t)),
        X::Empty(i) => out.push_str(&format!("<{}/>", SYNCML_12_TAGS[*i].1)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn event_trees_round_trip(root in prop::collection::vec(item(), 0..6)) {
        let mut events = vec![Event::Start { tag: Tag::Token { page: 0, code: 5 }, attributes: false, content: true }];
        emit(&root, &mut events);
        events.push(Event::End);
        let header = Header { version: 3, public_id: PublicId::Known(1), charset: Some(106), string_table: TABLE };
        let mut bytes = Vec::new();
        let mut w = Writer::new(&mut bytes);
        w.header(&header).unwrap();
        for e in &events {
            w.event(e).unwrap();
        }
        let back: Vec<Event<'_>> = Decoder::new(&bytes, &DecodeOptions::strict()).unwrap().collect::<Result<_, _>>().unwrap();
        let without: Vec<&Event<'_>> = back.iter().filter(|e| !matches!(e, Event::SwitchPage(_))).collect();
        prop_assert_eq!(without.len(), events.len());
        for (a, b) in without.iter().zip(&events) {
            prop_assert_eq!(*a, b);
        }
        let mut again = Vec::new();
        m2mwire_wbxml::write_document(&mut again, &header, &back).unwrap();
        prop_assert_eq!(again, bytes);
    }

    #[test]
    fn syncml_xml_round_trips(children in prop::collection::vec(xml_item(), 0..6)) {
        let mut xml = String::from("<SyncML xmlns=\"SYNCML:SYNCML1.2\">");
        let any_elem = children.iter().any(|c| !matches!(c, X::Text(_)));
        for c in children.iter().filter(|c| !any_elem || !matches!(c, X::Text(_))) {
            write_xml(c, &mut xml);
        }
        xml.push_str("</SyncML>");
        let w1 = xml_to_wbxml(&xml, &XmlToWbxml::default()).unwrap();
        let x1 = wbxml_to_xml(&w1, &DecodeOptions::strict()).unwrap();
        let w2 = xml_to_wbxml(&x1, &XmlToWbxml::default()).unwrap();
        prop_assert_eq!(&w2, &w1, "{}", x1);
        prop_assert_eq!(wbxml_to_xml(&w2, &DecodeOptions::strict()).unwrap(), x1);
    }
}
