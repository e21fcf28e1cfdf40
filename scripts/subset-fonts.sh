#!/bin/sh
# Writes fonts/*.ttf: the four DejaVu Sans faces of the dejavu-fonts-ttf package (2.37.3) cut to
# the characters in UNICODES, without hinting (resvg does not hint), everything else kept (names,
# metrics, kerning and other layout features), so resvg draws those characters exactly as from the
# full files. See fonts/README.md for why. Needs fonttools (pip install fonttools==4.66.1).
# Usage: sh scripts/subset-fonts.sh   (from the repository root, after npm ci)
set -e
# Keep in step with SUBSET_RANGES in src/report/render/png.ts.
UNICODES='U+0020-007E,U+00A0-024F,U+0370-03FF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+2600-26FF'
src=node_modules/dejavu-fonts-ttf/ttf
for face in DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique DejaVuSans-BoldOblique; do
  pyftsubset "$src/$face.ttf" --unicodes="$UNICODES" --no-hinting --layout-features='*' \
    --name-IDs='*' --name-languages='*' --name-legacy --notdef-outline --legacy-kern \
    --output-file="fonts/$face.ttf"
done
