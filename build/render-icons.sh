#!/usr/bin/env bash
# Renders build/icon.svg to the icons electron-builder uses; the outputs are committed, so this
# runs only when the drawing changes. Needs ImageMagick with an SVG delegate (Debian:
# `apt-get install imagemagick librsvg2-bin`).
#   build/icon.png          1024×1024
#   build/icon.icns         macOS, packed from the PNGs by icns.mjs
#   build/icons/NxN.png     512, 256, 128, 64, 48, 32, 16 (Linux AppImage/deb)
#   build/icon.ico          16–256 in one file (Windows nsis)
set -euo pipefail
cd "$(dirname "$0")"
convert -background none -density 96 icon.svg -resize 1024x1024 icon.png
mkdir -p icons
for size in 512 256 128 64 48 32 16; do
  convert -background none icon.png -resize "${size}x${size}" "icons/${size}x${size}.png"
done
convert icons/256x256.png icons/128x128.png icons/64x64.png icons/48x48.png icons/32x32.png icons/16x16.png icon.ico
node icns.mjs
echo "render-icons: $(identify -format '%f %wx%h\n' icon.png icon.ico | tr '\n' ' ')"
