#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script for m2mwire (not run by this repository's CI).
# Builds every cargo-fuzz target with the service's sanitizer flags, and ships each with a
# seed corpus (from the conformance vectors, fuzz/seed.sh) and its protocol's dictionary.
cd "$SRC/m2mwire/fuzz"
bash seed.sh
cargo fuzz build -O
out_dir="target/x86_64-unknown-linux-gnu/release"
for t in $(cargo fuzz list); do
    cp "$out_dir/$t" "$OUT/"
    if [ -d "corpus/$t" ]; then
        (cd "corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
    fi
    for p in wbxml lwm2m mqttsn mqtt coap; do
        if [[ "$t" == ${p}_* ]]; then
            cp "dict/$p.dict" "$OUT/$t.dict"
            break
        fi
    done
done
