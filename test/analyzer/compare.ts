// One shape for "what is in this capture", built twice: from tshark run live on the file, and from
// the analyzer's walkthrough. Tests compare the two with toEqual, so a difference shows as a diff of
// readable lines ("12|GET /index.html", "7|0x1234|www.lab.test|A").
import { dnsTypeNumber } from '../../src-main/dns/types.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { tsharkFields } from './tshark.ts'

export interface CaptureView {
  frames: number
  /** `frame|id|qname|qtype-number` of each DNS query, by frame. */
  dnsQueries: string[]
  /** `frame|id|rcode-number` of each DNS response, by frame. */
  dnsResponses: string[]
  tcpStreams: number
  /** `frame|METHOD uri`, the frame completing the request. */
  httpRequests: string[]
  /** `frame|status`, the frame completing the response. */
  httpResponses: string[]
  /** `stream|fin|client`: the first FIN or RST of each TCP stream and who sent it. */
  closes: string[]
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE']
const bool = (s: string | undefined) => s === '1' || s === 'True'
const byFrame = (a: string, b: string) => Number(a.split('|')[0]) - Number(b.split('|')[0]) || a.localeCompare(b)
const tname = (n: string) => (n === '.' ? '<Root>' : n.replace(/\.$/, ''))

export async function tsharkView(file: string, extra: string[] = []): Promise<CaptureView> {
  const fields = ['frame.number', 'frame.protocols', 'ip.src', 'ipv6.src', 'tcp.srcport', 'tcp.stream', 'tcp.flags.syn', 'tcp.flags.ack', 'tcp.flags.fin', 'tcp.flags.reset', 'dns.id', 'dns.flags.response', 'dns.qry.name', 'dns.qry.type', 'dns.flags.rcode', 'http.request.method', 'http.request.uri', 'http.response.code']
  const rows = await tsharkFields(file, fields, extra)
  const v: CaptureView = { frames: rows.length, dnsQueries: [], dnsResponses: [], tcpStreams: 0, httpRequests: [], httpResponses: [], closes: [] }
  const streams = new Map<string, { client: string | null; close: string | null }>()
  for (const [frame = '', protocols = '', ip4 = '', ip6 = '', sport = '', stream = '', syn = '', ack = '', fin = '', rst = '', ids = '', resp = '', names = '', types = '', rcodes = '', methods = '', uris = '', codes = ''] of rows) {
    const first = (s: string) => s.split('\u001f')[0] ?? ''
    if (stream) {
      const key = first(stream)
      const src = `${first(ip4) || first(ip6)}:${first(sport)}`
      let s = streams.get(key)
      if (!s) streams.set(key, (s = { client: null, close: null }))
      if (bool(first(syn)) && !bool(first(ack)) && s.client === null) s.client = src
      if (s.close === null && (bool(first(fin)) || bool(first(rst)))) s.close = `${key}|${bool(first(rst)) ? 'rst' : 'fin'}|${s.client === null ? 'unknown' : s.client === src ? 'client' : 'server'}`
    }
    if (/(^|:)dns(:|$)/.test(protocols) && ids) {
      const rl = resp.split('\u001f')
      const nl = names.split('\u001f')
      const tl = types.split('\u001f')
      const cl = rcodes.split('\u001f')
      ids.split('\u001f').forEach((id, k) => {
        if (bool(rl[k])) v.dnsResponses.push(`${frame}|${Number(id)}|${cl[k] ?? ''}`)
        else v.dnsQueries.push(`${frame}|${Number(id)}|${nl[k] ?? ''}|${tl[k] ?? ''}`)
      })
    }
    if (methods) methods.split('\u001f').forEach((m, k) => v.httpRequests.push(`${frame}|${m} ${uris.split('\u001f')[k] ?? ''}`))
    if (codes) codes.split('\u001f').forEach((c) => v.httpResponses.push(`${frame}|${c}`))
  }
  v.tcpStreams = streams.size
  v.closes = [...streams.values()].map((s) => s.close).filter((x): x is string => x !== null)
  for (const list of [v.dnsQueries, v.dnsResponses, v.httpRequests, v.httpResponses]) list.sort(byFrame)
  v.closes.sort(byFrame)
  return v
}

export function analyzerView(w: Walkthrough): CaptureView {
  const v: CaptureView = { frames: w.packets, dnsQueries: [], dnsResponses: [], tcpStreams: w.connections.length, httpRequests: [], httpResponses: [], closes: [] }
  for (const d of w.dns) {
    if (d.query_frame !== null) v.dnsQueries.push(`${d.query_frame}|${d.id}|${tname(d.qname)}|${dnsTypeNumber(d.qtype)}`)
    if (d.response_frame !== null && d.rcode !== null) v.dnsResponses.push(`${d.response_frame}|${d.id}|${RCODES.indexOf(d.rcode) >= 0 ? RCODES.indexOf(d.rcode) : d.rcode}`)
  }
  for (const h of w.http) {
    v.httpRequests.push(`${h.request_frame}|${h.method} ${h.uri}`)
    if (h.response_frame !== null && h.status !== null && !h.responseIncomplete) v.httpResponses.push(`${h.response_frame}|${h.status}`)
    for (const i of h.interim ?? []) v.httpResponses.push(`${i.frame}|${i.status}`)
  }
  for (const u of w.httpUnmatchedResponses ?? []) v.httpResponses.push(`${u.response_frame}|${u.status}`)
  // Without a SYN in the capture tshark names no client; the analyzer's guess (by port, by content) is not compared.
  for (const c of w.connections) if (c.phases.close && c.phases.close.kind !== 'none') v.closes.push(`${c.stream}|${c.phases.close.kind}|${c.phases.connect ? c.phases.close.by : 'unknown'}`)
  for (const list of [v.dnsQueries, v.dnsResponses, v.httpRequests, v.httpResponses]) list.sort(byFrame)
  v.closes.sort(byFrame)
  return v
}
