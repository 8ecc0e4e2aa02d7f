//! `m2mwire decode --pcap`: a capture written here (Ethernet/IPv4; CoAP with an LwM2M TLV
//! payload, an MQTT 5.0 connection whose PUBLISH is split across two TCP segments, MQTT-SN on
//! a port given on the command line, an HTTP POST with a SyncML WBXML body) decodes to one
//! JSON object per message, with nothing malformed; pcapng (via editcap, when installed) gives
//! the same messages.

use std::process::Command;

/// Client 10.0.0.1 (ephemeral ports) and server 10.0.0.2 (ports below 10000).
fn ipv4(proto: u8, sport: u16, dport: u16, l4: &[u8]) -> Vec<u8> {
    let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00];
    let total = (20 + 4 + l4.len()) as u16;
    f.extend_from_slice(&[0x45, 0]);
    f.extend_from_slice(&total.to_be_bytes());
    let (a, b) = if sport < 10_000 { (2, 1) } else { (1, 2) };
    f.extend_from_slice(&[0, 1, 0, 0, 64, proto, 0, 0, 10, 0, 0, a, 10, 0, 0, b]);
    f.extend_from_slice(&sport.to_be_bytes());
    f.extend_from_slice(&dport.to_be_bytes());
    f.extend_from_slice(l4);
    f
}

fn udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut l4 = ((8 + payload.len()) as u16).to_be_bytes().to_vec();
    l4.extend_from_slice(&[0, 0]);
    l4.extend_from_slice(payload);
    ipv4(17, sport, dport, &l4)
}

fn tcp(sport: u16, dport: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut l4 = seq.to_be_bytes().to_vec();
    l4.extend_from_slice(&[0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
    l4.extend_from_slice(payload);
    ipv4(6, sport, dport, &l4)
}

fn pcap(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![
        0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
    ];
    for (i, f) in frames.iter().enumerate() {
        out.extend_from_slice(&(1_700_000_000 + i as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(f);
    }
    out
}

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.split_whitespace().collect::<String>()).unwrap()
}

fn run(file: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_m2mwire"))
        .args(["decode", "--pcap"])
        .arg(file)
        .args(["--mqttsn-port", "1884"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_capture_of_every_protocol_decodes() {
    // CoAP CON GET /3/0 and its 2.05 Content (Content-Format 11542) with the spec's TLV.
    let get = h("41 01 1234 7a b1 33 01 30");
    let tlv = h("c800144f70656e204d6f62696c6520416c6c69616e6365 c10964");
    let mut resp = h("61 45 1234 7a c2 2d16 ff");
    resp.extend_from_slice(&tlv);
    // MQTT 5.0 CONNECT (client id "c"), then PUBLISH QoS 0 "a/b" = "hi" in two segments.
    let connect = h("10 0e 0004 4d515454 05 02 003c 00 0001 63");
    let publish = h("30 08 0003 612f62 00 6869");
    let (p1, p2) = publish.split_at(4);
    let connack = h("20 03 00 00 00");
    // MQTT-SN PUBLISH QoS 0 to the short topic "t1".
    let sn = h("09 0c 02 7431 0000 6869");
    // An HTTP POST carrying <SyncML><Final/></SyncML> in WBXML.
    let body = h("02 a4 01 6a 00 6d 12 01");
    let mut http = format!(
        "POST /dm HTTP/1.1\r\nHost: dm\r\nContent-Type: application/vnd.syncml.dm+wbxml\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(&body);
    let frames = vec![
        udp(40001, 5683, &get),
        udp(5683, 40001, &resp),
        tcp(40002, 1883, 1, &connect),
        tcp(1883, 40002, 1, &connack),
        tcp(40002, 1883, 1 + connect.len() as u32, p1),
        tcp(40002, 1883, 1 + (connect.len() + p1.len()) as u32, p2),
        udp(40003, 1884, &sn),
        tcp(40004, 80, 1, &http),
    ];
    let dir = std::env::temp_dir().join(format!("m2mwire-pcap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("all.pcap");
    std::fs::write(&file, pcap(&frames)).unwrap();
    let got = run(&file);
    let protos: Vec<&str> = got
        .iter()
        .map(|r| r["protocol"].as_str().unwrap())
        .collect();
    assert_eq!(
        protos,
        ["coap", "coap", "mqtt", "mqtt", "mqtt", "mqtt-sn", "wbxml"],
        "{got:#?}"
    );
    assert!(got.iter().all(|r| r.get("error").is_none()), "{got:#?}");
    assert_eq!(got[1]["payload"]["format"], "lwm2m-tlv");
    // The response's TLV is read against the request's path (matched by token): typed.
    assert_eq!(got[1]["payload"]["decoded"]["path"], "/3/0");
    assert_eq!(got[1]["payload"]["decoded"]["entries"][1]["value"], 100);
    assert_eq!(got[2]["message"]["type"], "CONNECT");
    assert_eq!(got[4]["message"]["type"], "PUBLISH");
    assert_eq!(got[4]["message"]["topic"], "a/b");
    // The PUBLISH completes with the second segment, frame 6.
    assert_eq!(got[4]["frame"], 6);
    assert_eq!(got[4]["message"]["protocol_version"], "5.0");
    assert_eq!(got[5]["message"]["type"], "PUBLISH");
    assert_eq!(got[6]["message"]["language"], "SyncML 1.2");
    assert_eq!(got[0]["src"], "10.0.0.1:40001");

    // The same capture as pcapng.
    let ng = dir.join("all.pcapng");
    if Command::new("editcap")
        .args(["-F", "pcapng"])
        .arg(&file)
        .arg(&ng)
        .status()
        .is_ok_and(|s| s.success())
    {
        let again = run(&ng);
        let strip =
            |v: &[serde_json::Value]| v.iter().map(|r| r["message"].clone()).collect::<Vec<_>>();
        assert_eq!(strip(&again), strip(&got));
    } else {
        eprintln!("editcap not found: pcapng not checked");
    }
    std::fs::remove_dir_all(&dir).ok();
}
