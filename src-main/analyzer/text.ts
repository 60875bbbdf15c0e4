// The walkthrough as readable text: `wiretrail inspect FILE` and the app's "Export the walkthrough
// as text". Pure (no node:*), so the renderer may use it too.
import { CONCEPTS } from '../shared/concepts.ts'
import { formatEpochUtc } from '../shared/time.ts'
import type { Walkthrough } from '../shared/walkthrough.ts'

const sec = (t: number) => `${t.toFixed(6)}s`

export function formatWalkthroughText(w: Walkthrough, lang: 'en' | 'ko' = 'en'): string {
  const out: string[] = []
  const s = w.source
  out.push(`Wiretrail walkthrough of ${s.fileName}`)
  out.push(`  ${s.format} (${s.byteOrder}, ${s.timestampResolution} time stamps), link types ${s.linkTypes.map((l) => `${l.name} (${l.id})`).join(', ') || '-'}, ${s.sizeBytes} bytes`)
  out.push(`  ${w.packets} frames over ${s.duration.toFixed(3)} s${s.firstFrameEpoch ? `, starting ${formatEpochUtc(s.firstFrameEpoch)}` : ''}`)
  if (w.recording) out.push(`  recorded by Wiretrail: ${w.recording.typedUrl} (${w.recording.target}, ${w.recording.resolverMode} resolver, ${w.recording.packets} packets)`)
  for (const e of w.fileErrors) out.push(`  FILE PROBLEM [${e.code}] at byte ${e.offset}: ${e.message}`)

  out.push('', `DNS transactions (${w.dns.length})`)
  w.dns.forEach((d, i) => {
    const q = d.query_frame ?? '-'
    const r = d.response_frame ?? '-'
    out.push(`  #${i} id 0x${d.id.toString(16).padStart(4, '0')} ${d.qname} ${d.qtype} ${d.client} → ${d.server} ${d.transport}: ${d.rcode ?? 'no response'}${d.aa ? ' AA' : ''}${d.tc ? ' TC' : ''}${d.rtt_ms !== null ? ` in ${d.rtt_ms} ms` : ''} [frames ${q}/${r}]${d.answers.length ? ` → ${d.answers.map((a) => `${a.type} ${a.data}`).slice(0, 3).join(', ')}${d.answers.length > 3 ? ', …' : ''}` : ''}`)
  })

  out.push('', `Resolutions (${w.resolutions.length})`)
  w.resolutions.forEach((r, i) => {
    out.push(`  #${i} ${r.qname} ${r.qtype} → ${r.rcode ?? 'unanswered'}${r.answers.length ? ` (${r.answers.map((a) => a.data).slice(0, 3).join(', ')})` : ''}${r.parent !== undefined ? ` [glueless sub-resolution of #${r.parent}]` : ''}${r.connections.length ? ` [used by connection ${r.connections.join(', ')}]` : ''}`)
    for (const h of r.hops) out.push(`      ${h.zone.padEnd(14)} ${h.server.padEnd(22)} ${h.outcome}${h.referredTo ? ` → ${h.referredTo}` : ''}${h.ttlLeft !== undefined ? ` (TTL left ${h.ttlLeft})` : ''}${h.frames.length ? ` [frames ${h.frames.join(', ')}]` : ''}`)
  })

  out.push('', `TCP connections (${w.connections.length})`)
  w.connections.forEach((c, i) => {
    out.push(`  #${i} ${c.client} → ${c.server} (${c.purpose}), ${c.bytes.toServer} bytes sent, ${c.bytes.toClient} received${c.resolution !== undefined ? `, address from resolution #${c.resolution}` : ''}${c.notes.length ? ` [${c.notes.join(', ')}]` : ''}`)
    const p = c.phases
    out.push(`      socket   ${p.socket ? (p.socket.visible ? `descriptor ${p.socket.fd ?? '?'} at ${sec(p.socket.start)}` : 'not visible on the wire') : '-'}`)
    out.push(`      connect  ${p.connect ? `${sec(p.connect.start)}–${sec(p.connect.end)} frames ${p.connect.frames.join(', ')}` : '- (no handshake in the capture)'}`)
    out.push(`      transfer ${p.transfer ? `${sec(p.transfer.start)}–${sec(p.transfer.end)}, ${p.transfer.frames.length} segments` : '-'}`)
    out.push(`      close    ${p.close ? `${p.close.kind.toUpperCase()} by ${p.close.by} at ${sec(p.close.start)}, frames ${p.close.frames.slice(0, 6).join(', ')}${p.close.frames.length > 6 ? ', …' : ''}` : '- (still open at the end of the capture)'}`)
  })

  out.push('', `HTTP exchanges (${w.http.length})`)
  w.http.forEach((h, i) => {
    out.push(`  #${i} ${h.method} ${h.uri}${h.host ? ` (Host ${h.host})` : ''} → ${h.status ?? 'no response'}${h.reason ? ` ${h.reason}` : ''} [frames ${h.request_frame}/${h.response_frame ?? '-'}]${h.bodyBytes ? `, body ${h.bodyBytes.wire} bytes${h.bodyBytes.decoded !== h.bodyBytes.wire ? ` (${h.bodyBytes.decoded} decoded)` : ''}` : ''}${h.causedBy !== undefined ? `, caused by #${h.causedBy}` : ''}${h.decrypted ? ', decrypted' : ''}`)
  })

  if (w.tls.length) {
    out.push('', `TLS sessions (${w.tls.length})`)
    w.tls.forEach((t, i) => out.push(`  #${i} connection ${t.connection}: ${t.sni ?? '(no SNI)'} ${t.version ?? ''} ${t.cipher ?? ''}${t.certificates[0] ? `, certificate ${t.certificates[0].subject} (issuer ${t.certificates[0].issuer})` : ''}${t.decrypted ? ', decrypted' : ''}`))
  }

  out.push('', `Steps (${w.steps.length})`)
  for (const st of w.steps) {
    out.push(`  ${String(st.index + 1).padStart(3)}. ${sec(st.t)} [${st.concept}: ${CONCEPTS[st.concept].title[lang]}] ${st.title[lang]}`)
    out.push(`       ${st.detail[lang]}`)
  }
  return `${out.join('\n')}\n`
}
