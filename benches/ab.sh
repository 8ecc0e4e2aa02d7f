#!/usr/bin/env bash
# A/B of the MQTT codec: the paired table (M2MWIRE_PAIRED=1) of commit REF and of the work
# tree, built into two target directories, run alternately RUNS times, m2mwire's rows only.
# Each line: packet, m2mwire routine, which build (A = REF, B = work tree), median, and
# m2mwire's ratio to the fastest peer in that run. Alternating the two builds lets the machine's slow and fast
# spells fall on both alike; compare A and B lines of the same row.
#
# Usage: benches/ab.sh REF [RUNS]    (RUNS defaults to 3; the first build takes minutes)
set -euo pipefail
ref="$1"
runs="${2:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
tmp="${TMPDIR:-/tmp}/m2mwire-ab"
mkdir -p "$tmp"
rm -rf "$tmp/ref"
git worktree prune
git worktree add -q --detach "$tmp/ref" "$ref"
trap 'git -C "$root" worktree remove --force "$tmp/ref"' EXIT
(cd "$tmp/ref" && CARGO_TARGET_DIR="$tmp/target-a" cargo bench -q -p m2mwire-benches --bench mqtt --no-run)
CARGO_TARGET_DIR="$tmp/target-b" cargo bench -q -p m2mwire-benches --bench mqtt --no-run
newest() { ls -t "$1"/release/deps/mqtt-* | grep -v '\.d$' | head -1; }
bin_a="$(newest "$tmp/target-a")"
bin_b="$(newest "$tmp/target-b")"
for _ in $(seq "$runs"); do
    for v in A B; do
        if [ "$v" = A ]; then bin="$bin_a"; else bin="$bin_b"; fi
        M2MWIRE_PAIRED=1 "$bin" --bench 2>/dev/null | grep '| m2mwire' | grep -v '^| packet' |
            awk -F'|' -v v="$v" '{ split($6, r, " "); printf "%-46s|%-25s| %s |%7.1f ns | %s\n", $2, $4, v, $5, r[1] }'
    done
done | sort -s -t'|' -k1,2
