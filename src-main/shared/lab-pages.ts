// The lab's pages a lesson can be recorded from, each with what it shows (the notes' STORY and
// section), and which of them shows each concept of the notes. The renderer offers them beside the
// address bar, and the step outline names the page that shows a concept a recording lacks. Pure
// data about the lab (assets/lab, docs/lab.md): a new lab page or a new concept is added here, and
// the exhaustive map below makes the compiler ask which page shows a new concept.
//
// Lab URLs are written as the notes write them, without a port: the recorder sends a lab URL typed
// without its port to the lab's web port (docs/ARCHITECTURE.md, "Lab network").

import type { ConceptId } from './concepts.ts'

export interface LocalizedLabText {
  en: string
  ko: string
}

export interface LabPage {
  /** What the address bar gets: an http(s) URL, or a dns: URI (RFC 4501) for a lookup on its own. */
  url: string
  /** Recorded with POST and these form fields (application/x-www-form-urlencoded), which the user
   * may edit before recording. */
  method?: 'POST'
  form?: readonly (readonly [string, string])[]
  /** Recorded with this resolver mode rather than the default ('nearby', as in the notes: the nearby
   * DNS server walks from the root for this computer, both legs recorded). */
  resolverMode?: 'iterative'
  title: LocalizedLabText
  /** What a recording of it shows, with the notes' section. */
  shows: LocalizedLabText
}

export const LAB_PAGES = {
  sample: {
    url: 'http://www.lab.cyber.co.kr/sample.htm',
    title: { en: 'The notes’ sample page', ko: '노트의 예제 페이지' },
    shows: {
      en: 'A page with one image: the URL, the request and response, the resolver asking the nearby DNS server, which walks down from the root, the four socket phases, and a second request for the image (STORY 01–04). The first recording after the app starts also shows the nearby server learning the root servers from its root hints (priming). Record it again: the nearby server answers from its cache.',
      ko: '이미지 하나가 있는 페이지: URL, 리퀘스트와 응답, 가까운 DNS 서버에 묻는 리졸버와 루트부터 내려가는 가까운 DNS 서버, 소켓의 네 단계, 이미지를 위한 두 번째 리퀘스트 (STORY 01–04). 앱을 시작한 뒤 첫 기록에서는 가까운 DNS 서버가 루트 힌트로 루트 서버 목록을 받는 과정(프라이밍)도 보인다. 다시 기록하면 가까운 DNS 서버가 캐시에서 회답한다.',
    },
  },
  iterative: {
    url: 'http://www.lab.cyber.co.kr/sample.htm',
    resolverMode: 'iterative',
    title: { en: 'The sample page, walked from this computer (like dig +trace)', ko: '이 컴퓨터가 루트부터 직접 조회하는 예제 페이지 (dig +trace처럼)' },
    shows: {
      en: 'Without a nearby DNS server: this computer itself asks the root, then each server below it (no recursion desired), as dig +trace does (STORY 03 §2–3).',
      ko: '가까운 DNS 서버 없이: 이 컴퓨터가 직접 루트에, 그다음 그 아래 서버에 차례로 묻는다(재귀 요청 없음). dig +trace와 같다 (STORY 03 §2–3).',
    },
  },
  directory: {
    url: 'http://www.lab.cyber.co.kr/dir/',
    title: { en: 'A directory URL', ko: '디렉토리 URL' },
    shows: {
      en: 'A path ending in “/”: the server answers with the directory’s index.html (STORY 01 §3).',
      ko: '“/”로 끝나는 경로: 서버가 디렉토리의 index.html로 응답한다 (STORY 01 §3).',
    },
  },
  whatisthis: {
    url: 'http://www.lab.cyber.co.kr/whatisthis',
    title: { en: '/whatisthis: file or directory?', ko: '/whatisthis: 파일인가 디렉토리인가?' },
    shows: {
      en: 'No slash at the end, but a directory of that name exists: a 301 redirect to /whatisthis/ (STORY 01 §3, §6).',
      ko: '끝에 슬래시가 없지만 같은 이름의 디렉토리가 있다: /whatisthis/로 301 리다이렉트 (STORY 01 §3, §6).',
    },
  },
  notFound: {
    url: 'http://www.lab.cyber.co.kr/no-such-page.htm',
    title: { en: 'A page that does not exist (404)', ko: '없는 페이지 (404)' },
    shows: {
      en: 'The status code 404 Not Found: a 4xx error on the client’s side (STORY 01 §6).',
      ko: '스테이터스 코드 404 Not Found: 클라이언트 측 오류인 4xx (STORY 01 §6).',
    },
  },
  gallery: {
    url: 'http://www.lab.cyber.co.kr/gallery.html',
    title: { en: 'The gallery (20 images)', ko: '갤러리 (이미지 20개)' },
    shows: {
      en: 'One request per file: 22 more requests over kept-alive connections, and the name answered from the cache each time (STORY 01 §6, STORY 03 §4).',
      ko: '파일 하나에 리퀘스트 하나: 유지된 연결로 리퀘스트 22개를 더 보내고, 이름은 매번 캐시에서 회답 (STORY 01 §6, STORY 03 §4).',
    },
  },
  form: {
    url: 'http://www.lab.cyber.co.kr/cgi-bin/echo',
    method: 'POST',
    form: [
      ['name', '홍길동'],
      ['message', 'hello, lab & friends'],
    ],
    title: { en: 'A form sent with POST', ko: 'POST로 보내는 폼' },
    shows: {
      en: 'The POST method: the form’s fields travel in the message body to the program /cgi-bin/echo, which answers with what it received (STORY 01 §4–5).',
      ko: 'POST 메소드: 폼의 필드가 메시지 본문에 담겨 프로그램 /cgi-bin/echo로 가고, 프로그램은 받은 내용을 회답한다 (STORY 01 §4–5).',
    },
  },
  https: {
    url: 'https://www.lab.cyber.co.kr/sample.htm',
    title: { en: 'The sample page over HTTPS', ko: 'HTTPS로 받는 예제 페이지' },
    shows: {
      en: 'https: a TLS handshake on the socket (the server name in SNI, the lab’s certificate) before the request, which then travels encrypted.',
      ko: 'https: 리퀘스트 전에 소켓 위에서 TLS 핸드셰이크(SNI의 서버명, 실습 인증서)를 하고, 리퀘스트는 암호화되어 간다.',
    },
  },
  glasscom: {
    url: 'http://www.lab.glasscom.com/whatisthis',
    title: { en: 'The glasscom host', ko: 'glasscom 호스트' },
    shows: {
      en: 'Another branch of the hierarchy: root → com. → glasscom.com. → lab.glasscom.com.; here /whatisthis is a file (STORY 01 §3, STORY 03 §2).',
      ko: '계층의 다른 가지: 루트 → com. → glasscom.com. → lab.glasscom.com. 이 서버에서 /whatisthis는 파일이다 (STORY 01 §3, STORY 03 §2).',
    },
  },
  noSuchName: {
    url: 'http://nosuch.lab.cyber.co.kr/',
    title: { en: 'A name that does not exist', ko: '존재하지 않는 이름' },
    shows: {
      en: 'NXDOMAIN: the lab.cyber.co.kr. server says the name does not exist, with its SOA record saying how long that may be cached (STORY 03 §4).',
      ko: 'NXDOMAIN: lab.cyber.co.kr. 서버가 이름이 없다고 회답하고, SOA 레코드로 그 사실을 얼마 동안 캐시해도 되는지 알려준다 (STORY 03 §4).',
    },
  },
  noSuchHost: {
    url: 'http://www.lab.cyber.co.kr/no-such-host.html',
    title: { en: 'An image on a host that does not exist (negative cache)', ko: '존재하지 않는 호스트의 이미지 (네거티브 캐시)' },
    shows: {
      en: 'NXDOMAIN for nosuch.cyber.co.kr, to be cached for the SOA’s minimum; record it twice: the second time the nearby DNS server answers “does not exist” from its cache, the TTL counted down (STORY 03 §4).',
      ko: 'nosuch.cyber.co.kr에 대한 NXDOMAIN. SOA의 최소값만큼 캐시된다. 두 번 기록하면 두 번째에는 가까운 DNS 서버가 캐시에서 "존재하지 않음"을 회답하고 TTL은 줄어 있다 (STORY 03 §4).',
    },
  },
  mx: {
    url: 'dns:cyber.co.kr?type=MX',
    title: { en: 'MX lookup of cyber.co.kr', ko: 'cyber.co.kr의 MX 조회' },
    shows: {
      en: 'A DNS lookup on its own, as a mail program makes it: the mail destination (MX 10 mail.cyber.co.kr) and then that server’s address (A) — the notes’ table of resource records (STORY 03 §1).',
      ko: '메일 프로그램처럼 DNS 조회만 한다: 메일 배송 목적지(MX 10 mail.cyber.co.kr)와 그 서버의 주소(A) — 노트의 리소스 레코드 표 (STORY 03 §1).',
    },
  },
} as const satisfies Record<string, LabPage>

export type LabPageId = keyof typeof LAB_PAGES

export const LAB_PAGE_IDS = Object.keys(LAB_PAGES) as LabPageId[]

/** The lab page whose recording shows each concept (test/e2e/lesson.test.ts records each and
 * checks). Null: no recording shows it yet; the outline then says so rather than name a page that
 * would not show it. (The sample page shows the IP address and the four socket phases, write and
 * read included, since each has a step of its own.) */
export const LAB_PAGE_FOR_CONCEPT: Record<ConceptId, LabPageId | null> = {
  'url.anatomy': 'sample',
  'url.default-file': 'directory',
  'url.other-schemes': 'mx',
  'http.method-uri': 'form',
  'http.request-message': 'sample',
  'http.response-message': 'sample',
  'http.status-code': 'notFound',
  'http.redirect': 'whatisthis',
  // HSTS needs a site that sends Strict-Transport-Security over HTTPS and a later http:// URL of
  // it: the internet replica's page (docs/replica.md); no lab page does.
  'http.hsts': null,
  'http.subresource': 'sample',
  'ip.address': 'sample',
  'ip.names-vs-addresses': 'sample',
  'dns.resolver': 'sample',
  'dns.query': 'sample',
  'dns.hierarchy': 'sample',
  // Priming (RFC 8109): the first time it walks (the first recording after the lab starts, or after
  // its cache is flushed), the lab's nearby DNS server asks a root from its hints for ". NS", as the
  // internet target's resolver does: the sample page's first lookup.
  'dns.root-hints': 'sample',
  'dns.referral': 'sample',
  'dns.authoritative-answer': 'sample',
  'dns.cache': 'sample',
  'dns.negative-cache': 'noSuchHost',
  'socket.create': 'sample',
  'socket.connect': 'sample',
  'socket.send': 'sample',
  'socket.receive': 'sample',
  'socket.close': 'sample',
  'tls.handshake': 'https',
}
