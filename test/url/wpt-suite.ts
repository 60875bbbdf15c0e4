// The web-platform-tests URL suite (../shared/peer-suites/wpt-url/urltestdata.json), read as a
// browser's address bar would meet it: every case whose input, after the browser's own clean-up
// (C0 controls and spaces trimmed, tabs and newlines dropped), starts with "http:" or "https:" and
// does not depend on the base URL (a typed URL has none). A case depends on its base only when the
// base has the same scheme and the input does not continue with two slashes ("/" or "\") — then it
// is a relative reference ("http:foo" against "http://example.org/"), which nobody types.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseLoadableUrl, UrlError, type WebUrl } from '../../src-main/url/index.ts'
import { PEER_SUITES_DIR } from '../support/corpus.ts'

interface SuiteCase {
  input: string
  base: string | null
  failure?: boolean
  href?: string
  protocol?: string
  username?: string
  password?: string
  hostname?: string
  port?: string
  pathname?: string
  search?: string
}

export type Outcome = 'agree' | 'refused' | 'different' | 'wrongly-accepted' | 'uncoded-error'

export interface CaseResult {
  input: string
  outcome: Outcome
  detail: string
}

export const SUITE_PATH = join(PEER_SUITES_DIR, 'wpt-url', 'urltestdata.json')

export function typedHttpCases(): SuiteCase[] {
  const all = (JSON.parse(readFileSync(SUITE_PATH, 'utf8')) as unknown[]).filter((x): x is SuiteCase => typeof x === 'object' && x !== null)
  return all.filter((c) => {
    const cleaned = c.input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
    const scheme = /^(https?):/i.exec(cleaned)
    if (scheme === null) return false
    if (c.base === null) return true
    const baseScheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(c.base)?.[1]?.toLowerCase()
    if (baseScheme !== scheme[1]!.toLowerCase()) return true
    return /^[/\\]{2}/.test(cleaned.slice(scheme[0].length))
  })
}

/** WHATWG percent-decode, then UTF-8 (what the user info means). */
function decoded(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; ) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 3
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i)!)
      bytes.push(...Buffer.from(ch, 'utf8'))
      i += ch.length
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** What a browser requests for the case: host, port, request target, user info. */
function expected(c: SuiteCase): { host: string; port: number; target: string; user: string | null; password: string | null } {
  const port = c.port === '' ? (c.protocol === 'https:' ? 443 : 80) : Number(c.port)
  const host = c.hostname!.startsWith('[') ? c.hostname!.slice(1, -1) : c.hostname!
  return { host, port, target: `${c.pathname}${c.search}`, user: c.username === '' && c.password === '' ? null : decoded(c.username!), password: c.password === '' ? null : decoded(c.password!) }
}

export function runCase(c: SuiteCase): CaseResult {
  let url: WebUrl
  try {
    url = parseLoadableUrl(c.input)
  } catch (error) {
    if (!(error instanceof UrlError)) return { input: c.input, outcome: 'uncoded-error', detail: String(error) }
    return c.failure ? { input: c.input, outcome: 'agree', detail: error.code } : { input: c.input, outcome: 'refused', detail: `${error.code}: ${error.message}` }
  }
  if (c.failure) return { input: c.input, outcome: 'wrongly-accepted', detail: url.href }
  const want = expected(c)
  const got = { host: url.hostAscii, port: url.effectivePort, target: url.requestTarget, user: url.user, password: url.password }
  const same = JSON.stringify(got) === JSON.stringify(want)
  return { input: c.input, outcome: same ? 'agree' : 'different', detail: same ? '' : `got ${JSON.stringify(got)}, a browser ${JSON.stringify(want)}` }
}

export function runSuite(): { results: CaseResult[]; counts: Record<Outcome, number>; valid: number; failures: number } {
  const cases = typedHttpCases()
  const results = cases.map(runCase)
  const counts: Record<Outcome, number> = { agree: 0, refused: 0, different: 0, 'wrongly-accepted': 0, 'uncoded-error': 0 }
  for (const r of results) counts[r.outcome] += 1
  return { results, counts, valid: cases.filter((c) => !c.failure).length, failures: cases.filter((c) => c.failure).length }
}
