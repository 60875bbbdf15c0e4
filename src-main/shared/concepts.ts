// The concepts of the notes the app teaches (../shared/reference: chapter 1 of "How networks work",
// Korean study notes, STORY 01–04). Every walkthrough step names one of these; the renderer shows
// the explanation in English or Korean beside the real bytes. Pure data.

export interface Concept {
  /** Where in the notes: "STORY 03 §4". */
  chapter: string
  title: { en: string; ko: string }
  explanation: { en: string; ko: string }
}

export const CONCEPTS = {
  'url.anatomy': {
    chapter: 'STORY 01 §1–2',
    title: { en: 'Reading the URL', ko: 'URL 해독' },
    explanation: {
      en: 'The browser first takes the URL apart: the scheme says how to access the data (http: means the HTTP protocol), "//" says a server name follows, then optional user and password, the web server\'s name, an optional port, and the path of the file on that server.',
      ko: '브라우저는 먼저 URL을 해독한다. 맨 앞의 스킴은 액세스 방법(http:는 HTTP 프로토콜)을, "//"는 뒤에 서버 이름이 온다는 것을 나타내며, 이어서 사용자명·패스워드(생략 가능), 웹 서버명, 포트 번호(생략 가능), 서버 안의 파일 경로명이 온다.',
    },
  },
  'url.default-file': {
    chapter: 'STORY 01 §3',
    title: { en: 'When the file name is left out', ko: '파일명을 생략한 경우' },
    explanation: {
      en: 'A path ending in "/" names a directory; the server answers with a file configured in advance, such as index.html. With no path at all the root directory "/" is meant. A last part without a slash (/whatisthis) is taken as a file, or as a directory if one of that name exists.',
      ko: '"/"로 끝나는 경로는 디렉토리를 뜻하며, 서버는 미리 설정해 둔 파일(index.html 등)로 응답한다. 경로가 전혀 없으면 루트 디렉토리 "/"를 뜻한다. 슬래시 없는 마지막 부분(/whatisthis)은 파일명으로 보고, 같은 이름의 디렉토리가 있으면 디렉토리명으로 본다.',
    },
  },
  'url.other-schemes': {
    chapter: 'STORY 01 §1',
    title: { en: 'Other access methods', ko: '다른 액세스 방법' },
    explanation: {
      en: 'ftp:, file: and mailto: name other ways to reach data: an FTP server, a file on this computer, or a mail address. The browser picks the function (HTTP client, FTP client, mail) from the scheme.',
      ko: 'ftp:, file:, mailto:는 다른 액세스 방법을 나타낸다. FTP 서버, 이 컴퓨터의 파일, 메일 주소 등이다. 브라우저는 스킴을 보고 어떤 기능(HTTP 클라이언트, FTP 클라이언트, 메일)을 쓸지 판단한다.',
    },
  },
  'http.method-uri': {
    chapter: 'STORY 01 §4',
    title: { en: 'What and how: URI and method', ko: '무엇을, 어떻게: URI와 메소드' },
    explanation: {
      en: 'A request says what (the URI, e.g. /dir1/file1.html) and how (the method): GET reads a page, POST sends form data to a program, HEAD returns only the headers, PUT replaces a file, DELETE removes it, OPTIONS asks about options, TRACE echoes the request back.',
      ko: '리퀘스트는 "무엇을"(URI, 예: /dir1/file1.html)과 "어떻게"(메소드)를 담는다. GET은 페이지 읽기, POST는 폼 데이터를 프로그램에 송신, HEAD는 헤더만 반송, PUT은 파일 치환, DELETE는 삭제, OPTIONS는 통신 옵션 조사, TRACE는 받은 리퀘스트를 그대로 반송한다.',
    },
  },
  'http.request-message': {
    chapter: 'STORY 01 §5',
    title: { en: 'The HTTP request message', ko: 'HTTP 리퀘스트 메시지' },
    explanation: {
      en: 'The request line (method, space, URI, space, HTTP version), then one header field per line, then a blank line, then the message body (form data for POST). Everything up to the blank line is the message header.',
      ko: '리퀘스트 라인(메소드 공백 URI 공백 HTTP 버전), 한 행에 하나씩 헤더 필드, 공백 행, 그리고 메시지 본문(POST의 폼 데이터 등)으로 이루어진다. 공백 행까지가 메시지 헤더이다.',
    },
  },
  'http.response-message': {
    chapter: 'STORY 01 §5',
    title: { en: 'The HTTP response message', ko: 'HTTP 응답 메시지' },
    explanation: {
      en: 'The status line (HTTP version, status code, reason phrase), header fields, a blank line, and the body: the file\'s data or a program\'s output, treated as binary data.',
      ko: '스테이터스 라인(HTTP 버전, 스테이터스 코드, 응답 문구), 헤더 필드, 공백 행, 그리고 메시지 본문(파일에서 읽은 데이터나 프로그램의 출력, 바이너리로 취급)으로 이루어진다.',
    },
  },
  'http.status-code': {
    chapter: 'STORY 01 §6',
    title: { en: 'Status codes', ko: '스테이터스 코드' },
    explanation: {
      en: '1xx: progress; 2xx: success; 3xx: another action is needed (e.g. a redirect); 4xx: an error on the client\'s side (404 Not Found); 5xx: an error on the server\'s side.',
      ko: '1xx: 처리 경과 통지, 2xx: 정상 종료, 3xx: 다른 조치 필요(리다이렉트 등), 4xx: 클라이언트 측 오류(404 Not Found), 5xx: 서버 측 오류.',
    },
  },
  'http.redirect': {
    chapter: 'STORY 01 §3, §6',
    title: { en: 'Another action is needed: a redirect (3xx)', ko: '다른 조치가 필요함: 리다이렉트(3xx)' },
    explanation: {
      en: 'A 3xx status code says another action is needed. 301 Moved Permanently (likewise 302, 303, 307, 308) names the new address in the Location header, and the browser sends a new request message there by itself: no <img> and no Referer are involved, only the server saying "ask over there". A server answers /whatisthis this way when whatisthis is a directory: it sends the browser to /whatisthis/.',
      ko: '3xx 스테이터스 코드는 다른 조치가 필요하다는 뜻이다. 301 Moved Permanently(302, 303, 307, 308도 마찬가지)는 Location 헤더에 새 주소를 알려 주고, 브라우저는 스스로 그 주소로 리퀘스트 메시지를 새로 보낸다. <img> 태그나 Referer와는 관계없이 서버가 "저쪽에 물어보라"고 하는 것이다. whatisthis가 디렉토리이면 서버는 /whatisthis에 이렇게 응답하여 브라우저를 /whatisthis/로 보낸다.',
    },
  },
  'http.hsts': {
    chapter: 'STORY 01 §1',
    title: { en: 'HTTPS only: HSTS', ko: 'HTTPS로만 접속: HSTS' },
    explanation: {
      en: 'The scheme at the front of a URL says how to access the data: http: is plain HTTP, https: is HTTP inside TLS. A site answering over HTTPS can send the header Strict-Transport-Security: max-age=N, asking the browser to use HTTPS only for that host (and its subdomains with includeSubDomains) for the next N seconds. From then on the browser rewrites an http:// URL of that host to https:// itself (port 80 becomes 443) before sending anything: unlike a 301 redirect, no request goes out over plain HTTP first. The header counts only when it comes over HTTPS (RFC 6797).',
      ko: 'URL 맨 앞의 스킴은 액세스 방법을 나타낸다. http:는 보통의 HTTP, https:는 TLS 안의 HTTP이다. HTTPS로 응답하는 사이트는 Strict-Transport-Security: max-age=N 헤더를 보내, 앞으로 N초 동안 이 호스트(includeSubDomains가 있으면 하위 도메인도)에는 HTTPS로만 접속하라고 브라우저에 요청할 수 있다. 그 뒤로 브라우저는 이 호스트의 http:// URL을 아무것도 보내기 전에 스스로 https://로 바꾼다(포트 80은 443이 된다). 301 리다이렉트와 달리 평문 HTTP 리퀘스트가 먼저 나가지 않는다. 이 헤더는 HTTPS로 받았을 때만 효력이 있다(RFC 6797).',
    },
  },
  'http.subresource': {
    chapter: 'STORY 01 §6',
    title: { en: 'One request per file', ko: '파일 하나에 리퀘스트 하나' },
    explanation: {
      en: 'A page with an <img> needs a second request for the image: one request message fetches one file. The browser sends the page\'s address in the Referer header.',
      ko: '<img> 태그가 있는 페이지는 이미지를 위해 리퀘스트를 한 번 더 보낸다. 리퀘스트 메시지 하나로 파일 하나를 가져오기 때문이다. 브라우저는 Referer 헤더에 원래 페이지의 주소를 넣는다.',
    },
  },
  'ip.address': {
    chapter: 'STORY 02 §1',
    title: { en: 'IP address and netmask', ko: 'IP 주소와 넷마스크' },
    explanation: {
      en: 'An IP address is a network number (the subnet, like a district) plus a host number (the computer, like a house number). The netmask (/24 or 255.255.255.0) says where one ends and the other starts. Host bits all 0 name the subnet itself; all 1 is the subnet\'s broadcast address.',
      ko: 'IP 주소는 네트워크 번호(서브넷, "동"에 해당)와 호스트 번호(컴퓨터, "번지"에 해당)를 합친 것이다. 넷마스크(/24 또는 255.255.255.0)가 그 경계를 나타낸다. 호스트 번호 부분이 모두 0이면 서브넷 자체, 모두 1이면 서브넷 전체에 대한 브로드캐스트를 나타낸다.',
    },
  },
  'ip.names-vs-addresses': {
    chapter: 'STORY 02 §2',
    title: { en: 'Why names and addresses', ko: '도메인명과 IP 주소를 구분하여 쓰는 이유' },
    explanation: {
      en: 'People remember names; routers work with 4-byte addresses (a name can take up to 255 bytes and would load the routers). The OS must be given an IP address to send a message, so the name is looked up first.',
      ko: '사람은 도메인명을, 라우터는 IP 주소를 사용한다(도메인명은 최대 255바이트로 라우터에 부담). OS에 송신을 의뢰할 때는 IP 주소로 상대를 지정해야 하므로 먼저 이름으로 IP 주소를 조사한다.',
    },
  },
  'dns.resolver': {
    chapter: 'STORY 02 §3–5',
    title: { en: 'The resolver', ko: '리졸버' },
    explanation: {
      en: 'The resolver (gethostbyname in the socket library) builds a DNS query message and asks the protocol stack to send it to the DNS server set in the TCP/IP settings. It cannot send by itself: the OS does the sending.',
      ko: '리졸버(Socket 라이브러리의 gethostbyname)는 DNS 조회 메시지를 만들고, TCP/IP 설정에 등록된 DNS 서버로 송신하도록 프로토콜 스택에 의뢰한다. 리졸버 자신은 송신 기능이 없고 OS가 송신한다.',
    },
  },
  'dns.query': {
    chapter: 'STORY 03 §1',
    title: { en: 'The DNS query: name, class, type', ko: 'DNS 조회: 이름, 클래스, 타입' },
    explanation: {
      en: 'A query carries a name, a class (today always IN, the Internet) and a type (A for an IP address, MX for a mail destination, …). The server answers with the resource records registered for those three.',
      ko: '조회 메시지에는 이름, 클래스(현재는 인터넷을 뜻하는 IN만 사용), 타입(A는 IP 주소, MX는 메일 배송 목적지 등)이 들어 있다. 서버는 이 세 가지에 대응하여 등록된 리소스 레코드로 회답한다.',
    },
  },
  'dns.hierarchy': {
    chapter: 'STORY 03 §2–3',
    title: { en: 'The domain hierarchy', ko: '도메인의 계층' },
    explanation: {
      en: 'Names are hierarchical, separated by dots: www.lab.cyber.co.kr. sits under lab, cyber, co, kr and the root ("." at the end). Each level\'s DNS servers are registered with the level above, so starting from the root the resolver can walk down.',
      ko: '도메인명은 점으로 구분된 계층 구조이다. www.lab.cyber.co.kr.은 lab, cyber, co, kr, 그리고 루트(끝의 ".") 아래에 있다. 각 계층의 DNS 서버는 상위 계층의 DNS 서버에 등록되어 있어 루트부터 차례로 내려갈 수 있다.',
    },
  },
  'dns.root-hints': {
    chapter: 'STORY 03 §3',
    title: { en: 'Root hints: where every walk starts', ko: '루트 힌트: 모든 조회의 출발점' },
    explanation: {
      en: 'Every DNS server has the IP addresses of the root servers registered in it in advance (the root hints file, IANA\'s named.root). The root is the top of the hierarchy, so knowing its servers is enough to walk down to any name. Before its first walk a resolver asks one of them for the current list of root servers (". NS"): this is called priming.',
      ko: '모든 DNS 서버에는 루트 도메인 DNS 서버의 IP 주소가 미리 등록되어 있다(루트 힌트 파일, IANA의 named.root). 루트는 계층의 맨 위이므로 그 서버만 알면 어떤 이름이든 차례로 내려가 찾을 수 있다. 리졸버는 처음 조회하기 전에 그중 한 서버에 현재 루트 서버 목록(". NS")을 묻는데, 이것을 프라이밍이라고 한다.',
    },
  },
  'dns.referral': {
    chapter: 'STORY 03 §3',
    title: { en: 'A referral to the next level down', ko: '하위 도메인의 DNS 서버 소개' },
    explanation: {
      en: 'A server that does not hold the name answers with the servers of the next level down (NS records, with their IP addresses as "glue"). The resolver asks those next: root → kr → co.kr → cyber.co.kr → lab.cyber.co.kr.',
      ko: '이름이 등록되어 있지 않은 서버는 하위 도메인의 DNS 서버(NS 레코드와 그 IP 주소인 글루)를 응답한다. 리졸버는 그 서버에 다시 조회한다: 루트 → kr → co.kr → cyber.co.kr → lab.cyber.co.kr.',
    },
  },
  'dns.authoritative-answer': {
    chapter: 'STORY 03 §3–4',
    title: { en: 'The authoritative answer', ko: '등록처 DNS 서버의 회답' },
    explanation: {
      en: 'The server where the name is registered answers with its records and sets the AA (Authoritative Answer) flag. An answer from a cache does not have it: the reply says whether it came from the registered server or from a cache.',
      ko: '이름이 등록된 DNS 서버는 레코드로 회답하며 AA(권한 있는 응답) 플래그를 설정한다. 캐시에서 나온 회답에는 이 플래그가 없다. 응답은 등록처 DNS 서버의 회답인지 캐시의 회답인지 알려준다.',
    },
  },
  'dns.cache': {
    chapter: 'STORY 03 §4',
    title: { en: 'Caching with a TTL', ko: '캐시와 유효기간(TTL)' },
    explanation: {
      en: 'A DNS server keeps what it has looked up, so the next question is answered at once. Because registrations change, each cached record has a validity period (TTL) and is dropped when it runs out.',
      ko: 'DNS 서버는 한번 조사한 이름을 캐시에 기록해 두었다가 다음 조회에 바로 회답한다. 등록 정보가 바뀔 수 있으므로 캐시에 저장할 때 유효기간(TTL)을 설정하고, 기간이 지나면 버린다.',
    },
  },
  'dns.negative-cache': {
    chapter: 'STORY 03 §4',
    title: { en: 'Caching that a name does not exist', ko: '존재하지 않는다는 것도 캐시' },
    explanation: {
      en: 'That a name does not exist (NXDOMAIN) can be cached too, for as long as the zone\'s SOA record allows (RFC 2308).',
      ko: '조회한 이름이 존재하지 않는다는 것(NXDOMAIN)도 캐시할 수 있다. 기간은 존의 SOA 레코드가 정한다(RFC 2308).',
    },
  },
  'socket.create': {
    chapter: 'STORY 04 §2',
    title: { en: 'Creating a socket: the descriptor', ko: '소켓 작성 단계: 디스크립터' },
    explanation: {
      en: 'The application calls socket(); the protocol stack creates a socket and returns a descriptor, a number the application keeps to tell its sockets apart. Nothing goes on the wire yet.',
      ko: '애플리케이션이 socket을 호출하면 프로토콜 스택이 소켓을 만들고 디스크립터를 돌려준다. 애플리케이션은 여러 소켓을 구별하기 위해 이 값을 메모리에 기록해 둔다. 아직 아무것도 송신되지 않는다.',
    },
  },
  'socket.connect': {
    chapter: 'STORY 04 §3',
    title: { en: 'Connecting the pipe: IP address and port', ko: '접속 단계: IP 주소와 포트 번호' },
    explanation: {
      en: 'connect() takes the descriptor, the server\'s IP address and its port number (80 for the web, 443 for HTTPS). The stack picks a port for our side and tells the server during the handshake (SYN, SYN-ACK, ACK).',
      ko: 'connect는 디스크립터, 서버의 IP 주소, 포트 번호(웹은 80, HTTPS는 443)를 받는다. 클라이언트 측 포트 번호는 프로토콜 스택이 적당히 할당하여 접속 동작(SYN, SYN-ACK, ACK) 때 서버에 알려준다.',
    },
  },
  'socket.send': {
    chapter: 'STORY 04 §4',
    title: { en: 'write: sending the request', ko: '송신: write' },
    explanation: {
      en: 'The application prepares the request message in memory and calls write() with the descriptor; the stack sends it to the server, cut into segments if needed.',
      ko: '애플리케이션은 송신 데이터(HTTP 리퀘스트 메시지)를 메모리에 준비하고 디스크립터와 함께 write를 호출한다. 프로토콜 스택이 필요하면 나누어 서버로 송신한다.',
    },
  },
  'socket.receive': {
    chapter: 'STORY 04 §4',
    title: { en: 'read: into the receive buffer', ko: '수신: read와 수신 버퍼' },
    explanation: {
      en: 'The application calls read(); the response message arriving from the server is stored in a memory area inside the application, the receive buffer.',
      ko: '애플리케이션이 read를 호출하면 서버에서 도착한 응답 메시지가 애플리케이션 내부의 메모리 영역인 수신 버퍼에 저장된다.',
    },
  },
  'socket.close': {
    chapter: 'STORY 04 §5',
    title: { en: 'Disconnecting: close', ko: '연결 끊기 단계: close' },
    explanation: {
      en: 'When the exchange is over, close() is called. Usually the web server closes first once its response is sent; the client\'s read then reports that the connection ended, and the client calls close too (FIN in each direction; RST aborts).',
      ko: '송수신이 끝나면 close를 호출한다. 보통 웹 서버가 응답 송신을 마치고 먼저 close를 호출하고, 클라이언트는 read에서 연결이 끊겼다는 통지를 받은 뒤 자신도 close를 호출한다(양방향 FIN, RST는 강제 종료).',
    },
  },
  'tls.handshake': {
    chapter: 'STORY 01 §4, STORY 04 §3',
    title: { en: 'HTTPS: encryption on port 443', ko: 'HTTPS: 443번 포트의 암호화' },
    explanation: {
      en: 'For https: the client connects to port 443 and first runs a TLS handshake on the same socket (the server name in SNI, the server\'s certificate); the HTTP messages then travel encrypted.',
      ko: 'https:에서는 443번 포트에 접속한 뒤 같은 소켓 위에서 먼저 TLS 핸드셰이크(SNI의 서버명, 서버 인증서)를 하고, 그 다음 HTTP 메시지를 암호화하여 주고받는다.',
    },
  },
} as const satisfies Record<string, Concept>

export type ConceptId = keyof typeof CONCEPTS

export const CONCEPT_IDS = Object.keys(CONCEPTS) as ConceptId[]

export function concept(id: ConceptId): Concept {
  return CONCEPTS[id]
}
