//! Decode, then read every field: the "decode+walk" routines that `benches/mqtt.rs` times
//! and `src/bin/instructions.rs` counts, kept here so both run the same code.

use std::hint::black_box;

use m2mwire_mqtt::{DecodeOptions, Packet, Properties, ProtocolVersion};

use crate::{mqtt_item_digest, mqtt_property_measure};

/// m2mwire: strict decode, then visit every property (of the packet and of a Will) and
/// every subscription through their iterators, and every other field, with `black_box`
/// on each. This is what a peer's decode into an owned packet gives its caller.
///
/// A packet type the benchmark does not feed is only named (its type through `black_box`),
/// so the decoded packet never has its address taken and can stay in registers; see
/// [`m2mwire_decode_walk_escaping`] for a consumer whose packets do escape.
#[inline(never)]
pub fn m2mwire_decode_walk(bytes: &[u8], version: ProtocolVersion, strict: &DecodeOptions) -> u64 {
    walk::<NAME_TYPE>(bytes, version, strict)
}

/// [`m2mwire_decode_walk`] for a consumer that hands the whole packet, by reference, to code
/// the compiler cannot see (here `black_box(&packet)` for packet types the benchmark does
/// not feed; in a real program `{:?}` logging, say). That arm never runs, yet its mere
/// presence pins the packet in memory: every packet type then stores all 128 bytes of it.
#[inline(never)]
pub fn m2mwire_decode_walk_escaping(
    bytes: &[u8],
    version: ProtocolVersion,
    strict: &DecodeOptions,
) -> u64 {
    walk::<ESCAPE>(bytes, version, strict)
}

/// [`m2mwire_decode_walk_escaping`] with the remedy `Packet::decode`'s docs give: that arm
/// hands on a copy of the packet made there (`let copy = *other; black_box(&copy)`), so only
/// the copy is pinned, and only when the arm runs.
#[inline(never)]
pub fn m2mwire_decode_walk_escaping_copy(
    bytes: &[u8],
    version: ProtocolVersion,
    strict: &DecodeOptions,
) -> u64 {
    walk::<ESCAPE_COPY>(bytes, version, strict)
}

/// What [`walk`]'s arm for packet types the benchmark does not feed does with the packet:
/// names its type,
const NAME_TYPE: u8 = 0;
/// passes a reference to it,
const ESCAPE: u8 = 1;
/// or passes a reference to a copy made in that arm.
const ESCAPE_COPY: u8 = 2;

#[inline(always)]
fn walk<const OTHER: u8>(bytes: &[u8], version: ProtocolVersion, strict: &DecodeOptions) -> u64 {
    // Inlined at each use, as the loop would be were it written out there (a helper of the
    // benchmark's, not of the library's).
    #[inline(always)]
    fn props(acc: u64, ps: &Properties<'_>) -> u64 {
        let mut acc = acc;
        for p in ps.iter() {
            black_box(&p);
            acc = mqtt_item_digest(acc, p.id.0, mqtt_property_measure(&p.value));
        }
        acc
    }
    let packet = Packet::decode(bytes, version, strict).expect("strict decode");
    match &packet {
        Packet::Connect(c) => {
            black_box((c.clean_start, c.keep_alive, c.client_id));
            black_box((c.username, c.password));
            let acc = props(0, &c.properties);
            match &c.will {
                Some(w) => {
                    black_box((w.qos, w.retain, w.topic, w.payload));
                    props(acc, &w.properties)
                }
                None => acc,
            }
        }
        Packet::Publish(p) => {
            black_box((p.dup, p.qos, p.retain, p.topic, p.packet_id, p.payload));
            props(0, &p.properties)
        }
        Packet::Subscribe(s) => {
            black_box(s.packet_id);
            let mut acc = props(0, &s.properties);
            for sub in s.subscriptions.iter() {
                black_box(&sub);
                acc = mqtt_item_digest(acc, u32::from(sub.options.to_byte()), sub.filter.len());
            }
            acc
        }
        Packet::Puback(a) => {
            black_box((a.packet_id, a.reason_code));
            a.properties.as_ref().map_or(0, |ps| props(0, ps))
        }
        other if OTHER == ESCAPE => {
            black_box(other);
            0
        }
        other if OTHER == ESCAPE_COPY => {
            let copy = *other;
            black_box(&copy);
            0
        }
        other => {
            black_box(other.packet_type());
            0
        }
    }
}

/// mqttrs: `decode_slice`, borrowing strings and payloads (a SUBSCRIBE's filters are
/// copied into `String`s).
#[inline(never)]
pub fn mqttrs_decode(bytes: &[u8]) -> mqttrs::Packet<'_> {
    mqttrs::decode_slice(bytes)
        .expect("mqttrs decode")
        .expect("a whole packet")
}

/// mqttrs: `decode_slice`, then every field through `black_box` and every subscription
/// into the same digest as m2mwire's walk: the like-for-like partner of
/// "m2mwire decode+walk" (a decode whose result is only passed on touches no field).
#[inline(never)]
pub fn mqttrs_decode_walk(bytes: &[u8]) -> u64 {
    use mqttrs::Packet as P;
    let packet = mqttrs_decode(bytes);
    match &packet {
        P::Connect(c) => {
            black_box((c.clean_session, c.keep_alive, c.client_id));
            black_box((c.username, c.password));
            if let Some(w) = &c.last_will {
                black_box((w.qos, w.retain, w.topic, w.message));
            }
            0
        }
        P::Publish(p) => {
            black_box((p.dup, p.qospid, p.retain, p.topic_name, p.payload));
            0
        }
        P::Subscribe(s) => {
            black_box(s.pid);
            let mut acc = 0;
            for t in s.topics.iter() {
                black_box(t);
                acc = mqtt_item_digest(acc, t.qos as u32, t.topic_path.len());
            }
            acc
        }
        P::Puback(pid) => {
            black_box(pid);
            0
        }
        // As m2mwire's walk: only the type of a packet the benchmark does not feed.
        other => {
            black_box(other.get_type());
            0
        }
    }
}
