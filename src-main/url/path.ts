// The path and query as they go on the request line: dot segments removed (RFC 3986 §5.2.4), every
// character outside the allowed set percent-encoded as UTF-8, and what the path asks for in the
// notes' terms (a directory and its default file, a file, or "a file, or a directory if one exists").
import { urlError } from './errors.ts'
import type { PathTarget } from './types.ts'

// RFC 3986 pchar ("unreserved / pct-encoded / sub-delims / : / @") plus "/" stays as is.
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/
// Queries may also keep "?" (RFC 3986 §3.4).
const QUERY_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/

/** Rejects characters that cannot be sent at all and "%" not followed by two hex digits. */
export function checkPathText(text: string, start: number, part: 'path' | 'query' | 'fragment'): void {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) {
      throw urlError('URL_BAD_PATH', `the ${part} contains the control character U+${code.toString(16).padStart(4, '0')} at character ${start + i}`, part, start + i, start + i + 1)
    }
    if (text[i] === '\\') {
      throw urlError('URL_BAD_PATH', `the ${part} contains a backslash at character ${start + i}; URLs separate directories with "/"`, part, start + i, start + i + 1)
    }
    if (text[i] === '%' && !/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      throw urlError('URL_BAD_PATH', `the "%" at character ${start + i} in the ${part} is not followed by two hex digits (write %25 for a literal "%")`, part, start + i, start + i + 1)
    }
  }
}

function percentEncode(text: string, safe: RegExp): string {
  let out = ''
  for (const ch of text) {
    if (ch === '%' || safe.test(ch)) out += ch
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** RFC 3986 §5.2.4 remove_dot_segments, on an absolute path. */
export function removeDotSegments(path: string): string {
  const output: string[] = []
  const segments = path.split('/').slice(1)
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1
    if (segment === '.' || segment === '%2e' || segment === '%2E') {
      if (last) output.push('')
    } else if (segment === '..' || /^(%2e|\.){2}$/i.test(segment)) {
      output.pop()
      if (last) output.push('')
    } else {
      output.push(segment)
    }
  })
  return `/${output.join('/')}`
}

export function requestTargetFor(path: string, query: string | null): string {
  const absolute = path === '' ? '/' : removeDotSegments(percentEncode(path, PATH_SAFE))
  return query === null ? absolute : `${absolute}?${percentEncode(query, QUERY_SAFE)}`
}

/** STORY 01 §3: what a path names, from the normalised request path (no query). */
export function pathTargetFor(typedPath: string, normalisedPath: string): PathTarget {
  if (typedPath === '') return { kind: 'root-default', directory: '/' }
  const slash = normalisedPath.lastIndexOf('/')
  const directory = normalisedPath.slice(0, slash + 1)
  const last = normalisedPath.slice(slash + 1)
  if (last === '') return { kind: 'directory', directory }
  if (last.includes('.')) return { kind: 'file', directory, file: last }
  return { kind: 'file-or-directory', directory, name: last }
}
