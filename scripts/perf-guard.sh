#!/bin/sh
# Speed work must not change a single number: results.json of the shipped
# sample and of a 60,000-person simulated extract (simulate --persons 60000
# --seed 3 --out /tmp/perf60k) must hash as recorded from main (the sample
# with its survey blocks, and the 60k extract: both as main gives them after
# #12 (safety) changed results.json on purpose, checked on main's own build).
# A deliberate change to results.json updates these hashes (last: issues #21–#23, Dec 2026:
# headlines, wild bootstrap, sensitivity, disclosure codes, typed warnings).
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
[ "$brf" = f20a3cb2ca8269cd83d8e8f610616a675943c770a33933195788716f17340a71 ] && echo "brf: identical" || { echo "brf: CHANGED $brf"; ok=1; }
[ "$big60" = 70f23242c6a797980dceb386b24faad09161a4be3d81b18767458bb7fa6c96cd ] && echo "60k: identical" || { echo "60k: CHANGED $big60"; ok=1; }
exit $ok
