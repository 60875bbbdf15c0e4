// Shared by the dissector tests: run the frame dissectors the way detail(frame) does (link →
// network → transport → DNS for a DNS port), find fields by key, and ask tshark where *it* puts a
// field (PDML `pos`/`size`) so offsets are checked against Wireshark, not only against ourselves.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newContext, type DecodeContext } from '../../src-main/decode/core.ts'
import { decodeDns, type DnsMessage } from '../../src-main/decode/dns.ts'
import { decodeNetwork, decodeTransport, type NetworkLayers, type TransportLayers } from '../../src-main/decode/packet.ts'
import { udpApp } from '../../src-main/decode/ports.ts'
import type { DecodedField, DecodedLayer } from '../../src-main/shared/walkthrough.ts'
import { runPeer } from '../analyzer/peers.ts'
import { scratchDir } from '../support/scratch.ts'

export interface Dissected {
  ctx: DecodeContext
  net: NetworkLayers
  tr: TransportLayers
  dns: DnsMessage | null
  names: string[]
}

export function dissect(bytes: Uint8Array, linkType = 1, originalLength = bytes.length): Dissected {
  const ctx = newContext(true)
  const short = bytes.length < originalLength
  const net = decodeNetwork(ctx, linkType, bytes, short)
  const tr = net.ip && !net.ip.fragment ? decodeTransport(ctx, net.ip, bytes, short) : {}
  let dns: DnsMessage | null = null
  if (tr.udp && tr.udp.payloadEnd > tr.udp.payloadOffset && udpApp(tr.udp.srcPort, tr.udp.dstPort) === 'dns') dns = decodeDns(ctx, bytes, tr.udp.payloadOffset, tr.udp.payloadEnd, undefined, short)
  return { ctx, net, tr, dns, names: ctx.layers.map((l) => l.name) }
}

/** Depth-first: the first field with this key (in one layer or in all). */
export function find(where: DecodedLayer | DecodedLayer[] | DecodedField[], key: string): DecodedField {
  const fields: DecodedField[] = Array.isArray(where) ? (where as (DecodedLayer | DecodedField)[]).flatMap((x) => ('fields' in x ? x.fields : [x])) : where.fields
  const walk = (list: DecodedField[]): DecodedField | undefined => {
    for (const f of list) {
      if (f.key === key) return f
      const c = f.children && walk(f.children)
      if (c) return c
    }
    return undefined
  }
  const hit = walk(fields)
  if (!hit) throw new Error(`no field ${key}`)
  return hit
}

/** Every field with this key, in order. */
export function findAll(layers: DecodedLayer[], key: string): DecodedField[] {
  const out: DecodedField[] = []
  const walk = (list: DecodedField[]) => {
    for (const f of list) {
      if (f.key === key) out.push(f)
      if (f.children) walk(f.children)
    }
  }
  for (const l of layers) walk(l.fields)
  return out
}

const tmp = scratchDir('decode')
let seq = 0

/** Writes one frame as a classic pcap (microsecond, little-endian). */
export function writeOneFramePcap(bytes: Uint8Array, linkType = 1): string {
  const head = Buffer.alloc(24)
  head.writeUInt32LE(0xa1b2c3d4, 0)
  head.writeUInt16LE(2, 4)
  head.writeUInt16LE(4, 6)
  head.writeUInt32LE(262144, 16)
  head.writeUInt32LE(linkType, 20)
  const rec = Buffer.alloc(16)
  rec.writeUInt32LE(1_700_000_000, 0)
  rec.writeUInt32LE(bytes.length, 8)
  rec.writeUInt32LE(bytes.length, 12)
  const file = join(tmp, `frame-${++seq}.pcap`)
  writeFileSync(file, Buffer.concat([head, rec, bytes]))
  return file
}

/** tshark's PDML positions of the named fields, in order of appearance: key → [pos, size][]. */
export async function tsharkPositions(bytes: Uint8Array, linkType = 1, extra: string[] = []): Promise<Map<string, [number, number][]>> {
  const file = writeOneFramePcap(bytes, linkType)
  const { stdout } = await runPeer('tshark', ['-n', '-r', file, ...extra, '-T', 'pdml'], { check: true })
  const out = new Map<string, [number, number][]>()
  for (const m of stdout.matchAll(/<field name="([^"]+)"[^>]*?\bsize="(\d+)" pos="(\d+)"/g)) {
    const list = out.get(m[1]!) ?? []
    list.push([Number(m[3]), Number(m[2])])
    out.set(m[1]!, list)
  }
  return out
}

/**
 * Where our detail view and tshark disagree about a field's place: for every field key both emit,
 * our (offset, length) list must be a subsequence of tshark's (PDML `pos`, `size`) for the same
 * frame — Wireshark may show more fields under a key, never other places. tshark runs with TCP
 * desegmentation and IP defragmentation off, since detail(frame) dissects one frame's bytes.
 * Two differences are by design and skipped, each for a stated reason:
 *  - the header of a TLS record that continues in the next segment: without desegmentation tshark
 *    leaves it undissected, we show the header and a note;
 *  - http.file_data: tshark without desegmentation may take a segment that starts a response for
 *    body data of the previous one; we show the head and the body bytes after it;
 *  - DNS fields in a segment that carries on a message begun in an earlier one (its issue
 *    DNS_TCP_MESSAGE_CONTINUED): without desegmentation tshark reads the segment's first bytes as
 *    a new message's length and header, we read the message where it is (its values are checked
 *    against tshark with reassembly on in test/analyzer/dns-tcp-segments.test.ts).
 */
export async function offsetMismatches(file: string, frameLimit = Number.MAX_SAFE_INTEGER, tsharkArgs: string[] = []): Promise<string[]> {
  const { runAnalysis } = await import('../../src-main/analyzer/run.ts')
  const { walkthrough: w, reader } = await runAnalysis(file)
  const args = ['-n', '-r', file, ...tsharkArgs, '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE', '-T', 'pdml']
  if (frameLimit < w.packets) args.push('-c', String(frameLimit))
  const { stdout } = await runPeer('tshark', args)
  const packets = stdout.split('<packet>').slice(1)
  const out: string[] = []
  try {
    for (let i = 0; i < Math.min(frameLimit, w.packets); i++) {
      const d = await reader.detail(i + 1)
      const theirs = new Map<string, string[]>()
      for (const m of (packets[i] ?? '').matchAll(/<field name="([^"]+)"[^>]*?\bsize="(\d+)" pos="(\d+)"/g)) {
        const list = theirs.get(m[1]!) ?? []
        list.push(`${m[3]}+${m[2]}`)
        theirs.set(m[1]!, list)
      }
      const continued = d.issues.filter((x) => x.layer === 'TLS' && x.message.includes('continues in the next segment')).map((x) => x.offset)
      const dnsCarriedOn = d.issues.some((x) => x.code === 'DNS_TCP_MESSAGE_CONTINUED')
      const ours = new Map<string, string[]>()
      const walk = (list: DecodedField[]) => {
        for (const f of list) {
          const skip = f.generated || f.length === 0 || f.key === 'http.file_data' || (f.key.startsWith('tls.') && continued.some((c) => f.offset >= c)) || (dnsCarriedOn && f.key.startsWith('dns.'))
          if (!skip) ours.set(f.key, [...(ours.get(f.key) ?? []), `${f.offset}+${f.length}`])
          if (f.children) walk(f.children)
        }
      }
      for (const l of d.layers) walk(l.fields)
      for (const [key, mine] of ours) {
        const t = theirs.get(key)
        if (!t) continue
        let j = 0
        for (const x of t) if (x === mine[j]) j++
        if (j < mine.length) out.push(`frame ${i + 1} ${key}: ours ${mine.join(',')} tshark ${t.join(',')}`)
      }
    }
  } finally {
    await reader.close()
  }
  return out
}
