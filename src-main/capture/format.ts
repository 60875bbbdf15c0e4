// The numbers of the two capture file formats, in one place for the readers (this folder) and the
// writers (src-main/recorder/capture-file/), and the one format sniffer every caller uses (the
// services check a file before the analyzer reads it; Save As knows whether to convert).
//   classic pcap: https://www.tcpdump.org/manpages/pcap-savefile.5.html (libpcap format 2.4)
//   pcapng:       draft-ietf-opsawg-pcapng (section, interface, packet, secrets blocks; options)
// Pure TS (no node:*): the sniffer also runs in the renderer's tests.
import { CaptureError } from './errors.ts'

export type CaptureFormat = 'pcap' | 'pcapng'

// ── classic pcap ──────────────────────────────────────────────────────────────────────────────
/** Microsecond time stamps; read as big-endian, d4c3b2a1 means a little-endian file. */
export const PCAP_MAGIC_USEC = 0xa1b2c3d4
/** Nanosecond time stamps (libpcap ≥ 1.5). */
export const PCAP_MAGIC_NSEC = 0xa1b23c4d
export const PCAP_VERSION_MAJOR = 2
export const PCAP_VERSION_MINOR = 4
export const PCAP_GLOBAL_HEADER = 24
export const PCAP_RECORD_HEADER = 16
/** Where a record header's time-stamp fraction (microseconds or nanoseconds) is: after its seconds. */
export const PCAP_RECORD_FRACTION = 4
/** Wireshark's limit for a record's captured length (WTAP_MAX_PACKET_SIZE_STANDARD); a header's
 * larger snap length raises it, up to PCAP_MAX_RECORD. */
export const PCAP_MAX_CAPLEN = 262144
/** No record is read whole beyond this, whatever the header says (as pcapng's block limit). */
export const PCAP_MAX_RECORD = 16 * 1024 * 1024
/** The four magics as the file's first four bytes read big-endian (µs/ns, either byte order). */
export const PCAP_MAGICS: ReadonlySet<number> = new Set([PCAP_MAGIC_USEC, 0xd4c3b2a1, PCAP_MAGIC_NSEC, 0x4d3cb2a1])

// ── pcapng ────────────────────────────────────────────────────────────────────────────────────
/** Section Header Block: reads the same in either byte order (its byte-order magic follows). */
export const BT_SHB = 0x0a0d0d0a
export const BT_IDB = 0x00000001
/** The obsolete Packet Block (pcapng 1.0). */
export const BT_PB = 0x00000002
export const BT_SPB = 0x00000003
export const BT_NRB = 0x00000004
export const BT_ISB = 0x00000005
export const BT_EPB = 0x00000006
export const BT_DSB = 0x0000000a
export const BT_CB = 0x00000bad
export const BT_DCB = 0x40000bad
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d
/** Decryption Secrets Block type: an NSS key log ("TLSK"). */
export const SECRETS_TLS_KEYLOG = 0x544c534b
export const OPT_ENDOFOPT = 0
export const OPT_COMMENT = 1
export const SHB_HARDWARE = 2
export const SHB_OS = 3
export const SHB_USERAPPL = 4
export const IF_NAME = 2
export const IF_DESCRIPTION = 3
export const IF_TSRESOL = 9
export const IF_TSOFFSET = 14
/** Block type, total length, interface id, time stamp (2 words), captured and original length, and
 * the trailing total length: an Enhanced Packet Block without data or options. */
export const EPB_FIXED = 32
/** Wireshark refuses blocks above 16 MiB (MAX_BLOCK_SIZE); so do we, rather than buffer garbage. */
export const PCAPNG_MAX_BLOCK = 16 * 1024 * 1024 + 128

// ── The recording's journal inside a pcapng (docs/capture-format.md) ────────────────────────
// A Wiretrail pcapng carries its journal (shared/journal.ts: what packets cannot — descriptors,
// cache hits, the typed URL) at its end, in Custom Blocks that "must not be copied" (0x40000BAD):
// the journal names frames by number and events by time, so a tool that rewrites the packets
// without understanding it (editcap cutting, shifting times, deduplicating) must drop it rather
// than keep a journal that lies about the new file; tshark and editcap do drop it, tcpdump and
// libpcap skip it, a plain file copy keeps it. (0x00000BAD "may be copied" would survive editcap.)
/** IANA Private Enterprise Number in our Custom Blocks. Wiretrail has no PEN of its own (IANA
 * assigns them free, on request: https://pen.iana.org); until one is registered it uses 32473,
 * which RFC 5612 sets aside for documentation and examples, and tells its blocks from anyone
 * else's by JOURNAL_BLOCK_MAGIC at the start of the data. */
export const WIRETRAIL_PEN = 32473
/** First line of each journal block's data: "wiretrail-journal 1 <part>/<parts>\n", then lines of
 * the journal (JSON Lines, UTF-8) up to the next part. */
export const JOURNAL_BLOCK_MAGIC = 'wiretrail-journal 1 '
/** Journal bytes per block: far below libpcap's 16 MiB block limit (tcpdump refuses larger blocks),
 * so every reader keeps going. A page load's journal fits in one. */
export const JOURNAL_BLOCK_DATA = 1024 * 1024

/** Which format the first four bytes say, or null. */
export function sniffCaptureFormat(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null
  const magic = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0
  if (PCAP_MAGICS.has(magic)) return 'pcap'
  if (magic === BT_SHB) return 'pcapng'
  return null
}

/** The format a capture file's name promises: `.pcapng` → pcapng; `.pcap` and `.cap` (tcpdump's and
 * Wireshark's names for libpcap files) → pcap; any other name, or none, promises nothing (null). */
export function captureFormatOfName(name: string): CaptureFormat | null {
  const lower = name.toLowerCase()
  if (lower.endsWith('.pcapng')) return 'pcapng'
  if (lower.endsWith('.pcap') || lower.endsWith('.cap')) return 'pcap'
  return null
}

/**
 * The one rule for the format a capture is written in, used by `wiretrail record` and the app's
 * Save As: the format asked for (`--format`, the Save As pcap/pcapng command) when there is one,
 * else the one the name promises, else pcap. So `-o x.pcapng` writes pcapng, and a file's name
 * never lies about its bytes: asking for one format under a name that promises the other throws
 * CAPTURE_FORMAT_MISMATCH, before anything is written.
 */
export function captureFormatToWrite(name: string, asked?: CaptureFormat): CaptureFormat {
  const named = captureFormatOfName(name)
  if (asked !== undefined && named !== null && asked !== named) {
    const ext = name.slice(name.lastIndexOf('.'))
    throw new CaptureError(
      'CAPTURE_FORMAT_MISMATCH',
      `${name} names a ${named} file (${ext}) but ${asked} was asked for: name it .${asked} or ask for ${named}`,
      { path: name, asked, named },
    )
  }
  return asked ?? named ?? 'pcap'
}

function hex(head: Uint8Array): string {
  return [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ')
}

/** The error for a file whose first bytes are neither pcap nor pcapng (`head`: up to its first 4 bytes). */
export function notACaptureError(name: string, head: Uint8Array): CaptureError {
  if (head.length === 0) return new CaptureError('CAPTURE_EMPTY_FILE', `${name} is empty (0 bytes): it is not a pcap or pcapng capture`, { offset: 0 })
  if (head.length < 4) return new CaptureError('CAPTURE_EMPTY_FILE', `${name} is only ${head.length} byte(s) long: too short for a pcap or pcapng header`, { offset: 0 })
  return new CaptureError(
    'CAPTURE_UNKNOWN_FORMAT',
    `${name} is not a pcap or pcapng capture: it starts with bytes ${hex(head.subarray(0, 4))} ` +
      '(a pcap file starts with a1 b2 c3 d4, d4 c3 b2 a1, a1 b2 3c 4d or 4d 3c b2 a1; a pcapng file with 0a 0d 0d 0a)',
    { offset: 0 },
  )
}
