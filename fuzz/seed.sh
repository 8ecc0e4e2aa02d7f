#!/usr/bin/env bash
# Build the seed corpora fuzz/corpus/<target>/ from the CoAP and MQTT test vectors.
#
# Usage: fuzz/seed.sh [COAP_VECTOR_DIR [MQTT_VECTOR_DIR [MQTT_SN_VECTOR_DIR [LWM2M_TLV_DIR [LINK_FORMAT_DIR]]]]]
#        (defaults: testvectors/coap, testvectors/mqtt and testvectors/mqtt-sn next to fuzz/)
#
# CoAP: every *.json file there is read as {"vectors": [{"wire": "<hex>", ...}, ...]}; each
# "wire" (whitespace inside the hex is ignored) becomes one corpus file named by the SHA-1 of
# its bytes, as libFuzzer names its own, so running this again adds nothing twice. The same
# seeds go to every CoAP target (for coap_inverse they are only starting entropy for
# `Arbitrary`). A few messages from RFC 7252 are always added, so the corpora are never
# empty.
#
# MQTT: the same, except that each seed is the wire bytes prefixed with the selector byte
# the mqtt_* targets read first: bit 0 is the version (0 = 3.1.1, 1 = 5.0; from the file's
# "version", which a vector's own "version" overrides), bit 1 the options (set = lenient,
# for "result": "acceptable" vectors, which only lenient decoding accepts). The seeds go to
# mqtt_decode, mqtt_roundtrip, mqtt_inverse (entropy only) and mqtt_stream (where selector
# bits 2-7 = 0 means 1-byte chunks). A vector with a version other than "3.1.1" or "5.0" is
# skipped. A few packets are always added.
#
# MQTT-SN: as CoAP (the wire bytes as they are), for mqttsn_decode, mqttsn_roundtrip and
# mqttsn_inverse (entropy only).
#
# Tolerant by design: a missing directory, no *.json, a file that is not (yet) valid JSON,
# a vector without "wire" or with bad hex are reported on stderr and skipped; the script
# still exits 0. Needs python3 (falls back to jq + xxd if python3 is missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
coap_vectors="${1:-$here/../testvectors/coap}"
mqtt_vectors="${2:-$here/../testvectors/mqtt}"
coap_targets=(coap_decode coap_roundtrip coap_inverse)
mqtt_targets=(mqtt_decode mqtt_roundtrip mqtt_inverse mqtt_stream)
mqttsn_vectors="${3:-$here/../testvectors/mqtt-sn}"
mqttsn_targets=(mqttsn_decode mqttsn_roundtrip mqttsn_inverse)

# MQTT-SN 1.2: PINGREQ, a QoS 1 PUBLISH to the short topic "t1", and the same PINGREQ in the
# 3-octet Length form.
mqttsn_builtin=(
    "0216"
    "090c22743100070102"
    "01000416"
)

# RFC 7252 Appendix A, Figure 16 (CON GET /temperature), an Empty ACK and a 2.05 response
# with a payload, as hex.
coap_builtin=(
    "41017d3471bb74656d7065726174757265"
    "60007d34"
    "6145 7d34 71c0 ff 32322e3320 43"
)

# Selector byte first. 3.1.1 PINGREQ; 3.1.1 CONNECT (clean session, keep alive 60, client
# id "c1"); 5.0 PUBLISH QoS 1 to "a/b", packet id 1, no properties, payload "hi"; 5.0
# DISCONNECT with reason 0x04 and a Reason String "x"; 3.1.1 SUBSCRIBE to "a/+" and "#".
mqtt_builtin=(
    "00 c000"
    "00 100e 00044d515454 04 02 003c 00026331"
    "01 320a 0003612f62 0001 00 6869"
    "01 e006 04 04 1f00 0178"
    "00 820c 0001 0003612f2b 01 000123 00"
)

for t in "${coap_targets[@]}" "${mqtt_targets[@]}" "${mqttsn_targets[@]}"; do
    mkdir -p "$here/corpus/$t"
done

# Writes each hex string read on stdin (one per line) into every directory given; prints
# how many it wrote.
write_seeds() {
    if command -v python3 >/dev/null; then
        python3 -c '
import hashlib, os, sys
dirs = sys.argv[1:]
n = 0
for line in sys.stdin:
    hexstr = "".join(line.split())
    if not hexstr:
        continue
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        print(f"seed.sh: skipping bad hex {hexstr[:40]!r}", file=sys.stderr)
        continue
    name = hashlib.sha1(data).hexdigest()
    for d in dirs:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    n += 1
print(n)
' "${@}"
    else
        local n=0 hex name
        while read -r hex; do
            hex="$(echo "$hex" | tr -d ' \t')"
            [ -n "$hex" ] || continue
            if ! [[ "$hex" =~ ^([0-9a-fA-F]{2})+$ ]]; then
                echo "seed.sh: skipping bad hex ${hex:0:40}" >&2
                continue
            fi
            name="$(echo -n "$hex" | xxd -r -p | sha1sum | cut -d' ' -f1)"
            for d in "$@"; do echo -n "$hex" | xxd -r -p >"$d/$name"; done
            n=$((n + 1))
        done
        echo "$n"
    fi
}

# Prints every "wire" field of one CoAP vector file, one per line, or nothing if unreadable.
coap_wires_of() {
    if command -v python3 >/dev/null; then
        python3 -c '
import json, sys
path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
except (OSError, ValueError) as e:
    print(f"seed.sh: skipping {path}: {e}", file=sys.stderr)
    sys.exit(0)
vectors = doc.get("vectors") if isinstance(doc, dict) else None
if not isinstance(vectors, list):
    print(f"seed.sh: skipping {path}: no \"vectors\" array", file=sys.stderr)
    sys.exit(0)
for v in vectors:
    w = v.get("wire") if isinstance(v, dict) else None
    if isinstance(w, str):
        print("".join(w.split()))
' "$1"
    else
        jq -r '.vectors[]? | .wire? | strings | gsub("\\s"; "")' "$1" 2>/dev/null ||
            echo "seed.sh: skipping $1 (not valid JSON)" >&2
    fi
}

# Prints every "wire" field of one MQTT vector file prefixed with its selector byte, one per
# line, or nothing if unreadable.
mqtt_seeds_of() {
    if command -v python3 >/dev/null; then
        python3 -c '
import json, sys
path = sys.argv[1]
try:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
except (OSError, ValueError) as e:
    print(f"seed.sh: skipping {path}: {e}", file=sys.stderr)
    sys.exit(0)
vectors = doc.get("vectors") if isinstance(doc, dict) else None
if not isinstance(vectors, list):
    print(f"seed.sh: skipping {path}: no \"vectors\" array", file=sys.stderr)
    sys.exit(0)
file_version = doc.get("version")
for i, v in enumerate(vectors):
    if not isinstance(v, dict):
        continue
    w = v.get("wire")
    if not isinstance(w, str):
        continue
    version = v.get("version", file_version)
    if version == "3.1.1":
        selector = 0
    elif version == "5.0":
        selector = 1
    else:
        vid = v.get("id", i)
        print(f"seed.sh: skipping {path} vector {vid}: version {version!r}", file=sys.stderr)
        continue
    if v.get("result") == "acceptable":
        selector |= 2
    print(f"{selector:02x}" + "".join(w.split()))
' "$1"
    else
        local version result wire selector
        jq -r '(.version // "") as $fv | .vectors[]? | objects | select(.wire | type == "string")
               | [(.version // $fv), (.result // ""), (.wire | gsub("\\s"; ""))] | @tsv' \
            "$1" 2>/dev/null |
            while IFS=$'\t' read -r version result wire; do
                case "$version" in
                    3.1.1) selector=0 ;;
                    5.0) selector=1 ;;
                    *)
                        echo "seed.sh: skipping a vector of $1: version '$version'" >&2
                        continue
                        ;;
                esac
                [ "$result" = acceptable ] && selector=$((selector | 2))
                printf '%02x%s\n' "$selector" "$wire"
            done ||
            echo "seed.sh: skipping $1 (not valid JSON)" >&2
    fi
}

# seed <name> <builtin-array-name> <vector-dir> <lister> <target>...
seed() {
    local name="$1" builtin_name="$2" vectors="$3" lister="$4"
    shift 4
    local -n builtin="$builtin_name"
    local dirs=() t f count
    for t in "$@"; do
        dirs+=("$here/corpus/$t")
        mkdir -p "$here/corpus/$t"
    done

    count=$(printf '%s\n' "${builtin[@]}" | write_seeds "${dirs[@]}")
    echo "seed.sh: ${count} built-in ${name} seeds"

    shopt -s nullglob
    local files=("$vectors"/*.json)
    shopt -u nullglob
    if [ ! -d "$vectors" ] || [ ${#files[@]} -eq 0 ]; then
        echo "seed.sh: no vector files in $vectors; ${name} corpora hold the built-in seeds only" >&2
    else
        for f in "${files[@]}"; do
            count=$("$lister" "$f" | write_seeds "${dirs[@]}")
            echo "seed.sh: $(basename "$f"): ${count} seeds"
        done
    fi

    for t in "$@"; do
        echo "seed.sh: corpus/$t: $(find "$here/corpus/$t" -type f | wc -l) files"
    done
}

seed CoAP coap_builtin "$coap_vectors" coap_wires_of "${coap_targets[@]}"
seed MQTT mqtt_builtin "$mqtt_vectors" mqtt_seeds_of "${mqtt_targets[@]}"
seed MQTT-SN mqttsn_builtin "$mqttsn_vectors" coap_wires_of "${mqttsn_targets[@]}"

# LwM2M: TLV payloads (the Device object of LwM2M 1.0 §6.4.3.1 built in) for the TLV targets;
# for lwm2m_tlv_decode each is prefixed with selector byte 01 (request path /3/0). Link-format
# documents for lwm2m_link.
lwm2m_tlv_builtin=(c109648606410001410105 080003c10964 410001410105)
lwm2m_decode_builtin=(01c109648606410001410105 01080003c10964 01410001410105)
lwm2m_link_builtin=(3c2f312f303e2c3c2f332f303e3b7665723d312e312c3c2f353e)
lwm2m_selected_wires_of() { coap_wires_of "$1" | sed 's/^/01/'; }
seed "LwM2M TLV" lwm2m_tlv_builtin "${4:-$here/../testvectors/lwm2m-tlv}" coap_wires_of lwm2m_tlv_roundtrip lwm2m_tlv_inverse
seed "LwM2M TLV (selected)" lwm2m_decode_builtin "${4:-$here/../testvectors/lwm2m-tlv}" lwm2m_selected_wires_of lwm2m_tlv_decode
# SenML: selector byte 00 for JSON, 01 for CBOR, 02 for LwM2M CBOR, 03 for LwM2M 1.0 JSON,
# then the payload.
senml_builtin=(005b7b226e223a222f332f302f39222c2276223a39357d5d 0181a200662f332f302f390218 5f)
senml_json_wires_of() { coap_wires_of "$1" | sed 's/^/00/'; }
senml_cbor_wires_of() { coap_wires_of "$1" | sed 's/^/01/'; }
seed "SenML JSON" senml_builtin "$here/../testvectors/senml-json" senml_json_wires_of lwm2m_senml
seed "SenML CBOR" senml_builtin "$here/../testvectors/senml-cbor" senml_cbor_wires_of lwm2m_senml
lwm2m_cbor_wires_of() { coap_wires_of "$1" | sed 's/^/02/'; }
seed "LwM2M CBOR" senml_builtin "$here/../testvectors/lwm2m-cbor" lwm2m_cbor_wires_of lwm2m_senml
lwm2m_json_wires_of() { coap_wires_of "$1" | sed 's/^/03/'; }
seed "LwM2M JSON" senml_builtin "$here/../testvectors/lwm2m-json" lwm2m_json_wires_of lwm2m_senml
seed "link-format" lwm2m_link_builtin "${5:-$here/../testvectors/link-format}" coap_wires_of lwm2m_link

# WBXML: the vectors for the byte targets, the XML fixtures for wbxml_xml.
wbxml_builtin=(02a4016a006d1201 03016a00450301610001)
seed WBXML wbxml_builtin "$here/../testvectors/wbxml" coap_wires_of wbxml_decode wbxml_roundtrip wbxml_inverse
mkdir -p "$here/corpus/wbxml_xml"
cp "$here"/../codecs/wbxml/tests/fixtures/*.xml "$here/corpus/wbxml_xml/" 2>/dev/null || true
echo "seed.sh: corpus/wbxml_xml: $(find "$here/corpus/wbxml_xml" -type f | wc -l) files"
