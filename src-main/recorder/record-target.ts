// What a recording loads, decided from the address bar's text before anything else happens (no
// lab started, no file created, no question about an unsaved recording asked): an http(s) page,
// taken apart by the one URL parser. Anything else is refused with the parser's coded error (an
// ftp: URL gets URL_OTHER_ACCESS_METHOD and its explanation).
import { parseLoadableUrl, type WebUrl } from '../url/index.ts'

export type RecordTarget = { kind: 'page'; url: WebUrl }

export function parseRecordTarget(text: string): RecordTarget {
  return { kind: 'page', url: parseLoadableUrl(text) }
}
