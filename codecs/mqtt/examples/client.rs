//! A minimal MQTT 5.0 client made of this codec and a `TcpStream`, no MQTT client crate.
//!
//! ```text
//! cargo run -p m2mwire-mqtt --example client -- HOST:PORT TOPIC [MESSAGE]
//! ```
//!
//! It connects, subscribes to TOPIC (a filter: `+` and `#` allowed) at QoS 1 and prints every
//! packet that arrives, acknowledging PUBLISHes at QoS 1 and 2. With MESSAGE it also publishes
//! MESSAGE to TOPIC (then a Topic Name) at QoS 1 once the subscription is acknowledged, and
//! stops when the message comes back. Without MESSAGE it listens until the broker closes the
//! connection (Ctrl-C to stop).
//!
//! For example, against a local mosquitto:
//! `cargo run -p m2mwire-mqtt --example client -- 127.0.0.1:1883 demo/hello "hi there"`.

use m2mwire_mqtt::{
    Ack, Connect, DecodeOptions, Disconnect, Packet, PacketReader, Properties, PropertyId,
    PropertyValue, ProtocolVersion, Publish, QoS, ReasonCode, Subscribe, Subscription,
    SubscriptionOptions, Subscriptions, topic,
};
use std::error::Error;
use std::io::Write;
use std::net::TcpStream;

const VERSION: ProtocolVersion = ProtocolVersion::V5;

/// Encode `p` and write it to the socket.
fn send(out: &mut TcpStream, p: &Packet<'_>) -> Result<(), Box<dyn Error>> {
    let mut bytes = Vec::with_capacity(p.encoded_len(VERSION));
    p.encode(VERSION, &mut bytes)?;
    out.write_all(&bytes)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, filter, message) = match args.as_slice() {
        [a, t] => (a, t, None),
        [a, t, m] => (a, t, Some(m.as_bytes())),
        _ => return Err("usage: client HOST:PORT TOPIC [MESSAGE]".into()),
    };
    if message.is_some() {
        topic::validate_topic_name(filter)
            .map_err(|(kind, at)| format!("TOPIC is not a Topic Name: {kind} at {at}"))?;
    }

    let stream = TcpStream::connect(addr.as_str())?;
    let mut out = stream.try_clone()?;
    // Everything received goes through the strict decoder. Reads block: Keep Alive 0 below
    // means the broker expects no PINGREQ from us.
    let mut reader = PacketReader::new(stream, VERSION, DecodeOptions::strict());

    let client_id = format!("m2mwire-example-{}", std::process::id());
    send(
        &mut out,
        &Packet::Connect(Connect {
            protocol: VERSION,
            clean_start: true,
            keep_alive: 0,
            properties: Properties::EMPTY,
            client_id: &client_id,
            will: None,
            username: None,
            password: None,
        }),
    )?;
    let subscriptions = [Subscription {
        filter,
        options: SubscriptionOptions::qos(QoS::AtLeastOnce),
    }];

    while let Some(len) = reader.read_packet()? {
        let packet = reader.packet(len)?;
        let mut done = false;
        match packet {
            Packet::Connack(c) => {
                println!("CONNACK {:?}", c.reason_code);
                if !c.reason_code.is_success() {
                    return Err("connection refused".into());
                }
                send(
                    &mut out,
                    &Packet::Subscribe(Subscribe {
                        packet_id: 1,
                        properties: Properties::EMPTY,
                        subscriptions: Subscriptions::List(&subscriptions),
                    }),
                )?;
            }
            Packet::Suback(s) => {
                let codes: Vec<ReasonCode> = s.codes().collect();
                println!("SUBACK {codes:?}");
                if let Some(payload) = message {
                    send(
                        &mut out,
                        &Packet::Publish(Publish {
                            dup: false,
                            qos: QoS::AtLeastOnce,
                            retain: false,
                            topic: filter,
                            packet_id: Some(2),
                            properties: Properties::EMPTY,
                            payload,
                        }),
                    )?;
                }
            }
            Packet::Publish(p) => {
                println!(
                    "PUBLISH {} (QoS {}, retain {}): {}",
                    p.topic,
                    p.qos.bits(),
                    p.retain,
                    String::from_utf8_lossy(p.payload)
                );
                for prop in p.properties.iter() {
                    match (prop.id, prop.value) {
                        (PropertyId::USER_PROPERTY, PropertyValue::Pair(k, v)) => {
                            println!("  user property {k:?} = {v:?}")
                        }
                        (id, value) => println!("  {id:?} = {value:?}"),
                    }
                }
                match (p.qos, p.packet_id) {
                    (QoS::AtLeastOnce, Some(id)) => send(&mut out, &Packet::Puback(Ack::new(id)))?,
                    (QoS::ExactlyOnce, Some(id)) => send(&mut out, &Packet::Pubrec(Ack::new(id)))?,
                    _ => {}
                }
                done = message.is_some_and(|m| p.topic == filter.as_str() && p.payload == m);
            }
            Packet::Pubrel(r) => send(&mut out, &Packet::Pubcomp(Ack::new(r.packet_id)))?,
            Packet::Disconnect(d) => println!("DISCONNECT from the broker: {:?}", d.reason()),
            other => println!("{other:?}"),
        }
        reader.consume(len);
        if done {
            send(&mut out, &Packet::Disconnect(Disconnect::default()))?;
            break;
        }
    }
    Ok(())
}
