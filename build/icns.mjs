// Packs the rendered PNGs into build/icon.icns for macOS (render-icons.sh calls it). An .icns is
// a "icns" header and one chunk per size, each chunk a 4-letter type, its length and a PNG; with
// the file in build/, electron-builder need not download a converter to make one from icon.png.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
// Apple's PNG-based icon types and the pixel size each holds.
const CHUNKS = [
  ['ic11', 'icons/32x32.png'], // 16×16@2x
  ['ic12', 'icons/64x64.png'], // 32×32@2x
  ['ic07', 'icons/128x128.png'], // 128×128
  ['ic13', 'icons/256x256.png'], // 128×128@2x
  ['ic08', 'icons/256x256.png'], // 256×256
  ['ic14', 'icons/512x512.png'], // 256×256@2x
  ['ic09', 'icons/512x512.png'], // 512×512
  ['ic10', 'icon.png'], // 512×512@2x (1024×1024)
]

const chunks = CHUNKS.map(([type, file]) => {
  const png = readFileSync(join(here, file))
  const head = Buffer.alloc(8)
  head.write(type, 0, 'latin1')
  head.writeUInt32BE(png.length + 8, 4)
  return Buffer.concat([head, png])
})
const header = Buffer.alloc(8)
header.write('icns', 0, 'latin1')
header.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4)
writeFileSync(join(here, 'icon.icns'), Buffer.concat([header, ...chunks]))
