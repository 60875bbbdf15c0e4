// The walkthrough as readable text: `wiretrail inspect FILE` and the app's "Export the walkthrough
// as text". Pure (no node:*), so the renderer may use it too.
import { CONCEPTS } from '../shared/concepts.ts'
import { formatEpochUtc } from '../shared/time.ts'
import { wordsOf, type LessonWalkthrough } from '../shared/lesson.ts'

const sec = (t: number) => `${t.toFixed(6)}s`

/** Headings and the words around the figures, in the UI's language (the figures, addresses, names
 * and protocol words stay as the packets and tshark write them). */
const H = {
  of: { en: 'Wiretrail walkthrough of', ko: 'Wiretrail 워크스루:' },
  frames: { en: 'frames over', ko: '프레임, 기간' },
  starting: { en: 'starting', ko: '시작' },
  recorded: { en: 'recorded by Wiretrail', ko: 'Wiretrail로 기록' },
  resolver: { en: 'resolver', ko: '리졸버' },
  experiment: { en: 'under the lab experiment', ko: '실습 네트워크 실험' },
  packets: { en: 'packets', ko: '패킷' },
  problem: { en: 'FILE PROBLEM', ko: '파일 문제' },
  atByte: { en: 'at byte', ko: '위치(바이트)' },
  dns: { en: 'DNS transactions', ko: 'DNS 트랜잭션' },
  resolutions: { en: 'Resolutions', ko: '이름 조회(리졸루션)' },
  connections: { en: 'TCP connections', ko: 'TCP 커넥션' },
  http: { en: 'HTTP exchanges', ko: 'HTTP 교환' },
  tls: { en: 'TLS sessions', ko: 'TLS 세션' },
  steps: { en: 'Steps', ko: '단계' },
} as const satisfies Record<string, { en: string; ko: string }>

export function formatWalkthroughText(w: LessonWalkthrough, lang: 'en' | 'ko' = 'en'): string {
  const out: string[] = []
  const s = w.source
  out.push(`${H.of[lang]} ${s.fileName}`)
  out.push(`  ${s.format} (${s.byteOrder}, ${s.timestampResolution} time stamps), link types ${s.linkTypes.map((l) => `${l.name} (${l.id})`).join(', ') || '-'}, ${s.sizeBytes} bytes`)
  out.push(`  ${w.packets} ${H.frames[lang]} ${s.duration.toFixed(3)} s${s.firstFrameEpoch ? `, ${H.starting[lang]} ${formatEpochUtc(s.firstFrameEpoch)}` : ''}`)
  if (w.recording) out.push(`  ${H.recorded[lang]}: ${w.recording.typedUrl} (${w.recording.target}, ${w.recording.resolverMode} ${H.resolver[lang]}, ${w.recording.packets} ${H.packets[lang]})`)
  if (w.recording?.experiment) out.push(`  ${H.experiment[lang]}: ${w.recording.experiment.id} (${w.recording.experiment.changes})`)
  for (const e of w.fileErrors) out.push(`  ${H.problem[lang]} [${e.code}] ${H.atByte[lang]} ${e.offset}: ${e.message}`)

  out.push('', `${H.dns[lang]} (${w.dns.length})`)
  for (let i = 0; i < w.dns.length; i++) {
    const d = w.dns.at(i)!
    const q = d.query_frame ?? '-'
    const r = d.response_frame ?? '-'
    out.push(`  #${i} id 0x${d.id.toString(16).padStart(4, '0')} ${d.qname} ${d.qtype} ${d.client} → ${d.server} ${d.transport}: ${d.rcode ?? 'no response'}${d.aa ? ' AA' : ''}${d.tc ? ' TC' : ''}${d.rtt_ms !== null ? ` in ${d.rtt_ms} ms` : ''} [frames ${q}/${r}]${d.answers.length ? ` → ${d.answers.map((a) => `${a.type} ${a.data}`).slice(0, 3).join(', ')}${d.answers.length > 3 ? ', …' : ''}` : ''}`)
  }

  out.push('', `${H.resolutions[lang]} (${w.resolutions.length})`)
  for (let i = 0; i < w.resolutions.length; i++) {
    const r = w.resolutions.at(i)!
    out.push(`  #${i} ${r.qname} ${r.qtype} → ${r.rcode ?? 'unanswered'}${r.answers.length ? ` (${r.answers.map((a) => a.data).slice(0, 3).join(', ')})` : ''}${r.parent !== undefined ? ` [sub-resolution of #${r.parent}${r.parentHop !== undefined ? `, for the NS named at its hop ${r.parentHop}` : ''}]` : ''}${r.walkedBy !== undefined ? ` [walked by ${r.walkedBy}, nested under the question]` : ''}${r.connections.length ? ` [used by connection ${r.connections.join(', ')}]` : ''}`)
    // A nested walk (the recursive server's own queries) is indented under the question it answers.
    for (const h of r.hops) out.push(`      ${h.leg === 'walk' ? '  ' : ''}${h.zone.padEnd(14)} ${h.server.padEnd(22)} ${h.outcome}${h.referredTo ? ` → ${h.referredTo}` : ''}${h.ttlLeft !== undefined ? ` (TTL left ${h.ttlLeft})` : ''}${h.frames.length ? ` [frames ${h.frames.join(', ')}]` : ''}`)
  }

  out.push('', `${H.connections[lang]} (${w.connections.length})`)
  for (let i = 0; i < w.connections.length; i++) {
    const c = w.connections.at(i)!
    out.push(`  #${i} ${c.client} → ${c.server} (${c.purpose}), ${c.bytes.toServer} bytes sent, ${c.bytes.toClient} received${c.resolution !== undefined ? `, address from resolution #${c.resolution}` : ''}${c.notes.length ? ` [${c.notes.join(', ')}]` : ''}`)
    const p = c.phases
    out.push(`      socket   ${p.socket ? (p.socket.visible ? `descriptor ${p.socket.fd ?? '?'} at ${sec(p.socket.start)}` : 'not visible on the wire') : '-'}`)
    out.push(`      connect  ${p.connect ? `${sec(p.connect.start)}–${sec(p.connect.end)} frames ${p.connect.frames.join(', ')}` : '- (no handshake in the capture)'}`)
    out.push(`      transfer ${p.transfer ? `${sec(p.transfer.start)}–${sec(p.transfer.end)}, ${p.transfer.frames.length} segments` : '-'}`)
    out.push(`      close    ${p.close ? `${p.close.kind.toUpperCase()} by ${p.close.by} at ${sec(p.close.start)}, frames ${p.close.frames.slice(0, 6).join(', ')}${p.close.frames.length > 6 ? ', …' : ''}` : '- (still open at the end of the capture)'}`)
  }

  out.push('', `${H.http[lang]} (${w.http.length})`)
  for (let i = 0; i < w.http.length; i++) {
    const h = w.http.at(i)!
    out.push(`  #${i} ${h.method} ${h.uri}${h.host ? ` (Host ${h.host})` : ''} → ${h.status ?? 'no response'}${h.reason ? ` ${h.reason}` : ''} [frames ${h.request_frame}/${h.response_frame ?? '-'}]${h.bodyBytes ? `, body ${h.bodyBytes.wire} bytes${h.bodyBytes.decoded !== h.bodyBytes.wire ? ` (${h.bodyBytes.decoded} decoded)` : ''}` : ''}${h.causedBy !== undefined ? `, caused by #${h.causedBy}` : ''}${h.decrypted ? ', decrypted' : ''}`)
  }

  if (w.tls.length) {
    out.push('', `${H.tls[lang]} (${w.tls.length})`)
    for (let i = 0; i < w.tls.length; i++) {
      const t = w.tls.at(i)!
      out.push(`  #${i} connection ${t.connection}: ${t.sni ?? '(no SNI)'} ${t.version ?? ''} ${t.cipher ?? ''}${t.certificates[0] ? `, certificate ${t.certificates[0].subject} (issuer ${t.certificates[0].issuer})` : ''}${t.decrypted ? ', decrypted' : ''}`)
    }
  }

  out.push('', `${H.steps[lang]} (${w.steps.length})`)
  const words = wordsOf(w)
  for (const st of w.steps) {
    const { title, detail } = words(st)
    out.push(`  ${String(st.index + 1).padStart(3)}. ${sec(st.t)} [${st.concept}: ${CONCEPTS[st.concept].title[lang]}] ${title[lang]}`)
    out.push(`       ${detail[lang]}`)
  }
  return `${out.join('\n')}\n`
}
