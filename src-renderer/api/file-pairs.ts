// Which of the files a user dropped or picked is the capture, and which its journal. A saved
// recording is two files, `x.pcap` and `x.pcap.wiretrail.jsonl` (the journal keeps what packets
// cannot: descriptors, cache hits, the typed URL); given both, the walkthrough is the one the
// recording showed live. Given only the capture, it opens with what its packets carry.
import type { WiretrailApi } from '../../src-main/shared/api.ts'
import { JOURNAL_SUFFIX } from '../../src-main/shared/journal.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'

export interface CaptureFiles<F extends { name: string }> {
  capture: F
  journal: F | null
}

export function isJournalName(name: string): boolean {
  return name.toLowerCase().endsWith(JOURNAL_SUFFIX)
}

/** The capture (the first file that is not a journal) and its journal: the one named after it, else
 * the only journal given. Throws when no capture is among the files. */
export function pairCaptureFiles<F extends { name: string }>(files: readonly F[]): CaptureFiles<F> {
  const journals = files.filter((file) => isJournalName(file.name))
  const capture = files.find((file) => !isJournalName(file.name))
  if (capture === undefined) {
    throw new WiretrailError(
      'OPEN_JOURNAL_ONLY',
      journals.length > 0
        ? `"${journals[0]?.name}" is a Wiretrail journal, not a capture: open the .pcap or .pcapng file it belongs to (with the journal, or alone)`
        : 'No file was given',
    )
  }
  const named = journals.find((journal) => journal.name === `${capture.name}${JOURNAL_SUFFIX}`)
  return { capture, journal: named ?? (journals.length === 1 ? (journals[0] as F) : null) }
}

/** capture.openBytes' arguments for a capture and its journal: the journal argument is left out
 * when there is none. */
export async function openBytesArguments(pair: CaptureFiles<File>): Promise<Parameters<WiretrailApi['capture.openBytes']>> {
  const bytes = new Uint8Array(await pair.capture.arrayBuffer())
  if (pair.journal === null) return [pair.capture.name, bytes]
  return [pair.capture.name, bytes, new Uint8Array(await pair.journal.arrayBuffer())]
}
