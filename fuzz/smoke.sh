#!/usr/bin/env bash
# Run every fuzz target for a short time from its seed corpus (stable toolchain, no
# sanitizer), so that a target that no longer builds, or crashes at once, fails CI.
#
# Usage: fuzz/smoke.sh [SECONDS_PER_TARGET]   (default 10)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Seeds come from fuzz/seed.sh; dictionaries
# from fuzz/dict/<protocol>.dict when there is one for the target's prefix.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secs="${1:-10}"
cd "$here"
bash seed.sh >/dev/null 2>&1
cargo fuzz build -s none -O
failed=()
for t in $(cargo fuzz list); do
    dict=""
    for p in wbxml lwm2m mqttsn mqtt coap; do
        if [[ "$t" == ${p}_* ]] && [ -f "dict/$p.dict" ]; then
            dict="-dict=$here/dict/$p.dict"
            break
        fi
    done
    mkdir -p "corpus/$t"
    # A scratch copy of the corpus, so a smoke run does not grow the checked seeds.
    work="$(mktemp -d)"
    cp -r "corpus/$t/." "$work/" 2>/dev/null || true
    if cargo fuzz run -s none -O "$t" "$work" -- -max_total_time="$secs" $dict \
        >"$work.log" 2>&1; then
        echo "smoke: $t ok ($(grep -o 'Done [0-9]* runs' "$work.log" | tail -1))"
    else
        echo "smoke: $t FAILED"
        tail -30 "$work.log"
        failed+=("$t")
    fi
    rm -rf "$work" "$work.log"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "smoke: failing targets: ${failed[*]}"
    exit 1
fi
