// Domain name helpers for the lab's zone data. Names are kept absolute, lower-case and without the
// final dot ("www.lab.cyber.co.kr"), the root as "" — the form dns-packet decodes to, minus case,
// so lookups are plain Map keys. DNS compares names case-insensitively (RFC 4343).

/** "WWW.Lab.cyber.co.kr." -> "www.lab.cyber.co.kr"; "." -> "". */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase()
  if (lower === '.' || lower === '') return ''
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}

/** The presentation form with the final dot: "" -> ".", "kr" -> "kr.". */
export function absoluteName(canonical: string): string {
  return canonical === '' ? '.' : `${canonical}.`
}

/** True when `name` equals `ancestor` or lies below it (both canonical). */
export function isAtOrBelow(name: string, ancestor: string): boolean {
  if (ancestor === '') return true
  return name === ancestor || name.endsWith(`.${ancestor}`)
}

/** The names from just below `ancestor` down to `name` itself, top first:
 * namesBelow("www.lab.cyber.co.kr", "cyber.co.kr") -> ["lab.cyber.co.kr", "www.lab.cyber.co.kr"]. */
export function namesBelow(name: string, ancestor: string): string[] {
  if (!isAtOrBelow(name, ancestor) || name === ancestor) return []
  const labels = name.split('.')
  const depth = ancestor === '' ? 0 : ancestor.split('.').length
  const result: string[] = []
  for (let keep = depth + 1; keep <= labels.length; keep += 1) {
    result.push(labels.slice(labels.length - keep).join('.'))
  }
  return result
}

/** The parent name ("" for a top-level name); undefined for the root. */
export function parentName(name: string): string | undefined {
  if (name === '') return undefined
  const dot = name.indexOf('.')
  return dot < 0 ? '' : name.slice(dot + 1)
}
