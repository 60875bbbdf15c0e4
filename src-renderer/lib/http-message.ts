// Splits an HTTP message head into the notes' parts (STORY 01 §5): the request or status line, one
// header field per line, and the blank line that ends the header. Line endings are kept visible.

export type HeadLine =
  | { kind: 'request-line'; method: string; uri: string; version: string; text: string }
  | { kind: 'status-line'; version: string; status: string; reason: string; text: string }
  | { kind: 'start-line'; text: string }
  | { kind: 'header'; name: string; value: string; text: string }
  | { kind: 'blank'; text: string }

export interface ParsedHead {
  lines: HeadLine[]
  /** The line ending used ("\r\n" as HTTP requires, or "\n" from a sloppy peer). */
  lineEnding: '\r\n' | '\n'
}

export function parseHead(head: string): ParsedHead {
  const lineEnding: '\r\n' | '\n' = head.includes('\r\n') ? '\r\n' : '\n'
  const raw = head.split(lineEnding)
  // A head ends with the blank line: "…\r\n\r\n" splits into […, '', ''].
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop()
  const lines: HeadLine[] = raw.map((text, index): HeadLine => {
    if (index === 0) return startLine(text)
    if (text === '') return { kind: 'blank', text }
    const colon = text.indexOf(':')
    if (colon === -1) return { kind: 'header', name: text, value: '', text }
    return { kind: 'header', name: text.slice(0, colon), value: text.slice(colon + 1).trim(), text }
  })
  return { lines, lineEnding }
}

function startLine(text: string): HeadLine {
  const status = /^(HTTP\/\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(text)
  if (status) return { kind: 'status-line', version: status[1] ?? '', status: status[2] ?? '', reason: status[3] ?? '', text }
  const request = /^([A-Z]+) (\S+) (HTTP\/\d(?:\.\d)?)$/.exec(text)
  if (request) return { kind: 'request-line', method: request[1] ?? '', uri: request[2] ?? '', version: request[3] ?? '', text }
  return { kind: 'start-line', text }
}

/** Is this body text a person can read (UTF-8 without control characters other than whitespace)? */
export function decodeTextBody(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text
  } catch {
    return null
  }
}
