// The seeds every target mutates, all real: the shared capture corpus (../shared/captures/**, each
// cut to at most 64 KiB at a record boundary so a case stays quick), its frames, the DNS messages
// and HTTP messages inside them, the web-platform-tests URL inputs, llhttp's response inputs, and
// a lab recording's journal (test/fuzz/seeds/).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { readCapture } from '../../src-main/capture/index.ts'
import { newContext } from '../../src-main/decode/core.ts'
import { decodeNetwork, decodeTransport } from '../../src-main/decode/packet.ts'
import { readLlhttpSuite } from '../http/llhttp-suite.ts'
import { CORPUS_DIR, PEER_SUITES_DIR } from '../support/corpus.ts'
import { captureSeed, type CaptureSeed } from './mutate.ts'
import { cutCapture } from './structure.ts'

export interface Seeds {
  pcap: CaptureSeed[]
  pcapng: CaptureSeed[]
  frames: { linkType: number; bytes: Uint8Array }[]
  dns: Uint8Array[]
  http: Uint8Array[]
  urls: string[]
  /** Recording journals and the captures they belong to. */
  journals: { bytes: Uint8Array; capture: string }[]
}

export const MAX_SEED_BYTES = 64 * 1024
const MAX_FRAMES_PER_CAPTURE = 200
export const SEEDS_DIR = join(import.meta.dirname, 'seeds')

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path))
    else out.push(path)
  }
  return out.sort()
}

const isCapture = (name: string): boolean => /\.(pcap|pcapng|cap)$/i.test(name)

export async function loadSeeds(): Promise<Seeds> {
  const seeds: Seeds = { pcap: [], pcapng: [], frames: [], dns: [], http: [], urls: [], journals: [] }
  const captures = [...filesUnder(CORPUS_DIR), ...filesUnder(SEEDS_DIR)].filter(isCapture)
  if (captures.length === 0) throw new Error(`no seed captures under ${CORPUS_DIR}`)
  for (const path of captures) {
    const whole = new Uint8Array(readFileSync(path))
    const bytes = cutCapture(whole, MAX_SEED_BYTES).slice()
    const magic = bytes.length >= 4 ? new DataView(bytes.buffer).getUint32(0, false) : 0
    const seed = captureSeed(path, bytes)
    if (magic === 0x0a0d0d0a) seeds.pcapng.push(seed)
    else seeds.pcap.push(seed)
    await collectFrames(path, seeds)
  }
  for (const c of readLlhttpSuite()) seeds.http.push(c.input)
  const wpt = JSON.parse(readFileSync(join(PEER_SUITES_DIR, 'wpt-url', 'urltestdata.json'), 'utf8')) as unknown[]
  for (const item of wpt) if (typeof item === 'object' && item !== null) seeds.urls.push((item as { input: string }).input)
  seeds.urls.push('http://user:password@www.lab.cyber.co.kr:8080/dir/file1.html?q=1#top', 'https://www.lab.glasscom.com/sample.htm', 'ftp://ftp.example/a.txt', 'mailto:a@b.c', 'file:///x')
  for (const path of filesUnder(SEEDS_DIR).filter((p) => p.endsWith('.wiretrail.jsonl'))) {
    seeds.journals.push({ bytes: new Uint8Array(readFileSync(path)), capture: path.slice(0, -'.wiretrail.jsonl'.length) })
  }
  for (const [name, list] of Object.entries(seeds)) if ((list as unknown[]).length === 0) throw new Error(`no ${name} seeds: is ../shared beside the repository, and test/fuzz/seeds there?`)
  return seeds
}

/** The capture's first frames, and the DNS and HTTP messages in them. A seed the reader refuses
 * (the corpus holds malformed files on purpose) gives what it read before the problem. */
async function collectFrames(path: string, seeds: Seeds): Promise<void> {
  let taken = 0
  try {
    await readCapture(path, {
      onFrame: (f) => {
        if (taken >= MAX_FRAMES_PER_CAPTURE) return
        taken += 1
        const bytes = f.data.slice()
        seeds.frames.push({ linkType: f.linkType, bytes })
        const ctx = newContext(false)
        const net = decodeNetwork(ctx, f.linkType, bytes, false)
        if (!net.ip || net.ip.fragment) return
        const tr = decodeTransport(ctx, net.ip, bytes, false)
        if (tr.udp && [53, 5353, 5355, 10053].some((p) => p === tr.udp!.srcPort || p === tr.udp!.dstPort) && seeds.dns.length < 2000) {
          seeds.dns.push(bytes.slice(tr.udp.payloadOffset, tr.udp.payloadEnd))
        }
        if (tr.tcp && tr.tcp.payloadEnd - tr.tcp.payloadOffset > 12 && seeds.http.length < 1000) {
          const payload = bytes.subarray(tr.tcp.payloadOffset, tr.tcp.payloadEnd)
          if (/^(HTTP\/1\.[01] \d{3}|[A-Z]+ \S+ HTTP\/1\.[01]\r?\n)/.test(Buffer.from(payload.subarray(0, 40)).toString('latin1'))) seeds.http.push(payload.slice())
        }
      },
    })
  } catch {
    // a malformed seed: its frames up to the problem are kept
  }
}
