// What every error code means, in English and Korean: the one table the app's window and the CLI
// (`--lang ko`) say first, before the engine's own message. That message stays English and keeps
// the specifics (the byte, the server, the port, the column), which tests and scripts match on;
// these words say in the reader's language what happened and what to do about it.
//
// Typed over the union of every area's codes, so a code added to any errors.ts without words here
// does not compile. An error that carries its own explanation in both languages
// (`details.explanation`: an ftp: URL, a capture too big for the analyzer's memory, an upload too
// large for the browser shell) is said with that explanation instead (describeError).
// Pure TypeScript (imports types only): the renderer and the CLI both read it.
import type { AnalyzerErrorCode, AnalyzerNoteCode } from '../analyzer/errors.ts'
import type { CaptureErrorCode } from '../capture/errors.ts'
import type { FilterErrorCode } from '../filter/parse.ts'
import type { HttpErrorCode } from '../http/errors.ts'
import type { LabErrorCode } from '../lab/errors.ts'
import type { RecorderErrorCode } from '../recorder/error-codes.ts'
import type { ResolverCode } from '../resolver/error-codes.ts'
import type { SocketErrorCode } from '../sockets/error-codes.ts'
import type { UrlErrorCode } from '../url/errors.ts'
import type { AppErrorCode } from './app-error-codes.ts'
import type { LocalizedText } from './walkthrough.ts'

/** Every code an error of Wiretrail's can carry (DNS_* codes of the DNS helpers included in the
 * resolver's). */
export type ErrorCode =
  | AppErrorCode
  | AnalyzerErrorCode
  | AnalyzerNoteCode
  | CaptureErrorCode
  | FilterErrorCode
  | HttpErrorCode
  | LabErrorCode
  | RecorderErrorCode
  | ResolverCode
  | SocketErrorCode
  | UrlErrorCode

const t = (en: string, ko: string): LocalizedText => ({ en, ko })

export const ERROR_MEANINGS = {
  // The app, its shells, the CLI.
  INTERNAL: t('Something went wrong inside Wiretrail.', 'Wiretrail 내부에서 문제가 생겼습니다.'),
  CANCELLED: t('Cancelled.', '취소했습니다.'),
  INVALID_ARGUMENT: t('The app was asked to do something with a value it does not take.', '앱이 받을 수 없는 값으로 작업을 요청받았습니다.'),
  UNKNOWN_OPERATION: t('The app was asked for an operation it does not have.', '앱에 없는 작업을 요청받았습니다.'),
  CAPTURE_NOT_OPEN: t('This capture is no longer open (it was closed, or the app restarted). Open it again.', '이 캡처는 더 이상 열려 있지 않습니다(닫혔거나 앱이 다시 시작됐습니다). 다시 여세요.'),
  CAPTURE_UNREADABLE: t('The file is there but cannot be read (for example, this user may not read it).', '파일은 있지만 읽을 수 없습니다(예: 이 사용자에게 읽기 권한이 없습니다).'),
  CAPTURE_NOT_A_FILE: t('This is a folder or a device, not a capture file.', '캡처 파일이 아니라 폴더나 장치입니다.'),
  CAPTURE_TOO_LARGE: t('The file is too large to open this way.', '이 방법으로 열기에는 파일이 너무 큽니다.'),
  BODY_TOO_LARGE: t('The file is too large for the browser version of the app to receive.', '브라우저용 앱이 받기에는 파일이 너무 큽니다.'),
  FRAME_NOT_FOUND: t('There is no frame with that number in this capture.', '이 캡처에는 그 번호의 프레임이 없습니다.'),
  EXCHANGE_NOT_FOUND: t('There is no HTTP exchange with that number in this capture.', '이 캡처에는 그 번호의 HTTP 교환이 없습니다.'),
  FOLLOW_NO_TCP_FRAME: t('Select a TCP packet first: Follow TCP Stream shows the connection it belongs to.', '먼저 TCP 패킷을 선택하세요. TCP 스트림 따라가기는 그 패킷이 속한 연결을 보여 줍니다.'),
  JOURNAL_NOT_FOUND: t('This capture has no journal.', '이 캡처에는 저널이 없습니다.'),
  OPEN_JOURNAL_ONLY: t('A journal alone cannot be opened: open the .pcap or .pcapng file it belongs to.', '저널만으로는 열 수 없습니다. 저널이 딸린 .pcap 또는 .pcapng 파일을 여세요.'),
  NOT_AN_UNSAVED_RECORDING: t('Only recordings kept in the unsaved-recordings folder can be discarded.', '저장하지 않은 기록 폴더에 있는 기록만 버릴 수 있습니다.'),
  SAVE_EXISTS: t('A file with that name already exists. Choose another name, or agree to replace it.', '같은 이름의 파일이 이미 있습니다. 다른 이름을 고르거나 바꾸기에 동의하세요.'),
  SAVE_FAILED: t('The file could not be written.', '파일을 쓰지 못했습니다.'),
  QUESTIONS_NONE_CHOSEN: t('Choose at least one question.', '질문을 하나 이상 고르세요.'),
  QUESTIONS_NOT_ANSWERABLE: t('This capture cannot answer some of the chosen questions.', '이 캡처로는 고른 질문 가운데 일부에 답할 수 없습니다.'),
  NOT_IN_BROWSER_SHELL: t('The browser version of the app does this in the page, not on the server.', '브라우저용 앱에서는 이 작업을 서버가 아니라 페이지에서 합니다.'),
  SHELL_FORBIDDEN_HOST: t('The Wiretrail server refused the request: it answers only requests addressed to 127.0.0.1 and its own port.', 'Wiretrail 서버가 요청을 거부했습니다. 127.0.0.1과 자기 포트로 온 요청에만 응답합니다.'),
  SHELL_FORBIDDEN_ORIGIN: t('The Wiretrail server refused a request from another web page.', 'Wiretrail 서버가 다른 웹 페이지에서 온 요청을 거부했습니다.'),
  SHELL_FORBIDDEN_TOKEN: t('This address needs the access token: open the address "wiretrail ui" printed.', '이 주소에는 접근 토큰이 필요합니다. "wiretrail ui"가 출력한 주소를 여세요.'),
  SHELL_METHOD: t('The Wiretrail server does not take this kind of request here.', 'Wiretrail 서버가 여기서는 이런 종류의 요청을 받지 않습니다.'),
  SHELL_NOT_FOUND: t('The Wiretrail server has nothing at this address.', 'Wiretrail 서버의 이 주소에는 아무것도 없습니다.'),
  SHELL_CONTENT_TYPE: t('The Wiretrail server was sent data of a type it does not take.', 'Wiretrail 서버가 받지 않는 형식의 데이터를 받았습니다.'),
  SHELL_BAD_JSON: t('The Wiretrail server was sent a request it cannot read.', 'Wiretrail 서버가 읽을 수 없는 요청을 받았습니다.'),
  SHELL_HTTP: t('The Wiretrail server gave an answer the page cannot use.', 'Wiretrail 서버가 페이지에서 쓸 수 없는 응답을 보냈습니다.'),
  SHELL_URL: t('This page address has no access token: open the address "wiretrail ui" printed.', '이 페이지 주소에는 접근 토큰이 없습니다. "wiretrail ui"가 출력한 주소를 여세요.'),
  SHELL_UNREACHABLE: t('The Wiretrail server does not answer. Is "wiretrail ui" still running?', 'Wiretrail 서버가 응답하지 않습니다. "wiretrail ui"가 아직 실행 중인지 확인하세요.'),
  IPC_FORBIDDEN_SENDER: t('A request that did not come from the app\'s own window was refused.', '앱의 창에서 오지 않은 요청을 거부했습니다.'),
  PORT_IN_USE: t('That port is already in use. Choose another port, or let the system pick one (--port 0).', '그 포트는 이미 쓰이고 있습니다. 다른 포트를 고르거나 시스템이 고르게 하세요(--port 0).'),
  RENDERER_NOT_BUILT: t('The app\'s window is not built yet: run "npm run build".', '앱 화면이 아직 빌드되지 않았습니다. "npm run build"를 실행하세요.'),
  BAD_ENVIRONMENT: t('An environment variable the app reads holds a value it cannot use.', '앱이 읽는 환경 변수에 쓸 수 없는 값이 들어 있습니다.'),
  APP_NOT_BUILT: t('The app is not built yet: run "npm run build".', '앱이 아직 빌드되지 않았습니다. "npm run build"를 실행하세요.'),
  ELECTRON_START_FAILED: t('The desktop app (Electron) could not start.', '데스크톱 앱(Electron)을 시작하지 못했습니다.'),
  SMOKE_WINDOW: t('The app\'s window did not start properly.', '앱 창이 제대로 시작되지 않았습니다.'),
  USAGE: t('The command line is not one this command takes: see its --help.', '이 명령이 받지 않는 명령줄입니다. --help를 보세요.'),

  // Reading a capture file.
  CAPTURE_NOT_FOUND: t('The file cannot be found or opened.', '파일을 찾을 수 없거나 열 수 없습니다.'),
  CAPTURE_READ_FAILED: t('Reading the file failed.', '파일을 읽는 중에 실패했습니다.'),
  CAPTURE_EMPTY_FILE: t('The file is empty, or shorter than a capture file’s header.', '파일이 비어 있거나 캡처 파일의 헤더보다 짧습니다.'),
  CAPTURE_UNKNOWN_FORMAT: t('This is no pcap or pcapng capture: its first bytes are neither format’s magic number.', 'pcap 또는 pcapng 캡처 파일이 아닙니다. 첫 바이트가 어느 형식의 매직 넘버와도 맞지 않습니다.'),
  CAPTURE_UNSUPPORTED_VERSION: t('This version of the capture format cannot be read.', '이 버전의 캡처 파일 형식은 읽을 수 없습니다.'),
  CAPTURE_TRUNCATED: t('The file is cut short: it ends inside a packet’s record.', '파일이 중간에 잘려 있습니다. 패킷 레코드 도중에 끝납니다.'),
  CAPTURE_CORRUPT_RECORD: t('A packet record’s header holds a length that cannot be right.', '패킷 레코드 헤더에 있을 수 없는 길이가 적혀 있습니다.'),
  CAPTURE_CORRUPT_BLOCK: t('A pcapng block’s lengths disagree, or run past the end of the file.', 'pcapng 블록의 길이가 서로 맞지 않거나 파일 끝을 넘어갑니다.'),
  CAPTURE_BAD_OPTION: t('A pcapng option runs past its block (the block is still used).', 'pcapng 옵션이 블록 끝을 넘어갑니다(블록은 그대로 씁니다).'),
  CAPTURE_BAD_TIMESTAMP: t('A time stamp’s fraction of a second is one second or more (the packet is kept, its time corrected).', '타임스탬프의 초 미만 부분이 1초 이상입니다(패킷은 두고 시각을 바로잡았습니다).'),
  CAPTURE_UNKNOWN_INTERFACE: t('A packet names an interface the file never described.', '파일에 설명되지 않은 인터페이스를 가리키는 패킷이 있습니다.'),
  CAPTURE_ABORTED: t('Reading the file was cancelled.', '파일 읽기를 취소했습니다.'),
  CAPTURE_FORMAT_MISMATCH: t('The file name’s extension says the other format: a pcap file’s name ends in .pcap, a pcapng file’s in .pcapng.', '파일 이름의 확장자가 다른 형식을 가리킵니다. pcap 파일의 이름은 .pcap, pcapng 파일의 이름은 .pcapng로 끝나야 합니다.'),

  // The analyzer.
  ANALYZER_WORKER_NOT_FOUND: t('The analyzer is missing from this installation.', '이 설치본에 분석기가 없습니다.'),
  ANALYZER_WORKER_FAILED: t('The analyzer stopped while working on the capture. Open it again.', '분석기가 캡처를 처리하다 멈췄습니다. 다시 여세요.'),
  ANALYZER_OUT_OF_MEMORY: t('The capture needs more memory than the analyzer may use. Open it in smaller parts.', '이 캡처를 분석하려면 분석기가 쓸 수 있는 것보다 많은 메모리가 필요합니다. 파일을 작게 나눠서 여세요.'),
  ANALYZER_BAD_HEAP_LIMIT: t('The analyzer’s memory limit is set to a value it cannot start with.', '분석기의 메모리 한도가 분석기를 시작할 수 없는 값으로 정해져 있습니다.'),
  ANALYZER_CLOSED: t('This capture was closed. Open it again.', '이 캡처는 닫혔습니다. 다시 여세요.'),
  ANALYZER_BAD_FRAME: t('There is no frame with that number in this capture.', '이 캡처에는 그 번호의 프레임이 없습니다.'),
  ANALYZER_BAD_EXCHANGE: t('There is no such HTTP exchange or body in this capture.', '이 캡처에는 그런 HTTP 교환이나 본문이 없습니다.'),
  ANALYZER_BAD_VIEW: t('This view of the packet list is gone. Apply the filter or sort again.', '패킷 목록의 이 보기가 없어졌습니다. 필터나 정렬을 다시 적용하세요.'),
  ANALYZER_BAD_CONNECTION: t('This capture has no TCP stream with that number.', '이 캡처에는 그 번호의 TCP 스트림이 없습니다.'),
  ANALYZER_BAD_QUESTION: t('This capture cannot answer that question.', '이 캡처로는 그 질문에 답할 수 없습니다.'),
  JOURNAL_UNREADABLE: t('The journal named for this capture cannot be read.', '이 캡처에 지정한 저널을 읽을 수 없습니다.'),
  JOURNAL_TOO_LARGE: t('The journal is larger than a recording’s journal can be, so it was not read.', '저널이 기록 저널의 최대 크기보다 커서 읽지 않았습니다.'),
  JOURNAL_BAD_LINE: t('A line of the journal could not be read and was skipped.', '저널의 한 줄을 읽을 수 없어 건너뛰었습니다.'),
  JOURNAL_INCOMPLETE: t('Part of the journal inside this pcapng is missing.', '이 pcapng 안의 저널 일부가 없습니다.'),
  HTTP_BODY_NOT_FOUND: t('This body is not (all) in the capture.', '이 본문은 캡처에 (전부) 들어 있지 않습니다.'),

  // Display filters (the column of the offending word follows).
  FILTER_SYNTAX: t('The filter does not follow the display filter syntax.', '필터가 디스플레이 필터 문법에 맞지 않습니다.'),
  FILTER_UNKNOWN_FIELD: t('This word is not a field a filter can test (fields look like ip.addr, tcp.port, dns.qry.name).', '이 단어는 필터가 검사할 수 있는 필드가 아닙니다(필드는 ip.addr, tcp.port, dns.qry.name 같은 모양입니다).'),
  FILTER_BAD_VALUE: t('A value is not of the kind its field holds (an address, a number, a name …).', '값이 필드가 담는 종류(주소, 숫자, 이름 등)와 맞지 않습니다.'),
  FILTER_BAD_OPERATOR: t('This operator cannot be used with these values.', '이 연산자는 이 값들에 쓸 수 없습니다.'),
  FILTER_BAD_REGEX: t('The pattern after "matches" is not a valid regular expression.', '"matches" 뒤의 패턴이 올바른 정규 표현식이 아닙니다.'),
  FILTER_TOO_LONG: t('The filter is too long.', '필터가 너무 깁니다.'),

  // The URL typed.
  URL_EMPTY: t('Type the URL of a page to load (for example http://www.lab.cyber.co.kr/).', '불러올 페이지의 URL을 입력하세요(예: http://www.lab.cyber.co.kr/).'),
  URL_NO_SCHEME: t('The URL does not start with an access method such as http:.', 'URL이 http: 같은 액세스 방법으로 시작하지 않습니다.'),
  URL_UNSUPPORTED_SCHEME: t('Wiretrail does not know this access method: it loads http: and https: and looks up dns: names.', 'Wiretrail이 모르는 액세스 방법입니다. http:와 https:는 불러오고 dns:는 이름을 조회합니다.'),
  URL_OTHER_ACCESS_METHOD: t('This access method is not a web page, so Wiretrail does not load it.', '웹 페이지가 아닌 다른 액세스 방법이라 Wiretrail이 불러오지 않습니다.'),
  URL_EMPTY_HOST: t('The URL has no server name after "//".', 'URL의 "//" 뒤에 서버 이름이 없습니다.'),
  URL_BAD_HOST: t('The server name holds a character a server name cannot contain.', '서버 이름에 들어갈 수 없는 문자가 있습니다.'),
  URL_BAD_IPV4: t('The server is written as an IPv4 address, but that address is not valid (each part is 0–255).', '서버를 IPv4 주소로 썼지만 올바른 주소가 아닙니다(각 부분은 0–255).'),
  URL_BAD_IPV6: t('The IPv6 address in brackets is not valid.', '대괄호 안의 IPv6 주소가 올바르지 않습니다.'),
  URL_BAD_PORT: t('The port is not a number from 0 to 65535.', '포트가 0부터 65535까지의 숫자가 아닙니다.'),
  URL_INVALID: t('A browser would not accept this URL.', '브라우저가 받아들이지 않는 URL입니다.'),
  URL_BAD_DNS_URI: t('This dns: URL names no lookup Wiretrail can record (write dns:NAME?type=TYPE).', 'Wiretrail이 기록할 수 있는 조회를 가리키지 않는 dns: URL입니다(dns:이름?type=유형 모양으로 쓰세요).'),

  // Looking up the server's address.
  DNS_BAD_NAME: t('This name cannot be looked up in DNS: a label is empty, longer than 63 bytes or holds a space, or the whole name is longer than 255 bytes.', 'DNS로 조회할 수 없는 이름입니다. 비어 있거나 63바이트를 넘거나 공백이 든 레이블이 있거나, 이름 전체가 255바이트를 넘습니다.'),
  DNS_BAD_TYPE: t('This is not a DNS record type Wiretrail knows (such as A, AAAA, MX, NS, TXT).', 'Wiretrail이 아는 DNS 레코드 유형(A, AAAA, MX, NS, TXT 등)이 아닙니다.'),
  DNS_BAD_RDATA: t('A record’s data is not written the way its type needs.', '레코드의 데이터가 그 유형에 맞게 쓰여 있지 않습니다.'),
  DNS_TIMEOUT: t('No DNS server answered in time.', '제시간에 응답한 DNS 서버가 없습니다.'),
  DNS_SERVFAIL: t('The DNS servers answered, but none gave a usable answer.', 'DNS 서버가 응답했지만 쓸 만한 답을 준 서버가 없습니다.'),
  DNS_NO_SERVERS: t('No address could be found for any of the zone’s DNS servers.', '그 존을 맡은 DNS 서버의 주소를 하나도 찾지 못했습니다.'),
  DNS_UNREACHABLE: t('The DNS servers cannot be reached from this computer: the network is down, or a firewall blocks it.', '이 컴퓨터에서 DNS 서버에 닿을 수 없습니다. 네트워크가 끊겼거나 방화벽이 막고 있습니다.'),
  DNS_REFERRAL_LIMIT: t('The lookup was handed on to other servers too many times, and was stopped.', '조회가 다른 서버로 너무 여러 번 넘겨져서 멈췄습니다.'),
  DNS_CNAME_LIMIT: t('The name leads through too many aliases (CNAME), and the lookup was stopped.', '이름이 별칭(CNAME)을 너무 많이 거쳐서 조회를 멈췄습니다.'),
  DNS_CNAME_LOOP: t('The name’s aliases (CNAME) lead in a circle.', '별칭(CNAME)을 따라가다 보면 이미 거친 이름으로 돌아옵니다.'),
  DNS_QUERY_LIMIT: t('The lookup needed too many queries, and was stopped.', '조회에 질의가 너무 많이 필요해서 멈췄습니다.'),
  DNS_DEPTH_LIMIT: t('Finding the name servers’ own addresses went too deep, and the lookup was stopped.', '네임 서버 자신의 주소를 찾는 조회가 너무 깊어져서 멈췄습니다.'),
  DNS_DEADLINE: t('The lookup took too long, and was stopped.', '조회가 너무 오래 걸려서 멈췄습니다.'),
  DNS_NXDOMAIN: t('This name does not exist in DNS. Check its spelling.', 'DNS에 없는 이름입니다. 철자를 확인하세요.'),
  DNS_NODATA: t('The name exists, but has no address of the kind asked for.', '이름은 있지만 요청한 종류의 주소가 없습니다.'),
  DNS_NO_STUB_SERVER: t('No DNS server to ask: give one, or choose another resolver.', '물어볼 DNS 서버가 없습니다. 서버를 지정하거나 다른 리졸버를 고르세요.'),
  ROOT_HINTS_UNREADABLE: t('The root hints file cannot be read.', '루트 힌트 파일을 읽을 수 없습니다.'),
  ROOT_HINTS_INVALID: t('The root hints file is not a valid one: it must give the root servers’ names and addresses.', '올바른 루트 힌트 파일이 아닙니다. 루트 서버의 이름과 주소가 있어야 합니다.'),

  // Connecting, and the connection.
  SOCKET_CONNECT_REFUSED: t('The connection was refused: no program is waiting on that port of the server.', '연결이 거부되었습니다. 서버의 그 포트에서 기다리는 프로그램이 없습니다.'),
  SOCKET_CONNECT_TIMEOUT: t('The server did not answer the connection request in time.', '서버가 연결 요청에 제시간에 응답하지 않았습니다.'),
  SOCKET_UNREACHABLE: t('The server cannot be reached from this computer: the network is down, or there is no route to it.', '이 컴퓨터에서 서버에 닿을 수 없습니다. 네트워크가 끊겼거나 그곳으로 가는 경로가 없습니다.'),
  SOCKET_CONNECT_FAILED: t('Connecting to the server failed.', '서버에 연결하지 못했습니다.'),
  SOCKET_RESET: t('The server broke off the connection (RST).', '서버가 연결을 강제로 끊었습니다(RST).'),
  SOCKET_SEND_FAILED: t('Sending on the connection failed.', '연결로 데이터를 보내지 못했습니다.'),
  SOCKET_ERROR: t('The connection failed.', '연결에 문제가 생겼습니다.'),
  SOCKET_CLOSED: t('The connection was already closed.', '연결이 이미 닫혀 있었습니다.'),
  SOCKET_ABORTED: t('The connection was cancelled.', '연결을 취소했습니다.'),
  TLS_HANDSHAKE_FAILED: t('The secure (TLS) connection could not be set up.', '보안(TLS) 연결을 맺지 못했습니다.'),
  TLS_CERT_REJECTED: t('The server’s certificate was not accepted, so the secure connection was not made.', '서버의 인증서를 받아들일 수 없어 보안 연결을 맺지 않았습니다.'),
  TLS_NO_HTTP1: t('The server speaks only HTTP/2 or another protocol; Wiretrail speaks HTTP/1.1.', '서버가 HTTP/2나 다른 프로토콜만 써서, HTTP/1.1만 쓰는 Wiretrail과 통신할 수 없습니다.'),

  // The HTTP request and response.
  HTTP_BAD_METHOD: t('Wiretrail does not send this request method.', 'Wiretrail이 보내지 않는 리퀘스트 메서드입니다.'),
  HTTP_BAD_HEADER_VALUE: t('A request header has a name or value that would break the request message.', '리퀘스트 헤더의 이름이나 값이 리퀘스트 메시지를 깨뜨립니다.'),
  HTTP_BODY_NOT_ALLOWED: t('A request of this method carries no body.', '이 메서드의 리퀘스트에는 본문이 없습니다.'),
  HTTP_BAD_STATUS_LINE: t('The response does not start with a valid status line (HTTP/1.1 200 OK).', '응답이 올바른 스테이터스 라인(HTTP/1.1 200 OK)으로 시작하지 않습니다.'),
  HTTP_BAD_REQUEST_LINE: t('The request does not start with a valid request line (GET / HTTP/1.1).', '리퀘스트가 올바른 리퀘스트 라인(GET / HTTP/1.1)으로 시작하지 않습니다.'),
  HTTP_BAD_VERSION: t('The message’s HTTP version is not one HTTP/1.x knows.', '메시지의 HTTP 버전이 HTTP/1.x가 아는 버전이 아닙니다.'),
  HTTP_BAD_LINE_ENDING: t('A line of the message does not end with CR LF.', '메시지의 줄이 CR LF로 끝나지 않습니다.'),
  HTTP_BAD_HEADER: t('A header line is not "Name: value".', '헤더 줄이 "이름: 값" 모양이 아닙니다.'),
  HTTP_HEADERS_TOO_LARGE: t('The message’s header is too long.', '메시지 헤더가 너무 깁니다.'),
  HTTP_TOO_MANY_HEADERS: t('The message has too many header fields.', '메시지의 헤더 필드가 너무 많습니다.'),
  HTTP_BAD_CONTENT_LENGTH: t('The Content-Length header is not a valid length.', 'Content-Length 헤더가 올바른 길이가 아닙니다.'),
  HTTP_BAD_TRANSFER_ENCODING: t('The request’s Transfer-Encoding does not end in chunked, so its body has no end.', '리퀘스트의 Transfer-Encoding 헤더가 chunked로 끝나지 않아 본문의 끝을 알 수 없습니다.'),
  HTTP_DATA_AFTER_CLOSE: t('More bytes came after a message that closes the connection.', '연결을 닫는다고 한 메시지 뒤에 바이트가 더 왔습니다.'),
  HTTP_BODY_TOO_LARGE: t('The body is larger than Wiretrail reads or decompresses.', 'Wiretrail이 읽거나 압축을 푸는 한도보다 본문이 큽니다.'),
  HTTP_DECODE_BUDGET: t('Too many compressed bodies were being decompressed at once, so Wiretrail did not decompress this one; it is shown as sent.', '압축된 본문을 한꺼번에 너무 많이 풀고 있어서 Wiretrail이 이 본문은 풀지 않았습니다. 보낸 그대로 보여 줍니다.'),
  HTTP_BAD_CHUNK: t('The chunked body is malformed.', 'chunked 본문의 형식이 잘못되었습니다.'),
  HTTP_TOO_MANY_INFORMATIONAL: t('The server sent too many informational (1xx) responses.', '서버가 정보 응답(1xx)을 너무 많이 보냈습니다.'),
  HTTP_UNSUPPORTED_UPGRADE: t('The server switched to another protocol; Wiretrail speaks only HTTP/1.1 here.', '서버가 다른 프로토콜로 바꿨습니다. Wiretrail은 여기서 HTTP/1.1만 씁니다.'),
  HTTP_TRUNCATED: t('The connection closed before the whole message arrived.', '메시지가 다 오기 전에 연결이 닫혔습니다.'),
  HTTP_RESPONSE_TIMEOUT: t('The server did not send its response in time.', '서버가 제시간에 응답을 보내지 않았습니다.'),
  HTTP_BAD_CONTENT_ENCODING: t('The body says it is compressed, but it does not decompress.', '본문이 압축되어 있다고 하지만 압축이 풀리지 않습니다.'),
  HTTP_UNSUPPORTED_CONTENT_ENCODING: t('The body is compressed in a way Wiretrail cannot undo (it decodes gzip, deflate and br).', 'Wiretrail이 풀 수 없는 방식으로 본문이 압축되어 있습니다(gzip, deflate, br만 풉니다).'),
  HTTP_TOO_MANY_REDIRECTS: t('The page redirected too many times.', '페이지가 너무 여러 번 리디렉션했습니다.'),
  HTTP_BAD_REDIRECT: t('The server redirected without saying where to (no Location header).', '서버가 어디로 가라는지 말하지 않고 리디렉션했습니다(Location 헤더 없음).'),
  HTTP_CONNECTION_FAILED: t('The connection to the web server failed.', '웹 서버와의 연결에 실패했습니다.'),
  HTTP_ABORTED: t('The request was cancelled.', '리퀘스트를 취소했습니다.'),

  // Recording.
  RECORD_BAD_OPTION: t('The recording’s settings are out of range or do not go together.', '기록 설정이 범위를 벗어났거나 서로 맞지 않습니다.'),
  RECORD_UNSUPPORTED_METHOD: t('Wiretrail does not record this request method.', 'Wiretrail이 기록하지 않는 리퀘스트 메서드입니다.'),
  RECORD_BODY_NOT_ALLOWED: t('This method sends no form or body (POST sends a form, PUT a body).', '이 메서드는 폼이나 본문을 보내지 않습니다(POST는 폼을, PUT은 본문을 보냅니다).'),
  RECORD_CANCELLED: t('The recording was cancelled.', '기록을 취소했습니다.'),
  RECORD_OUTPUT_UNWRITABLE: t('The recording’s file cannot be created there: the folder is missing or not writable.', '그곳에 기록 파일을 만들 수 없습니다. 폴더가 없거나 쓸 수 없습니다.'),
  RECORD_DISK_FULL: t('The disk is full: the recording stopped, keeping every packet written before.', '디스크가 가득 찼습니다. 기록을 멈췄고, 그 전에 쓴 패킷은 모두 남아 있습니다.'),
  RECORD_WRITE_FAILED: t('Writing the recording failed: it stopped, keeping every packet written before.', '기록을 쓰지 못해 멈췄습니다. 그 전에 쓴 패킷은 모두 남아 있습니다.'),
  RECORD_FILE_VANISHED: t('The recording’s file was deleted or moved while it was being written.', '기록하는 동안 기록 파일이 지워졌거나 옮겨졌습니다.'),
  RECORD_NOT_IN_LAB: t('This address is outside the lab network: choose the internet target to load it.', '이 주소는 실습 네트워크 밖에 있습니다. 불러오려면 인터넷 대상을 고르세요.'),
  KERNEL_CAPTURE_UNAVAILABLE: t('Capturing packets from the system (tcpdump) is not available here: it is not installed, or this user may not capture.', '여기서는 시스템에서 패킷을 캡처(tcpdump)할 수 없습니다. 설치되어 있지 않거나 이 사용자에게 캡처 권한이 없습니다.'),
  CAPTURE_NOT_PCAPNG: t('Only a pcapng file can carry its journal inside it.', 'pcapng 파일만 저널을 안에 담을 수 있습니다.'),
  CAPTURE_SAME_FILE: t('A capture cannot be converted onto itself: choose another file name.', '캡처를 같은 파일로 변환할 수 없습니다. 다른 파일 이름을 고르세요.'),
  CAPTURE_MIXED_LINK_TYPES: t('The capture mixes packets of several link types, which one file Wiretrail writes cannot hold.', '캡처에 여러 링크 유형의 패킷이 섞여 있어 Wiretrail이 쓰는 한 파일에 담을 수 없습니다.'),

  // The lab network.
  LAB_ZONE_SYNTAX: t('A line of a lab zone file cannot be read.', '실습 네트워크 존 파일의 한 줄을 읽을 수 없습니다.'),
  LAB_ZONE_INVALID: t('A lab zone cannot be served (no SOA at its top, or data outside the zone).', '실습 네트워크의 존을 서비스할 수 없습니다(꼭대기에 SOA가 없거나 존 밖의 데이터가 있습니다).'),
  LAB_TOPOLOGY_INVALID: t('The lab network’s description (topology.json) is incomplete or names a zone without a file.', '실습 네트워크 구성(topology.json)에 빠진 항목이 있거나 파일이 없는 존을 가리킵니다.'),
  LAB_BAD_OPTION: t('A lab network setting is not one the lab can use.', '실습 네트워크가 쓸 수 없는 설정입니다.'),
  LAB_LISTEN_FAILED: t('A lab server could not start: its port is in use, its address does not exist on this computer, or it is not permitted.', '실습 네트워크 서버를 시작하지 못했습니다. 포트가 이미 쓰이고 있거나, 이 컴퓨터에 그 주소가 없거나, 권한이 없습니다.'),
  LAB_PORT_TAKEN: t('A lab web port was taken by another program, so the lab uses a free port instead.', '실습 네트워크의 웹 포트를 다른 프로그램이 쓰고 있어서, 비어 있는 다른 포트를 씁니다.'),
  LAB_UNKNOWN_EXPERIMENT: t('There is no lab experiment of that name.', '그런 이름의 실습 네트워크 실험은 없습니다.'),
} as const satisfies Record<ErrorCode, LocalizedText>

/** What `code` means, or null for a code of no table of ours (an operating system's ENOENT, …). */
export function errorMeaning(code: string): LocalizedText | null {
  return Object.hasOwn(ERROR_MEANINGS, code) ? ERROR_MEANINGS[code as ErrorCode] : null
}

function isLocalized(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && typeof (value as LocalizedText).en === 'string' && typeof (value as LocalizedText).ko === 'string'
}

/** An error as the user reads it in `lang`: `meaning`, what its code means (null when the error
 * explains itself, or its code is none of ours), then `message`, the engine's own words with the
 * specifics, or the error's own explanation in `lang` when it carries one. */
export function describeError(error: { code: string; message: string; details?: Record<string, unknown> | undefined }, lang: 'en' | 'ko'): { meaning: string | null; message: string } {
  const explanation = error.details?.explanation
  if (isLocalized(explanation)) return { meaning: null, message: explanation[lang] }
  return { meaning: errorMeaning(error.code)?.[lang] ?? null, message: error.message }
}

/** The error as one line in `lang`: its meaning, then its message (the meaning alone when the
 * message is empty, the message alone when there is no meaning). The window (useErrorText) and the
 * CLI under --lang ko say it so. */
export function errorLine(error: { code: string; message: string; details?: Record<string, unknown> | undefined }, lang: 'en' | 'ko'): string {
  const { meaning, message } = describeError(error, lang)
  return meaning === null ? message : message === '' ? meaning : `${meaning} ${message}`
}
