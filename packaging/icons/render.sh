#!/usr/bin/env bash
# Renders defl-workbench.svg into the committed PNG sizes (hicolor theme), .ico (Windows) and .icns (macOS).
# Needs rsvg-convert (librsvg2-bin), ImageMagick's convert and png2icns (icnsutils). Run after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for n in 16 32 48 64 128 256 512; do
  rsvg-convert -w "$n" -h "$n" defl-workbench.svg -o "png/defl-workbench-$n.png"
done
convert png/defl-workbench-{16,32,48,64,128,256}.png defl-workbench.ico
png2icns defl-workbench.icns png/defl-workbench-{16,32,128,256,512}.png >/dev/null
