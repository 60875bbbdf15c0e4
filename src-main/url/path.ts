// What a path asks for, in the notes' terms (STORY 01 §3): a directory and its default file, a
// file, or "a file, or a directory if one exists". Read from the path the browser requests (dot
// segments removed, percent-encoded), so it describes what the server is asked for.
import type { PathTarget } from './types.ts'

/** `typed`: whether the URL had a path at all; `requestPath`: the path the browser requests. */
export function pathTargetFor(typed: boolean, requestPath: string): PathTarget {
  if (!typed) return { kind: 'root-default', directory: '/' }
  const slash = requestPath.lastIndexOf('/')
  const directory = requestPath.slice(0, slash + 1)
  const last = requestPath.slice(slash + 1)
  if (last === '') return { kind: 'directory', directory }
  if (last.includes('.')) return { kind: 'file', directory, file: last }
  return { kind: 'file-or-directory', directory, name: last }
}
