// Follow TCP stream, Conversations and Protocol Hierarchy agree with tshark on corpus captures
// (-z follow,tcp,raw,N for every stream; -z conv,tcp|udp|ip|ipv6; -z io,phs for the layers the
// frame index knows), and Find walks a view as Wireshark's Find Packet does — checked once more
// through the worker (analyzeCapture), the path the app takes.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import { followTcpStream } from '../../src-main/analyzer/follow.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { conversations, protocolHierarchy } from '../../src-main/analyzer/statistics.ts'
import type { Conversation, ConversationKind, FollowedStream, ProtocolNode } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from './tshark.ts'

const run = promisify(execFile)

async function tsharkStatistics(file: string, statistic: string): Promise<string> {
  try {
    return (await run('tshark', ['-n', '-q', '-r', file, '-z', statistic], { maxBuffer: 256 << 20 })).stdout
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string }
    if (err.code === 'ENOENT') throw new Error('tshark is not installed: run .ci/install-peers (apt package tshark)')
    if (typeof err.stdout === 'string' && err.stdout.length > 0) return err.stdout
    throw e
  }
}

/** tshark's raw follow output as [node, hex] lines, consecutive lines of one node joined. */
function tsharkChunks(text: string): { node0: string; chunks: string[] } {
  const lines = text.split('\n')
  const node0 = /^Node 0: (.*)$/m.exec(text)?.[1] ?? ''
  const chunks: string[] = []
  for (const line of lines) {
    if (!/^\t?[0-9a-f]+$/.test(line)) continue
    const tagged = `${line.startsWith('\t') ? 1 : 0}:${line.trim()}`
    const last = chunks[chunks.length - 1]
    if (last !== undefined && last[0] === tagged[0]) chunks[chunks.length - 1] = last + tagged.slice(2)
    else chunks.push(tagged)
  }
  return { node0, chunks }
}

/** Ours in tshark's terms: node 0 is the side of the stream's first frame; a gap is written as
 * tshark writes it into the data. */
function ourChunks(stream: FollowedStream, node0IsClient: boolean): string[] {
  const chunks: string[] = []
  for (const chunk of stream.chunks) {
    const node = (chunk.from === 'client') === node0IsClient ? 0 : 1
    const gap = chunk.missingBefore ? Buffer.from(`[${chunk.missingBefore} bytes missing in capture file]\0`).toString('hex') : ''
    const hex = gap + Buffer.from(chunk.bytes).toString('hex')
    const last = chunks[chunks.length - 1]
    if (last !== undefined && last[0] === String(node)) chunks[chunks.length - 1] = last + hex
    else chunks.push(`${node}:${hex}`)
  }
  return chunks
}

const endText = (e: Conversation['a']) => (e.port === undefined ? e.address : `${e.address}:${e.port}`)
/** tshark prints bytes over 9999 in kB/MB, cut down (436971 → "436 kB"). */
const tsharkBytes = (n: number) => (n < 10_000 ? `${n} bytes` : n < 10_000_000 ? `${Math.floor(n / 1000)} kB` : `${Math.floor(n / 1_000_000)} MB`)

function conversationLines(rows: Conversation[]): string[] {
  return rows.map((c) => `${endText(c.a)} <-> ${endText(c.b)} | ${c.bToA.frames} ${tsharkBytes(c.bToA.bytes)} | ${c.aToB.frames} ${tsharkBytes(c.aToB.bytes)}`).sort()
}
function tsharkConversationLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.includes('<->'))
    .map((l) => {
      const m = /^(\S+)\s+<->\s+(\S+)\s+(\d+) (\d+ (?:bytes|kB|MB))\s+(\d+) (\d+ (?:bytes|kB|MB))/.exec(l)
      if (!m) throw new Error(`unexpected tshark conversation line: ${l}`)
      return `${m[1]} <-> ${m[2]} | ${m[3]} ${m[4]} | ${m[5]} ${m[6]}`
    })
    .sort()
}

/** "depth protocol frames bytes" lines of a hierarchy. */
function hierarchyLines(nodes: ProtocolNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${depth} ${n.protocol} ${n.frames} ${n.bytes}`, ...hierarchyLines(n.children, depth + 1)])
}
function tsharkHierarchyLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.includes('frames:'))
    .map((l) => {
      const m = /^( *)(\S+)\s+frames:(\d+) bytes:(\d+)/.exec(l)!
      return `${m[1]!.length / 2} ${m[2]} ${m[3]} ${m[4]}`
    })
}

const FILES = ['http-ipv4-and-ipv6.pcapng', 'http-espn-pageload-images-gzip.pcapng', 'linux-sll-mixed-dns-http.pcap', 'http-keepalive-gzip-57-requests.pcap', 'null-loopback-ipv6-http-connect-tls.pcap', 'dns-many-queries-mdns-llmnr.pcap']

describe('Follow TCP stream, Conversations and Protocol Hierarchy agree with tshark', () => {
  for (const file of FILES) {
    it(file, async () => {
      const path = `${CORPUS_DIR}/${file}`
      const r = await runAnalysis(path, { previewAfterFrames: 0 })
      try {
        const t = r.reader.pass.table
        // Every TCP stream, byte for byte and in tshark's order of turns.
        for (let index = 0; index < r.reader.pass.tcp.count; index++) {
          const c = r.reader.pass.tcp.ends(index)!
          const stream = await followTcpStream(t, r.reader, c)
          const theirs = tsharkChunks(await tsharkStatistics(path, `follow,tcp,raw,${c.index}`))
          const node0IsClient = theirs.node0 === `${c.clientIp}:${c.clientPort}` || theirs.node0 === `[${c.clientIp}]:${c.clientPort}`
          expect(ourChunks(stream, node0IsClient), `${file}: tcp.stream ${c.index}`).toEqual(theirs.chunks)
          expect(stream.bytes.client + stream.bytes.server).toBe(stream.chunks.reduce((n, ch) => n + ch.bytes.length, 0))
        }
        for (const kind of ['tcp', 'udp', 'ip', 'ipv6'] as ConversationKind[]) {
          expect(conversationLines(conversations(t, kind)), `${file}: conv,${kind}`).toEqual(tsharkConversationLines(await tsharkStatistics(path, `conv,${kind}`)))
        }
        // The hierarchy: every node we list is tshark's (same depth, frames, bytes), except that
        // tshark puts the HTTP or TLS of a message reassembled from several segments one level down
        // (tcp → tcp.segments → http): those count the same frames. tshark's nodes that we lack
        // are only what the index does not know (body media types, tcp.segments, undissected
        // datagram protocols).
        const ours = hierarchyLines(protocolHierarchy(t))
        const theirs = tsharkHierarchyLines(await tsharkStatistics(path, 'io,phs'))
        for (const line of ours.filter((l) => !theirs.includes(l))) {
          const [depth, protocol, frames] = line.split(' ') as [string, string, string]
          const split = theirs.map((l) => l.split(' ')).filter(([d, p]) => p === protocol && (Number(d) === Number(depth) || Number(d) === Number(depth) + 1))
          expect(['http', 'tls'], `${file}: io,phs has no ${line}`).toContain(protocol)
          expect(split.reduce((n, [, , f]) => n + Number(f), 0), `${file}: io,phs ${line}`).toBe(Number(frames))
        }
        for (const line of theirs.filter((l) => !ours.includes(l))) {
          expect(line, `${file}: tshark's ${line}`).toMatch(/^\d+ (data-text-lines|image-\w+|png|media|json|xml|tcp\.segments|http|tls|data|rip|nbns|dhcp|ssdp|browser|nbdgm|smb|mailslot|igmp|stp|lldp|cdp) /)
        }
        expect(ours.length).toBeGreaterThanOrEqual(3)
      } finally {
        await r.reader.close()
      }
    }, 300_000)
  }
})

describe('Find, Follow and the statistics through the worker', () => {
  it('finds frames in a view as Wireshark Find Packet does, wrapping once', async () => {
    const path = `${CORPUS_DIR}/http-espn-pageload-images-gzip.pcapng`
    const capture = await analyzeCapture(path)
    try {
      const gets = (await tsharkFields(path, ['frame.number'], ['-Y', 'http.request.method == "GET"'])).map(([n = '']) => Number(n))
      expect(gets.length).toBeGreaterThan(3)
      // Every frame, from the start: the first GET, then the next one after it.
      const first = await capture.find({ view: null, filter: 'http.request.method == "GET"', from: -1 })
      expect(first).toEqual({ frame: gets[0], position: gets[0]! - 1, wrapped: false })
      const second = await capture.find({ view: null, filter: 'http.request.method == "GET"', from: first!.position })
      expect(second?.frame).toBe(gets[1])
      // Backwards from the first: wraps to the last GET.
      expect(await capture.find({ view: null, filter: 'http.request.method == "GET"', from: first!.position, backwards: true })).toEqual({ frame: gets.at(-1), position: gets.at(-1)! - 1, wrapped: true })
      // A string in the bytes (as Find's String mode makes it) and hex (its Hex value mode).
      const hosts = (await tsharkFields(path, ['frame.number'], ['-Y', 'frame contains "Host: a.espncdn.com"'])).map(([n = '']) => Number(n))
      expect((await capture.find({ view: null, filter: 'frame contains "Host: a.espncdn.com"', from: -1 }))?.frame).toBe(hosts[0])
      expect((await capture.find({ view: null, filter: `frame contains ${[...Buffer.from('Host: a.espncdn.com')].map((b) => b.toString(16).padStart(2, '0')).join(':')}`, from: -1 }))?.frame).toBe(hosts[0])
      // Within a view (DNS only): positions are the view's; a GET is never in it.
      const dns = await capture.view({ filter: 'dns' })
      const dnsFrames = (await tsharkFields(path, ['frame.number'], ['-Y', 'dns'])).map(([n = '']) => Number(n))
      expect(await capture.find({ view: dns.view, filter: 'dns.flags.response == 1', from: 0 })).toEqual({ frame: dnsFrames[1], position: 1, wrapped: false })
      expect(await capture.find({ view: dns.view, filter: 'http.request', from: -1 })).toBeNull()
      // A filter that does not parse: its error, with the column.
      await expect(capture.find({ view: null, filter: 'http.request.method = "GET"', from: -1 })).rejects.toMatchObject({ code: 'FILTER_SYNTAX', message: expect.stringContaining('column 21') })
      // Follow and the statistics come through the worker as made in it.
      const followed = await capture.follow(3)
      expect(followed.chunks[0]?.from).toBe('client')
      expect(Buffer.from(followed.chunks[0]!.bytes).toString('latin1')).toMatch(/^GET \/\S+ HTTP\/1\.1\r\n/)
      await expect(capture.follow(999)).rejects.toMatchObject({ code: 'ANALYZER_BAD_CONNECTION' })
      expect((await capture.conversations('tcp')).length).toBe(25)
      expect((await capture.protocolHierarchy())[0]).toMatchObject({ protocol: 'eth', frames: 956 })
    } finally {
      await capture.close()
    }
  }, 240_000)
})
