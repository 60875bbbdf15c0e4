// The walkthrough as readable text: `wiretrail inspect FILE` and the app's "Export the walkthrough
// as text". Pure (no node:*), so the renderer may use it too.
import { CONCEPTS } from '../shared/concepts.ts'
import { withParticle } from '../shared/korean.ts'
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

/** The words of the entity tables' lines, in the UI's language (ids such as a hop's outcome or a
 * connection's purpose stay as the schema names them). */
const W = {
  noResponse: { en: 'no response', ko: '응답 없음' },
  inMs: { en: (ms: number) => `in ${ms} ms`, ko: (ms: number) => `${ms} ms 만에` },
  frames: { en: 'frames', ko: '프레임' },
  unanswered: { en: 'unanswered', ko: '응답 없음' },
  subResolution: { en: (i: number) => `sub-resolution of #${i}`, ko: (i: number) => `#${i}의 하위 조회` },
  forNsAtHop: { en: (h: number) => `, for the NS named at its hop ${h}`, ko: (h: number) => `, 그 조회의 ${h}번째 홉에서 이름이 나온 NS의 주소를 찾음` },
  walkedBy: { en: (by: string) => `walked by ${by}, nested under the question`, ko: (by: string) => `${withParticle(by, '이/가')} 계층을 따라 내려가며 조회함(아래에 들여 쓴 홉들)` },
  usedBy: { en: (c: string) => `used by connection ${c}`, ko: (c: string) => `커넥션 ${c}에서 사용` },
  ttlLeft: { en: (t: number) => `TTL left ${t}`, ko: (t: number) => `남은 TTL ${t}` },
  bytes: { en: (sent: number, got: number) => `${sent} bytes sent, ${got} received`, ko: (sent: number, got: number) => `보낸 바이트 ${sent}, 받은 바이트 ${got}` },
  fromResolution: { en: (i: number) => `, address from resolution #${i}`, ko: (i: number) => `, 주소는 이름 조회 #${i}의 결과` },
  descriptor: { en: (fd: string, t: string) => `descriptor ${fd} at ${t}`, ko: (fd: string, t: string) => `디스크립터 ${fd}, ${t}` },
  notOnWire: { en: 'not visible on the wire', ko: '패킷에 보이지 않음(운영체제 안에서 일어남)' },
  noHandshake: { en: '- (no handshake in the capture)', ko: '- (캡처에 핸드셰이크가 없음)' },
  segments: { en: (n: number) => `${n} segments`, ko: (n: number) => `세그먼트 ${n}개` },
  closedBy: {
    en: (kind: string, by: string, t: string) => `${kind} by ${by} at ${t}`,
    ko: (kind: string, by: string, t: string) => `${by === 'client' ? '클라이언트' : by === 'server' ? '서버' : '알 수 없는 쪽'}의 ${kind}, ${t}`,
  },
  stillOpen: { en: '- (still open at the end of the capture)', ko: '- (캡처가 끝날 때까지 열려 있음)' },
  body: {
    en: (wire: number, decoded: number) => `, body ${wire} bytes${decoded !== wire ? ` (${decoded} decoded)` : ''}`,
    ko: (wire: number, decoded: number) => `, 본문 ${wire}바이트${decoded !== wire ? `(디코딩하면 ${decoded}바이트)` : ''}`,
  },
  causedBy: { en: (i: number) => `, caused by #${i}`, ko: (i: number) => `, #${i}의 결과로 보낸 요청` },
  decrypted: { en: ', decrypted', ko: ', 복호화됨' },
  connection: { en: 'connection', ko: '커넥션' },
  noSni: { en: '(no SNI)', ko: '(SNI 없음)' },
  certificate: { en: (subject: string, issuer: string) => `, certificate ${subject} (issuer ${issuer})`, ko: (subject: string, issuer: string) => `, 인증서 ${subject} (발급자 ${issuer})` },
} as const

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
    out.push(`  #${i} id 0x${d.id.toString(16).padStart(4, '0')} ${d.qname} ${d.qtype} ${d.client} → ${d.server} ${d.transport}: ${d.rcode ?? W.noResponse[lang]}${d.aa ? ' AA' : ''}${d.tc ? ' TC' : ''}${d.rtt_ms !== null ? ` ${W.inMs[lang](d.rtt_ms)}` : ''} [${W.frames[lang]} ${q}/${r}]${d.answers.length ? ` → ${d.answers.map((a) => `${a.type} ${a.data}`).slice(0, 3).join(', ')}${d.answers.length > 3 ? ', …' : ''}` : ''}`)
  }

  out.push('', `${H.resolutions[lang]} (${w.resolutions.length})`)
  for (let i = 0; i < w.resolutions.length; i++) {
    const r = w.resolutions.at(i)!
    out.push(`  #${i} ${r.qname} ${r.qtype} → ${r.rcode ?? W.unanswered[lang]}${r.answers.length ? ` (${r.answers.map((a) => a.data).slice(0, 3).join(', ')})` : ''}${r.parent !== undefined ? ` [${W.subResolution[lang](r.parent)}${r.parentHop !== undefined ? W.forNsAtHop[lang](r.parentHop) : ''}]` : ''}${r.walkedBy !== undefined ? ` [${W.walkedBy[lang](r.walkedBy)}]` : ''}${r.connections.length ? ` [${W.usedBy[lang](r.connections.join(', '))}]` : ''}`)
    // A nested walk (the recursive server's own queries) is indented under the question it answers.
    for (const h of r.hops) out.push(`      ${h.leg === 'walk' ? '  ' : ''}${h.zone.padEnd(14)} ${h.server.padEnd(22)} ${h.outcome}${h.referredTo ? ` → ${h.referredTo}` : ''}${h.ttlLeft !== undefined ? ` (${W.ttlLeft[lang](h.ttlLeft)})` : ''}${h.frames.length ? ` [${W.frames[lang]} ${h.frames.join(', ')}]` : ''}`)
  }

  out.push('', `${H.connections[lang]} (${w.connections.length})`)
  for (let i = 0; i < w.connections.length; i++) {
    const c = w.connections.at(i)!
    out.push(`  #${i} ${c.client} → ${c.server} (${c.purpose}), ${W.bytes[lang](c.bytes.toServer, c.bytes.toClient)}${c.resolution !== undefined ? W.fromResolution[lang](c.resolution) : ''}${c.notes.length ? ` [${c.notes.join(', ')}]` : ''}`)
    const p = c.phases
    out.push(`      socket   ${p.socket ? (p.socket.visible ? W.descriptor[lang](String(p.socket.fd ?? '?'), sec(p.socket.start)) : W.notOnWire[lang]) : '-'}`)
    out.push(`      connect  ${p.connect ? `${sec(p.connect.start)}–${sec(p.connect.end)} ${W.frames[lang]} ${p.connect.frames.join(', ')}` : W.noHandshake[lang]}`)
    out.push(`      transfer ${p.transfer ? `${sec(p.transfer.start)}–${sec(p.transfer.end)}, ${W.segments[lang](p.transfer.frames.length)}` : '-'}`)
    out.push(`      close    ${p.close ? `${W.closedBy[lang](p.close.kind.toUpperCase(), p.close.by, sec(p.close.start))}, ${W.frames[lang]} ${p.close.frames.slice(0, 6).join(', ')}${p.close.frames.length > 6 ? ', …' : ''}` : W.stillOpen[lang]}`)
  }

  out.push('', `${H.http[lang]} (${w.http.length})`)
  for (let i = 0; i < w.http.length; i++) {
    const h = w.http.at(i)!
    out.push(`  #${i} ${h.method} ${h.uri}${h.host ? ` (Host ${h.host})` : ''} → ${h.status ?? W.noResponse[lang]}${h.reason ? ` ${h.reason}` : ''} [${W.frames[lang]} ${h.request_frame}/${h.response_frame ?? '-'}]${h.bodyBytes ? W.body[lang](h.bodyBytes.wire, h.bodyBytes.decoded) : ''}${h.causedBy !== undefined ? W.causedBy[lang](h.causedBy) : ''}${h.decrypted ? W.decrypted[lang] : ''}`)
  }

  if (w.tls.length) {
    out.push('', `${H.tls[lang]} (${w.tls.length})`)
    for (let i = 0; i < w.tls.length; i++) {
      const t = w.tls.at(i)!
      out.push(`  #${i} ${W.connection[lang]} ${t.connection}: ${t.sni ?? W.noSni[lang]} ${t.version ?? ''} ${t.cipher ?? ''}${t.certificates[0] ? W.certificate[lang](t.certificates[0].subject, t.certificates[0].issuer) : ''}${t.decrypted ? W.decrypted[lang] : ''}`)
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
