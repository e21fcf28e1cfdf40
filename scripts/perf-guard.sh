#!/bin/sh
# Speed work must not change a single number: results.json of the shipped
# sample and of a 60,000-person simulated extract (simulate --persons 60000
# --seed 3 --out /tmp/perf60k) must hash as recorded before the work of #18.
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
[ "$brf" = b039f54f9e49bc506cea137a6c9526d5028407204804f906b918ef7729e033a9 ] && echo "brf: identical" || { echo "brf: CHANGED $brf"; ok=1; }
[ "$big60" = a2fb63643637108f9f2f9d856307480c80dafca6d64e961d032db43a5857d7e5 ] && echo "60k: identical" || { echo "60k: CHANGED $big60"; ok=1; }
exit $ok
