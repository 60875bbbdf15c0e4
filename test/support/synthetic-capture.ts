// A large capture of real traffic for the benchmark and the large-capture end-to-end test: copies of
// real corpus captures (page loads over HTTP with images and gzip, a page load with its DNS, a
// DNS-heavy host, TLS 1.2 / 1.3 handshakes; see ../shared/captures/MANIFEST.md), each copy with its
// TCP/UDP client ports shifted (so its conversations stay distinct from the other copies') and its
// times moved on by a minute, written as one classic pcap of exactly `packets` packets.
import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import { readCapture } from '../../src-main/capture/index.ts'
import { CORPUS_DIR } from './corpus.ts'

export const SYNTHETIC_SOURCES = [
  'http-espn-pageload-images-gzip.pcapng',
  'http-bro-org-pageload.pcap',
  'http-keepalive-gzip-57-requests.pcap',
  'http-wikipedia-pageload-images.pcap',
  'dns-many-queries-mdns-llmnr.pcap',
  'tls12-ecdhe.pcap',
  'tls13-hello-retry-request.pcap',
  'tls-client-hello-split-across-segments.pcap',
]

async function records(file: string): Promise<{ data: Uint8Array; t: number }[]> {
  const out: { data: Uint8Array; t: number }[] = []
  await readCapture(`${CORPUS_DIR}/${file}`, { onFrame: (f) => f.linkType === 1 && out.push({ data: f.data.slice(), t: f.tsSec + f.tsNsec / 1e9 }) })
  return out
}

/** Writes the capture to `path`; returns its size in bytes. */
export async function writeSyntheticCapture(path: string, packets: number): Promise<number> {
  const sources = (await Promise.all(SYNTHETIC_SOURCES.map(records))).flat()
  const fd = openSync(path, 'w')
  try {
    const head = Buffer.alloc(24)
    head.writeUInt32LE(0xa1b2c3d4, 0)
    head.writeUInt16LE(2, 4)
    head.writeUInt16LE(4, 6)
    head.writeUInt32LE(262144, 16)
    head.writeUInt32LE(1, 20)
    writeSync(fd, head)
    let n = 0
    let copy = 0
    // Records are gathered into large writes (millions of packets: not two write(2) calls each).
    const out = Buffer.alloc(4 << 20)
    let used = 0
    const put = (bytes: Uint8Array) => {
      if (used + bytes.length > out.length) {
        writeSync(fd, out, 0, used)
        used = 0
      }
      out.set(bytes, used)
      used += bytes.length
    }
    const rec = Buffer.alloc(16)
    while (n < packets) {
      for (const p of sources) {
        if (n >= packets) break
        const d = Buffer.from(p.data)
        if (d.length > 37 && d[12] === 0x08 && d[13] === 0x00) {
          const ihl = (d[14]! & 0x0f) * 4
          const l4 = 14 + ihl
          if ((d[23] === 6 || d[23] === 17) && d.length >= l4 + 4) {
            const sp = d.readUInt16BE(l4)
            const dp = d.readUInt16BE(l4 + 2)
            if (sp > 1024) d.writeUInt16BE(1024 + ((sp + copy * 7) % 64000), l4)
            if (dp > 1024) d.writeUInt16BE(1024 + ((dp + copy * 7) % 64000), l4 + 2)
          }
        }
        const t = 1.7e9 + copy * 60 + (p.t % 60)
        rec.writeUInt32LE(Math.floor(t), 0)
        rec.writeUInt32LE(Math.floor((t % 1) * 1e6), 4)
        rec.writeUInt32LE(d.length, 8)
        rec.writeUInt32LE(d.length, 12)
        put(rec)
        put(d)
        n++
      }
      copy++
    }
    writeSync(fd, out, 0, used)
  } finally {
    closeSync(fd)
  }
  return statSync(path).size
}

/** A synthetic capture that a 24 MiB analyzer heap cannot hold, for the tests of running out of
 * memory (test/analyzer/worker-memory.test.ts, test/e2e/out-of-memory.test.ts): the worker runs out
 * after ≈ 270 000–290 000 frames of this traffic (run from source, compiling it in its own heap), so
 * 600 000 leaves it twice the room it would need to fit. With 200 000 the open succeeded on some
 * machines (the e2e test then waited 240 s for an error that never came). */
export const TOO_BIG_FOR_HEAP = { heapLimitMb: 24, frames: 600_000 } as const
