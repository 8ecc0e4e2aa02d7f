//! Interop with a real broker: mosquitto, driven only by this codec over `std::net::TcpStream`.
//!
//! Each test starts its own mosquitto on a free loopback port, with a config file written to a
//! fresh directory under `std::env::temp_dir()`, and kills it when the test ends (a `Drop`
//! guard, so it dies on a failed assertion too; the broker's log is printed then). Every socket
//! read has a timeout, so no test can hang.
//!
//! Every packet received is decoded with [`DecodeOptions::strict`] (so mosquitto's bytes must
//! pass the strict decoder) and re-encoded to the same bytes; every packet sent is encoded by
//! the codec (the deliberately malformed ones are encoded, then one bit is flipped).
//!
//! mosquitto is looked for on `PATH` and in `/usr/sbin`. Without it the tests print SKIPPED and
//! pass — unless the environment variable `CI` is set, where they fail.

use m2mwire_mqtt::{
    Ack, Connect, DecodeOptions, Decoded, Disconnect, OwnedPacket, Packet, Properties, Property,
    PropertyId, PropertyValue, ProtocolVersion, Publish, QoS, ReasonCode, Subscribe, Subscription,
    SubscriptionOptions, Subscriptions, TopicFilters, Unsubscribe, Will,
};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The longest any read waits for the broker.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Both protocol levels every scenario runs at.
const VERSIONS: [ProtocolVersion; 2] = [ProtocolVersion::V311, ProtocolVersion::V5];

// ---------------------------------------------------------------------------------------------
// The broker
// ---------------------------------------------------------------------------------------------

/// A running mosquitto; killed (and its directory removed) on drop.
struct Broker {
    child: Child,
    port: u16,
    dir: PathBuf,
}

fn find_mosquitto() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|d| d.join("mosquitto"))
        .chain(["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"].map(PathBuf::from))
        .find(|p| p.is_file())
}

/// Effective uid 0? (Linux: from /proc; elsewhere assume not.)
fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("Uid:"))?.to_owned();
            Some(line.split_whitespace().nth(2)? == "0")
        })
        .unwrap_or(false)
}

impl Broker {
    /// Start a broker, or `None` (after a loud SKIPPED) when mosquitto is not installed.
    fn start() -> Option<Broker> {
        let Some(exe) = find_mosquitto() else {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "mosquitto not found on PATH or in /usr/sbin: CI must install mosquitto \
                     (apt-get install -y mosquitto) for the broker interop tests"
                );
            }
            // Straight to the process's stderr: the test harness captures `eprintln!`.
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                let _ = io::stderr().write_all(
                    b"\n*** SKIPPED: mosquitto not found (PATH, /usr/sbin): the broker interop \
                      tests did not run. Install it: apt-get install -y mosquitto ***\n\n",
                );
            });
            return None;
        };
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "m2mwire-mqtt-broker-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create the broker's temp dir");
        // The port is found by binding port 0 and letting it go; another process may take it
        // in between, so a broker that exits at once is retried on a new port.
        for _ in 0..5 {
            let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .and_then(|l| l.local_addr())
                .expect("bind 127.0.0.1:0")
                .port();
            if let Some(b) = Broker::spawn(&exe, &dir, port) {
                return Some(b);
            }
        }
        let log = fs::read_to_string(dir.join("mosquitto.log")).unwrap_or_default();
        let _ = fs::remove_dir_all(&dir);
        panic!("mosquitto did not start after 5 attempts; last log:\n{log}");
    }

    fn spawn(exe: &Path, dir: &Path, port: u16) -> Option<Broker> {
        // Started as root, mosquitto drops privileges to the `mosquitto` account after reading
        // its config (and warns); `user root` keeps it as it is, so it depends on no account.
        let user = if running_as_root() { "user root\n" } else { "" };
        let conf = dir.join("mosquitto.conf");
        fs::write(
            &conf,
            format!(
                "{user}listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n\
                 log_dest stderr\nlog_type all\n"
            ),
        )
        .expect("write mosquitto.conf");
        let log = fs::File::create(dir.join("mosquitto.log")).expect("create mosquitto.log");
        let child = Command::new(exe)
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("dup log"))
            .stderr(log)
            .spawn()
            .expect("spawn mosquitto");
        let mut broker = Broker {
            child,
            port,
            dir: dir.to_owned(),
        };
        let addr = broker.addr();
        for _ in 0..100 {
            if broker.child.try_wait().ok().flatten().is_some() {
                // Exited: most likely the port was taken. Do not remove the directory yet.
                broker.dir = PathBuf::new();
                return None;
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Some(broker);
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "mosquitto did not accept connections on {addr} within 5 s; log:\n{}",
            broker.log()
        );
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.join("mosquitto.log")).unwrap_or_default()
    }

    /// A TCP connection to the broker (no MQTT yet).
    fn open(&self, version: ProtocolVersion, name: &str) -> Client {
        let stream = TcpStream::connect_timeout(&self.addr(), READ_TIMEOUT)
            .unwrap_or_else(|e| panic!("{name}: connect to mosquitto: {e}"));
        stream.set_read_timeout(Some(READ_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(READ_TIMEOUT)).unwrap();
        stream.set_nodelay(true).unwrap();
        Client {
            name: name.to_owned(),
            version,
            stream,
            buf: Vec::new(),
            next_id: 0,
        }
    }

    /// CONNECT as `client_id` (clean start, keep alive 30 s) with an optional Will; CONNACK
    /// must be Success. Returns the client and the CONNACK.
    fn connect(
        &self,
        version: ProtocolVersion,
        client_id: &str,
        will: Option<Will<'_>>,
    ) -> (Client, OwnedPacket) {
        let mut c = self.open(version, client_id);
        c.send(&Packet::Connect(connect_packet(version, client_id, will)));
        let connack = c.recv();
        match connack.get() {
            Packet::Connack(a) => {
                assert_eq!(a.reason_code, ReasonCode::SUCCESS, "{client_id}: CONNACK");
                assert!(!a.session_present, "{client_id}: clean start, no session");
            }
            other => panic!("{client_id}: expected CONNACK, got {other:?}"),
        }
        (c, connack)
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- mosquitto log ---\n{}--- end of log ---", self.log());
        }
        if !self.dir.as_os_str().is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn connect_packet<'a>(
    version: ProtocolVersion,
    client_id: &'a str,
    will: Option<Will<'a>>,
) -> Connect<'a> {
    Connect {
        protocol: version,
        clean_start: true,
        keep_alive: 30,
        properties: Properties::EMPTY,
        client_id,
        will,
        username: None,
        password: None,
    }
}

// ---------------------------------------------------------------------------------------------
// A client made of the codec and a socket
// ---------------------------------------------------------------------------------------------

struct Client {
    name: String,
    version: ProtocolVersion,
    stream: TcpStream,
    /// Bytes read but not yet framed into a packet.
    buf: Vec<u8>,
    next_id: u16,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn encode(p: &Packet<'_>, version: ProtocolVersion) -> Vec<u8> {
    let mut out = Vec::with_capacity(p.encoded_len(version));
    p.encode(version, &mut out)
        .unwrap_or_else(|e| panic!("encode {p:?}: {e}"));
    assert_eq!(out.len(), p.encoded_len(version), "encoded_len of {p:?}");
    out
}

impl Client {
    fn id(&mut self) -> u16 {
        self.next_id = self.next_id % u16::MAX + 1;
        self.next_id
    }

    fn send(&mut self, p: &Packet<'_>) {
        let bytes = encode(p, self.version);
        self.send_raw(&bytes);
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stream
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("{}: send {}: {e}", self.name, hex(bytes)));
    }

    /// The next packet's bytes, framed with `Packet::decode_stream` (strict); `Ok(None)` at a
    /// clean end of stream between packets.
    fn read_frame(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            match Packet::decode_stream(&self.buf, self.version, &DecodeOptions::strict()) {
                Ok(Decoded::Packet(_, len)) => return Ok(Some(self.buf.drain(..len).collect())),
                Ok(Decoded::Incomplete { .. }) => {}
                Err(e) => panic!(
                    "{}: the strict decoder rejected mosquitto's bytes ({}): {e} ({:?}); \
                     bytes: {}",
                    self.name,
                    self.version,
                    e.kind,
                    hex(&self.buf)
                ),
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return if self.buf.is_empty() {
                    Ok(None)
                } else {
                    Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("stream ended inside a packet: {}", hex(&self.buf)),
                    ))
                };
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Check one received packet: strict decode, and re-encoding gives the same bytes.
    fn check(&self, bytes: Vec<u8>) -> OwnedPacket {
        let owned = OwnedPacket::decode(bytes.clone(), self.version, &DecodeOptions::strict())
            .unwrap_or_else(|e| panic!("{}: strict decode of {}: {e}", self.name, hex(&bytes)));
        assert_eq!(
            hex(&encode(&owned.get(), self.version)),
            hex(&bytes),
            "{}: encode(decode(b)) != b for {:?}",
            self.name,
            owned.get()
        );
        owned
    }

    /// The next packet; fails on timeout or end of stream.
    fn recv(&mut self) -> OwnedPacket {
        match self.read_frame() {
            Ok(Some(bytes)) => self.check(bytes),
            Ok(None) => panic!("{}: mosquitto closed the connection", self.name),
            Err(e) => panic!("{}: no packet from mosquitto: {e}", self.name),
        }
    }

    /// Read until the broker closes the connection; returns the packets it sent before.
    fn recv_until_closed(&mut self) -> Vec<OwnedPacket> {
        let mut got = Vec::new();
        let deadline = Instant::now() + READ_TIMEOUT;
        loop {
            assert!(
                Instant::now() < deadline,
                "{}: connection not closed",
                self.name
            );
            match self.read_frame() {
                Ok(Some(bytes)) => got.push(self.check(bytes)),
                Ok(None) => return got,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                    ) =>
                {
                    return got;
                }
                Err(e) => panic!("{}: expected the connection to close: {e}", self.name),
            }
        }
    }

    /// PINGREQ → PINGRESP. Also a barrier: anything the broker queued for this client before
    /// it handled the PINGREQ arrives first, and fails the check.
    fn ping(&mut self) {
        self.send(&Packet::Pingreq);
        match self.recv().get() {
            Packet::Pingresp => {}
            other => panic!("{}: expected PINGRESP, got {other:?}", self.name),
        }
    }

    /// SUBSCRIBE to one filter; SUBACK must grant `qos`.
    fn subscribe(&mut self, filter: &str, qos: QoS) {
        let id = self.id();
        let subs = [Subscription {
            filter,
            options: SubscriptionOptions::qos(qos),
        }];
        self.send(&Packet::Subscribe(Subscribe {
            packet_id: id,
            properties: Properties::EMPTY,
            subscriptions: Subscriptions::List(&subs),
        }));
        match self.recv().get() {
            Packet::Suback(s) => {
                assert_eq!(s.packet_id, id, "{}: SUBACK id", self.name);
                assert_eq!(s.reason_codes, [qos.bits()], "{}: SUBACK codes", self.name);
            }
            other => panic!("{}: expected SUBACK, got {other:?}", self.name),
        }
    }

    /// UNSUBSCRIBE one filter; returns UNSUBACK's reason codes (none in 3.1.1).
    fn unsubscribe(&mut self, filter: &str) -> Vec<u8> {
        let id = self.id();
        let filters = [filter];
        self.send(&Packet::Unsubscribe(Unsubscribe {
            packet_id: id,
            properties: Properties::EMPTY,
            filters: TopicFilters::List(&filters),
        }));
        match self.recv().get() {
            Packet::Unsuback(u) => {
                assert_eq!(u.packet_id, id, "{}: UNSUBACK id", self.name);
                u.reason_codes.to_vec()
            }
            other => panic!("{}: expected UNSUBACK, got {other:?}", self.name),
        }
    }

    /// PUBLISH with the whole flow of its QoS, as the sender: nothing (0), PUBACK (1), or
    /// PUBREC, PUBREL, PUBCOMP (2). Returns the reason code of PUBACK / PUBREC.
    fn publish(
        &mut self,
        topic: &str,
        qos: QoS,
        retain: bool,
        properties: Properties<'_>,
        payload: &[u8],
    ) -> ReasonCode {
        let packet_id = (qos != QoS::AtMostOnce).then(|| self.id());
        self.send(&Packet::Publish(Publish {
            dup: false,
            qos,
            retain,
            topic,
            packet_id,
            properties,
            payload,
        }));
        let Some(id) = packet_id else {
            return ReasonCode::SUCCESS;
        };
        let name = self.name.clone();
        let ack = self.recv();
        let reason = match (qos, ack.get()) {
            (QoS::AtLeastOnce, Packet::Puback(a)) | (QoS::ExactlyOnce, Packet::Pubrec(a)) => {
                assert_eq!(a.packet_id, id, "{name}: ack id");
                a.reason()
            }
            (_, other) => panic!("{name}: expected the ack of a QoS {qos:?} PUBLISH: {other:?}"),
        };
        assert!(reason.is_success(), "{name}: PUBLISH refused: {reason:?}");
        if qos == QoS::ExactlyOnce {
            // 5.0: the long form (reason code and an empty property list) for a change.
            let rel = if self.version.is_v5() {
                Ack {
                    packet_id: id,
                    reason_code: Some(ReasonCode::SUCCESS),
                    properties: Some(Properties::EMPTY),
                }
            } else {
                Ack::new(id)
            };
            self.send(&Packet::Pubrel(rel));
            match self.recv().get() {
                Packet::Pubcomp(c) => {
                    assert_eq!(c.packet_id, id, "{name}: PUBCOMP id");
                    assert_eq!(c.reason(), ReasonCode::SUCCESS, "{name}: PUBCOMP");
                }
                other => panic!("{name}: expected PUBCOMP, got {other:?}"),
            }
        }
        reason
    }

    /// Receive a PUBLISH and complete its flow as the receiver: PUBACK (QoS 1), or PUBREC,
    /// PUBREL, PUBCOMP (QoS 2).
    fn expect_publish(&mut self) -> OwnedPacket {
        let packet = self.recv();
        let (qos, id) = match packet.get() {
            Packet::Publish(p) => (p.qos, p.packet_id),
            other => panic!("{}: expected PUBLISH, got {other:?}", self.name),
        };
        match (qos, id) {
            (QoS::AtMostOnce, None) => {}
            (QoS::AtLeastOnce, Some(id)) => {
                // 5.0: with the reason code, for a change.
                let reason_code = self.version.is_v5().then_some(ReasonCode::SUCCESS);
                self.send(&Packet::Puback(Ack {
                    packet_id: id,
                    reason_code,
                    properties: None,
                }));
            }
            (QoS::ExactlyOnce, Some(id)) => {
                self.send(&Packet::Pubrec(Ack::new(id)));
                match self.recv().get() {
                    Packet::Pubrel(r) => {
                        assert_eq!(r.packet_id, id, "{}: PUBREL id", self.name);
                        assert_eq!(r.reason(), ReasonCode::SUCCESS, "{}: PUBREL", self.name);
                    }
                    other => panic!("{}: expected PUBREL, got {other:?}", self.name),
                }
                self.send(&Packet::Pubcomp(Ack::new(id)));
            }
            other => panic!("{}: QoS / packet id mismatch {other:?}", self.name),
        }
        packet
    }

    /// DISCONNECT (with a reason code in 5.0), then wait for the broker to close.
    fn disconnect(mut self, reason: ReasonCode) {
        let d = if self.version.is_v5() {
            Disconnect {
                reason_code: Some(reason),
                properties: None,
            }
        } else {
            Disconnect::default()
        };
        self.send(&Packet::Disconnect(d));
        let got = self.recv_until_closed();
        assert!(got.is_empty(), "{}: packets after DISCONNECT", self.name);
    }
}

/// The PUBLISH inside a received packet.
fn publish_of(p: &OwnedPacket) -> Publish<'_> {
    match p.get() {
        Packet::Publish(p) => p,
        other => panic!("expected PUBLISH, got {other:?}"),
    }
}

fn user_properties<'a>(p: &Properties<'a>) -> Vec<(&'a str, &'a str)> {
    p.iter()
        .filter_map(|p| match (p.id, p.value) {
            (PropertyId::USER_PROPERTY, PropertyValue::Pair(k, v)) => Some((k, v)),
            _ => None,
        })
        .collect()
}

/// Tag for names and topics: `v311` / `v5`.
fn tag(v: ProtocolVersion) -> &'static str {
    if v.is_v5() { "v5" } else { "v311" }
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

/// CONNECT/CONNACK, PINGREQ/PINGRESP, DISCONNECT; in 5.0 the CONNACK properties too.
#[test]
fn connect_ping_disconnect() {
    let Some(broker) = Broker::start() else {
        return;
    };
    for v in VERSIONS {
        let (mut c, connack) = broker.connect(v, &format!("ping-{}", tag(v)), None);
        if let Packet::Connack(a) = connack.get() {
            if v.is_v5() {
                // Whatever mosquitto announces passed the strict property checks; print it.
                for p in a.properties.iter() {
                    eprintln!("v5 CONNACK property {:?} = {:?}", p.id, p.value);
                }
            } else {
                assert!(a.properties.is_empty());
            }
        }
        c.ping();
        c.ping();
        c.disconnect(ReasonCode::SUCCESS);
    }
}

/// PUBLISH at QoS 0, 1 and 2, with the full flows on the publishing side (PUBACK;
/// PUBREC-PUBREL-PUBCOMP) and on the subscribing side (the broker delivers QoS 2 to a QoS 2
/// subscriber: PUBREC, PUBREL, PUBCOMP from our side too).
#[test]
fn publish_qos_0_1_2() {
    let Some(broker) = Broker::start() else {
        return;
    };
    for v in VERSIONS {
        let topic = format!("m2mwire/{}/qos", tag(v));
        let (mut sub, _) = broker.connect(v, &format!("qos-sub-{}", tag(v)), None);
        sub.subscribe(&topic, QoS::ExactlyOnce);
        // And one that takes at most QoS 1: QoS 2 is downgraded for it.
        let (mut sub1, _) = broker.connect(v, &format!("qos-sub1-{}", tag(v)), None);
        sub1.subscribe(&topic, QoS::AtLeastOnce);
        let (mut publ, _) = broker.connect(v, &format!("qos-pub-{}", tag(v)), None);
        for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            let payload = format!("payload at {qos:?} \u{1F600} \0\u{ff}");
            let reason = publ.publish(&topic, qos, false, Properties::EMPTY, payload.as_bytes());
            assert_eq!(reason, ReasonCode::SUCCESS, "{v}: {qos:?}");
            let got = sub.expect_publish();
            let p = publish_of(&got);
            assert_eq!(
                (p.topic, p.qos, p.retain, p.dup),
                (&*topic, qos, false, false)
            );
            assert_eq!(p.payload, payload.as_bytes());
            let got = sub1.expect_publish();
            let p = publish_of(&got);
            assert_eq!(p.qos, qos.min(QoS::AtLeastOnce), "{v}: downgraded QoS");
            assert_eq!(p.payload, payload.as_bytes());
        }
        // A larger payload: Remaining Length takes 3 bytes.
        let big: Vec<u8> = (0..=255u8).cycle().take(20_000).collect();
        publ.publish(&topic, QoS::ExactlyOnce, false, Properties::EMPTY, &big);
        assert_eq!(publish_of(&sub.expect_publish()).payload, &big[..]);
        assert_eq!(publish_of(&sub1.expect_publish()).payload, &big[..]);
        sub.ping();
        sub1.ping();
        publ.disconnect(ReasonCode::SUCCESS);
        sub.disconnect(ReasonCode::SUCCESS);
        sub1.disconnect(ReasonCode::SUCCESS);
    }
}

/// A retained message reaches a later subscriber with RETAIN set; a live delivery has it
/// clear; an empty retained PUBLISH clears it.
#[test]
fn retained_messages() {
    let Some(broker) = Broker::start() else {
        return;
    };
    for v in VERSIONS {
        let topic = format!("m2mwire/{}/retained", tag(v));
        let filter = format!("m2mwire/{}/+", tag(v));
        let (mut publ, _) = broker.connect(v, &format!("ret-pub-{}", tag(v)), None);
        // No subscriber yet: 5.0 may answer 0x10 No matching subscribers, still a success.
        publ.publish(&topic, QoS::AtLeastOnce, true, Properties::EMPTY, b"kept");

        let (mut sub, _) = broker.connect(v, &format!("ret-sub-{}", tag(v)), None);
        sub.subscribe(&filter, QoS::AtLeastOnce);
        let got = sub.expect_publish();
        let p = publish_of(&got);
        assert_eq!(
            (p.topic, p.payload, p.retain),
            (&*topic, &b"kept"[..], true)
        );
        assert_eq!(p.qos, QoS::AtLeastOnce);

        // Live delivery to an existing subscription: RETAIN clear (3.1.1 §3.3.1.3, and 5.0
        // without Retain As Published).
        publ.publish(&topic, QoS::AtLeastOnce, true, Properties::EMPTY, b"kept2");
        let got = sub.expect_publish();
        let p = publish_of(&got);
        assert_eq!((p.payload, p.retain), (&b"kept2"[..], false));

        // Clear it: a new subscriber gets nothing.
        publ.publish(&topic, QoS::AtLeastOnce, true, Properties::EMPTY, b"");
        let got = sub.expect_publish();
        assert_eq!(publish_of(&got).payload, b"");
        let (mut late, _) = broker.connect(v, &format!("ret-late-{}", tag(v)), None);
        late.subscribe(&filter, QoS::AtLeastOnce);
        late.ping();
        for c in [publ, sub, late] {
            c.disconnect(ReasonCode::SUCCESS);
        }
    }
}

/// The Will: published when the connection drops without DISCONNECT, not after a normal
/// DISCONNECT, and (5.0) published after DISCONNECT 0x04 Disconnect with Will Message.
#[test]
fn will_messages() {
    let Some(broker) = Broker::start() else {
        return;
    };
    for v in VERSIONS {
        let t = tag(v);
        let (mut watcher, _) = broker.connect(v, &format!("will-watch-{t}"), None);
        watcher.subscribe(&format!("m2mwire/{t}/will/#"), QoS::ExactlyOnce);
        let will_props = [
            Property::new(PropertyId::CONTENT_TYPE, PropertyValue::Utf8("text/plain")),
            Property::new(
                PropertyId::USER_PROPERTY,
                PropertyValue::Pair("why", "test"),
            ),
        ];
        let props = if v.is_v5() {
            Properties::List(&&will_props[..])
        } else {
            Properties::EMPTY
        };
        let will = |topic: &'static str| Will {
            qos: QoS::AtLeastOnce,
            retain: false,
            properties: props,
            topic,
            payload: b"gone",
        };
        let (t_drop, t_clean, t_04) = if v.is_v5() {
            (
                "m2mwire/v5/will/drop",
                "m2mwire/v5/will/clean",
                "m2mwire/v5/will/04",
            )
        } else {
            ("m2mwire/v311/will/drop", "m2mwire/v311/will/clean", "")
        };

        // 1. Abnormal: the socket is dropped without DISCONNECT.
        let (victim, _) = broker.connect(v, &format!("will-drop-{t}"), Some(will(t_drop)));
        drop(victim);
        let got = watcher.expect_publish();
        let p = publish_of(&got);
        assert_eq!(
            (p.topic, p.payload, p.qos),
            (t_drop, &b"gone"[..], QoS::AtLeastOnce)
        );
        if v.is_v5() {
            assert_eq!(
                p.properties.get(PropertyId::CONTENT_TYPE),
                Some(PropertyValue::Utf8("text/plain"))
            );
            assert_eq!(user_properties(&p.properties), [("why", "test")]);
        }

        // 2. Normal DISCONNECT: no Will. Once the broker has closed the victim's connection it
        // has handled the DISCONNECT, so a Will would already be queued before the PINGRESP.
        let (victim, _) = broker.connect(v, &format!("will-clean-{t}"), Some(will(t_clean)));
        victim.disconnect(ReasonCode::SUCCESS);
        watcher.ping();

        // 3. 5.0: DISCONNECT 0x04 Disconnect with Will Message.
        if v.is_v5() {
            let (victim, _) = broker.connect(v, &format!("will-04-{t}"), Some(will(t_04)));
            victim.disconnect(ReasonCode::DISCONNECT_WITH_WILL);
            let got = watcher.expect_publish();
            let p = publish_of(&got);
            assert_eq!((p.topic, p.payload), (t_04, &b"gone"[..]));
        }
        watcher.disconnect(ReasonCode::SUCCESS);
    }
}

/// UNSUBSCRIBE/UNSUBACK: messages stop; in 5.0 the reason codes say whether it existed.
#[test]
fn unsubscribe() {
    let Some(broker) = Broker::start() else {
        return;
    };
    for v in VERSIONS {
        let t = tag(v);
        let topic = format!("m2mwire/{t}/unsub");
        let (mut sub, _) = broker.connect(v, &format!("unsub-sub-{t}"), None);
        let (mut publ, _) = broker.connect(v, &format!("unsub-pub-{t}"), None);
        sub.subscribe(&topic, QoS::AtLeastOnce);
        publ.publish(
            &topic,
            QoS::AtLeastOnce,
            false,
            Properties::EMPTY,
            b"before",
        );
        assert_eq!(publish_of(&sub.expect_publish()).payload, b"before");

        let codes = sub.unsubscribe(&topic);
        let again = sub.unsubscribe(&topic);
        if v.is_v5() {
            assert_eq!(codes, [ReasonCode::SUCCESS.0]);
            assert_eq!(again, [ReasonCode::NO_SUBSCRIPTION_EXISTED.0]);
        } else {
            assert!(codes.is_empty() && again.is_empty());
        }
        let reason = publ.publish(&topic, QoS::AtLeastOnce, false, Properties::EMPTY, b"after");
        if v.is_v5() {
            assert_eq!(reason, ReasonCode::NO_MATCHING_SUBSCRIBERS);
        }
        sub.ping(); // nothing arrives before the PINGRESP
        publ.disconnect(ReasonCode::SUCCESS);
        sub.disconnect(ReasonCode::SUCCESS);
    }
}

/// 5.0 User Properties on PUBLISH reach the subscriber in order, repeated names included.
#[test]
fn v5_user_properties() {
    let Some(broker) = Broker::start() else {
        return;
    };
    let v = ProtocolVersion::V5;
    let topic = "m2mwire/v5/userprops";
    let (mut sub, _) = broker.connect(v, "up-sub", None);
    sub.subscribe(topic, QoS::AtLeastOnce);
    let (mut publ, _) = broker.connect(v, "up-pub", None);
    let pairs = [
        ("k", "1"),
        ("zeta", "last?"),
        ("k", "2"),
        ("ünï", "cødé €"),
        ("", ""),
    ];
    let props: Vec<Property<'_>> = pairs
        .iter()
        .map(|&(k, val)| Property::new(PropertyId::USER_PROPERTY, PropertyValue::Pair(k, val)))
        .chain([Property::new(
            PropertyId::PAYLOAD_FORMAT_INDICATOR,
            PropertyValue::Byte(1),
        )])
        .collect();
    for qos in [QoS::AtMostOnce, QoS::AtLeastOnce] {
        publ.publish(
            topic,
            qos,
            false,
            Properties::List(&props.as_slice()),
            b"with properties",
        );
        let got = sub.expect_publish();
        let p = publish_of(&got);
        assert_eq!(p.payload, b"with properties");
        assert_eq!(user_properties(&p.properties), pairs);
        assert_eq!(
            p.properties.get(PropertyId::PAYLOAD_FORMAT_INDICATOR),
            Some(PropertyValue::Byte(1))
        );
    }
    publ.disconnect(ReasonCode::SUCCESS);
    sub.disconnect(ReasonCode::SUCCESS);
}

/// 5.0 Topic Aliases from the client: a PUBLISH that sets alias 1, one with an empty topic and
/// alias 1; the subscriber gets both under the full topic. An alias above the broker's
/// Topic Alias Maximum ends the connection.
#[test]
fn v5_topic_aliases() {
    let Some(broker) = Broker::start() else {
        return;
    };
    let v = ProtocolVersion::V5;
    let topic = "m2mwire/v5/alias/long/topic/name";
    let (mut sub, _) = broker.connect(v, "alias-sub", None);
    sub.subscribe(topic, QoS::AtLeastOnce);
    let (mut publ, connack) = broker.connect(v, "alias-pub", None);
    let max = match connack.get() {
        Packet::Connack(a) => match a.properties.get(PropertyId::TOPIC_ALIAS_MAXIMUM) {
            Some(PropertyValue::TwoByte(n)) => n,
            other => panic!("CONNACK without a Topic Alias Maximum: {other:?}"),
        },
        _ => unreachable!(),
    };
    assert!(max >= 1, "mosquitto allows topic aliases");
    let alias = [Property::new(
        PropertyId::TOPIC_ALIAS,
        PropertyValue::TwoByte(1),
    )];
    for (i, t) in [topic, "", ""].into_iter().enumerate() {
        let qos = if i == 1 {
            QoS::AtMostOnce
        } else {
            QoS::AtLeastOnce
        };
        let payload = format!("via alias #{i}");
        publ.publish(
            t,
            qos,
            false,
            Properties::List(&&alias[..]),
            payload.as_bytes(),
        );
        let got = sub.expect_publish();
        let p = publish_of(&got);
        assert_eq!((p.topic, p.payload), (topic, payload.as_bytes()));
        // We announced no Topic Alias Maximum, so the broker must not use aliases towards us.
        assert_eq!(p.properties.get(PropertyId::TOPIC_ALIAS), None);
    }
    sub.ping();

    // An alias above the maximum: a Protocol Error; the broker disconnects (5.0 §3.3.2.3.4).
    let too_big = [Property::new(
        PropertyId::TOPIC_ALIAS,
        PropertyValue::TwoByte(max.saturating_add(1)),
    )];
    publ.send(&Packet::Publish(Publish {
        dup: false,
        qos: QoS::AtMostOnce,
        retain: false,
        topic,
        packet_id: None,
        properties: Properties::List(&&too_big[..]),
        payload: b"x",
    }));
    assert_closed_with_failure(&mut publ);
    sub.disconnect(ReasonCode::SUCCESS);
}

/// What arrives must be either nothing (the connection just closes) or, in 5.0, a DISCONNECT
/// with a failure reason code, and then the close.
fn assert_closed_with_failure(c: &mut Client) {
    let got = c.recv_until_closed();
    for p in &got {
        eprintln!(
            "{} ({}) got before the close: {:?}",
            c.name,
            c.version,
            p.get()
        );
    }
    match got.as_slice() {
        [] => {}
        [p] if c.version.is_v5() => match p.get() {
            Packet::Disconnect(d) => {
                assert!(!d.reason().is_success(), "{}: {:?}", c.name, d.reason())
            }
            other => panic!("{}: expected DISCONNECT or EOF, got {other:?}", c.name),
        },
        other => panic!("{}: expected EOF, got {other:?}", c.name),
    }
}

/// Malformed packets sent on purpose: mosquitto closes the connection.
/// - CONNECT with the reserved flag (bit 0 of Connect Flags) set [MQTT-3.1.2-3].
/// - After a good CONNECT, a PUBLISH with both QoS bits set [MQTT-3.3.1-4].
#[test]
fn malformed_packets_close_the_connection() {
    let Some(broker) = Broker::start() else {
        return;
    };
    for v in VERSIONS {
        let t = tag(v);
        let id = format!("bad-connect-{t}");
        let mut bytes = encode(&Packet::Connect(connect_packet(v, &id, None)), v);
        // Fixed header (2 bytes: the body is short), protocol name (2 + 4), level (1).
        assert!(bytes[1] < 0x80);
        let flags_at = 2 + 6 + 1;
        assert_eq!(bytes[flags_at], 0x02, "Connect Flags: Clean Start only");
        bytes[flags_at] |= 0x01;
        let mut c = broker.open(v, &id);
        c.send_raw(&bytes);
        assert_closed_with_failure(&mut c);

        let (mut c, _) = broker.connect(v, &format!("bad-publish-{t}"), None);
        let mut bytes = encode(
            &Packet::Publish(Publish {
                dup: false,
                qos: QoS::AtLeastOnce,
                retain: false,
                topic: "m2mwire/bad",
                packet_id: Some(1),
                properties: Properties::EMPTY,
                payload: b"qos 3",
            }),
            v,
        );
        bytes[0] |= 0x06; // QoS bits 11
        c.send_raw(&bytes);
        assert_closed_with_failure(&mut c);
    }
}
