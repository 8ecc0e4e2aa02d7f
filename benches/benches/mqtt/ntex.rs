//! ntex-mqtt 8.2's MQTT 3.1.1 codec (`v3::codec::Codec`), with `--features ntex`.
//!
//! Its decoder is a stateful `ntex_codec::Decoder` reading from an `ntex_bytes::BytesMut`
//! (filled untimed, as for mqttbytes); strings become `ByteString`s sharing that buffer, a
//! PUBLISH's payload comes out as its own `Bytes`, a CONNECT is boxed. Its encoder consumes
//! an `Encoded` item (cloned untimed before each call) into `BytePages`, appending a PUBLISH
//! payload as a page of its own instead of copying it. The 5.0 fixture is not run: its
//! `v5::codec` keeps the Payload Format Indicator as a `bool`, so an explicit indicator 0
//! cannot be written back (the fixture has one).

use std::num::NonZeroU16;

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup};
use ntex_bytes::{BytePageSize, BytePages, ByteString, Bytes, BytesMut as NtexBytesMut};
use ntex_codec::{Decoder, Encoder};
use ntex_mqtt::QoS as NtexQoS;
use ntex_mqtt::v3::codec::{Codec, Connect, Decoded, Encoded, LastWill, Packet as P, Publish};

use m2mwire_mqtt::Subscriptions;

use super::{MqttFixture, Norm, Packet, ProtocolVersion, QoS, black_box};
use crate::paired::{Batch, Contender};

/// The measured routines.
pub(crate) mod run {
    use super::*;

    /// Decode one packet from a filled buffer.
    #[inline(never)]
    pub(crate) fn decode(codec: &Codec, buf: &mut NtexBytesMut) -> Decoded {
        codec
            .decode(buf)
            .expect("ntex-mqtt decode")
            .expect("a whole packet")
    }

    /// Encode one item into `out`, cleared first.
    #[inline(never)]
    pub(crate) fn encode(codec: &Codec, item: Encoded, out: &mut BytePages) {
        out.clear();
        codec.encodev(item, out).expect("ntex-mqtt encode");
    }
}

fn qos(q: QoS) -> NtexQoS {
    match q {
        QoS::AtMostOnce => NtexQoS::AtMostOnce,
        QoS::AtLeastOnce => NtexQoS::AtLeastOnce,
        QoS::ExactlyOnce => NtexQoS::ExactlyOnce,
    }
}

fn qos_u8(q: NtexQoS) -> u8 {
    match q {
        NtexQoS::AtMostOnce => 0,
        NtexQoS::AtLeastOnce => 1,
        NtexQoS::ExactlyOnce => 2,
    }
}

fn pid(id: u16) -> NonZeroU16 {
    NonZeroU16::new(id).expect("fixtures have non-zero packet identifiers")
}

/// The fixture as an item for ntex-mqtt's 3.1.1 encoder; `None` for the 5.0 fixture.
pub(crate) fn item(fx: &MqttFixture) -> Option<Encoded> {
    if fx.version != ProtocolVersion::V311 {
        return None;
    }
    let s = |t: &str| ByteString::from(t.to_owned());
    Some(match &fx.packet {
        Packet::Connect(c) => Encoded::Packet(P::Connect(Box::new(Connect {
            clean_session: c.clean_start,
            keep_alive: c.keep_alive,
            last_will: c.will.as_ref().map(|w| LastWill {
                qos: qos(w.qos),
                retain: w.retain,
                topic: s(w.topic),
                message: Bytes::copy_from_slice(w.payload),
            }),
            client_id: s(c.client_id),
            username: c.username.map(s),
            password: c.password.map(Bytes::copy_from_slice),
        }))),
        Packet::Publish(p) => Encoded::Publish(
            Publish {
                dup: p.dup,
                retain: p.retain,
                qos: qos(p.qos),
                topic: s(p.topic),
                packet_id: p.packet_id.map(pid),
                payload_size: u32::try_from(p.payload.len()).expect("small payload"),
            },
            Some(Bytes::copy_from_slice(p.payload)),
        ),
        Packet::Subscribe(sub) => {
            let Subscriptions::List(list) = sub.subscriptions else {
                panic!("fixtures list their subscriptions");
            };
            Encoded::Packet(P::Subscribe {
                packet_id: pid(sub.packet_id),
                topic_filters: list
                    .iter()
                    .map(|x| (s(x.filter), qos(x.options.qos)))
                    .collect(),
            })
        }
        Packet::Puback(a) => Encoded::Packet(P::PublishAck {
            packet_id: pid(a.packet_id),
        }),
        other => panic!("no fixture is a {other:?}"),
    })
}

/// The fields of what ntex-mqtt decoded.
pub(crate) fn norm(d: &Decoded) -> Norm {
    match d {
        Decoded::Packet(P::Connect(c), _) => Norm::Connect {
            clean: c.clean_session,
            keep_alive: c.keep_alive,
            client_id: c.client_id.to_string(),
            will: c.last_will.as_ref().map(|w| {
                (
                    qos_u8(w.qos),
                    w.retain,
                    w.topic.to_string(),
                    w.message.to_vec(),
                )
            }),
            username: c.username.as_ref().map(ToString::to_string),
            password: c.password.as_ref().map(|p| p.to_vec()),
        },
        Decoded::Publish(p, payload, _) => Norm::Publish {
            dup: p.dup,
            qos: qos_u8(p.qos),
            retain: p.retain,
            topic: p.topic.to_string(),
            packet_id: p.packet_id.map(NonZeroU16::get),
            properties: Vec::new(),
            payload: payload.to_vec(),
        },
        Decoded::Packet(
            P::Subscribe {
                packet_id,
                topic_filters,
            },
            _,
        ) => Norm::Subscribe {
            packet_id: packet_id.get(),
            filters: topic_filters
                .iter()
                .map(|(f, q)| (f.to_string(), qos_u8(*q)))
                .collect(),
        },
        Decoded::Packet(P::PublishAck { packet_id }, _) => Norm::Puback {
            packet_id: packet_id.get(),
        },
        other => panic!("ntex-mqtt decoded an unexpected {other:?}"),
    }
}

fn pages() -> BytePages {
    BytePages::new(BytePageSize::Size4)
}

/// Untimed: ntex-mqtt decodes the fixture to its fields and encodes it to its bytes.
pub(crate) fn check(fx: &MqttFixture, bytes: &[u8], expected: &Norm) {
    let Some(it) = item(fx) else { return };
    let codec = Codec::new();
    let got = norm(&run::decode(
        &codec,
        &mut NtexBytesMut::copy_from_slice(bytes),
    ));
    assert_eq!(&got, expected, "{}: ntex-mqtt", fx.name);
    let mut out = pages();
    run::encode(&codec, it, &mut out);
    let written: Vec<u8> = out.iter().flatten().copied().collect();
    assert_eq!(written, bytes, "{}: ntex-mqtt bytes", fx.name);
}

/// The criterion rows.
pub(crate) fn bench(g: &mut BenchmarkGroup<'_, WallTime>, fx: &MqttFixture, bytes: &[u8]) {
    let Some(it) = item(fx) else { return };
    let codec = Codec::new();
    g.bench_function("ntex-mqtt decode", |b| {
        b.iter_batched_ref(
            || NtexBytesMut::copy_from_slice(bytes),
            |input| drop(run::decode(&codec, input)),
            BatchSize::SmallInput,
        )
    });
    let mut out = pages();
    g.bench_function("ntex-mqtt encode", |b| {
        b.iter_batched(
            || it.clone(),
            |item| {
                run::encode(&codec, item, &mut out);
                black_box(&out);
            },
            BatchSize::SmallInput,
        )
    });
}

/// What the paired rows of one fixture keep.
pub(crate) struct Setup {
    item: Option<Encoded>,
    codec: Codec,
    out: std::cell::RefCell<BytePages>,
}

impl Setup {
    pub(crate) fn new(fx: &MqttFixture) -> Self {
        Setup {
            item: item(fx),
            codec: Codec::new(),
            out: std::cell::RefCell::new(pages()),
        }
    }

    /// The decode and encode contenders, if the fixture is one ntex-mqtt's 3.1.1 codec runs.
    pub(crate) fn contenders<'a>(
        &'a self,
        bytes: &'a [u8],
    ) -> Option<(Contender<'a>, Contender<'a>)> {
        let item = self.item.as_ref()?;
        let codec = &self.codec;
        let out = &self.out;
        let dec: Batch<'a> = Box::new(move |n| {
            let mut inputs: Vec<NtexBytesMut> = (0..n)
                .map(|_| NtexBytesMut::copy_from_slice(bytes))
                .collect();
            let t = std::time::Instant::now();
            for input in &mut inputs {
                drop(run::decode(codec, input));
            }
            t.elapsed()
        });
        let enc: Batch<'a> = Box::new(move |n| {
            let items: Vec<Encoded> = (0..n).map(|_| item.clone()).collect();
            let mut o = out.borrow_mut();
            let t = std::time::Instant::now();
            for it in items {
                run::encode(codec, it, &mut o);
                black_box(&*o);
            }
            t.elapsed()
        });
        Some((
            Contender {
                name: "ntex-mqtt",
                batch: dec,
            },
            Contender {
                name: "ntex-mqtt",
                batch: enc,
            },
        ))
    }
}
