// Save As writes the journal beside the capture under the capture's new name; its first record
// names the capture file and format, so that one record is updated and every other line is copied
// byte for byte (the journal format belongs to the recorder; see src-main/shared/journal.ts).
import type { CaptureFormat } from '../shared/api.ts'

export function rewriteJournalCaptureFile(journal: string, file: string, format: CaptureFormat): string {
  const end = journal.indexOf('\n')
  const first = end === -1 ? journal : journal.slice(0, end)
  let record: unknown
  try {
    record = JSON.parse(first)
  } catch {
    return journal // not ours to repair: copied as it is
  }
  if (typeof record !== 'object' || record === null || (record as { type?: unknown }).type !== 'recording') return journal
  const updated = { ...(record as Record<string, unknown>), capture: { file, format } }
  return JSON.stringify(updated) + (end === -1 ? '' : journal.slice(end))
}
