// Every problem a dissector can find in a frame's bytes has a stable code and words in English and
// Korean (shared/decode-issues.ts). Here, on the analyzer's real path (runAnalysis, then a frame's
// detail): each code a real capture of the corpus produces, on that capture; each code no capture
// there produces, on frames written by our own pcap writer below (each built to break one rule).
// The English is the dissectors' message as it always was; the Korean is the whole sentence shown.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { errorMeaning } from '../../src-main/shared/error-meanings.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import { DECODE_ISSUE_WORDS, issueText, type DecodeIssueCode } from '../../src-main/shared/decode-issues.ts'
import type { DecodeIssue } from '../../src-main/shared/walkthrough.ts'
import { ACK, ipv4, ipv6, PSH, tcp, udp, writePcap } from '../analyzer/frames.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { writeOneFramePcap } from './helpers.ts'

/** Each frame's issues, from the analyzer as the packet pane asks for them. */
async function issuesOf(path: string, frames: number[]): Promise<DecodeIssue[][]> {
  const { reader } = await runAnalysis(path)
  try {
    return await Promise.all(frames.map(async (frame) => (await reader.detail(frame)).issues))
  } finally {
    await reader.close()
  }
}

interface Expected {
  code: DecodeIssueCode
  severity: DecodeIssue['severity']
  en: string
  ko: string
}

function expectIssue(issues: DecodeIssue[], want: Expected): void {
  const found = issues.find((x) => x.code === want.code)
  expect(found, `${want.code} among ${issues.map((x) => x.code).join(', ')}`).toBeDefined()
  expect(found!.severity).toBe(want.severity)
  expect(found!.message).toBe(want.en)
  expect(issueText(found!, 'en')).toBe(want.en)
  expect(issueText(found!, 'ko')).toBe(want.ko)
}

// Frames that each break one rule, written field by field (frames.ts: Ethernet, IPv4/IPv6, UDP,
// TCP; checksums zero). C and S: a client and a server; each TCP frame has a port of its own.
const C = '10.0.0.1'
const S = '10.0.0.2'
const C6 = 'fd00::1'
const S6 = 'fd00::2'
const eth = (type: number, rest: number[]) => Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, type >> 8, type & 255, ...rest])
/** `frame` with bytes changed: [offset, value] pairs (offsets from the frame's first byte). */
function patched(frame: Buffer, ...changes: [number, number][]): Buffer {
  const b = Buffer.from(frame)
  for (const [at, value] of changes) b[at] = value
  return b
}
const ascii = (text: string) => Buffer.from(text, 'latin1')
/** A DNS message: id 0x1234, flags, the four counts, then `rest`. */
const dns = (flags: number, counts: [number, number, number, number], rest: number[]) =>
  Buffer.from([0x12, 0x34, flags >> 8, flags & 255, ...counts.flatMap((n) => [0, n]), ...rest])
const A_IN = [0, 1, 0, 1]
const dnsFrame = (message: Buffer) => ipv4(C, S, 17, udp(40000, 53, message))
const tcpData = (sport: number, dport: number, payload: Buffer) => ipv4(C, S, 6, tcp(sport, dport, 1, 1, PSH | ACK, payload))

/** Ethernet frames, each breaking one rule, in one capture. */
const ETHERNET_FRAMES: [DecodeIssueCode, Buffer][] = [
  ['IPV4_HEADER_SHORT', ipv4(C, S, 17, udp(40000, 9, ascii('hi'))).subarray(0, 14 + 10)],
  ['IPV4_BAD_VERSION', patched(ipv4(C, S, 17, udp(40000, 9, ascii('hi'))), [14, 0x55])],
  // A header length of 60 bytes in a frame holding 30 after the Ethernet header.
  ['IPV4_HEADER_PAST_CAPTURE', patched(ipv4(C, S, 17, udp(40000, 9, ascii('hi'))), [14, 0x4f])],
  ['IPV6_BAD_VERSION', patched(ipv6(C6, S6, 17, udp(40000, 9, ascii('hi'))), [14, 0x50])],
  // A payload of 4 bytes where a hop-by-hop header (8 bytes at least) should be.
  ['IPV6_EXTENSION_SHORT', ipv6(C6, S6, 0, Buffer.from([17, 0, 0, 0]))],
  // A hop-by-hop header whose length byte says 48 bytes, in a payload of 8.
  ['IPV6_EXTENSION_PAST_PAYLOAD', ipv6(C6, S6, 0, Buffer.from([17, 5, 0, 0, 0, 0, 0, 0]))],
  ['UDP_BAD_LENGTH', patched(ipv4(C, S, 17, udp(40000, 9, ascii('abcd'))), [38, 0], [39, 4])],
  // IPv4 and UDP both say 40 bytes of UDP; the frame holds 12.
  ['UDP_LENGTH_PAST_CAPTURE', patched(ipv4(C, S, 17, udp(40000, 9, ascii('abcd'))), [16, 0], [17, 60], [38, 0], [39, 40])],
  ['TCP_BAD_HEADER_LENGTH', patched(tcpData(40001, 9, ascii('x')), [46, 4 << 4])],
  // A 32-byte TCP header (12 bytes of NOPs) in an IPv4 packet whose total length leaves it 20: the
  // frame holds all 32 (tshark: "Short segment. Segment/fragment does not contain a full TCP header").
  ['TCP_HEADER_PAST_IP_PAYLOAD', patched(ipv4(C, S, 6, patched(Buffer.concat([tcp(40008, 9, 1, 1, ACK), Buffer.alloc(12, 1)]), [12, 8 << 4])), [16, 0], [17, 40])],
  // Options NOP NOP NOP, then a kind-2 (MSS) byte with no length byte after it: the header ends.
  ['TCP_OPTION_NO_LENGTH', ipv4(C, S, 6, patched(Buffer.concat([tcp(40002, 9, 1, 1, ACK), Buffer.from([1, 1, 1, 2])]), [12, 6 << 4]))],
  ['ICMP_HEADER_SHORT', ipv4(C, S, 1, Buffer.from([8, 0]))],
  ['ARP_SHORT', eth(0x0806, [0, 1, 8, 0, 6, 4, 0, 1, 2, 0])],
  ['ARP_SIZES_NOT_DISSECTED', eth(0x0806, [0, 1, 8, 0, 8, 4, 0, 1, ...new Array<number>(20).fill(0)])],
  ['VLAN_TAG_SHORT', eth(0x8100, [0, 5])],
  ['PPPOE_HEADER_SHORT', eth(0x8864, [0x11, 0, 0, 1])],
  // TLS: an application data record, then a record of content type 0x99.
  ['TLS_UNKNOWN_CONTENT_TYPE', tcpData(40003, 443, Buffer.from([23, 3, 3, 0, 2, 0xaa, 0xbb, 0x99, 3, 3, 0, 1, 0]))],
  // A ClientHello whose session ID says 255 bytes where the segment ends after the random.
  ['TLS_HANDSHAKE_UNREADABLE', tcpData(40004, 443, Buffer.from([22, 3, 1, 0, 42, 1, 0, 0, 38, 3, 3, ...new Array<number>(32).fill(7), 255, 0, 2, 0]))],
  ['HTTP_STATUS_LINE_MALFORMED', ipv4(S, C, 6, tcp(80, 40005, 1, 1, PSH | ACK, ascii('HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n')))],
  ['HTTP_REQUEST_LINE_MALFORMED', tcpData(40006, 80, ascii('GET /index.html\r\nHost: lab\r\n\r\n'))],
  ['HTTP_HEADER_LINE_NO_COLON', tcpData(40007, 80, ascii('GET / HTTP/1.1\r\nHost lab\r\n\r\n'))],
  // DNS: a question "a." with only two of its four type and class bytes.
  ['DNS_QUESTION_CUT_SHORT', dnsFrame(dns(0x0100, [1, 0, 0, 0], [1, 0x61, 0, 0, 1]))],
  ['DNS_NAME_PAST_END', dnsFrame(dns(0x0100, [1, 0, 0, 0], [1, 0x61]))],
  ['DNS_LABEL_PAST_END', dnsFrame(dns(0x0100, [1, 0, 0, 0], [10, 0x61, 0x62, 0x63]))],
  ['DNS_POINTER_CUT_SHORT', dnsFrame(dns(0x0100, [1, 0, 0, 0], [0xc0]))],
  ['DNS_LABEL_TYPE_UNSUPPORTED', dnsFrame(dns(0x0100, [1, 0, 0, 0], [0x41, 0, ...A_IN]))],
  // An answer "a. A" whose data length says 100 bytes; 4 follow.
  ['DNS_RDATA_PAST_END', dnsFrame(dns(0x8180, [1, 1, 0, 0], [1, 0x61, 0, ...A_IN, 0xc0, 12, ...A_IN, 0, 0, 0, 60, 0, 100, 10, 0, 0, 1]))],
  // An NSEC3PARAM answer (RFC 5155 §4.2) whose salt length says 20 bytes; its 7-byte data holds 2.
  ['DNS_RDATA_FIELD_PAST_RECORD', dnsFrame(dns(0x8180, [0, 1, 0, 0], [1, 0x61, 0, 0, 51, 0, 1, 0, 0, 0, 60, 0, 7, 1, 0, 0, 10, 20, 0xab, 0xcd]))],
  // An OPT record (RFC 6891) whose one option says 50 bytes; 2 follow.
  ['DNS_EDNS_OPTION_PAST_OPT', dnsFrame(dns(0x0100, [0, 0, 0, 1], [0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 6, 0, 10, 0, 50, 1, 2]))],
]

/** Frames of other link types, each a capture of its own (link type, bytes). */
const OTHER_LINKS: [DecodeIssueCode, number, Buffer][] = [
  ['RAW_IP_EMPTY', 101, Buffer.alloc(0)],
  // LINKTYPE_IPV4 holding an IPv6 packet.
  ['RAW_IP_VERSION_MISMATCH', 228, ipv6(C6, S6, 17, udp(40000, 9, ascii('hi'))).subarray(14)],
  ['LOOPBACK_HEADER_SHORT', 0, Buffer.from([2, 0])],
  ['LOOPBACK_UNKNOWN_FAMILY', 0, Buffer.from([99, 0, 0, 0, 0x45, 0, 0, 20])],
  ['SLL_HEADER_SHORT', 113, Buffer.alloc(10)],
  ['SLL2_HEADER_SHORT', 276, Buffer.alloc(10)],
]

/** Each code a capture of the corpus (../shared/captures) produces, where, and what is shown. */
const FROM_THE_CORPUS: (Expected & { capture: string; frame: number })[] = [
  { capture: 'more/malformed-dns-opcode15-fuzz.pcapng', frame: 1, code: 'DNS_HEADER_SHORT', severity: 'error', en: 'DNS header needs 12 bytes, only 9 present', ko: 'DNS 헤더에는 12바이트가 필요한데 9바이트뿐입니다. DNS 메시지가 헤더 중간에서 끝납니다.' },
  { capture: 'more/malformed-dns-bad-label-type-63kb.pcap', frame: 1, code: 'DNS_NAME_TOO_LONG', severity: 'error', en: 'question 1: name longer than 255 bytes', ko: '질문 1의 이름: 255바이트를 넘습니다. DNS 이름은 255바이트까지입니다(RFC 1035 3.1).' },
  { capture: 'malformed-dns-forward-pointer.pcap', frame: 1, code: 'DNS_POINTER_NOT_PRIOR', severity: 'error', en: 'question 1: compression pointer at byte 46 points forward to byte 15107 (only prior data is allowed)', ko: '질문 1의 이름: 메시지의 바이트 46에 있는 압축 포인터가 그보다 뒤인 바이트 15107을 가리킵니다. 압축 포인터는 앞에 나온 데이터만 가리킬 수 있습니다(RFC 1035 4.1.4). 따라가면 끝없이 돌 수 있어서 이름을 여기서 끝냅니다.' },
  { capture: 'more/dns-udp-response-snaplen-cut.pcap', frame: 2, code: 'DNS_RECORD_CUT_SHORT', severity: 'note', en: 'answers record 2 (www.tcpdump.org.) is cut short: 5 of 10 fixed bytes present (the capture kept only part of the message)', ko: '회답 섹션 레코드 2(www.tcpdump.org.)의 이름 뒤에 와야 할 고정 필드 10바이트(타입, 클래스, TTL, 데이터 길이) 가운데 5바이트만 있습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'dns-axfr-over-tcp.pcapng', frame: 4, code: 'DNS_TCP_MESSAGE_CONTINUES', severity: 'note', en: 'DNS message of 33 bytes continues in later segments (0 bytes here); completed in frame 6', ko: '33바이트짜리 DNS 메시지가 다음 세그먼트로 이어집니다(이 세그먼트에는 0바이트). 메시지는 프레임 6에서 완성됩니다. 오류가 아닙니다. TCP로 보낸 DNS 메시지가 세그먼트 여러 개에 나뉘어 실렸습니다.' },
  { capture: 'dns-axfr-over-tcp.pcapng', frame: 6, code: 'DNS_TCP_MESSAGE_CONTINUED', severity: 'note', en: "the first 33 bytes carry on the DNS message begun in frame 4 (35 bytes with its 2-byte length; 2 of them came in earlier segments): they complete it; they are not a new message's length and header", ko: '이 세그먼트의 처음 33바이트는 프레임 4에서 시작된 DNS 메시지의 뒷부분입니다(2바이트 길이 필드를 포함해 모두 35바이트. 그 가운데 2바이트는 앞 세그먼트에 있었습니다). 이 바이트로 메시지가 완성됩니다. 새 메시지의 길이 필드나 헤더가 아니므로 그렇게 읽지 않습니다. 오류가 아닙니다. TCP로 보낸 DNS 메시지가 세그먼트 여러 개에 나뉘어 실렸습니다.' },
  { capture: 'malformed-timestamp-invalid-nsec.pcap', frame: 2, code: 'FRAME_TIMESTAMP_FRACTION', severity: 'warning', en: "pcap record 2's header (file bytes 116–131): its time stamp's fraction of a second (file bytes 120–123) is 1000000000 ns, but it must be below 1000000000 ns (one second); the time shown carries 1 s of it into the seconds. The program that wrote the file is at fault, not the packet", ko: 'pcap 레코드 2의 헤더(파일의 바이트 116–131)에서 타임스탬프의 1초 미만 부분을 나타내는 필드(파일의 바이트 120–123)가 1000000000ns입니다. 1초가 1000000000ns이므로 이 필드는 1000000000보다 작아야 합니다. 보여 주는 시각은 넘친 1초를 초 필드에 더해서 계산했습니다. 패킷이 아니라 이 파일을 쓴 프로그램의 잘못입니다.' },
  { capture: 'more/tcp-bigtcp-ipv6-jumbo-hop-by-hop-80kb.pcap', frame: 1, code: 'IPV6_JUMBOGRAM', severity: 'note', en: "a jumbogram (RFC 2675): its Payload Length field is 0 by design, and the Jumbo Payload option in the Hop-by-Hop header gives its length, 80040 bytes after the IPv6 header (more than the 16-bit field can say); not an error: a capture on the host sees such packets when Linux's BIG TCP hands the network card one large packet to split", ko: '점보그램입니다(RFC 2675). 16비트인 페이로드 길이 필드는 65,535바이트까지만 나타낼 수 있으므로 일부러 0으로 두고, 홉별 옵션(Hop-by-Hop) 헤더의 점보 페이로드 옵션에 IPv6 헤더 뒤의 실제 길이 80040바이트를 적었습니다. 오류가 아닙니다. 리눅스의 BIG TCP처럼 큰 패킷 하나를 네트워크 카드에 넘겨 나누게 하는 컴퓨터에서 캡처하면 이런 패킷이 보입니다.' },
  { capture: 'more/bigendian-linktype-ipoib-icmp-ssh.pcap', frame: 1, code: 'FRAME_LINK_TYPE_NOT_DISSECTED', severity: 'warning', en: 'link type 242 is not dissected', ko: '링크 타입 242의 프레임은 Wiretrail이 해독하지 않습니다. 바이트만 보여 줍니다.' },
  { capture: 'fuzz-found/inspect-crash-7c241cba-case16169.pcapng', frame: 1, code: 'FRAME_SNAP_CUT', severity: 'note', en: 'frame cut by the snap length: 64 of 255 bytes captured', ko: '전송된 프레임은 255바이트인데 64바이트만 캡처되었습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'malformed-ipv4-invalid-hdr-length.pcap', frame: 1, code: 'IPV4_BAD_HEADER_LENGTH', severity: 'error', en: 'bogus IPv4 header length 16 (must be at least 20)', ko: 'IPv4 헤더 길이가 16바이트라고 되어 있는데, 헤더는 최소 20바이트이므로 있을 수 없는 값입니다. 이 뒤는 해독하지 않습니다.' },
  { capture: 'more/http-post-tso-oversized-frame.pcap', frame: 1, code: 'IPV4_TOTAL_LENGTH_BELOW_HEADER', severity: 'error', en: 'bogus IPv4 total length 0 (less than the header length 20)', ko: 'IPv4 전체 길이가 0바이트라고 되어 있는데, 헤더 길이 20바이트보다 짧으므로 있을 수 없는 값입니다. 프레임 끝까지를 페이로드로 읽습니다. 전체 길이 0은 보통, 큰 패킷을 네트워크 카드나 커널이 나중에 나눠 보내는 기능(TCP 세그먼트 오프로드, BIG TCP)을 쓰는 컴퓨터에서 나뉘기 전의 패킷을 캡처했을 때 보입니다.' },
  { capture: 'malformed-ipv4-invalid-total-length.pcap', frame: 1, code: 'IPV4_TOTAL_LENGTH_PAST_FRAME', severity: 'error', en: 'IPv4 total length 85 exceeds the 84 bytes of the frame', ko: 'IPv4 전체 길이는 85바이트라고 되어 있는데 프레임에는 IPv4 헤더부터 84바이트밖에 없습니다.' },
  { capture: 'malformed-tcp-header-overflow.pcap', frame: 1, code: 'IPV4_TOTAL_LENGTH_SNAPPED', severity: 'note', en: 'IPv4 total length 12336: the capture kept only 32 bytes (snap length)', ko: 'IPv4 전체 길이는 12336바이트인데 캡처에는 32바이트만 남았습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'more/malformed-ipv6-fragment-negative-length.pcap', frame: 1, code: 'IPV6_PAYLOAD_LENGTH_ZERO', severity: 'error', en: "Payload Length 0 with a next header (IPv6 Fragment) to follow: only a jumbogram's Payload Length may be 0 (RFC 2675 §3); the rest of the frame (16 bytes) is read as the payload", ko: '페이로드 길이 필드가 0인데 다음 헤더(IPv6 Fragment)가 뒤따른다고 되어 있습니다. 페이로드 길이 0은 점보그램에만 쓸 수 있으므로(RFC 2675 3절) 잘못된 값입니다. 프레임 끝까지(16바이트)를 페이로드로 읽습니다. 큰 패킷을 네트워크 카드가 나눠 보내는 기능(TCP 세그먼트 오프로드)을 쓰는 컴퓨터에서 나뉘기 전의 패킷을 캡처하면 이렇게 보일 수 있습니다.' },
  { capture: 'malformed-ipv6-39-byte-header.pcap', frame: 1, code: 'IPV6_HEADER_SHORT', severity: 'note', en: 'IPv6 header needs 40 bytes, only 25 captured', ko: 'IPv6 헤더에는 40바이트가 필요한데 25바이트만 캡처되었습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'more/malformed-ipv6-payload-length-dns.pcap', frame: 1, code: 'IPV6_PAYLOAD_PAST_FRAME', severity: 'error', en: 'IPv6 payload length 65 exceeds the 64 bytes of the frame', ko: 'IPv6 페이로드 길이는 65바이트라고 되어 있는데 프레임에는 IPv6 헤더 뒤로 64바이트밖에 없습니다.' },
  { capture: 'pcapng-multi-interface-comments.pcapng', frame: 139, code: 'IPV6_PAYLOAD_SNAPPED', severity: 'note', en: 'IPv6 payload length 1240: the capture kept only 72 bytes (snap length)', ko: 'IPv6 페이로드 길이는 1240바이트인데 캡처에는 72바이트만 남았습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'malformed-tcp-syn-options-truncated-smtp.pcap', frame: 1, code: 'TCP_HEADER_PAST_CAPTURE', severity: 'note', en: 'TCP header length 40 runs past the 34 captured bytes (snap length)', ko: 'TCP 헤더 길이는 40바이트인데 캡처된 바이트는 34바이트뿐입니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'fuzz-found/inspect-crash-7c241cba-case9226.pcapng', frame: 3, code: 'TCP_HEADER_SHORT', severity: 'error', en: 'TCP header needs at least 20 bytes, only 19 captured', ko: 'TCP 헤더에는 최소 20바이트가 필요한데 19바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
  { capture: 'more/malformed-tcp-options-heap-overflow.pcap', frame: 1, code: 'TCP_OPTION_BAD_LENGTH', severity: 'warning', en: 'TCP option Unknown (48): length 40 runs past the header', ko: 'TCP 옵션 Unknown (48)의 길이가 40바이트라고 하는데, 그만큼 읽으면 TCP 헤더 끝을 넘어갑니다. 나머지 옵션은 읽지 않습니다.' },
  { capture: 'malformed-tcp-syn-options-truncated-smtp.pcap', frame: 1, code: 'TCP_OPTION_WRONG_LENGTH', severity: 'warning', en: 'TCP option Timestamps has length 8, must be 10', ko: 'TCP 옵션 Timestamps의 길이가 8바이트입니다. 이 옵션은 RFC가 정한 대로 10바이트여야 합니다.' },
  { capture: 'null-loopback-ipv6-http-connect-tls.pcap', frame: 19, code: 'TLS_RECORD_CONTINUES', severity: 'note', en: 'TLS record continues in the next segment (1355 of 8152 bytes here)', ko: 'TLS 레코드가 다음 세그먼트로 이어집니다(8152바이트 중 1355바이트가 이 세그먼트에 있습니다). 오류가 아닙니다. 레코드 하나가 TCP 세그먼트 여러 개에 나뉘어 실렸습니다.' },
  { capture: 'malformed-udp-length.pcap', frame: 1, code: 'UDP_HEADER_SHORT', severity: 'note', en: 'UDP header needs 8 bytes, only 4 captured', ko: 'UDP 헤더에는 8바이트가 필요한데 4바이트만 캡처되었습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.' },
  { capture: 'malformed-dns-udp-len-vs-compression-loop.pcap', frame: 1, code: 'UDP_LENGTH_MISMATCH', severity: 'warning', en: 'UDP length 8 does not match the IP payload length 43', ko: 'UDP 길이는 8바이트인데 IP 페이로드는 43바이트입니다. UDP 길이를 넘는 나머지 35바이트는 UDP 데이터그램에 속하지 않습니다.' },

]

describe('the words of each problem a real capture has', () => {
  const byCapture = new Map<string, typeof FROM_THE_CORPUS>()
  for (const x of FROM_THE_CORPUS) byCapture.set(x.capture, [...(byCapture.get(x.capture) ?? []), x])
  it.each([...byCapture.keys()])('%s', async (capture) => {
    const wanted = byCapture.get(capture)!
    const issues = await issuesOf(join(CORPUS_DIR, capture), wanted.map((x) => x.frame))
    wanted.forEach((want, i) => expectIssue(issues[i]!, want))
  })
})
/** What each crafted frame's problem reads as (the severity, then the English and the Korean). */
const CRAFTED_WORDS: Partial<Record<DecodeIssueCode, Omit<Expected, 'code'>>> = {
  IPV4_HEADER_SHORT: { severity: 'error', en: 'IPv4 header needs at least 20 bytes, only 10 captured', ko: 'IPv4 헤더에는 최소 20바이트가 필요한데 10바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
  IPV4_BAD_VERSION: { severity: 'error', en: 'version field is 5, expected 4', ko: '버전 필드가 5입니다. IPv4 헤더라면 4여야 합니다.' },
  IPV4_HEADER_PAST_CAPTURE: { severity: 'error', en: 'IPv4 header length 60 runs past the 30 captured bytes', ko: 'IPv4 헤더 길이는 60바이트인데 캡처된 바이트는 30바이트뿐입니다. 프레임이 헤더 중간에서 끝납니다.' },
  IPV6_BAD_VERSION: { severity: 'error', en: 'version field is 5, expected 6', ko: '버전 필드가 5입니다. IPv6 헤더라면 6이어야 합니다.' },
  TCP_HEADER_PAST_IP_PAYLOAD: { severity: 'error', en: 'TCP header length 32 exceeds the IP payload length 20', ko: 'TCP 헤더 길이는 32바이트라고 되어 있는데 IP 페이로드는 20바이트뿐입니다. 이 세그먼트에는 데이터가 없는 것으로 읽습니다.' },
  IPV6_EXTENSION_SHORT: { severity: 'error', en: 'IPv6 Hop-by-Hop extension header cut short (4 bytes)', ko: 'IPv6 Hop-by-Hop 확장 헤더는 최소 8바이트인데 페이로드에 4바이트만 남아 있습니다. 확장 헤더가 중간에서 끊겼습니다.' },
  IPV6_EXTENSION_PAST_PAYLOAD: { severity: 'error', en: 'IPv6 Hop-by-Hop header length 48 runs past the payload', ko: 'IPv6 Hop-by-Hop 확장 헤더의 길이 필드가 48바이트라고 하는데, 그만큼 읽으면 페이로드 끝을 넘어갑니다.' },
  UDP_BAD_LENGTH: { severity: 'error', en: 'bad UDP length 4 (must be at least 8)', ko: 'UDP 길이가 4바이트라고 되어 있습니다. 이 길이는 8바이트 헤더를 포함하므로 8보다 작을 수 없습니다.' },
  UDP_LENGTH_PAST_CAPTURE: { severity: 'error', en: 'UDP length 40 exceeds the 12 captured bytes', ko: 'UDP 길이는 40바이트인데 UDP 헤더부터 캡처된 바이트는 12바이트뿐입니다.' },
  TCP_BAD_HEADER_LENGTH: { severity: 'error', en: 'bogus TCP header length 16 (must be at least 20)', ko: 'TCP 헤더 길이(데이터 오프셋)가 16바이트라고 되어 있는데, 헤더는 최소 20바이트이므로 있을 수 없는 값입니다. 이 세그먼트의 데이터는 읽지 않습니다.' },
  TCP_OPTION_NO_LENGTH: { severity: 'warning', en: 'TCP option Maximum segment size has no length byte', ko: 'TCP 옵션 Maximum segment size의 길이 바이트가 없습니다. 옵션의 종류 바이트에서 헤더가 끝납니다.' },
  ICMP_HEADER_SHORT: { severity: 'error', en: 'ICMP header needs 4 bytes, only 2 captured', ko: 'ICMP 헤더에는 4바이트가 필요한데 2바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
  ARP_SHORT: { severity: 'error', en: 'ARP for Ethernet/IPv4 needs 28 bytes, only 10 captured', ko: '이더넷/IPv4의 ARP 메시지는 28바이트인데 10바이트만 캡처되었습니다. 프레임이 메시지 중간에서 끝납니다.' },
  ARP_SIZES_NOT_DISSECTED: { severity: 'warning', en: 'hardware/protocol sizes 8/4: only Ethernet/IPv4 (6/4) is dissected', ko: '하드웨어 주소와 프로토콜 주소의 길이가 8/4바이트입니다. Wiretrail은 이더넷/IPv4(6/4바이트)의 ARP만 해독합니다.' },
  VLAN_TAG_SHORT: { severity: 'error', en: 'VLAN tag needs 4 bytes, only 2 captured', ko: 'VLAN 태그에는 4바이트가 필요한데 2바이트만 캡처되었습니다. 프레임이 태그 중간에서 끝납니다.' },
  PPPOE_HEADER_SHORT: { severity: 'error', en: 'PPPoE session header + PPP protocol need 8 bytes, only 4 captured', ko: 'PPPoE 세션 헤더와 PPP 프로토콜 필드에는 8바이트가 필요한데 4바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
  TLS_UNKNOWN_CONTENT_TYPE: { severity: 'warning', en: 'unknown TLS content type 153', ko: 'TLS 레코드의 콘텐츠 타입 153은 정의되지 않은 값입니다(20~24여야 합니다). 여기서부터는 TLS 레코드로 읽지 않습니다.' },
  TLS_HANDSHAKE_UNREADABLE: { severity: 'warning', en: 'Client Hello could not be read completely', ko: 'Client Hello 메시지를 끝까지 읽지 못했습니다. 메시지 안의 길이 필드가 남은 바이트보다 큰 값을 말하거나, 형식이 맞지 않습니다.' },
  HTTP_STATUS_LINE_MALFORMED: { severity: 'error', en: 'malformed status line "HTTP/1.1 2000 OK"', ko: '스테이터스 라인이 "HTTP/x.y, 세 자리 스테이터스 코드, 사유 구문"의 형식에 맞지 않습니다: "HTTP/1.1 2000 OK"' },
  HTTP_REQUEST_LINE_MALFORMED: { severity: 'warning', en: 'malformed request line "GET /index.html"', ko: '리퀘스트 라인이 "메서드, 대상, HTTP/x.y"의 형식에 맞지 않습니다: "GET /index.html"' },
  HTTP_HEADER_LINE_NO_COLON: { severity: 'warning', en: 'header line without a colon: "Host lab"', ko: '헤더 필드 줄에 콜론(:)이 없어서 이름과 값으로 나눌 수 없습니다: "Host lab"' },
  DNS_QUESTION_CUT_SHORT: { severity: 'error', en: 'question 1 (a.) is cut short: type and class missing', ko: '질문 1(a.)의 이름 뒤에서 메시지가 끝나 타입과 클래스가 없습니다.' },
  DNS_NAME_PAST_END: { severity: 'error', en: 'question 1: name runs past the end of the message', ko: '질문 1의 이름: 이름의 끝(길이 0인 레이블)이 나오기 전에 메시지가 끝납니다.' },
  DNS_LABEL_PAST_END: { severity: 'error', en: 'question 1: label of 10 bytes runs past the end of the message', ko: '질문 1의 이름: 10바이트짜리 레이블이 메시지 끝을 넘어갑니다.' },
  DNS_POINTER_CUT_SHORT: { severity: 'error', en: 'question 1: compression pointer cut short', ko: '질문 1의 이름: 압축 포인터(2바이트)의 두 번째 바이트 전에 메시지가 끝납니다.' },
  DNS_LABEL_TYPE_UNSUPPORTED: { severity: 'error', en: 'question 1: label type 0x40 is not supported', ko: '질문 1의 이름: 레이블 길이 바이트의 위 2비트가 0x40입니다. 보통 레이블(00)도 압축 포인터(11)도 아닌, 쓰이지 않는 레이블 타입이어서 이름을 더 읽지 않습니다.' },
  DNS_RDATA_PAST_END: { severity: 'error', en: 'answers record 1 (a. A): rdata length 100 runs past the end of the message', ko: '회답 섹션 레코드 1(a. A)의 데이터 길이(RDLENGTH)가 100바이트라고 하는데, 그만큼 읽으면 메시지 끝을 넘어갑니다.' },
  DNS_RDATA_FIELD_PAST_RECORD: { severity: 'warning', en: 'a. NSEC3PARAM rdata: the salt says 20 bytes but only 2 are left in the record\'s 7 bytes', ko: 'a. NSEC3PARAM 레코드의 데이터: 솔트의 길이가 20바이트라고 하는데 레코드 데이터 7바이트 가운데 2바이트만 남아 있습니다. 남은 바이트까지만 읽습니다.' },
  DNS_EDNS_OPTION_PAST_OPT: { severity: 'warning', en: 'EDNS option COOKIE at byte 23: length 50 runs past the OPT record', ko: '메시지의 바이트 23에 있는 EDNS 옵션 COOKIE: 길이가 50바이트라고 하는데, 그만큼 읽으면 OPT 레코드 끝을 넘어갑니다. 나머지 옵션은 읽지 않습니다.' },
  RAW_IP_EMPTY: { severity: 'error', en: 'raw IP frame is empty', ko: 'Raw IP 프레임에 바이트가 하나도 없습니다.' },
  RAW_IP_VERSION_MISMATCH: { severity: 'warning', en: 'link type says IPv4, first nibble says 6', ko: '링크 타입은 IPv4 패킷이라고 하는데, 첫 4비트(버전)는 6입니다. 링크 타입을 따라 IPv4로 해독합니다.' },
  LOOPBACK_HEADER_SHORT: { severity: 'error', en: 'loopback header needs 4 bytes, only 2 captured', ko: '루프백 헤더에는 4바이트가 필요한데 2바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
  LOOPBACK_UNKNOWN_FAMILY: { severity: 'warning', en: 'unknown address family 99', ko: '주소 패밀리 99는 IPv4도 IPv6도 아니어서 그 뒤를 해독하지 않습니다.' },
  SLL_HEADER_SHORT: { severity: 'error', en: 'SLL header needs 16 bytes, only 10 captured', ko: 'SLL 헤더에는 16바이트가 필요한데 10바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
  SLL2_HEADER_SHORT: { severity: 'error', en: 'SLL2 header needs 20 bytes, only 10 captured', ko: 'SLL2 헤더에는 20바이트가 필요한데 10바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.' },
}

describe('the words of each problem no capture of the corpus has, on frames written to have it', () => {
  it('Ethernet frames', async () => {
    const path = join(scratchDir('issue-words'), 'broken.pcap')
    writePcap(path, ETHERNET_FRAMES.map(([, frame]) => frame))
    const issues = await issuesOf(path, ETHERNET_FRAMES.map((_, i) => i + 1))
    ETHERNET_FRAMES.forEach(([code], i) => expectIssue(issues[i]!, { code, ...CRAFTED_WORDS[code]! }))
  })

  it.each(OTHER_LINKS)('%s (link type %i)', async (code, link, bytes) => {
    const [issues] = await issuesOf(writeOneFramePcap(bytes, link), [1])
    expectIssue(issues!, { code, ...CRAFTED_WORDS[code]! })
  })
})

/** Codes no frame's detail can show, each with its words for parameters it could carry, and why. */
const NOT_IN_A_DETAIL: Partial<Record<DecodeIssueCode, { why: string; params: object; en: string; ko: string }>> = {
  // The streaming pass's own, which only decide whether the packet list marks a frame (pass.ts):
  FRAME_DECODER_FAILED: {
    why: 'a dissector that threw during the pass',
    params: { reason: 'boom' },
    en: 'internal decoder error: boom',
    ko: 'Wiretrail의 해독기 안에서 오류가 나서 이 프레임을 끝까지 해독하지 못했습니다: boom',
  },
  DNS_MALFORMED: { why: 'the lean DNS reading of the pass flagged the message', params: {}, en: 'malformed DNS message', ko: 'DNS 메시지의 형식이 잘못되었습니다.' },
}

/** Codes whose words a test beside its dissector checks (on frames built there). */
const CHECKED_ELSEWHERE: Partial<Record<DecodeIssueCode, string>> = {
  TCP_DATA_AFTER_CLOSE: 'test/analyzer/tcp-after-close.test.ts',
  DNS_TOO_MANY_POINTERS: 'test/decode/dns-compression.test.ts',
  ETHERNET_HEADER_SHORT: 'test/decode/truncated.test.ts',
  DNS_TCP_BOUNDARIES_LOST: 'test/analyzer/dns-tcp-segments.test.ts',
  IPV6_JUMBO_WITH_PAYLOAD_LENGTH: 'test/decode/ipv6-jumbo.test.ts',
  IPV6_JUMBO_LENGTH_TOO_SMALL: 'test/decode/ipv6-jumbo.test.ts',
  IPV6_JUMBO_WITH_FRAGMENT: 'test/decode/ipv6-jumbo.test.ts',
}

describe('every code', () => {
  it('is shown somewhere above, or its words are checked here, or beside its dissector', () => {
    const covered = new Set<string>([...FROM_THE_CORPUS.map((x) => x.code), ...ETHERNET_FRAMES.map(([c]) => c), ...OTHER_LINKS.map(([c]) => c), ...Object.keys(NOT_IN_A_DETAIL), ...Object.keys(CHECKED_ELSEWHERE)])
    expect(Object.keys(DECODE_ISSUE_WORDS).filter((code) => !covered.has(code))).toEqual([])
  })

  it('is none of the error codes (an issue is no error; errorMeaning would give the words of another)', () => {
    expect(Object.keys(DECODE_ISSUE_WORDS).filter((code) => errorMeaning(code) !== null)).toEqual([])
  })

  it.each(Object.entries(NOT_IN_A_DETAIL))('%s: its words', (code, { params, en, ko }) => {
    const issue = { code, params, message: en } as DecodeIssue
    expect(issueText(issue, 'en')).toBe(en)
    expect(issueText(issue, 'ko')).toBe(ko)
  })

  it('in Korean: Hangul, no both-ways particle left, not the English', () => {
    const shown = [...FROM_THE_CORPUS, ...Object.values(CRAFTED_WORDS), ...Object.values(NOT_IN_A_DETAIL)]
    for (const { en, ko } of shown) {
      expect(ko).toMatch(/[가-힣]/)
      expect(hasUnresolvedParticle(ko)).toBe(false)
      expect(ko).not.toBe(en)
    }
  })
})
