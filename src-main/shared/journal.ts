// The recording journal: what a capture's packets cannot carry (socket creation and its descriptor,
// resolver cache hits, the typed URL, TLS keys, which step each packet belongs to). The recorder
// appends one JSON object per line to `<capture file>.wiretrail.jsonl` *as it happens* (a crash
// loses at most the lines of the turn in flight), beside the .pcap/.pcapng it writes. The analyzer
// reads it back when present, so reopening a saved recording shows everything the live one did; a
// lone capture without its journal still opens with everything its packets carry.
//
// Pure types, and the one function that rewrites a journal for a copy of its capture. Ownership: the
// recorder area writes journals, the analyzer area reads them; changes are additive only and bump
// nothing unless a field changes meaning (then JOURNAL_VERSION).

import type { SocketEvent } from '../sockets/tap.ts'
import type { NetworkPhase } from './errors.ts'
import type { QuestionKind } from './questions.ts'
import type { ResolverChoice, ResolverEvent } from './resolver-events.ts'

export const JOURNAL_VERSION = 1
export const JOURNAL_SUFFIX = '.wiretrail.jsonl'

/** A socket event as journaled: payload bytes are in the packets, so only their length is kept
 * (except TLS plaintext, which no packet carries; it is kept base64-encoded). */
export type JournaledSocketEvent =
  | Exclude<SocketEvent, { kind: 'write' } | { kind: 'read' } | { kind: 'tls-plaintext' }>
  | (Omit<Extract<SocketEvent, { kind: 'write' }>, 'bytes'> & { length: number })
  | (Omit<Extract<SocketEvent, { kind: 'read' }>, 'bytes'> & { length: number })
  | (Omit<Extract<SocketEvent, { kind: 'tls-plaintext' }>, 'bytes'> & { base64: string })

/** The experiment a recording was made under (its id in the experiments table, and what it changed). */
export interface RecordedExperiment {
  id: string
  changes: string
}

export type JournalRecord =
  | {
      type: 'recording'
      version: typeof JOURNAL_VERSION
      app: { name: 'wiretrail'; version: string }
      /** ISO 8601 time the recording started. */
      startedAt: string
      /** The URL exactly as the user typed it, and as loaded (after lab port mapping). */
      typedUrl: string
      url: string
      target: 'lab' | 'internet'
      /** How names were resolved (resolver-events.ts ResolverChoice). */
      resolverMode: ResolverChoice
      capture: { file: string; format: 'pcap' | 'pcapng' }
      /** 'synthesized': frames written by Wiretrail from its own socket events (the default);
       * 'kernel': real packets captured by tcpdump/dumpcap. The UI says which. */
      packets: 'synthesized' | 'kernel'
      /** Internet target, iterative: where the root servers came from (the hints file's path, or
       * "IANA's named.root (built in)"); the resolver primes from them (RFC 8109). */
      rootHints?: string
      /** The experiment the lab was under while this was recorded (src-main/lab/experiments/): its
       * id and, in English, what it changed. Absent: the lab as its zone files say. */
      experiment?: RecordedExperiment
    }
  /** The recording host's interfaces at the start, for the IP-address pane (address, prefix,
   * network and broadcast, on-link or via a router). */
  | { type: 'host'; interfaces: { name: string; address: string; cidr: string; family: 4 | 6; internal: boolean }[] }
  | { type: 'socket'; event: JournaledSocketEvent }
  | { type: 'resolver'; event: ResolverEvent }
  /** Ties a written frame (1-based, as Wireshark numbers them) to its socket and names its step. */
  | { type: 'frame'; frame: number; socketId: string; note: string }
  /** An HTTP exchange as the client saw it (the request text is in the packets too). */
  | {
      type: 'http'
      socketId: string
      method: string
      url: string
      status: number | null
      referer?: string
      /** "CODE: message" when the request failed, with where: the phase (finding the address,
       * connect, TLS, write, read), the server, and when (epoch ms). */
      error?: string
      phase?: NetworkPhase
      server?: string
      at?: number
    }
  /** Something the load left out, and why: a page naming more files than a load fetches
   * (RECORD_SUBRESOURCE_LIMIT), a page longer than the part searched for files (RECORD_HTML_SEARCH_LIMIT). */
  | { type: 'note'; at: number; code: string; message: string }
  /** An http:// URL the browser made https:// itself, with no request: its host sent
   * Strict-Transport-Security over https before (RFC 6797 §8.3; learntFrom is that response's URL). */
  | { type: 'hsts'; at: number; from: string; to: string; host: string; learntFrom: string }
  | { type: 'end'; at: number; ok: boolean; error?: { code: string; message: string; phase?: NetworkPhase; server?: string } }
  /** A teacher's question set handed out with its capture (File → the questions panel's export):
   * which questions to ask, for the packets of `identity` (analyzer/questions.ts). The expected
   * answers are not written: they are derived again from the packets when the file is opened. */
  | { type: 'questions'; identity: string; kinds: QuestionKind[] }

export type JournalRecordType = JournalRecord['type']

/**
 * A journal for a copy of its capture (Save As, a conversion, a download): the first record
 * ('recording') names the copy and its format, every other line is kept byte for byte. The file is
 * named by its base name: the journal lives beside its capture, so the name stays true when the
 * folder moves. A journal whose first line is not a recording record is not ours to repair and is
 * returned as it is. One function for every copy, so all of them write the same values.
 */
export function rewriteJournalCaptureFile(journal: string, capturePath: string, format: 'pcap' | 'pcapng'): string {
  const end = journal.indexOf('\n')
  const first = end === -1 ? journal : journal.slice(0, end)
  let record: unknown
  try {
    record = JSON.parse(first)
  } catch {
    return journal
  }
  if (typeof record !== 'object' || record === null || (record as { type?: unknown }).type !== 'recording') return journal
  const file = capturePath.slice(Math.max(capturePath.lastIndexOf('/'), capturePath.lastIndexOf('\\')) + 1)
  const updated = { ...(record as Record<string, unknown>), capture: { file, format } }
  return JSON.stringify(updated) + (end === -1 ? '' : journal.slice(end))
}
