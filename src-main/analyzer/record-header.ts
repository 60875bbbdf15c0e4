// What is wrong with a frame's record header in the capture file (classic pcap: a time stamp whose
// fraction of a second is not below one second, capture/pcap.ts). The packet list marks such a
// frame (the pass's issue) and the packet pane says why (the detail view reads the record header
// again): both write the issue here, from the reader's one check.
import { type FileHandle } from 'node:fs/promises'
import { parsePcapHeader, recordFraction, timestampFractionProblem, type PcapHeader, type TimestampFractionProblem } from '../capture/pcap.ts'
import { PCAP_GLOBAL_HEADER, PCAP_RECORD_FRACTION, PCAP_RECORD_HEADER } from '../capture/format.ts'
import { codedIssue } from '../decode/core.ts'
import type { DecodeIssue } from '../shared/walkthrough.ts'

/** The issue of record `record` (its frame's number) whose time stamp's fraction is `problem`: the
 * bytes it names are the file's (the record header's fraction field), not the frame's. */
export function timestampFractionIssue(problem: TimestampFractionProblem, record: number): DecodeIssue {
  const { fraction, unit, bound, carried, recordOffset } = problem
  return { ...codedIssue('Frame', 'warning', 'FRAME_TIMESTAMP_FRACTION', { record, recordOffset, fraction, unit, bound, carried }, recordOffset + PCAP_RECORD_FRACTION, 4), inFile: true }
}

/** Reads record headers again for the packet pane. A file that is not a classic pcap has no
 * such problem (pcapng's time stamps are one 64-bit count: nothing to be out of range). */
export class RecordHeaders {
  /** The file's pcap header once read; null: not a classic pcap. */
  private header: PcapHeader | null | undefined = undefined

  /** Frame `frame`'s record header problem, its data at file offset `dataOffset`; null when there is none. */
  async problem(fh: FileHandle, frame: number, dataOffset: number): Promise<DecodeIssue | null> {
    if (this.header === undefined) {
      const head = new Uint8Array(PCAP_GLOBAL_HEADER)
      const { bytesRead } = await fh.read(head, 0, PCAP_GLOBAL_HEADER, 0)
      try {
        this.header = bytesRead === PCAP_GLOBAL_HEADER ? parsePcapHeader(head, '') : null
      } catch {
        this.header = null
      }
    }
    const recordOffset = dataOffset - PCAP_RECORD_HEADER
    if (this.header === null || recordOffset < PCAP_GLOBAL_HEADER) return null
    const record = new Uint8Array(PCAP_RECORD_HEADER)
    const { bytesRead } = await fh.read(record, 0, PCAP_RECORD_HEADER, recordOffset)
    if (bytesRead < PCAP_RECORD_HEADER) return null
    const problem = timestampFractionProblem(recordFraction(record, this.header), this.header.nanosecond, recordOffset)
    return problem ? timestampFractionIssue(problem, frame) : null
  }
}
