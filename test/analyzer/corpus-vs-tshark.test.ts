// Every capture of the shared corpus, analysed and compared with tshark run live on the same file
// (and with the stored manifest figures): DNS transactions (ids, names, types, rcodes), TCP
// conversations, HTTP requests and response codes. Unreadable files must fail with a coded error.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { dnsTypeNumber } from '../../src-main/dns/types.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { tsharkFields } from './tshark.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { withAllWords } from '../support/lesson.ts'

const DIR = `${CORPUS_DIR}/`
const manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8')) as { files: { file: string; tshark: Record<string, unknown> }[] }
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE']
const rcodeNumber = (r: string) => (RCODES.indexOf(r) >= 0 ? RCODES.indexOf(r) : Number(r))
const tname = (n: string) => (n === '.' ? '<Root>' : n.replace(/\.$/, ''))
const sorted = (a: string[]) => [...a].sort()

function ours(w: Walkthrough) {
  const queries = w.dns.filter((d) => d.query_frame !== null).map((d) => `${d.id}|${tname(d.qname)}|${dnsTypeNumber(d.qtype)}`)
  const responses = w.dns.filter((d) => d.response_frame !== null).map((d) => `${d.id}|${d.rcode === null ? '' : rcodeNumber(d.rcode)}`)
  const requests = w.http.map((h) => `${h.method} ${h.uri}`)
  const codes = [...w.http.filter((h) => h.status !== null && !h.responseIncomplete).map((h) => String(h.status)), ...w.http.flatMap((h) => (h.interim ?? []).map((i) => String(i.status))), ...(w.httpUnmatchedResponses ?? []).map((u) => String(u.status))]
  return { queries: sorted(queries), responses: sorted(responses), requests: sorted(requests), codes: sorted(codes), tcp: w.connections.length }
}

async function theirs(file: string) {
  const rows = await tsharkFields(file, ['frame.protocols', 'dns.id', 'dns.flags.response', 'dns.qry.name', 'dns.qry.type', 'dns.flags.rcode', 'tcp.stream', 'http.request.method', 'http.request.uri', 'http.response.code'])
  const queries: string[] = []
  const responses: string[] = []
  const requests: string[] = []
  const codes: string[] = []
  const streams = new Set<string>()
  for (const [protocols = '', ids = '', resp = '', names = '', types = '', rcodes = '', stream = '', methods = '', uris = '', status = ''] of rows) {
    if (stream) streams.add(stream.split('\u001f')[0]!)
    if (/(^|:)dns(:|$)/.test(protocols) && ids) {
      const idl = ids.split('\u001f')
      const rl = resp.split('\u001f')
      const nl = names.split('\u001f')
      const tl = types.split('\u001f')
      const cl = rcodes.split('\u001f')
      idl.forEach((id, k) => {
        if (rl[k] === '1' || rl[k] === 'True') responses.push(`${Number(id)}|${cl[k] ?? ''}`)
        else queries.push(`${Number(id)}|${nl[k] ?? ''}|${tl[k] ?? ''}`)
      })
    }
    if (methods) methods.split('\u001f').forEach((m, k) => requests.push(`${m} ${uris.split('\u001f')[k] ?? ''}`))
    if (status) codes.push(...status.split('\u001f'))
  }
  return { queries: sorted(queries), responses: sorted(responses), requests: sorted(requests), codes: sorted(codes), tcp: streams.size }
}

describe('the shared corpus agrees with tshark', () => {
  for (const entry of manifest.files) {
    const file = DIR + entry.file
    const unreadable = entry.tshark.tshark_exit_code !== 0 && entry.tshark.frames_read === 0
    it(`${entry.file}`, async () => {
      if (unreadable) {
        const err = await runAnalysis(file).then(
          () => null,
          (e: unknown) => e,
        )
        expect(err).toBeInstanceOf(WiretrailError)
        expect((err as WiretrailError).code).toMatch(/^CAPTURE_/)
        expect((err as Error).message).toMatch(/byte \d+/)
        return
      }
      const analysed = await runAnalysis(file)
      const { reader } = analysed
      const w = withAllWords(analysed.walkthrough)
      await reader.close()
      const live = await theirs(file)
      const mine = ours(w)
      // Frames, as tshark counts them (pcapng custom blocks included).
      expect(w.packets).toBe(entry.tshark.frames_read)
      expect(mine.queries).toEqual(live.queries)
      expect(mine.responses).toEqual(live.responses)
      expect(mine.tcp).toBe(live.tcp)
      expect(mine.tcp).toBe(entry.tshark.tcp_conversations)
      expect(mine.requests).toEqual(live.requests)
      expect(mine.codes).toEqual(live.codes)
      expect(mine.requests.length).toBe(entry.tshark.http_request_messages)
      // Every connection has its phases shaped as the schema says; frames count from 1.
      for (const c of w.connections) {
        for (const p of [c.phases.connect, c.phases.transfer, c.phases.close]) if (p) expect(Math.min(...p.frames)).toBeGreaterThanOrEqual(1)
        if (c.phases.close) expect(['fin', 'rst']).toContain(c.phases.close.kind)
      }
      for (const s of w.steps) expect(s.title.en.length > 0 && s.title.ko.length > 0).toBe(true)
    })
  }
})

describe('file problems keep what came before', () => {
  it('a file cut mid-record keeps its 16 frames and names the offset', async () => {
    const { walkthrough: w, reader } = await runAnalysis(`${DIR}truncated-file-cut-mid-record.cap`)
    await reader.close()
    expect(w.packets).toBe(16)
    expect(w.fileErrors).toEqual([expect.objectContaining({ code: 'CAPTURE_TRUNCATED', offset: 9954 })])
    expect(w.http.at(0)).toMatchObject({ method: 'GET', uri: '/download.html', status: 200, responseIncomplete: true })
  })
  it('malformed packets are flagged, not fatal', async () => {
    for (const name of ['malformed-ipv4-invalid-hdr-length.pcap', 'malformed-dns-forward-pointer.pcap', 'malformed-udp-length.pcap', 'malformed-ipv6-39-byte-header.pcap']) {
      const { walkthrough: w, reader } = await runAnalysis(DIR + name)
      const d = await reader.detail(1)
      await reader.close()
      expect(w.frames[0]!.flagged || d.issues.length > 0).toBe(true)
      expect(d.issues.length).toBeGreaterThan(0)
    }
  })
})
