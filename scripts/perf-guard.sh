#!/bin/sh
# Speed work must not change a single number: results.json of the shipped
# sample and of a 60,000-person simulated extract (simulate --persons 60000
# --seed 3 --out /tmp/perf60k) must hash as recorded from main (the sample
# with its survey blocks, main at daef3f0; the 60k extract, main at 17:16).
# A deliberate change to results.json updates these hashes.
# Usage: npm run build && sh scripts/perf-guard.sh [/tmp/perf60k]
set -e
big=${1:-/tmp/perf60k}
tmp=$(mktemp -d)
node bin/effekt run data-samples/brf/spec.json --out "$tmp/brf" >/dev/null 2>&1
node bin/effekt run "$big/spec.json" --out "$tmp/big" >/dev/null 2>&1
brf=$(sed "s#$(pwd)/#<repo>/#g" "$tmp/brf/results.json" | sha256sum | cut -d' ' -f1)
big60=$(sha256sum "$tmp/big/results.json" | cut -d' ' -f1)
rm -rf "$tmp"
ok=0
[ "$brf" = 83a6171925e442aa956c51a7ce682c0f043ac446b5b08ee4bc1b9f640442c209 ] && echo "brf: identical" || { echo "brf: CHANGED $brf"; ok=1; }
[ "$big60" = a2fb63643637108f9f2f9d856307480c80dafca6d64e961d032db43a5857d7e5 ] && echo "60k: identical" || { echo "60k: CHANGED $big60"; ok=1; }
exit $ok
