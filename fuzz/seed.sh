#!/usr/bin/env bash
# Build the seed corpora fuzz/corpus/<target>/ from the CoAP test vectors.
#
# Usage: fuzz/seed.sh [VECTOR_DIR]     (default: testvectors/coap next to fuzz/)
#
# Every *.json file there is read as {"vectors": [{"wire": "<hex>", ...}, ...]}; each "wire"
# (whitespace inside the hex is ignored) becomes one corpus file named by the SHA-1 of its
# bytes, as libFuzzer names its own, so running this again adds nothing twice. The same
# seeds go to every CoAP target (for coap_inverse they are only starting entropy for
# `Arbitrary`). A few messages from RFC 7252 are always added, so the corpora are never
# empty.
#
# Tolerant by design: a missing directory, no *.json, a file that is not (yet) valid JSON,
# a vector without "wire" or with bad hex are reported on stderr and skipped; the script
# still exits 0. Needs python3 (falls back to jq + xxd if python3 is missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
vectors="${1:-$here/../testvectors/coap}"
targets=(coap_decode coap_roundtrip coap_inverse)

# RFC 7252 Appendix A, Figure 16 (CON GET /temperature), an Empty ACK and a 2.05 response
# with a payload, as hex.
builtin=(
    "41017d3471bb74656d7065726174757265"
    "60007d34"
    "6145 7d34 71c0 ff 32322e3320 43"
)

for t in "${targets[@]}"; do
    mkdir -p "$here/corpus/$t"
done

# Writes each hex string read on stdin (one per line) into every target's corpus.
write_seeds() {
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
}

# Prints every "wire" field of one vector file, one per line, or nothing if unreadable.
wires_of() {
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

dirs=()
for t in "${targets[@]}"; do
    dirs+=("$here/corpus/$t")
done

if command -v python3 >/dev/null; then
    count=$(printf '%s\n' "${builtin[@]}" | write_seeds "${dirs[@]}")
    echo "seed.sh: ${count} built-in seeds"
else
    for h in "${builtin[@]}"; do
        bytes="$(echo "$h" | tr -d ' ')"
        name="$(echo -n "$bytes" | xxd -r -p | sha1sum | cut -d' ' -f1)"
        for d in "${dirs[@]}"; do echo -n "$bytes" | xxd -r -p >"$d/$name"; done
    done
fi

shopt -s nullglob
files=("$vectors"/*.json)
if [ ! -d "$vectors" ] || [ ${#files[@]} -eq 0 ]; then
    echo "seed.sh: no vector files in $vectors; corpora hold the built-in seeds only" >&2
    exit 0
fi

for f in "${files[@]}"; do
    if command -v python3 >/dev/null; then
        count=$(wires_of "$f" | write_seeds "${dirs[@]}")
    else
        count=0
        while read -r hex; do
            [ -n "$hex" ] || continue
            name="$(echo -n "$hex" | xxd -r -p | sha1sum | cut -d' ' -f1)"
            for d in "${dirs[@]}"; do echo -n "$hex" | xxd -r -p >"$d/$name"; done
            count=$((count + 1))
        done < <(wires_of "$f")
    fi
    echo "seed.sh: $(basename "$f"): ${count} seeds"
done

for t in "${targets[@]}"; do
    echo "seed.sh: corpus/$t: $(find "$here/corpus/$t" -type f | wc -l) files"
done
