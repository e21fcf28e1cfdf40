#!/usr/bin/env bash
# The size and power scenarios of issue 22's "Done when", reproducible:
#   scripts/audit-scenarios.sh [s17 s5 s5kbh power17 power5 ...]   (default: all)
# Each scenario simulates a 20,000-person design with `effekt simulate` (brf
# preset, seed 1), then runs `effekt audit` on its spec: R replications
# (default 100), each a fresh extract of the same design, B bootstrap
# replications per evaluation (default 199). The table goes to
# $OUT/<scenario>/table.txt beside audit.json, audit.csv and audit.svg.
#   s17    no effect, the 17 participating municipalities of the sample
#   s5     no effect, 5 participating municipalities of median size
#   s5kbh  no effect, 5 participating with København holding ~41 % of their persons
#   power17, power5   the simulator's stated effect (--effect 1) on s17's and s5's designs
# Environment: R, B, PERSONS (20000), OUT (reports/audit-scenarios), EFFEKT (node bin/effekt).
set -euo pipefail
cd "$(dirname "$0")/.."
R=${R:-100}
B=${B:-199}
PERSONS=${PERSONS:-20000}
OUT=${OUT:-reports/audit-scenarios}
EFFEKT=${EFFEKT:-node bin/effekt}
[ -f dist/cli/main.js ] || npm run build >/dev/null

design() { # name, treated municipalities (empty: the preset's 17)
  local dir="$OUT/designs/$1"
  [ -f "$dir/spec.json" ] && return 0
  local set=()
  [ -n "$2" ] && set=(--set "treated=$2")
  $EFFEKT simulate --persons "$PERSONS" --seed 1 --out "$dir" --quiet "${set[@]}"
}

audit() { # scenario, design, effect
  mkdir -p "$OUT/$1"
  echo "== $1: design $2, effect $3, $R replications, bootstrap $B" >&2
  $EFFEKT audit "$OUT/designs/$2/spec.json" --replications "$R" --bootstrap "$B" \
    --effect "$3" --seed 1001 --out "$OUT/$1" | tee "$OUT/$1/table.txt"
}

run() {
  case "$1" in
    s17) design d17 '' && audit s17 d17 0 ;;
    s5) design d5 '157,259,316,615,740' && audit s5 d5 0 ;;
    s5kbh) design d5kbh '101,751,851,461,147' && audit s5kbh d5kbh 0 ;;
    power17) design d17 '' && audit power17 d17 1 ;;
    power5) design d5 '157,259,316,615,740' && audit power5 d5 1 ;;
    *) echo "unknown scenario $1 (s17 s5 s5kbh power17 power5)" >&2; exit 2 ;;
  esac
}

if [ $# -eq 0 ]; then set -- s17 s5 s5kbh power17 power5; fi
for s in "$@"; do run "$s"; done
