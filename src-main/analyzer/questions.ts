// Questions on the learner's own capture (issue 14 §2): the notes' questions the capture can
// answer, each with its expected answer derived here — the one place — from the walkthrough and
// the field tree of the frame that shows it (frame, Wireshark key, byte offset, length), and the
// check of an answer, typed or clicked, against those bytes. Runs in the analyzer's worker, where
// the whole walkthrough and the file are (the app's window gets the question set, not the lesson).
//
// A question is asked only when the capture answers it: no web connection with its handshake, no
// client port; no answer with the AA bit, no authoritative-server question; no netmask (a capture
// made by another tool has none — no packet carries one), no subnet question.
import { createHash } from 'node:crypto'
import { parseIpv4, splitEndpoint } from '../shared/ipv4.ts'
import { withParticles } from '../shared/korean.ts'
import { MAX_ANSWER_TEXT, QUESTION_KINDS, statusClass, type FieldProof, type Question, type QuestionAnswer, type QuestionKind, type QuestionSet, type Verdict, type VerdictKind } from '../shared/questions.ts'
import { entityAt, findEntity, firstEntity, type EntityList, type LessonArrays } from '../shared/lesson.ts'
import type { Connection, DecodedField, DnsTransaction, LocalizedText, PacketDetail, Step, StepCore, StepKind, Walkthrough } from '../shared/walkthrough.ts'

/** What the questions read of a walkthrough: its entities and its steps' kinds and refs (not their
 * words: the analyzer writes those on demand). */
export type QuestionSource = Omit<Walkthrough, 'steps' | keyof LessonArrays> & LessonArrays & { steps: EntityList<StepCore> }
import { addressingOf } from './ip-anatomy.ts'
import { thisComputer } from '../shared/this-computer.ts'

export type DetailOf = (frame: number) => Promise<PacketDetail>

/** Frames hashed into a capture's identity: enough to tell recordings apart, cheap on any size. */
const IDENTITY_FRAMES = 64

/** Every field of a frame's tree, depth first, as the field tree lists them. */
function* allFields(detail: PacketDetail): Generator<DecodedField> {
  const walk = function* (fields: readonly DecodedField[]): Generator<DecodedField> {
    for (const f of fields) {
      yield f
      if (f.children) yield* walk(f.children)
    }
  }
  for (const layer of detail.layers) yield* walk(layer.fields)
}

/** The first field with `key` in a frame's tree (and at `offset`, when given). */
function findField(detail: PacketDetail, key: string, offset?: number): DecodedField | null {
  for (const f of allFields(detail)) if (f.key === key && (offset === undefined || f.offset === offset)) return f
  return null
}

function proofOf(detail: PacketDetail, key: string): FieldProof | null {
  const f = findField(detail, key)
  if (!f || f.value === undefined || f.generated) return null
  return { frame: detail.frame, key, offset: f.offset, length: f.length, value: f.value, display: f.display }
}

const hostOf = (endpoint: string) => splitEndpoint(endpoint).host
const portOf = (endpoint: string) => splitEndpoint(endpoint).port
const bytesOf = (p: FieldProof) => (p.length > 1 ? `bytes ${p.offset}–${p.offset + p.length - 1}` : `byte ${p.offset}`)
const bytesOfKo = (p: FieldProof) => (p.length > 1 ? `${p.offset}–${p.offset + p.length - 1}바이트` : `${p.offset}바이트`)
const where = (p: FieldProof): LocalizedText => ({ en: `frame ${p.frame}, ${p.display} (${p.key}, ${bytesOf(p)})`, ko: `프레임 ${p.frame}, ${p.display} (${p.key}, ${bytesOfKo(p)})` })

/** The step that explains something: the first of these kinds whose references match. */
function stepOf(w: QuestionSource, kinds: readonly StepKind[], match: (refs: Step['refs']) => boolean): number | null {
  for (const kind of kinds) {
    for (const step of w.steps) if (step.kind === kind && match(step.refs)) return step.index
  }
  return null
}

/** The connection to the web server: the page's (the first HTTP exchange's), else the first web
 * connection whose handshake is in the capture. */
function webConnection(w: QuestionSource): { index: number; c: Connection } | null {
  const isWeb = (c: Connection | undefined): c is Connection => c !== undefined && (c.purpose === 'http' || c.purpose === 'https') && c.phases.connect !== null
  const page = w.http.at(0)?.connection
  const pageConnection = page === undefined ? undefined : entityAt(w.connections, page)
  if (page !== undefined && isWeb(pageConnection)) return { index: page, c: pageConnection }
  const index = findEntity(w.connections, isWeb)
  return index >= 0 ? { index, c: w.connections.at(index)! } : null
}

/** A question before its kind is attached: what a deriver makes. */
type Draft = Omit<Question, 'id' | 'kind'>

type Deriver = (w: QuestionSource, detail: DetailOf) => Promise<Draft | null>

async function clientPort(w: QuestionSource, detail: DetailOf): Promise<Draft | null> {
  const web = webConnection(w)
  if (!web) return null
  const syn = web.c.phases.connect!.frames[0]!
  const port = proofOf(await detail(syn), 'tcp.srcport')
  if (!port || port.value !== portOf(web.c.client)) return null
  const server = web.c.server
  const serverPort = portOf(server)
  return {
    prompt: {
      en: `Which port did the protocol stack choose for this computer's socket when it connected to the web server ${server}?`,
      ko: withParticles(`웹 서버 ${server}에 접속할 때 프로토콜 스택이 이 컴퓨터의 소켓에 할당한 포트 번호는 몇 번인가?`),
    },
    form: { en: 'a port number', ko: '포트 번호' },
    answer: String(port.value),
    explanation: {
      en: `${port.value}: the protocol stack gave the socket this port when it was made, and told the server in the connection request (the SYN, ${where(port).en}). The server's side, ${serverPort}, was set in advance for the kind of application.`,
      ko: withParticles(`${port.value}: 소켓을 만들 때 프로토콜 스택이 이 포트 번호를 할당하고, 접속 동작(SYN, ${where(port).ko})에서 서버 측에 알려 주었다. 서버 측 포트 ${serverPort}은(는) 애플리케이션 종류에 따라 미리 결정된 값이다.`),
    },
    proof: [port],
    clickable: true,
    step: stepOf(w, ['connect', 'socket-create'], (r) => r.connection === web.index),
  }
}

/** The DNS transaction that gave the authoritative answer: the last answer with the AA bit of the
 * web server's resolution, else of the first resolution that walked (referrals), else the first
 * such answer in the capture (one about a name before one about the root's own servers). */
function authoritativeTransaction(w: QuestionSource): number | null {
  const good = (i: number | undefined): i is number => {
    const d = i === undefined ? undefined : w.dns.at(i)
    return d !== undefined && d.aa && d.response_frame !== null && d.rcode === 'NOERROR' && d.answers.length > 0
  }
  const lastOf = (ri: number | undefined): number | null => {
    const hops = (ri === undefined ? undefined : entityAt(w.resolutions, ri))?.hops.filter((h) => h.outcome === 'answer' && good(h.dns)) ?? []
    return hops.length > 0 ? hops[hops.length - 1]!.dns! : null
  }
  const fromWeb = lastOf(webConnection(w)?.c.resolution)
  if (fromWeb !== null) return fromWeb
  const walked = findEntity(w.resolutions, (r, k) => r.parent === undefined && r.hops.some((h) => h.outcome === 'referral') && lastOf(k) !== null)
  if (walked >= 0) return lastOf(walked)
  const named = findEntity(w.dns, (d, k) => good(k) && d.qname !== '.')
  if (named >= 0) return named
  const any = findEntity(w.dns, (_, k) => good(k))
  return any >= 0 ? any : null
}

async function authoritativeServer(w: QuestionSource, detail: DetailOf): Promise<Draft | null> {
  const di = authoritativeTransaction(w)
  if (di === null) return null
  const d = w.dns.at(di)!
  const frame = await detail(d.response_frame!)
  const server = hostOf(d.server)
  const address = proofOf(frame, server.includes(':') ? 'ipv6.src' : 'ip.src')
  const aa = proofOf(frame, 'dns.flags.authoritative')
  if (!address || !aa || address.value !== server || aa.value !== true) return null
  return {
    prompt: {
      en: `Which server gave the authoritative answer for ${d.qname} (${d.qtype}), and how do you know?`,
      ko: withParticles(`${d.qname} (${d.qtype})에 대한 권한 있는 응답(authoritative answer)은 어느 서버가 했는가? 어떻게 알 수 있는가?`),
    },
    form: { en: "the server's IP address", ko: '서버의 IP 주소' },
    answer: server,
    explanation: {
      en: `${server}: its response's AA (Authoritative Answer) bit is 1 (${where(aa).en}), so the answer comes from the DNS server where the name is registered, not from a cache; the response came from ${server} (${where(address).en}).`,
      ko: withParticles(`${server}: 응답 헤더의 AA(Authoritative Answer) 비트가 1이다(${where(aa).ko}). 캐시에 있던 정보가 아니라 이름이 등록된 DNS 서버가 응한 것이다. 응답은 ${server}에서 왔다(${where(address).ko}).`),
    },
    proof: [aa, address],
    clickable: true,
    step: stepOf(w, ['dns-answer', 'dns-cname', 'dns-root-hints'], (r) => r.dns === di),
  }
}

async function referralCount(w: QuestionSource, detail: DetailOf): Promise<Draft | null> {
  const referralsOf = (ri: number) => (entityAt(w.resolutions, ri)?.hops ?? []).filter((h) => h.outcome === 'referral' && h.dns !== undefined && h.leg !== 'stub' && w.dns.at(h.dns)?.response_frame != null)
  const web = webConnection(w)
  let ri = web?.c.resolution !== undefined && referralsOf(web.c.resolution).length > 0 ? web.c.resolution : -1
  // Else the first walk in the capture (a DNS-only capture, or the page's name came from a cache).
  if (ri < 0) ri = findEntity(w.resolutions, (r, k) => r.parent === undefined && referralsOf(k).length > 0)
  if (ri < 0) return null
  const chain = w.resolutions.at(ri)!
  const hops = referralsOf(ri)
  const proof: FieldProof[] = []
  for (const h of hops) {
    const p = proofOf(await detail(w.dns.at(h.dns!)!.response_frame!), 'dns.count.auth_rr')
    if (!p) return null
    proof.push(p)
  }
  const nearby = chain.walkedBy !== undefined
  const zones = hops.map((h) => h.referredTo ?? h.zone).join(' → ')
  const frames = proof.map((p) => p.frame).join(', ')
  return {
    prompt: nearby
      ? { en: `How many referrals did the nearby DNS server follow to find ${chain.qname}?`, ko: withParticles(`${chain.qname}을(를) 찾기 위해 가까운 DNS 서버는 참조(리퍼럴)를 몇 번 따라갔는가?`) }
      : { en: `How many referrals did this computer's resolver follow to find ${chain.qname}?`, ko: withParticles(`${chain.qname}을(를) 찾기 위해 이 컴퓨터의 리졸버는 참조(리퍼럴)를 몇 번 따라갔는가?`) },
    form: { en: 'a number', ko: '숫자' },
    answer: String(hops.length),
    explanation: {
      en: `${hops.length}: ${hops.length === 1 ? 'one server' : `${hops.length} servers`} did not have the name and answered with the servers of a zone lower down (NS records in the authority section, no answer, AA 0): ${zones} (frames ${frames}).`,
      ko: withParticles(`${hops.length}: 이름이 등록되어 있지 않은 서버 ${hops.length}대가 하위 도메인 DNS 서버를 알려 주었다(권한 섹션의 NS 레코드, 응답 없음, AA 0): ${zones} (프레임 ${frames}).`),
    },
    proof,
    clickable: false,
    step: stepOf(w, ['dns-referral'], (r) => r.resolution === ri),
  }
}

async function firstClose(w: QuestionSource, detail: DetailOf): Promise<Draft | null> {
  const web = webConnection(w)
  const close = web?.c.phases.close
  if (!web || !close || close.kind === 'none' || close.by === 'unknown') return null
  const key = close.kind === 'fin' ? 'tcp.flags.fin' : 'tcp.flags.reset'
  for (const frame of close.frames) {
    const d = await detail(frame)
    const flag = proofOf(d, key)
    if (!flag || flag.value !== true) continue
    const side = close.by === 'client' ? web.c.client : web.c.server
    const source = proofOf(d, hostOf(side).includes(':') ? 'ipv6.src' : 'ip.src')
    const sport = proofOf(d, 'tcp.srcport')
    if (!source || source.value !== hostOf(side) || !sport || sport.value !== portOf(side)) return null
    const by = close.by === 'client' ? { en: 'the client (this computer)', ko: '클라이언트(이 컴퓨터)' } : { en: 'the web server', ko: '웹 서버' }
    const bit = close.kind === 'fin' ? 'FIN' : 'RST'
    return {
      prompt: {
        en: `Which side closed the connection to the web server ${web.c.server} first: the client (this computer) or the web server?`,
        ko: withParticles(`웹 서버 ${web.c.server}와(과)의 연결을 먼저 끊은(먼저 close를 호출한) 쪽은 클라이언트(이 컴퓨터)인가, 웹 서버인가?`),
      },
      form: { en: '"client" or "server"', ko: '"클라이언트" 또는 "서버"' },
      answer: close.by,
      explanation: {
        en: `${by.en[0]!.toUpperCase()}${by.en.slice(1)}: the first ${bit} of the connection came from ${side} (${where(flag).en}; ${where(source).en}).${close.by === 'server' ? ' As the notes say, the web server calls close first once it has sent the response message; the browser learns it at its next read and closes too.' : ''}`,
        ko: withParticles(`${by.ko}: 연결의 첫 ${bit}은(는) ${side}에서 왔다(${where(flag).ko}; ${where(source).ko}).${close.by === 'server' ? ' 노트대로 웹 서버 측은 응답 메시지의 송신을 완료했을 때 먼저 close를 호출하여 연결을 끊고, 브라우저는 다음 read에서 이를 알고 close를 호출한다.' : ''}`),
      },
      proof: [flag, source],
      clickable: true,
      step: stepOf(w, ['close'], (r) => r.connection === web.index),
    }
  }
  return null
}

const IMAGE_PATH = /\.(gif|jpe?g|png|webp|svg|ico|bmp|avif)(\?|$)/i

async function imageStatus(w: QuestionSource, detail: DetailOf): Promise<Draft | null> {
  const hi = findEntity(w.http, (h) => h.status !== null && h.response_frame !== null && (h.contentType?.toLowerCase().startsWith('image/') || IMAGE_PATH.test(h.uri)))
  if (hi < 0) return null
  const h = w.http.at(hi)!
  // The status line is in the first segment of the response (the field tree dissects each segment
  // as it came; the last one completes the message).
  const first = h.responseFrames?.[0] ?? h.response_frame!
  const code = proofOf(await detail(first), 'http.response.code')
  if (!code || Number(code.value) !== h.status) return null
  const c = statusClass(h.status!)
  return {
    prompt: {
      en: `What was the status code of the image ${h.uri}'s response, and which class is it?`,
      ko: withParticles(`이미지 ${h.uri}에 대한 응답 메시지의 스테이터스 코드는 무엇이고, 어느 종류(1xx–5xx)에 속하는가?`),
    },
    form: { en: 'the code and its class ("404 4xx")', ko: '코드와 종류("404 4xx")' },
    answer: `${h.status} ${c.class}`,
    explanation: {
      en: `${h.status} ${h.reason ?? ''}`.trimEnd() + `: class ${c.class}, ${c.meaning.en} (the status line, ${where(code).en}).`,
      ko: withParticles(`${h.status} ${h.reason ?? ''}`.trimEnd() + `: ${c.class}, ${c.meaning.ko} (스테이터스 라인, ${where(code).ko}).`),
    },
    proof: [code],
    clickable: true,
    step: stepOf(w, ['http-response', 'receive', 'http-redirect'], (r) => r.http === hi),
  }
}

async function subnetAddress(w: QuestionSource, detail: DetailOf): Promise<Draft | null> {
  const interfaces = w.recording?.interfaces ?? []
  if (interfaces.length === 0) return null
  // This computer's address as the packets show it (the IP-address step's: shared/this-computer.ts).
  const computer = thisComputer(
    firstEntity(w.dns, (d) => d.query_frame !== null),
    firstEntity(w.connections, (c) => c.phases.connect !== null),
  )
  if (!computer || parseIpv4(computer.address) === null) return null
  const addressing = addressingOf({ local: computer.address, interfaces, servers: [] })
  // Only where the netmask is known: the interface that has the address, from the journal.
  if (!addressing || addressing.interfaceName === null) return null
  const own = interfaces.find((i) => i.name === addressing.interfaceName && i.family === 4)
  const source = proofOf(await detail(computer.frame), 'ip.src')
  if (!source || source.value !== computer.address) return null
  const n = addressing.network
  return {
    prompt: {
      en: `What is the network address of this computer's subnet (the address with every host-number bit 0)?`,
      ko: '이 컴퓨터가 속한 서브넷 자체를 나타내는 주소(호스트 번호 부분의 비트가 모두 0인 주소)는 무엇인가?',
    },
    form: { en: 'an address with its prefix ("10.11.12.0/24")', ko: '프리픽스를 붙인 주소("10.11.12.0/24")' },
    answer: `${n.network}/${n.prefix}`,
    explanation: {
      en: `${n.network}/${n.prefix}: this computer's address ${n.address} (${where(source).en}) with its netmask ${n.mask} (/${n.prefix}) keeps the network number and sets the host number's bits to 0. The netmask is interface ${addressing.interfaceName}'s (${own?.cidr ?? `${n.address}/${n.prefix}`}), from the recording's journal: no packet carries a netmask.`,
      ko: withParticles(`${n.network}/${n.prefix}: 이 컴퓨터의 주소 ${n.address}(${where(source).ko})에 넷마스크 ${n.mask}(/${n.prefix})을(를) 적용해 네트워크 번호만 남기고 호스트 번호 비트를 모두 0으로 한 주소다. 넷마스크는 기록 당시 인터페이스 ${addressing.interfaceName}의 것(${own?.cidr ?? `${n.address}/${n.prefix}`})으로, 저널에서 왔다. 패킷에는 넷마스크가 실려 있지 않다.`),
    },
    proof: [source],
    clickable: true,
    step: stepOf(w, ['ip-anatomy'], () => true),
  }
}

/** One deriver per kind: the compiler flags a kind without one. */
const DERIVERS: Record<QuestionKind, Deriver> = {
  'client-port': clientPort,
  'authoritative-server': authoritativeServer,
  'referral-count': referralCount,
  'first-close': firstClose,
  'image-status': imageStatus,
  'subnet-address': subnetAddress,
}

/** A capture's identity for its scores: a hash of its frame count and the bytes of its first
 * frames and its last, so a recording saved as pcap or pcapng (same packets) keeps its scores. */
export async function captureIdentity(w: QuestionSource, detail: DetailOf): Promise<string> {
  const hash = createHash('sha256')
  hash.update(`wiretrail-capture ${w.packets}\n`)
  const frames = new Set<number>()
  for (let f = 1; f <= Math.min(w.packets, IDENTITY_FRAMES); f++) frames.add(f)
  if (w.packets > 0) frames.add(w.packets)
  for (const f of frames) {
    const d = await detail(f)
    hash.update(`${f}:${d.bytes.length}\n`)
    hash.update(d.bytes)
  }
  return hash.digest('hex').slice(0, 32)
}

/** The question set of a capture: each question the capture can answer, in QUESTION_KINDS order;
 * only those of a set handed out with it (a teacher's export), when that set names these packets
 * (a set copied beside other packets is not theirs, and is ignored). */
export async function deriveQuestions(w: QuestionSource, detail: DetailOf, handedOut: { identity: string; kinds: readonly QuestionKind[] } | null = null): Promise<QuestionSet> {
  const identity = await captureIdentity(w, detail)
  const chosen = handedOut !== null && handedOut.identity === identity ? new Set(handedOut.kinds) : null
  const questions: Question[] = []
  for (const kind of QUESTION_KINDS) {
    if (chosen !== null && !chosen.has(kind)) continue
    const draft = await DERIVERS[kind](w, detail)
    if (draft) questions.push({ id: kind, kind, ...draft })
  }
  return { identity, questions, handedOut: chosen !== null }
}

// ── Checking an answer ────────────────────────────────────────────────────────────────────────

/** Typed text, read as the question's kind reads it: the canonical form, or null (unreadable). */
function readTyped(kind: QuestionKind, text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ')
  switch (kind) {
    case 'client-port':
    case 'referral-count': {
      const m = /^(?:port |포트 )?(\d{1,5})(?: ?(?:번|개|회|times?|referrals?))?$/.exec(t)
      return m ? String(Number(m[1])) : null
    }
    case 'authoritative-server': {
      // An address, with or without the lab's port ("127.53.4.1:10053", "[::1]:53").
      const bare = t.startsWith('[') ? t.slice(1, t.indexOf(']')) : /^[\d.]+:\d+$/.test(t) ? t.slice(0, t.lastIndexOf(':')) : t
      return parseIpv4(bare) !== null || /^[0-9a-f:]+$/.test(bare) ? bare : null
    }
    case 'first-close': {
      if (/^(the )?(client|browser|this computer)$|^클라이언트|^브라우저|^이 ?컴퓨터/.test(t)) return 'client'
      if (/^(the )?(web )?server$|^(웹 ?)?서버/.test(t)) return 'server'
      return null
    }
    case 'image-status': {
      const m = /(?:^|\D)([1-5]\d\d)(?!\d)/.exec(t)
      if (!m) return null
      const klass = /([1-5])xx/.exec(t)
      return klass ? `${m[1]} ${klass[1]}xx` : m[1]!
    }
    case 'subnet-address': {
      const [address, mask] = t.split('/')
      if (address === undefined || parseIpv4(address) === null) return null
      if (mask === undefined) return address
      const prefix = /^\d{1,2}$/.test(mask) ? Number(mask) : maskToPrefix(mask)
      return prefix === null || prefix > 32 ? null : `${address}/${prefix}`
    }
  }
}

/** "255.255.255.0" → 24; null when it is not a netmask (ones then zeros). */
function maskToPrefix(mask: string): number | null {
  const v = parseIpv4(mask)
  if (v === null) return null
  const bits = v.toString(2).padStart(32, '0')
  return /^1*0*$/.test(bits) ? bits.indexOf('0') < 0 ? 32 : bits.indexOf('0') : null
}

function typedVerdict(q: Question, text: string): { verdict: VerdictKind; got: string | null } {
  const got = readTyped(q.kind, text)
  if (got === null) return { verdict: 'unreadable', got }
  if (q.kind === 'image-status') {
    // The code alone answers its first half; a class given with it must be the right one too.
    const [code, klass] = q.answer.split(' ')
    const [gotCode, gotClass] = got.split(' ')
    return { verdict: gotCode === code && (gotClass === undefined || gotClass === klass) ? 'right' : 'wrong', got }
  }
  if (q.kind === 'subnet-address') {
    // The notes write a subnet with its prefix (10.11.12.0/24); the address alone is its network part.
    const [network, prefix] = q.answer.split('/')
    const [gotNetwork, gotPrefix] = got.split('/')
    return { verdict: gotNetwork === network && (gotPrefix === undefined || gotPrefix === prefix) ? 'right' : 'wrong', got }
  }
  return { verdict: got === q.answer ? 'right' : 'wrong', got }
}

const sameValue = (a: FieldProof['value'], b: FieldProof['value']) => String(a) === String(b)

/** Checks an answer. A click is judged by what the capture's bytes say at that frame and offset:
 * the field is read again from the file (`detail`), never taken from the caller. */
export async function checkAnswer(q: Question, answer: QuestionAnswer, detail: DetailOf): Promise<Verdict> {
  const say = (verdict: VerdictKind, message: LocalizedText): Verdict => ({ question: q.id, verdict, message: { en: message.en, ko: withParticles(message.ko) } })
  const main = q.proof[0]!
  if (answer.by === 'value') {
    if (answer.text.length > MAX_ANSWER_TEXT) return say('unreadable', { en: `That answer is longer than ${MAX_ANSWER_TEXT} characters.`, ko: `답이 ${MAX_ANSWER_TEXT}자보다 길다.` })
    const { verdict } = typedVerdict(q, answer.text)
    if (verdict === 'unreadable') return say(verdict, { en: `"${answer.text.trim()}" is not ${q.form.en}.`, ko: `"${answer.text.trim()}"은(는) ${q.form.ko} 형식이 아니다.` })
    if (verdict === 'right') return say(verdict, { en: `Right: ${q.explanation.en}`, ko: `정답: ${q.explanation.ko}` })
    return say(verdict, { en: `Not "${answer.text.trim()}". Look at ${q.clickable ? `the packet that shows it` : 'the steps that show it'} (the explaining step is one click away).`, ko: `"${answer.text.trim()}"이(가) 아니다. 그것을 보여 주는 ${q.clickable ? '패킷' : '단계'}을(를) 보라(설명하는 단계로 바로 갈 수 있다).` })
  }
  if (!q.clickable) return say('unreadable', { en: `This question is answered with ${q.form.en}, not a field.`, ko: `이 질문은 필드가 아니라 ${q.form.ko}(으)로 답한다.` })
  const d = await detail(answer.frame)
  const clicked = findField(d, answer.key, answer.offset)
  if (!clicked) return say('unreadable', { en: `Frame ${answer.frame} has no field ${answer.key} at byte ${answer.offset}.`, ko: `프레임 ${answer.frame}의 ${answer.offset}바이트에는 ${answer.key} 필드가 없다.` })
  const hit = q.proof.find((p) => p.frame === answer.frame && p.key === clicked.key && p.offset === clicked.offset)
  const label = `${clicked.display}`
  if (hit) return say('right', { en: `Right: ${label} in frame ${answer.frame} shows it. ${q.explanation.en}`, ko: `정답: 프레임 ${answer.frame}의 ${label}이(가) 그것을 보여 준다. ${q.explanation.ko}` })
  const sameKey = q.proof.find((p) => p.key === clicked.key && clicked.value !== undefined && sameValue(p.value, clicked.value))
  if (sameKey && answer.frame !== sameKey.frame) {
    return say('right-value-wrong-packet', {
      en: `${label} has the right value, but frame ${answer.frame} is not the packet that answers the question: look at frame ${sameKey.frame}.`,
      ko: `${label}의 값은 맞지만, 프레임 ${answer.frame}은(는) 이 질문에 답하는 패킷이 아니다. 프레임 ${sameKey.frame}을(를) 보라.`,
    })
  }
  if (q.proof.some((p) => p.frame === answer.frame)) {
    return say('right-packet-wrong-field', {
      en: `Frame ${answer.frame} is the right packet, but ${label} does not show it: look for ${main.key} (${bytesOf(main)}).`,
      ko: `프레임 ${answer.frame}은(는) 맞는 패킷이지만 ${label}은(는) 답을 보여 주지 않는다. ${main.key}(${bytesOfKo(main)})을(를) 찾아보라.`,
    })
  }
  return say('wrong', { en: `Not ${label} in frame ${answer.frame}.`, ko: `프레임 ${answer.frame}의 ${label}이(가) 아니다.` })
}
