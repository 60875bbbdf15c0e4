// The player's steps: one per meaningful event, in time order, each naming the notes' concept it
// shows (concepts.ts) with an English and Korean title and detail written for *this* event (the
// server, the name, the frame), and the frames behind it.
import type { ConceptId } from '../shared/concepts.ts'
import type { Connection, DnsTransaction, HttpExchange, LocalizedText, ResolutionChain, ResolutionHop, Step, StepKind, TlsSession } from '../shared/walkthrough.ts'
import type { Journal } from './journal.ts'
import { dnsServerRole } from '../shared/dns-roles.ts'

interface Input {
  dns: DnsTransaction[]
  resolutions: ResolutionChain[]
  connections: Connection[]
  http: HttpExchange[]
  tls: TlsSession[]
  journal: Journal | null
  /** Epoch seconds of frame 1, to place journal events. */
  firstEpoch: number
  /** Relative time of a frame (1-based). */
  frameTime(frame: number): number
}

type Draft = Omit<Step, 'index'> & { order: number }

const name = (n: string) => (n === '.' ? '. (root)' : n)
/** What the hop's server is, named by the one role function (shared/dns-roles.ts). */
const roleOf = (hop: ResolutionHop): LocalizedText =>
  dnsServerRole({ nearby: hop.role === 'nearby', recursionDesired: hop.role === 'recursive' || hop.zone === '(recursive)', zone: hop.zone }).label
const fr = (frames: number[]) => (frames.length === 0 ? '' : frames.length === 1 ? `frame ${frames[0]}` : `frames ${frames[0]}–${frames[frames.length - 1]}`)
const frKo = (frames: number[]) => (frames.length === 0 ? '' : frames.length === 1 ? `프레임 ${frames[0]}` : `프레임 ${frames[0]}–${frames[frames.length - 1]}`)

function text(en: string, ko: string): LocalizedText {
  return { en, ko }
}

/** A cache hit, told for whose cache it is (the journal says: this computer's resolver — the
 * browser's host cache, one page load long — or the nearby DNS server's), with the entry's age. */
function cacheHitText(qname: string, qtype: string, hop: ResolutionHop): { title: LocalizedText; detail: LocalizedText } {
  const nearby = hop.cache === 'nearby'
  const negative = hop.negative === 'nxdomain' ? { en: ' "does not exist"', ko: ' "존재하지 않음"' } : hop.negative === 'nodata' ? { en: ` "no ${qtype} record"`, ko: ` "${qtype} 레코드 없음"` } : { en: '', ko: '' }
  const whose = nearby ? { en: 'the nearby DNS server', ko: '가까운 DNS 서버' } : { en: "this computer's resolver (as a browser's host cache, kept for this page load)", ko: '이 컴퓨터의 리졸버(이 페이지 로드 동안 유지되는 브라우저의 호스트 캐시처럼)' }
  const age = hop.ageMs !== undefined ? (hop.ageMs / 1000).toFixed(1) : null
  const ttl =
    hop.ttlLeft === undefined
      ? { en: '', ko: '' }
      : {
          en: ` ${age !== null ? `It was stored ${age} s ago${hop.storedTtl !== undefined ? ` with a TTL of ${hop.storedTtl} s` : ''}; ` : ''}${hop.ttlLeft} s of its TTL are left${nearby ? `, so the answer carries TTL ${hop.ttlLeft}` : ''}.`,
          ko: ` ${age !== null ? `${age}초 전에${hop.storedTtl !== undefined ? ` TTL ${hop.storedTtl}초로` : ''} 기록했고, ` : ''}TTL이 ${hop.ttlLeft}초 남아 있다${nearby ? `. 그래서 회답의 TTL은 ${hop.ttlLeft}이다` : ''}.`,
        }
  if (nearby) {
    return {
      title: text(`The nearby DNS server answers ${qname} ${qtype}${negative.en} from its cache`, `가까운 DNS 서버가 캐시에서 ${qname} ${qtype}${negative.ko}을(를) 회답`),
      detail: text(
        `It asks no other server: no packets up the hierarchy. Its answer has no AA flag: it comes from its cache, not from the server where the name is registered.${ttl.en}`,
        `다른 DNS 서버에는 묻지 않는다(상위 서버로 가는 패킷이 없다). 캐시에서 회답하므로 AA 플래그가 없다(등록처 DNS 서버의 회답이 아니다).${ttl.ko}`,
      ),
    }
  }
  return {
    title: text(`${qname} ${qtype}${negative.en} is answered from this computer's cache`, `${qname} ${qtype}${negative.ko}: 이 컴퓨터의 캐시에서 회답`),
    detail: text(`No packet is sent: ${whose.en} still holds the answer.${ttl.en}`, `패킷을 보내지 않는다. ${whose.ko}가 회답을 갖고 있다.${ttl.ko}`),
  }
}

export function buildSteps(input: Input): Step[] {
  const drafts: Draft[] = []
  let order = 0
  const add = (t: number, kind: StepKind, concept: ConceptId, title: LocalizedText, detail: LocalizedText, frames: number[], refs: Step['refs']) => {
    drafts.push({ t: Math.max(0, t), kind, concept, title, detail, frames, refs, order: order++ })
  }
  const rec = input.journal?.recording ?? null
  const lookup = rec === null ? null : dnsLookupOf(rec.url)
  if (rec && lookup) {
    // A recording of a dns: URI (RFC 4501): another access method, the resolver alone.
    add(
      Date.parse(rec.startedAt) / 1000 - input.firstEpoch,
      'url',
      'url.other-schemes',
      text(`The address is a DNS lookup: ${rec.typedUrl}`, `주소는 DNS 조회이다: ${rec.typedUrl}`),
      text(
        `The scheme dns: names another access method: no web server and no HTTP request, only the resolver, which asks for the name ${lookup.name}, class IN, type ${lookup.type}.`,
        `스킴 dns:는 다른 액세스 방법을 나타낸다. 웹 서버도 HTTP 리퀘스트도 없이 리졸버만 움직여 이름 ${lookup.name}, 클래스 IN, 타입 ${lookup.type}의 레코드를 조회한다.`,
      ),
      [],
      {},
    )
  } else if (rec) {
    const t = Date.parse(rec.startedAt) / 1000 - input.firstEpoch
    let path = '/'
    let host = ''
    let scheme = ''
    try {
      const u = new URL(rec.url)
      path = u.pathname
      host = u.hostname
      scheme = u.protocol
    } catch {
      /* an unparsable URL is still shown as typed */
    }
    const isDefault = path.endsWith('/')
    add(
      t,
      'url',
      isDefault ? 'url.default-file' : 'url.anatomy',
      text(`The browser reads the URL ${rec.typedUrl}`, `브라우저가 URL ${rec.typedUrl}을(를) 해독한다`),
      text(
        `Scheme ${scheme} (how to access), server name ${host}, path ${path}${isDefault ? ' (ends in "/": the server picks its default file, e.g. index.html)' : ''}.${rec.typedUrl !== rec.url ? ` Loaded as ${rec.url}.` : ''}`,
        `스킴 ${scheme}(액세스 방법), 웹 서버명 ${host}, 경로 ${path}${isDefault ? ' ("/"로 끝나므로 서버가 미리 정한 파일, 예: index.html)' : ''}.${rec.typedUrl !== rec.url ? ` 실제로는 ${rec.url}을(를) 연다.` : ''}`,
      ),
      [],
      {},
    )
    const firstHttp = input.http[0]
    if (firstHttp) {
      add(
        t,
        'http-request-built',
        'http.request-message',
        text(`The request message is written: ${firstHttp.method} ${firstHttp.uri}`, `리퀘스트 메시지 작성: ${firstHttp.method} ${firstHttp.uri}`),
        text(`Request line "${firstHttp.requestHead.split('\r\n')[0]}", then header lines, then a blank line. It is sent later, once the server's address is known (${fr([firstHttp.request_frame])}).`, `리퀘스트 라인 "${firstHttp.requestHead.split('\r\n')[0]}", 헤더 행들, 공백 행. 서버의 IP 주소를 알아낸 뒤에 송신된다(${frKo([firstHttp.request_frame])}).`),
        [],
        { http: 0 },
      )
    }
  }

  // DNS: every hop of every resolution, in order.
  let firstQuery = true
  input.resolutions.forEach((chain, ri) => {
    chain.hops.forEach((hop, hi) => {
      if (hop.outcome === 'cache') {
        const atMs = hop.atMs
        const t = atMs !== undefined ? atMs / 1000 - input.firstEpoch : hop.t
        const c = cacheHitText(name(chain.qname), chain.qtype, hop)
        add(t, 'dns-cache-hit', hop.negative ? 'dns.negative-cache' : 'dns.cache', c.title, c.detail, [], { resolution: ri, hop: hi })
        return
      }
      if (hop.dns === undefined) return
      const tx = input.dns[hop.dns]!
      const stub = tx.rd && hop.zone === '(recursive)'
      if (tx.query_frame !== null) {
        const concept: ConceptId = firstQuery ? 'ip.names-vs-addresses' : stub ? 'dns.resolver' : hi === 0 && hop.zone === '.' ? 'dns.hierarchy' : 'dns.query'
        firstQuery = false
        add(
          input.frameTime(tx.query_frame),
          'dns-query',
          concept,
          text(`Ask ${hop.server} (${roleOf(hop).en}) for ${name(tx.qname)} ${tx.qtype}`, `${hop.server}(${roleOf(hop).ko})에 ${name(tx.qname)} ${tx.qtype} 조회`),
          text(
            `Query id 0x${tx.id.toString(16).padStart(4, '0')} from ${tx.client} to ${tx.server} over ${tx.transport.toUpperCase()}: name ${tx.qname}, class IN, type ${tx.qtype}${tx.rd ? ', recursion desired' : ', iterative (no recursion)'} (${fr([tx.query_frame])}).`,
            `조회 ID 0x${tx.id.toString(16).padStart(4, '0')}, ${tx.client} → ${tx.server} (${tx.transport.toUpperCase()}): 이름 ${tx.qname}, 클래스 IN, 타입 ${tx.qtype}${tx.rd ? ', 재귀 요청' : ', 반복 조회'} (${frKo([tx.query_frame])}).`,
          ),
          [tx.query_frame],
          { dns: hop.dns, resolution: ri, hop: hi },
        )
      }
      if (tx.response_frame === null) {
        if (tx.query_frame !== null) {
          add(input.frameTime(tx.query_frame), 'dns-timeout', 'dns.resolver', text(`No answer from ${hop.server}`, `${hop.server}에서 응답 없음`), text(`The capture holds no response to query 0x${tx.id.toString(16).padStart(4, '0')}; a resolver would try again or ask another server.`, `조회 0x${tx.id.toString(16).padStart(4, '0')}에 대한 응답이 캡처에 없다. 리졸버는 다시 보내거나 다른 서버에 묻는다.`), [tx.query_frame], { dns: hop.dns, resolution: ri, hop: hi })
        }
        return
      }
      const t = input.frameTime(tx.response_frame)
      const frames = [tx.response_frame]
      const refs = { dns: hop.dns, resolution: ri, hop: hi }
      const rtt = tx.rtt_ms !== null ? ` after ${tx.rtt_ms} ms` : ''
      const rttKo = tx.rtt_ms !== null ? ` (${tx.rtt_ms} ms 후)` : ''
      switch (hop.outcome) {
        case 'referral': {
          const ns = tx.authority.filter((r) => r.type === 'NS').map((r) => r.data)
          const glue = tx.additional.filter((r) => r.type === 'A' || r.type === 'AAAA').length
          add(t, 'dns-referral', 'dns.referral', text(`${hop.server} refers the resolver to the ${hop.referredTo ?? '?'} servers`, `${hop.server}가 ${hop.referredTo ?? '?'} 도메인의 DNS 서버를 소개한다`), text(`No answer for ${tx.qname}${rtt}: ${ns.length} NS record(s) for ${hop.referredTo} (${ns.slice(0, 3).join(', ')}${ns.length > 3 ? ', …' : ''}) with ${glue} glue address(es) (${fr(frames)}).`, `${tx.qname}의 회답 대신${rttKo} ${hop.referredTo}의 NS 레코드 ${ns.length}개(${ns.slice(0, 3).join(', ')}${ns.length > 3 ? ', …' : ''})와 글루 주소 ${glue}개 (${frKo(frames)}).`), frames, refs)
          if (tx.tc) add(t, 'dns-tcp-fallback', 'dns.query', text('The answer was truncated (TC): ask again over TCP', '응답이 잘림(TC): TCP로 다시 조회'), text('The UDP response did not fit; the resolver repeats the query over TCP.', 'UDP 응답에 다 들어가지 않아 리졸버가 TCP로 다시 조회한다.'), frames, refs)
          break
        }
        case 'answer': {
          const data = tx.answers.map((r) => `${r.type} ${r.data}`)
          const concept: ConceptId = tx.aa ? 'dns.authoritative-answer' : 'dns.resolver'
          add(t, 'dns-answer', concept, text(`${hop.server} answers ${name(tx.qname)}: ${data.slice(0, 2).join(', ')}${data.length > 2 ? ', …' : ''}`, `${hop.server}의 회답: ${name(tx.qname)} → ${data.slice(0, 2).join(', ')}${data.length > 2 ? ', …' : ''}`), text(`${tx.aa ? 'Authoritative answer (AA set): the server where the name is registered' : 'Answer without the AA flag: it came from a cache or a recursive server'}${rtt}; ${tx.answers.length} record(s), TTL ${tx.answers[0]?.ttl ?? 0} s (${fr(frames)}).`, `${tx.aa ? '권한 있는 응답(AA 설정): 이름이 등록된 서버의 회답' : 'AA 플래그 없음: 캐시나 풀 서비스 리졸버의 회답'}${rttKo}, 레코드 ${tx.answers.length}개, TTL ${tx.answers[0]?.ttl ?? 0}초 (${frKo(frames)}).`), frames, refs)
          if (tx.tc) add(t, 'dns-tcp-fallback', 'dns.query', text('The answer was truncated (TC): ask again over TCP', '응답이 잘림(TC): TCP로 다시 조회'), text('The UDP response did not fit; the resolver repeats the query over TCP.', 'UDP 응답에 다 들어가지 않아 리졸버가 TCP로 다시 조회한다.'), frames, refs)
          break
        }
        case 'cname': {
          const target = tx.answers.find((r) => r.type === 'CNAME')?.data ?? '?'
          add(t, 'dns-cname', 'dns.hierarchy', text(`${name(tx.qname)} is an alias of ${target}`, `${name(tx.qname)}은(는) ${target}의 별칭(CNAME)`), text(`The resolution continues with the canonical name ${target}${rtt} (${fr(frames)}).`, `정식 이름 ${target}으로 조회를 계속한다${rttKo} (${frKo(frames)}).`), frames, refs)
          break
        }
        case 'nxdomain':
          add(t, 'dns-nxdomain', 'dns.negative-cache', text(`${name(tx.qname)} does not exist (NXDOMAIN)`, `${name(tx.qname)}은(는) 존재하지 않는다(NXDOMAIN)`), text(`${hop.server} says the name does not exist${rtt}; the SOA in the authority section says how long that may be cached (${fr(frames)}).`, `${hop.server}가 이름이 없다고 회답${rttKo}. 권한 섹션의 SOA가 이 사실을 캐시할 기간을 정한다 (${frKo(frames)}).`), frames, refs)
          break
        case 'nodata':
          add(t, 'dns-nodata', 'dns.negative-cache', text(`${name(tx.qname)} has no ${tx.qtype} record`, `${name(tx.qname)}에 ${tx.qtype} 레코드가 없다`), text(`The name exists but not with type ${tx.qtype} (NOERROR, empty answer)${rtt} (${fr(frames)}).`, `이름은 있지만 ${tx.qtype} 타입은 없다(NOERROR, 빈 회답)${rttKo} (${frKo(frames)}).`), frames, refs)
          break
        default:
          add(t, 'dns-lame', 'dns.referral', text(`${hop.server} gives no usable answer (${tx.rcode})`, `${hop.server}의 응답을 쓸 수 없다(${tx.rcode})`), text(`Outcome "${hop.outcome}": the resolver must ask another server${rtt} (${fr(frames)}).`, `결과 "${hop.outcome}": 다른 서버에 물어야 한다${rttKo} (${frKo(frames)}).`), frames, refs)
      }
    })
  })

  // Connections: the four phases of the socket library, with the HTTP messages in between.
  input.connections.forEach((c, ci) => {
    const socket = c.phases.socket
    const serverPort = c.server.slice(c.server.lastIndexOf(':') + 1)
    if (socket) {
      add(
        socket.start,
        'socket-create',
        'socket.create',
        text(`Create a socket${socket.fd !== null ? ` (descriptor ${socket.fd})` : ''} for ${c.server}`, `${c.server}와 통신할 소켓 작성${socket.fd !== null ? `(디스크립터 ${socket.fd})` : ''}`),
        socket.visible
          ? text(`The recording's journal saw socket() return descriptor ${socket.fd ?? '?'}; nothing is on the wire yet.`, `저널에 socket()이 디스크립터 ${socket.fd ?? '?'}를 돌려준 것이 기록되어 있다. 아직 아무것도 송신되지 않는다.`)
          : text('Not visible on the wire: socket() happens inside the OS before the first packet.', '회선에서는 보이지 않는다: socket()은 첫 패킷 전에 OS 안에서 일어난다.'),
        [],
        { connection: ci },
      )
    }
    if (c.phases.connect) {
      const p = c.phases.connect
      const refused = c.phases.close?.kind === 'rst' && p.frames.length <= 2
      add(p.start, 'connect', 'socket.connect', text(refused ? `Connecting to ${c.server} is refused` : `Connect to ${c.server} (port ${serverPort})`, refused ? `${c.server} 접속 거부` : `${c.server}(포트 ${serverPort})에 접속`), text(refused ? `SYN answered by RST: nothing listens on port ${serverPort} (${fr(p.frames)}).` : `Three-way handshake SYN, SYN-ACK, ACK; our side's port ${c.client.slice(c.client.lastIndexOf(':') + 1)} was picked by the stack (${fr(p.frames)}).`, refused ? `SYN에 RST 응답: 포트 ${serverPort}에서 기다리는 프로그램이 없다 (${frKo(p.frames)}).` : `SYN, SYN-ACK, ACK 3단계 핸드셰이크. 클라이언트 측 포트 ${c.client.slice(c.client.lastIndexOf(':') + 1)}는 프로토콜 스택이 할당 (${frKo(p.frames)}).`), p.frames, { connection: ci })
    }
    const tls = input.tls.find((s) => s.connection === ci)
    if (tls && tls.clientHelloFrame !== null) {
      const frames = [tls.clientHelloFrame, tls.serverHelloFrame].filter((x): x is number => x !== null)
      const cert = tls.certificates[0]
      add(input.frameTime(tls.clientHelloFrame), 'tls-handshake', 'tls.handshake', text(`TLS handshake${tls.sni ? ` for ${tls.sni}` : ''}`, `TLS 핸드셰이크${tls.sni ? ` (${tls.sni})` : ''}`), text(`ClientHello names the server${tls.sni ? ` (SNI ${tls.sni})` : ''}; the server picks ${tls.version ?? 'a version'} with ${tls.cipher ?? 'a cipher'}${cert ? `; certificate for ${cert.subject}, issued by ${cert.issuer}` : ''}${tls.decrypted ? '. The capture carries the keys: the records are decrypted' : ''} (${fr(frames)}).`, `ClientHello에 서버 이름${tls.sni ? `(SNI ${tls.sni})` : ''}. 서버가 ${tls.version ?? '버전'}과 ${tls.cipher ?? '암호'}를 선택${cert ? `. 인증서: ${cert.subject}, 발급자 ${cert.issuer}` : ''}${tls.decrypted ? '. 캡처에 키가 있어 복호화했다' : ''} (${frKo(frames)}).`), frames, { connection: ci, tls: input.tls.indexOf(tls) })
    }
    for (const hi of c.http) {
      const ex = input.http[hi]!
      const sub = ex.causedBy !== undefined
      const concept: ConceptId = sub ? 'http.subresource' : ex.method === 'GET' ? 'http.method-uri' : 'http.request-message'
      add(
        input.frameTime(ex.request_frame),
        'send',
        concept,
        text(`write(): ${ex.method} ${ex.uri}${ex.host ? ` to ${ex.host}` : ''}`, `write(): ${ex.method} ${ex.uri}${ex.host ? ` → ${ex.host}` : ''}`),
        text(`The request message${ex.decrypted ? ' (decrypted from TLS)' : ''}: "${ex.requestHead.split('\r\n')[0]}" with ${Math.max(0, ex.requestHead.split('\r\n').length - 3)} header line(s)${ex.referer ? `; Referer ${ex.referer} says which page asked for it` : ''} (${fr([ex.request_frame])}).`, `리퀘스트 메시지${ex.decrypted ? '(TLS 복호화)' : ''}: "${ex.requestHead.split('\r\n')[0]}", 헤더 ${Math.max(0, ex.requestHead.split('\r\n').length - 3)}행${ex.referer ? `. Referer ${ex.referer}가 요청한 페이지를 알려준다` : ''} (${frKo([ex.request_frame])}).`),
        [ex.request_frame],
        { connection: ci, http: hi },
      )
      if (ex.status !== null && ex.response_frame !== null) {
        const ok = ex.status >= 200 && ex.status < 300
        const size = ex.bodyBytes ? `${ex.bodyBytes.wire} bytes${ex.bodyBytes.decoded !== ex.bodyBytes.wire ? ` (${ex.bodyBytes.decoded} after decoding${ex.contentEncoding ? ` ${ex.contentEncoding}` : ''})` : ''}` : 'no body'
        add(input.frameTime(ex.response_frame), 'http-response', ok ? 'http.response-message' : 'http.status-code', text(`read(): ${ex.status} ${ex.reason ?? ''} for ${ex.uri}`.trim(), `read(): ${ex.uri}에 대한 ${ex.status} ${ex.reason ?? ''}`.trim()), text(`Status line "${(ex.responseHead ?? '').split('\r\n')[0]}"${ex.contentType ? `, ${ex.contentType}` : ''}, body ${size}${ex.transferEncoding ? `, ${ex.transferEncoding}` : ''} (${fr([ex.response_frame])}).`, `스테이터스 라인 "${(ex.responseHead ?? '').split('\r\n')[0]}"${ex.contentType ? `, ${ex.contentType}` : ''}, 본문 ${size}${ex.transferEncoding ? `, ${ex.transferEncoding}` : ''} (${frKo([ex.response_frame])}).`), [ex.response_frame], { connection: ci, http: hi })
      }
    }
    if (c.http.length === 0 && c.phases.transfer) {
      const p = c.phases.transfer
      add(p.start, 'send', 'socket.send', text(`Data over ${c.client} ⇄ ${c.server}`, `${c.client} ⇄ ${c.server} 데이터 송수신`), text(`${c.bytes.toServer} bytes to the server, ${c.bytes.toClient} bytes back, in ${p.frames.length} segment(s)${tls ? ' (encrypted)' : ''} (${fr(p.frames)}).`, `서버로 ${c.bytes.toServer}바이트, 클라이언트로 ${c.bytes.toClient}바이트, 세그먼트 ${p.frames.length}개${tls ? '(암호화)' : ''} (${frKo(p.frames)}).`), p.frames.slice(0, 64), { connection: ci })
    }
    const close = c.phases.close
    if (close && close.kind !== 'none' && !(c.phases.connect && close.kind === 'rst' && c.phases.connect.frames.length <= 2 && c.phases.transfer === null)) {
      add(close.start, 'close', 'socket.close', text(`${close.by === 'server' ? 'The server' : close.by === 'client' ? 'The client' : 'One side'} closes with ${close.kind.toUpperCase()}`, `${close.by === 'server' ? '서버' : close.by === 'client' ? '클라이언트' : '한쪽'}가 ${close.kind.toUpperCase()}로 연결을 끊는다`), text(close.kind === 'fin' ? `close(): a FIN each way ends the connection ${c.client} ⇄ ${c.server} (${fr(close.frames)}).` : `RST aborts the connection ${c.client} ⇄ ${c.server} at once (${fr(close.frames)}).`, close.kind === 'fin' ? `close(): 양방향 FIN으로 ${c.client} ⇄ ${c.server} 연결 종료 (${frKo(close.frames)}).` : `RST로 ${c.client} ⇄ ${c.server} 연결을 즉시 강제 종료 (${frKo(close.frames)}).`), close.frames, { connection: ci })
    }
  })

  drafts.sort((a, b) => a.t - b.t || a.order - b.order)
  return drafts.map((d, index) => ({ index, t: d.t, kind: d.kind, concept: d.concept, title: d.title, detail: d.detail, frames: d.frames, refs: d.refs }))
}

export type { Draft }

/** The name and type of a recording of a dns: URI ("dns:cyber.co.kr?type=MX", as the recorder
 * writes it in the journal), or null for a page. */
function dnsLookupOf(url: string): { name: string; type: string } | null {
  const match = /^dns:([^?]+)(?:\?type=([A-Za-z0-9]+))?$/i.exec(url)
  return match ? { name: match[1]!, type: (match[2] ?? 'A').toUpperCase() } : null
}
