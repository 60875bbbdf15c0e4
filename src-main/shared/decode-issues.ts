// What the dissectors say about a frame's bytes (Wireshark's expert info), in English and Korean:
// every problem a decoder can find has a stable code, the numbers and names it needs (its
// parameters), and its words in both languages here, in one table. `issue()` (decode/core.ts)
// writes an issue's English `message` from this table, so the English the CLI, the Info column and
// the tests read is written in one place; the window writes the UI's language from code and
// parameters (issueText).
//
// A sibling of error-meanings.ts rather than rows in it: an error's meaning there is a fixed
// sentence said before the engine's own English message, while an issue's words *are* its message
// and carry its numbers (a length, an offset, a record's name), so each row here is a pair of
// functions of the issue's parameters. Typed like that table: a code in DecodeIssueParams without
// words here does not compile (`satisfies`), nor does a row for a code that does not exist.
// Pure TypeScript: the renderer reads it.
import { withParticles } from './korean.ts'

/** A DNS record section, by its place in the message: 0 answers, 1 authority, 2 additional. */
export type DnsSectionIndex = 0 | 1 | 2

/** Where in a DNS message a problem is: a question, a record, or the data of a record. */
export type DnsWhere =
  | { part: 'question'; index: number }
  | { part: 'record'; section: DnsSectionIndex; index: number }
  | { part: 'rdata'; owner: string; type: string }

/** What a name-reading problem says, wherever the name is. `cut`: the capture kept only part of
 * the message, so running out of bytes is the capture's doing (a note). */
interface NameProblem {
  where: DnsWhere
  cut: boolean
}

/** Each code and the parameters its words need. */
export interface DecodeIssueParams {
  // The frame and its link layer.
  FRAME_SNAP_CUT: { captured: number; onWire: number }
  FRAME_DECODER_FAILED: { reason: string }
  /** The pcap record header's time-stamp fraction is not below one second (capture/pcap.ts):
   * its value in `unit`, the bound (one second in `unit`), the whole seconds carried into the
   * seconds, the record's number and the record header's place in the file. */
  FRAME_TIMESTAMP_FRACTION: { record: number; recordOffset: number; fraction: number; unit: 'µs' | 'ns'; bound: number; carried: number }
  FRAME_LINK_TYPE_NOT_DISSECTED: { linkType: number }
  RAW_IP_EMPTY: Record<string, never>
  RAW_IP_VERSION_MISMATCH: { linkVersion: 4 | 6; version: number }
  ETHERNET_HEADER_SHORT: { captured: number }
  LOOPBACK_HEADER_SHORT: { captured: number }
  LOOPBACK_UNKNOWN_FAMILY: { family: number }
  SLL_HEADER_SHORT: { captured: number }
  SLL2_HEADER_SHORT: { captured: number }
  VLAN_TAG_SHORT: { captured: number }
  PPPOE_HEADER_SHORT: { captured: number }
  ARP_SHORT: { captured: number }
  ARP_SIZES_NOT_DISSECTED: { hardwareSize: number; protocolSize: number }
  ICMP_HEADER_SHORT: { protocol: 'ICMP' | 'ICMPv6'; captured: number }
  // IPv4 and IPv6.
  IPV4_HEADER_SHORT: { captured: number }
  IPV4_BAD_VERSION: { version: number }
  IPV4_BAD_HEADER_LENGTH: { headerLength: number }
  IPV4_HEADER_PAST_CAPTURE: { headerLength: number; captured: number; cut: boolean }
  IPV4_TOTAL_LENGTH_BELOW_HEADER: { totalLength: number; headerLength: number }
  IPV4_TOTAL_LENGTH_SNAPPED: { totalLength: number; captured: number }
  IPV4_TOTAL_LENGTH_PAST_FRAME: { totalLength: number; frameBytes: number }
  IPV6_HEADER_SHORT: { captured: number; cut: boolean }
  IPV6_BAD_VERSION: { version: number }
  IPV6_PAYLOAD_SNAPPED: { payloadLength: number; captured: number }
  IPV6_PAYLOAD_PAST_FRAME: { payloadLength: number; frameBytes: number }
  IPV6_EXTENSION_SHORT: { header: string; bytes: number }
  /** RFC 2675: a jumbogram, and the three ways its length fields can be wrong. */
  IPV6_JUMBOGRAM: { jumboLength: number }
  IPV6_JUMBO_WITH_PAYLOAD_LENGTH: { payloadLength: number; jumboLength: number }
  IPV6_JUMBO_LENGTH_TOO_SMALL: { jumboLength: number }
  IPV6_JUMBO_WITH_FRAGMENT: { jumboLength: number }
  IPV6_PAYLOAD_LENGTH_ZERO: { following: number; nextHeader: string; hopByHop: boolean }
  IPV6_EXTENSION_PAST_PAYLOAD: { header: string; headerLength: number }
  // UDP and TCP.
  UDP_HEADER_SHORT: { captured: number; cut: boolean }
  UDP_BAD_LENGTH: { length: number }
  UDP_LENGTH_MISMATCH: { length: number; ipPayloadLength: number }
  UDP_LENGTH_PAST_CAPTURE: { length: number; captured: number }
  TCP_HEADER_SHORT: { captured: number; cut: boolean }
  TCP_BAD_HEADER_LENGTH: { headerLength: number }
  TCP_HEADER_PAST_CAPTURE: { headerLength: number; captured: number; cut: boolean }
  TCP_HEADER_PAST_IP_PAYLOAD: { headerLength: number; ipPayloadLength: number }
  TCP_OPTION_NO_LENGTH: { option: string }
  TCP_OPTION_BAD_LENGTH: { option: string; length: number }
  TCP_OPTION_WRONG_LENGTH: { option: string; length: number; expected: number }
  TCP_DATA_AFTER_CLOSE: { bytes: number; readAs: string }
  // TLS and HTTP.
  TLS_HANDSHAKE_UNREADABLE: { message: string }
  TLS_UNKNOWN_CONTENT_TYPE: { contentType: number }
  TLS_RECORD_CONTINUES: { here: number; length: number }
  HTTP_STATUS_LINE_MALFORMED: { line: string }
  HTTP_REQUEST_LINE_MALFORMED: { line: string }
  HTTP_HEADER_LINE_NO_COLON: { line: string }
  // DNS: the dissector's own.
  DNS_HEADER_SHORT: { present: number; cut: boolean }
  /** `length` −1: only the first byte of its length prefix is here. `endFrame`: the frame that
   * completes it (−1: the capture never does; null: not known). */
  DNS_TCP_MESSAGE_CONTINUES: { length: number; here: number; endFrame: number | null }
  /** Frame `frame`'s first `here` bytes carry on a message begun in frame `startFrame`; `endFrame`
   * as DNS_TCP_MESSAGE_CONTINUES's. */
  DNS_TCP_MESSAGE_CONTINUED: { startFrame: number; before: number; here: number; length: number; endFrame: number | null; frame: number }
  DNS_TCP_BOUNDARIES_LOST: { bytes: number }
  DNS_MALFORMED: Record<string, never>
  // DNS: the codec's (dns/wire.ts, dns/rdata.ts): a name that cannot be read, …
  DNS_NAME_PAST_END: NameProblem
  DNS_POINTER_CUT_SHORT: NameProblem
  DNS_POINTER_NOT_PRIOR: NameProblem & { at: number; target: number }
  DNS_LABEL_TYPE_UNSUPPORTED: NameProblem & { labelType: number }
  DNS_LABEL_PAST_END: NameProblem & { labelLength: number }
  DNS_NAME_TOO_LONG: NameProblem
  DNS_TOO_MANY_POINTERS: NameProblem
  // … and an item the message ends inside, or a length that says too much.
  DNS_QUESTION_CUT_SHORT: { index: number; name: string; cut: boolean }
  DNS_RECORD_CUT_SHORT: { section: DnsSectionIndex; index: number; name: string; present: number; cut: boolean }
  DNS_RDATA_PAST_END: { section: DnsSectionIndex; index: number; name: string; type: string; rdlength: number; cut: boolean }
  DNS_RDATA_FIELD_PAST_RECORD: { owner: string; type: string; field: 'salt' | 'next hashed owner name'; length: number; left: number; rdlength: number }
  DNS_EDNS_OPTION_PAST_OPT: { option: string; at: number; length: number }
}

export type DecodeIssueCode = keyof DecodeIssueParams

/** The codes of a name that could not be read (wire.ts readName), wherever the name is. */
export type DnsNameProblemCode = 'DNS_NAME_PAST_END' | 'DNS_POINTER_CUT_SHORT' | 'DNS_POINTER_NOT_PRIOR' | 'DNS_LABEL_TYPE_UNSUPPORTED' | 'DNS_LABEL_PAST_END' | 'DNS_NAME_TOO_LONG' | 'DNS_TOO_MANY_POINTERS'

/** The codes of the DNS codec's problems (wire.ts readMessage's `problems`). */
export type DnsProblemCode = DnsNameProblemCode | 'DNS_QUESTION_CUT_SHORT' | 'DNS_RECORD_CUT_SHORT' | 'DNS_RDATA_PAST_END' | 'DNS_RDATA_FIELD_PAST_RECORD' | 'DNS_EDNS_OPTION_PAST_OPT'

/** A code with its parameters, the one correlated with the other (what an issue carries). */
export type CodedIssue = { [C in DecodeIssueCode]: { code: C; params: DecodeIssueParams[C] } }[DecodeIssueCode]

/** What a name that could not be read says before it is placed in its message: the code and the
 * parameters but where it is and whether the capture cut it (wire.ts readName's `error`). */
export type DnsNameFault = { [C in DnsNameProblemCode]: { code: C; params: Omit<DecodeIssueParams[C], keyof NameProblem> } }[DnsNameProblemCode]

/** A name fault placed in its message. */
export function placeNameFault(fault: DnsNameFault, where: DnsWhere, cut: boolean): Extract<CodedIssue, { code: DnsNameProblemCode }> {
  // A fault's code and parameters are correlated; spreading the parameters loses that for the compiler.
  return { code: fault.code, params: { ...fault.params, where, cut } } as Extract<CodedIssue, { code: DnsNameProblemCode }>
}

interface IssueWords<P> {
  en: (p: P) => string
  ko: (p: P) => string
}

// Korean sentences shared by several rows.
/** Said after a problem that the capture's snap length caused (severity note). */
const SNAPPED_KO = ' 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다.'
/** A header the frame ends inside. */
const headerShortKo = (header: string, need: string, captured: number, cut = false, part = '헤더'): string =>
  `${header}에는 ${need}바이트가 필요한데 ${captured}바이트만 캡처되었습니다.${cut ? SNAPPED_KO : ` 프레임이 ${part} 중간에서 끝납니다.`}`

const SECTION_EN = ['answers', 'authoritative nameservers', 'additional records'] as const
const SECTION_KO = ['회답', '권한', '추가 정보'] as const

function whereEn(w: DnsWhere): string {
  if (w.part === 'question') return `question ${w.index}`
  if (w.part === 'record') return `${SECTION_EN[w.section]} record ${w.index}`
  return `${w.owner} ${w.type} rdata`
}

function whereKo(w: DnsWhere): string {
  if (w.part === 'question') return `질문 ${w.index}의 이름`
  if (w.part === 'record') return `${SECTION_KO[w.section]} 섹션 레코드 ${w.index}의 소유자 이름`
  return `${w.owner} ${w.type} 레코드의 데이터(RDATA) 안의 이름`
}

/** A name problem's words: where, then what (as wire.ts has always written it in English). */
function nameProblem<P extends NameProblem>(en: (p: P) => string, ko: (p: P) => string): IssueWords<P> {
  return {
    en: (p) => `${whereEn(p.where)}: ${en(p)}${p.cut ? ' (the capture kept only part of the message)' : ''}`,
    ko: (p) => `${whereKo(p.where)}: ${ko(p)}${p.cut ? SNAPPED_KO : ''}`,
  }
}

/** The words of every code. English: exactly the dissectors' messages (tests, the CLI and the Info
 * column read them). Korean: what is wrong with these bytes, in the UI's 합니다체. */
export const DECODE_ISSUE_WORDS = {
  FRAME_SNAP_CUT: {
    en: (p) => `frame cut by the snap length: ${p.captured} of ${p.onWire} bytes captured`,
    ko: (p) => `전송된 프레임은 ${p.onWire}바이트인데 ${p.captured}바이트만 캡처되었습니다.${SNAPPED_KO}`,
  },
  FRAME_DECODER_FAILED: {
    en: (p) => `internal decoder error: ${p.reason}`,
    ko: (p) => `Wiretrail의 해독기 안에서 오류가 나서 이 프레임을 끝까지 해독하지 못했습니다: ${p.reason}`,
  },
  FRAME_TIMESTAMP_FRACTION: {
    en: (p) =>
      `pcap record ${p.record}'s header (file bytes ${p.recordOffset}–${p.recordOffset + 15}): its time stamp's fraction of a second (file bytes ${p.recordOffset + 4}–${p.recordOffset + 7}) is ${p.fraction} ${p.unit}, but it must be below ${p.bound} ${p.unit} (one second); the time shown carries ${p.carried} s of it into the seconds. The program that wrote the file is at fault, not the packet`,
    ko: (p) =>
      `pcap 레코드 ${p.record}의 헤더(파일의 바이트 ${p.recordOffset}–${p.recordOffset + 15})에서 타임스탬프의 1초 미만 부분을 나타내는 필드(파일의 바이트 ${p.recordOffset + 4}–${p.recordOffset + 7})가 ${p.fraction}${p.unit}입니다. 1초가 ${p.bound}${p.unit}이므로 이 필드는 ${p.bound}보다 작아야 합니다. 보여 주는 시각은 넘친 ${p.carried}초를 초 필드에 더해서 계산했습니다. 패킷이 아니라 이 파일을 쓴 프로그램의 잘못입니다.`,
  },
  FRAME_LINK_TYPE_NOT_DISSECTED: {
    en: (p) => `link type ${p.linkType} is not dissected`,
    ko: (p) => `링크 타입 ${p.linkType}의 프레임은 Wiretrail이 해독하지 않습니다. 바이트만 보여 줍니다.`,
  },
  RAW_IP_EMPTY: {
    en: () => 'raw IP frame is empty',
    ko: () => 'Raw IP 프레임에 바이트가 하나도 없습니다.',
  },
  RAW_IP_VERSION_MISMATCH: {
    en: (p) => `link type says IPv${p.linkVersion}, first nibble says ${p.version}`,
    ko: (p) => `링크 타입은 IPv${p.linkVersion} 패킷이라고 하는데, 첫 4비트(버전)는 ${p.version}입니다. 링크 타입을 따라 IPv${p.linkVersion}(으)로 해독합니다.`,
  },
  ETHERNET_HEADER_SHORT: {
    en: (p) => `Ethernet header needs 14 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('이더넷 헤더', '14', p.captured),
  },
  LOOPBACK_HEADER_SHORT: {
    en: (p) => `loopback header needs 4 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('루프백 헤더', '4', p.captured),
  },
  LOOPBACK_UNKNOWN_FAMILY: {
    en: (p) => `unknown address family ${p.family}`,
    ko: (p) => `주소 패밀리 ${p.family}은(는) IPv4도 IPv6도 아니어서 그 뒤를 해독하지 않습니다.`,
  },
  SLL_HEADER_SHORT: {
    en: (p) => `SLL header needs 16 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('SLL 헤더', '16', p.captured),
  },
  SLL2_HEADER_SHORT: {
    en: (p) => `SLL2 header needs 20 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('SLL2 헤더', '20', p.captured),
  },
  VLAN_TAG_SHORT: {
    en: (p) => `VLAN tag needs 4 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('VLAN 태그', '4', p.captured, false, '태그'),
  },
  PPPOE_HEADER_SHORT: {
    en: (p) => `PPPoE session header + PPP protocol need 8 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('PPPoE 세션 헤더와 PPP 프로토콜 필드', '8', p.captured),
  },
  ARP_SHORT: {
    en: (p) => `ARP for Ethernet/IPv4 needs 28 bytes, only ${p.captured} captured`,
    ko: (p) => `이더넷/IPv4의 ARP 메시지는 28바이트인데 ${p.captured}바이트만 캡처되었습니다. 프레임이 메시지 중간에서 끝납니다.`,
  },
  ARP_SIZES_NOT_DISSECTED: {
    en: (p) => `hardware/protocol sizes ${p.hardwareSize}/${p.protocolSize}: only Ethernet/IPv4 (6/4) is dissected`,
    ko: (p) => `하드웨어 주소와 프로토콜 주소의 길이가 ${p.hardwareSize}/${p.protocolSize}바이트입니다. Wiretrail은 이더넷/IPv4(6/4바이트)의 ARP만 해독합니다.`,
  },
  ICMP_HEADER_SHORT: {
    en: (p) => `${p.protocol} header needs 4 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo(`${p.protocol} 헤더`, '4', p.captured),
  },
  IPV4_HEADER_SHORT: {
    en: (p) => `IPv4 header needs at least 20 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('IPv4 헤더', '최소 20', p.captured),
  },
  IPV4_BAD_VERSION: {
    en: (p) => `version field is ${p.version}, expected 4`,
    ko: (p) => `버전 필드가 ${p.version}입니다. IPv4 헤더라면 4여야 합니다.`,
  },
  IPV4_BAD_HEADER_LENGTH: {
    en: (p) => `bogus IPv4 header length ${p.headerLength} (must be at least 20)`,
    ko: (p) => `IPv4 헤더 길이가 ${p.headerLength}바이트라고 되어 있는데, 헤더는 최소 20바이트이므로 있을 수 없는 값입니다. 이 뒤는 해독하지 않습니다.`,
  },
  IPV4_HEADER_PAST_CAPTURE: {
    en: (p) => `IPv4 header length ${p.headerLength} runs past the ${p.captured} captured bytes`,
    ko: (p) => `IPv4 헤더 길이는 ${p.headerLength}바이트인데 캡처된 바이트는 ${p.captured}바이트뿐입니다.${p.cut ? SNAPPED_KO : ' 프레임이 헤더 중간에서 끝납니다.'}`,
  },
  IPV4_TOTAL_LENGTH_BELOW_HEADER: {
    en: (p) => `bogus IPv4 total length ${p.totalLength} (less than the header length ${p.headerLength})`,
    ko: (p) =>
      `IPv4 전체 길이가 ${p.totalLength}바이트라고 되어 있는데, 헤더 길이 ${p.headerLength}바이트보다 짧으므로 있을 수 없는 값입니다. 프레임 끝까지를 페이로드로 읽습니다.${p.totalLength === 0 ? ' 전체 길이 0은 보통, 큰 패킷을 네트워크 카드나 커널이 나중에 나눠 보내는 기능(TCP 세그먼트 오프로드, BIG TCP)을 쓰는 컴퓨터에서 나뉘기 전의 패킷을 캡처했을 때 보입니다.' : ''}`,
  },
  IPV4_TOTAL_LENGTH_SNAPPED: {
    en: (p) => `IPv4 total length ${p.totalLength}: the capture kept only ${p.captured} bytes (snap length)`,
    ko: (p) => `IPv4 전체 길이는 ${p.totalLength}바이트인데 캡처에는 ${p.captured}바이트만 남았습니다.${SNAPPED_KO}`,
  },
  IPV4_TOTAL_LENGTH_PAST_FRAME: {
    en: (p) => `IPv4 total length ${p.totalLength} exceeds the ${p.frameBytes} bytes of the frame`,
    ko: (p) => `IPv4 전체 길이는 ${p.totalLength}바이트라고 되어 있는데 프레임에는 IPv4 헤더부터 ${p.frameBytes}바이트밖에 없습니다.`,
  },
  IPV6_HEADER_SHORT: {
    en: (p) => `IPv6 header needs 40 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('IPv6 헤더', '40', p.captured, p.cut),
  },
  IPV6_BAD_VERSION: {
    en: (p) => `version field is ${p.version}, expected 6`,
    ko: (p) => `버전 필드가 ${p.version}입니다. IPv6 헤더라면 6이어야 합니다.`,
  },
  IPV6_PAYLOAD_SNAPPED: {
    en: (p) => `IPv6 payload length ${p.payloadLength}: the capture kept only ${p.captured} bytes (snap length)`,
    ko: (p) => `IPv6 페이로드 길이는 ${p.payloadLength}바이트인데 캡처에는 ${p.captured}바이트만 남았습니다.${SNAPPED_KO}`,
  },
  IPV6_PAYLOAD_PAST_FRAME: {
    en: (p) => `IPv6 payload length ${p.payloadLength} exceeds the ${p.frameBytes} bytes of the frame`,
    ko: (p) => `IPv6 페이로드 길이는 ${p.payloadLength}바이트라고 되어 있는데 프레임에는 IPv6 헤더 뒤로 ${p.frameBytes}바이트밖에 없습니다.`,
  },
  IPV6_EXTENSION_SHORT: {
    en: (p) => `${p.header} extension header cut short (${p.bytes} bytes)`,
    ko: (p) => `${p.header} 확장 헤더는 최소 8바이트인데 페이로드에 ${p.bytes}바이트만 남아 있습니다. 확장 헤더가 중간에서 끊겼습니다.`,
  },
  IPV6_JUMBOGRAM: {
    en: (p) =>
      `a jumbogram (RFC 2675): its Payload Length field is 0 by design, and the Jumbo Payload option in the Hop-by-Hop header gives its length, ${p.jumboLength} bytes after the IPv6 header (more than the 16-bit field can say); not an error: a capture on the host sees such packets when Linux's BIG TCP hands the network card one large packet to split`,
    ko: (p) =>
      `점보그램입니다(RFC 2675). 16비트인 페이로드 길이 필드는 65,535바이트까지만 나타낼 수 있으므로 일부러 0으로 두고, 홉별 옵션(Hop-by-Hop) 헤더의 점보 페이로드 옵션에 IPv6 헤더 뒤의 실제 길이 ${p.jumboLength}바이트를 적었습니다. 오류가 아닙니다. 리눅스의 BIG TCP처럼 큰 패킷 하나를 네트워크 카드에 넘겨 나누게 하는 컴퓨터에서 캡처하면 이런 패킷이 보입니다.`,
  },
  IPV6_JUMBO_WITH_PAYLOAD_LENGTH: {
    en: (p) => `Jumbo Payload option (${p.jumboLength} bytes) with a Payload Length of ${p.payloadLength}: a jumbogram's Payload Length must be 0 (RFC 2675 §3); the Payload Length field is followed`,
    ko: (p) =>
      `홉별 옵션 헤더에 점보 페이로드 옵션(${p.jumboLength}바이트)이 있는데 페이로드 길이 필드가 0이 아니라 ${p.payloadLength}입니다. 점보그램의 페이로드 길이 필드는 0이어야 하므로(RFC 2675 3절) 받는 쪽은 이 패킷을 버립니다. 여기서는 페이로드 길이 필드를 따라 해독합니다.`,
  },
  IPV6_JUMBO_LENGTH_TOO_SMALL: {
    en: (p) => `Jumbo Payload length ${p.jumboLength} is not above 65535: a packet that short gives its length in the Payload Length field, not in a Jumbo Payload option (RFC 2675 §3)`,
    ko: (p) =>
      `점보 페이로드 옵션의 길이가 ${p.jumboLength}바이트입니다. 65,535바이트 이하인 패킷은 길이를 페이로드 길이 필드에 적어야 하므로 점보 페이로드 옵션의 길이는 65,535보다 커야 합니다(RFC 2675 3절). 받는 쪽은 이 패킷을 버립니다.`,
  },
  IPV6_JUMBO_WITH_FRAGMENT: {
    en: (p) => `Jumbo Payload option (${p.jumboLength} bytes) in a packet with a Fragment header: a jumbogram cannot be fragmented (RFC 2675 §3), and a receiver discards it`,
    ko: (p) =>
      `점보 페이로드 옵션(${p.jumboLength}바이트)이 있는 패킷에 프래그먼트 헤더가 있습니다. 점보그램은 조각으로 나눌 수 없으므로(RFC 2675 3절) 받는 쪽은 이 패킷을 버립니다.`,
  },
  IPV6_PAYLOAD_LENGTH_ZERO: {
    en: (p) =>
      p.hopByHop
        ? `Payload Length 0 and a Hop-by-Hop header without a Jumbo Payload option: only a jumbogram's Payload Length may be 0 (RFC 2675 §3), so where the packet's ${p.following} bytes after its header end is not said; they are not decoded`
        : `Payload Length 0 with a next header (${p.nextHeader}) to follow: only a jumbogram's Payload Length may be 0 (RFC 2675 §3); the rest of the frame (${p.following} bytes) is read as the payload`,
    ko: (p) =>
      p.hopByHop
        ? `페이로드 길이 필드가 0이고 다음 헤더는 홉별 옵션 헤더인데, 그 안에 점보 페이로드 옵션이 없습니다. 페이로드 길이 0은 점보그램에만 쓸 수 있으므로(RFC 2675 3절) 헤더 뒤의 ${p.following}바이트 가운데 어디까지가 이 패킷인지 알 수 없습니다. 그 뒤는 해독하지 않습니다.`
        : `페이로드 길이 필드가 0인데 다음 헤더(${p.nextHeader})가 뒤따른다고 되어 있습니다. 페이로드 길이 0은 점보그램에만 쓸 수 있으므로(RFC 2675 3절) 잘못된 값입니다. 프레임 끝까지(${p.following}바이트)를 페이로드로 읽습니다. 큰 패킷을 네트워크 카드가 나눠 보내는 기능(TCP 세그먼트 오프로드)을 쓰는 컴퓨터에서 나뉘기 전의 패킷을 캡처하면 이렇게 보일 수 있습니다.`,
  },
  IPV6_EXTENSION_PAST_PAYLOAD: {
    en: (p) => `${p.header} header length ${p.headerLength} runs past the payload`,
    ko: (p) => `${p.header} 확장 헤더의 길이 필드가 ${p.headerLength}바이트라고 하는데, 그만큼 읽으면 페이로드 끝을 넘어갑니다.`,
  },
  UDP_HEADER_SHORT: {
    en: (p) => `UDP header needs 8 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('UDP 헤더', '8', p.captured, p.cut),
  },
  UDP_BAD_LENGTH: {
    en: (p) => `bad UDP length ${p.length} (must be at least 8)`,
    ko: (p) => `UDP 길이가 ${p.length}바이트라고 되어 있습니다. 이 길이는 8바이트 헤더를 포함하므로 8보다 작을 수 없습니다.`,
  },
  UDP_LENGTH_MISMATCH: {
    en: (p) => `UDP length ${p.length} does not match the IP payload length ${p.ipPayloadLength}`,
    ko: (p) =>
      p.length > p.ipPayloadLength
        ? `UDP 길이는 ${p.length}바이트인데 IP 페이로드는 ${p.ipPayloadLength}바이트입니다. UDP 데이터그램이 그것을 실은 IP 패킷보다 길다고 되어 있습니다.`
        : `UDP 길이는 ${p.length}바이트인데 IP 페이로드는 ${p.ipPayloadLength}바이트입니다. UDP 길이를 넘는 나머지 ${p.ipPayloadLength - p.length}바이트는 UDP 데이터그램에 속하지 않습니다.`,
  },
  UDP_LENGTH_PAST_CAPTURE: {
    en: (p) => `UDP length ${p.length} exceeds the ${p.captured} captured bytes`,
    ko: (p) => `UDP 길이는 ${p.length}바이트인데 UDP 헤더부터 캡처된 바이트는 ${p.captured}바이트뿐입니다.`,
  },
  TCP_HEADER_SHORT: {
    en: (p) => `TCP header needs at least 20 bytes, only ${p.captured} captured`,
    ko: (p) => headerShortKo('TCP 헤더', '최소 20', p.captured, p.cut),
  },
  TCP_BAD_HEADER_LENGTH: {
    en: (p) => `bogus TCP header length ${p.headerLength} (must be at least 20)`,
    ko: (p) => `TCP 헤더 길이(데이터 오프셋)가 ${p.headerLength}바이트라고 되어 있는데, 헤더는 최소 20바이트이므로 있을 수 없는 값입니다. 이 세그먼트의 데이터는 읽지 않습니다.`,
  },
  TCP_HEADER_PAST_CAPTURE: {
    en: (p) => `TCP header length ${p.headerLength} runs past the ${p.captured} captured bytes${p.cut ? ' (snap length)' : ''}`,
    ko: (p) => `TCP 헤더 길이는 ${p.headerLength}바이트인데 캡처된 바이트는 ${p.captured}바이트뿐입니다.${p.cut ? SNAPPED_KO : ' 프레임이 헤더 중간에서 끝납니다.'}`,
  },
  TCP_HEADER_PAST_IP_PAYLOAD: {
    en: (p) => `TCP header length ${p.headerLength} exceeds the IP payload length ${p.ipPayloadLength}`,
    ko: (p) => `TCP 헤더 길이는 ${p.headerLength}바이트라고 되어 있는데 IP 페이로드는 ${p.ipPayloadLength}바이트뿐입니다. 이 세그먼트에는 데이터가 없는 것으로 읽습니다.`,
  },
  TCP_OPTION_NO_LENGTH: {
    en: (p) => `TCP option ${p.option} has no length byte`,
    ko: (p) => `TCP 옵션 ${p.option}의 길이 바이트가 없습니다. 옵션의 종류 바이트에서 헤더가 끝납니다.`,
  },
  TCP_OPTION_BAD_LENGTH: {
    en: (p) => `TCP option ${p.option}: length ${p.length} runs past the header`,
    ko: (p) =>
      p.length < 2
        ? `TCP 옵션 ${p.option}의 길이가 ${p.length}입니다. 길이는 종류와 길이 바이트를 포함하므로 2 이상이어야 합니다. 나머지 옵션은 읽지 않습니다.`
        : `TCP 옵션 ${p.option}의 길이가 ${p.length}바이트라고 하는데, 그만큼 읽으면 TCP 헤더 끝을 넘어갑니다. 나머지 옵션은 읽지 않습니다.`,
  },
  TCP_OPTION_WRONG_LENGTH: {
    en: (p) => `TCP option ${p.option} has length ${p.length}, must be ${p.expected}`,
    ko: (p) => `TCP 옵션 ${p.option}의 길이가 ${p.length}바이트입니다. 이 옵션은 RFC가 정한 대로 ${p.expected}바이트여야 합니다.`,
  },
  TCP_DATA_AFTER_CLOSE: {
    en: (p) => `data after the connection had closed both ways (a FIN from each side, or a RST): these ${p.bytes} bytes were not read as ${p.readAs}`,
    ko: (p) => `연결이 양쪽 모두 닫힌 뒤(양쪽의 FIN 또는 RST)에 온 데이터입니다. 이 ${p.bytes}바이트는 ${p.readAs}(으)로 읽지 않았습니다.`,
  },
  TLS_HANDSHAKE_UNREADABLE: {
    en: (p) => `${p.message} could not be read completely`,
    ko: (p) => `${p.message} 메시지를 끝까지 읽지 못했습니다. 메시지 안의 길이 필드가 남은 바이트보다 큰 값을 말하거나, 형식이 맞지 않습니다.`,
  },
  TLS_UNKNOWN_CONTENT_TYPE: {
    en: (p) => `unknown TLS content type ${p.contentType}`,
    ko: (p) => `TLS 레코드의 콘텐츠 타입 ${p.contentType}은(는) 정의되지 않은 값입니다(20~24여야 합니다). 여기서부터는 TLS 레코드로 읽지 않습니다.`,
  },
  TLS_RECORD_CONTINUES: {
    en: (p) => `TLS record continues in the next segment (${p.here} of ${p.length} bytes here)`,
    ko: (p) => `TLS 레코드가 다음 세그먼트로 이어집니다(${p.length}바이트 중 ${p.here}바이트가 이 세그먼트에 있습니다). 오류가 아닙니다. 레코드 하나가 TCP 세그먼트 여러 개에 나뉘어 실렸습니다.`,
  },
  HTTP_STATUS_LINE_MALFORMED: {
    en: (p) => `malformed status line "${p.line}"`,
    ko: (p) => `스테이터스 라인이 "HTTP/x.y, 세 자리 스테이터스 코드, 사유 구문"의 형식에 맞지 않습니다: "${p.line}"`,
  },
  HTTP_REQUEST_LINE_MALFORMED: {
    en: (p) => `malformed request line "${p.line}"`,
    ko: (p) => `리퀘스트 라인이 "메서드, 대상, HTTP/x.y"의 형식에 맞지 않습니다: "${p.line}"`,
  },
  HTTP_HEADER_LINE_NO_COLON: {
    en: (p) => `header line without a colon: "${p.line}"`,
    ko: (p) => `헤더 필드 줄에 콜론(:)이 없어서 이름과 값으로 나눌 수 없습니다: "${p.line}"`,
  },
  DNS_HEADER_SHORT: {
    en: (p) => `DNS header needs 12 bytes, only ${p.present} present`,
    ko: (p) =>
      p.cut
        ? `DNS 헤더에는 12바이트가 필요한데 ${p.present}바이트만 캡처되었습니다.${SNAPPED_KO}`
        : `DNS 헤더에는 12바이트가 필요한데 ${p.present}바이트뿐입니다. DNS 메시지가 헤더 중간에서 끝납니다.`,
  },
  DNS_TCP_MESSAGE_CONTINUES: {
    en: (p) =>
      `${p.length < 0 ? 'DNS message continues in the next segment: only the first byte of its 2-byte length is here' : `DNS message of ${p.length} bytes continues in later segments (${p.here} bytes here)`}${p.endFrame === null ? '' : p.endFrame < 0 ? '; the capture never completes it' : `; completed in frame ${p.endFrame}`}`,
    ko: (p) =>
      `${p.length < 0 ? '다음 DNS 메시지의 2바이트 길이 필드 가운데 첫 바이트만 이 세그먼트에 있고, 둘째 바이트부터는 다음 세그먼트에 있습니다.' : `${p.length}바이트짜리 DNS 메시지가 다음 세그먼트로 이어집니다(이 세그먼트에는 ${p.here}바이트).`}${p.endFrame === null ? '' : p.endFrame < 0 ? ' 캡처 안에서는 메시지가 끝까지 오지 않습니다.' : ` 메시지는 프레임 ${p.endFrame}에서 완성됩니다.`} 오류가 아닙니다. TCP로 보낸 DNS 메시지가 세그먼트 여러 개에 나뉘어 실렸습니다.`,
  },
  DNS_TCP_MESSAGE_CONTINUED: {
    en: (p) =>
      `the first ${p.here} bytes carry on the DNS message begun in frame ${p.startFrame} (${p.length >= 0 ? `${p.length + 2} bytes with its 2-byte length` : 'its 2-byte length not yet whole'}; ${p.before} of them came in earlier segments): ${p.endFrame === p.frame ? 'they complete it' : p.endFrame === null ? 'the rest is not read yet' : p.endFrame < 0 ? 'the capture never completes it' : `it is completed in frame ${p.endFrame}`}; they are not a new message's length and header`,
    ko: (p) =>
      `이 세그먼트의 처음 ${p.here}바이트는 프레임 ${p.startFrame}에서 시작된 DNS 메시지의 뒷부분입니다(${p.length >= 0 ? `2바이트 길이 필드를 포함해 모두 ${p.length + 2}바이트` : '길이 필드 2바이트가 아직 다 오지 않았습니다'}. 그 가운데 ${p.before}바이트는 앞 세그먼트에 있었습니다). ${p.endFrame === p.frame ? '이 바이트로 메시지가 완성됩니다.' : p.endFrame === null ? '메시지의 나머지는 아직 읽지 않았습니다.' : p.endFrame < 0 ? '캡처 안에서는 메시지가 끝까지 오지 않습니다.' : `메시지는 프레임 ${p.endFrame}에서 완성됩니다.`} 새 메시지의 길이 필드나 헤더가 아니므로 그렇게 읽지 않습니다. 오류가 아닙니다. TCP로 보낸 DNS 메시지가 세그먼트 여러 개에 나뉘어 실렸습니다.`,
  },
  DNS_TCP_BOUNDARIES_LOST: {
    en: (p) => `${p.bytes} bytes after a gap in the stream (bytes the capture does not have): where each DNS message begins is lost, so they are not read as messages`,
    ko: (p) => `스트림 중간에 캡처되지 않은 부분(빈틈)이 있어서, 그 뒤에 온 이 ${p.bytes}바이트는 DNS 메시지로 읽지 않습니다. TCP에서는 메시지마다 앞에 붙은 2바이트 길이 필드로만 DNS 메시지의 경계를 알 수 있는데, 빈틈 때문에 그 경계를 잃었습니다.`,
  },
  DNS_MALFORMED: {
    en: () => 'malformed DNS message',
    ko: () => 'DNS 메시지의 형식이 잘못되었습니다.',
  },
  DNS_NAME_PAST_END: nameProblem(
    () => 'name runs past the end of the message',
    () => '이름의 끝(길이 0인 레이블)이 나오기 전에 메시지가 끝납니다.',
  ),
  DNS_POINTER_CUT_SHORT: nameProblem(
    () => 'compression pointer cut short',
    () => '압축 포인터(2바이트)의 두 번째 바이트 전에 메시지가 끝납니다.',
  ),
  DNS_POINTER_NOT_PRIOR: nameProblem(
    (p) => `compression pointer at byte ${p.at} points ${p.target === p.at ? 'to itself' : 'forward'} to byte ${p.target} (only prior data is allowed)`,
    (p) =>
      `메시지의 바이트 ${p.at}에 있는 압축 포인터가 ${p.target === p.at ? '자기 자신' : `그보다 뒤인 바이트 ${p.target}`}을(를) 가리킵니다. 압축 포인터는 앞에 나온 데이터만 가리킬 수 있습니다(RFC 1035 4.1.4). 따라가면 끝없이 돌 수 있어서 이름을 여기서 끝냅니다.`,
  ),
  DNS_LABEL_TYPE_UNSUPPORTED: nameProblem(
    (p) => `label type 0x${p.labelType.toString(16).padStart(2, '0')} is not supported`,
    (p) => `레이블 길이 바이트의 위 2비트가 0x${p.labelType.toString(16).padStart(2, '0')}입니다. 보통 레이블(00)도 압축 포인터(11)도 아닌, 쓰이지 않는 레이블 타입이어서 이름을 더 읽지 않습니다.`,
  ),
  DNS_LABEL_PAST_END: nameProblem(
    (p) => `label of ${p.labelLength} bytes runs past the end of the message`,
    (p) => `${p.labelLength}바이트짜리 레이블이 메시지 끝을 넘어갑니다.`,
  ),
  DNS_NAME_TOO_LONG: nameProblem(
    () => 'name longer than 255 bytes',
    () => '255바이트를 넘습니다. DNS 이름은 255바이트까지입니다(RFC 1035 3.1).',
  ),
  DNS_TOO_MANY_POINTERS: nameProblem(
    () => 'too many compression pointers',
    () => '압축 포인터를 127개 넘게 따라가야 해서 더 읽지 않습니다.',
  ),
  DNS_QUESTION_CUT_SHORT: {
    en: (p) => `question ${p.index} (${p.name}) is cut short: type and class missing${p.cut ? ' (the capture kept only part of the message)' : ''}`,
    ko: (p) => `질문 ${p.index}(${p.name})의 이름 뒤에서 메시지가 끝나 타입과 클래스가 없습니다.${p.cut ? SNAPPED_KO : ''}`,
  },
  DNS_RECORD_CUT_SHORT: {
    en: (p) => `${SECTION_EN[p.section]} record ${p.index} (${p.name}) is cut short: ${p.present} of 10 fixed bytes present${p.cut ? ' (the capture kept only part of the message)' : ''}`,
    ko: (p) =>
      `${SECTION_KO[p.section]} 섹션 레코드 ${p.index}(${p.name})의 이름 뒤에 와야 할 고정 필드 10바이트(타입, 클래스, TTL, 데이터 길이) 가운데 ${p.present}바이트만 있습니다.${p.cut ? SNAPPED_KO : ' 메시지가 레코드 중간에서 끝납니다.'}`,
  },
  DNS_RDATA_PAST_END: {
    en: (p) => `${SECTION_EN[p.section]} record ${p.index} (${p.name} ${p.type}): rdata length ${p.rdlength} runs past the end of the message${p.cut ? ' (the capture kept only part of the message)' : ''}`,
    ko: (p) => `${SECTION_KO[p.section]} 섹션 레코드 ${p.index}(${p.name} ${p.type})의 데이터 길이(RDLENGTH)가 ${p.rdlength}바이트라고 하는데, 그만큼 읽으면 메시지 끝을 넘어갑니다.${p.cut ? SNAPPED_KO : ''}`,
  },
  DNS_RDATA_FIELD_PAST_RECORD: {
    en: (p) => `${p.owner} ${p.type} rdata: the ${p.field} says ${p.length} bytes but only ${p.left} are left in the record's ${p.rdlength} bytes`,
    ko: (p) =>
      `${p.owner} ${p.type} 레코드의 데이터: ${p.field === 'salt' ? '솔트' : '다음 해시 소유자 이름'}의 길이가 ${p.length}바이트라고 하는데 레코드 데이터 ${p.rdlength}바이트 가운데 ${p.left}바이트만 남아 있습니다. 남은 바이트까지만 읽습니다.`,
  },
  DNS_EDNS_OPTION_PAST_OPT: {
    en: (p) => `EDNS option ${p.option} at byte ${p.at}: length ${p.length} runs past the OPT record`,
    ko: (p) => `메시지의 바이트 ${p.at}에 있는 EDNS 옵션 ${p.option}: 길이가 ${p.length}바이트라고 하는데, 그만큼 읽으면 OPT 레코드 끝을 넘어갑니다. 나머지 옵션은 읽지 않습니다.`,
  },
} as const satisfies { [C in DecodeIssueCode]: IssueWords<DecodeIssueParams[C]> }

/** An issue's words in `lang`, from its code and parameters (the window's; the English is the
 * issue's `message`). An issue of a code this table does not know (a detail from another version
 * of the app) is said by its English message. */
export function issueText(issue: CodedIssue & { message: string }, lang: 'en' | 'ko'): string {
  if (!Object.hasOwn(DECODE_ISSUE_WORDS, issue.code)) return issue.message
  // The table is typed per code; the union of an issue's code and parameters is correlated, which
  // TypeScript cannot follow through an index, hence the one cast.
  const words = DECODE_ISSUE_WORDS[issue.code] as IssueWords<DecodeIssueParams[DecodeIssueCode]>
  // Korean rows write particles after a parameter in their both-ways form (korean.ts); the one the
  // word before takes is chosen here. The parameters are ASCII or latin1 text (names, numbers, a
  // head's line), which can hold no both-ways form of their own.
  return lang === 'ko' ? withParticles(words.ko(issue.params)) : words.en(issue.params)
}

/** An issue's English message (issue() in decode/core.ts writes it with this). */
export function issueEnglish<C extends DecodeIssueCode>(code: C, params: DecodeIssueParams[C]): string {
  return (DECODE_ISSUE_WORDS[code] as IssueWords<DecodeIssueParams[C]>).en(params)
}
