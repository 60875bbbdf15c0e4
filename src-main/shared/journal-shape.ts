// Whether a parsed journal line is a record of the shape shared/journal.ts declares: its type, and
// every field a reader uses, of the right kind (a string where a string belongs, a number, an
// array of records…). A journal travels with a capture and may have been edited or damaged; a
// line that is JSON but not such a record is skipped with a reason (JOURNAL_BAD_LINE), never
// handed on to code that would trip over it. Extra fields are allowed: the format grows additively.
// The maps below are keyed by every record type and event kind, so a new one is a compile error
// here until its shape is written down. Pure: no node:*.
import { QUESTION_KINDS } from './questions.ts'
import type { JournalRecord, JournaledSocketEvent } from './journal.ts'
import type { ResolverEvent } from './resolver-events.ts'

/** Why `value` (at `path`) is not of the expected kind, or null when it is. */
type Check = (value: unknown, path: string) => string | null

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `a string` : `a ${typeof v}`)
const expect = (ok: boolean, path: string, what: string, v: unknown): string | null => (ok ? null : `${path} is ${describe(v)}, not ${what}`)

const str: Check = (v, p) => expect(typeof v === 'string', p, 'a string', v)
const num: Check = (v, p) => expect(typeof v === 'number' && Number.isFinite(v), p, 'a number', v)
const bool: Check = (v, p) => expect(typeof v === 'boolean', p, 'true or false', v)
const int = (min: number): Check => (v, p) => expect(typeof v === 'number' && Number.isInteger(v) && v >= min, p, `a whole number ≥ ${min}`, v)
const nullable = (c: Check): Check => (v, p) => (v === null ? null : c(v, p))
const oneOf = (...choices: readonly (string | number)[]): Check => (v, p) => expect(choices.includes(v as string), p, `one of ${choices.join(', ')}`, v)
/** Arrays are bounded too: a journal line of a million entries is not a page load's. */
const arrayOf = (c: Check, max = 10_000): Check => (v, p) => {
  if (!Array.isArray(v)) return expect(false, p, 'an array', v)
  if (v.length > max) return `${p} has ${v.length} entries, more than ${max}`
  for (let i = 0; i < v.length; i += 1) {
    const problem = c(v[i], `${p}[${i}]`)
    if (problem !== null) return problem
  }
  return null
}

type Shape = Record<string, Check | { optional: Check }>
const optional = (c: Check): { optional: Check } => ({ optional: c })

function object(shape: Shape): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return expect(false, p, 'an object', v)
    const record = v as Record<string, unknown>
    for (const [key, check] of Object.entries(shape)) {
      const field = record[key]
      if (typeof check === 'function') {
        const problem = check(field, `${p}.${key}`)
        if (problem !== null) return problem
      } else if (field !== undefined) {
        const problem = check.optional(field, `${p}.${key}`)
        if (problem !== null) return problem
      }
    }
    return null
  }
}

/** An object whose `key` names which of `shapes` it must have. */
function union<K extends string>(key: string, shapes: { readonly [kind in K]: Shape }): Check {
  return (v, p) => {
    const kind = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined
    if (typeof kind !== 'string' || !Object.hasOwn(shapes, kind)) return `${p}.${key} is ${JSON.stringify(kind)?.slice(0, 40) ?? 'missing'}, not one of ${Object.keys(shapes).join(', ')}`
    return object(shapes[kind as K])(v, p)
  }
}

const endpoint = object({ address: str, port: int(0), family: oneOf(4, 6) })
const server = object({ address: str, port: int(0), name: optional(str) })
const record = object({ name: str, type: str, class: optional(str), ttl: num, data: str })
const error = object({ code: str, message: str })
const phase = oneOf('resolve', 'connect', 'tls', 'send', 'receive')

const resolverBase = { at: num, resolutionId: str }
const RESOLVER_EVENTS: { readonly [K in ResolverEvent['kind']]: Shape } = {
  start: { ...resolverBase, qname: str, qtype: str, mode: str, parentResolutionId: optional(str), purpose: optional(str) },
  'query-sent': { ...resolverBase, server, zone: str, qname: str, qtype: str, transport: str, id: int(0), socketId: str, recursionDesired: bool },
  response: {
    ...resolverBase,
    server,
    zone: str,
    id: int(0),
    transport: str,
    outcome: str,
    rcode: str,
    authoritative: bool,
    truncated: bool,
    rttMs: num,
    answers: arrayOf(record),
    referral: optional(object({ zone: str, servers: arrayOf(object({ name: str, addresses: arrayOf(str) })) })),
    cnameTarget: optional(str),
    reason: optional(str),
  },
  'cache-hit': { ...resolverBase, qname: str, qtype: str, use: optional(oneOf('answer', 'alias', 'delegation')), negative: bool, negativeKind: optional(oneOf('nxdomain', 'nodata')), ttlLeft: num, records: arrayOf(record) },
  timeout: { ...resolverBase, server, zone: str, attempt: num, timeoutMs: num },
  discarded: { ...resolverBase, server, zone: str, id: int(0), transport: str, reason: str },
  'query-error': { ...resolverBase, server, zone: str, id: int(0), transport: str, reason: str, rttMs: num },
  retry: { ...resolverBase, server, zone: str, reason: str },
  skipped: { ...resolverBase, server, zone: str, reason: str },
  'tcp-fallback': { ...resolverBase, server, zone: str, reason: str, id: optional(int(0)), rttMs: optional(num) },
  'cache-store': { ...resolverBase, qname: str, qtype: str, ttl: num, negative: bool },
  limit: { ...resolverBase, reason: str, limit: str },
  done: { ...resolverBase, qname: str, qtype: str, rcode: str, answers: arrayOf(record), source: str, error: optional(error) },
}

const socketBase = { socketId: str, at: num }
const certificate = object({ subject: str, issuer: str, subjectAltName: nullable(str), validFrom: str, validTo: str, serialNumber: str, fingerprint256: str, selfSigned: bool })
const SOCKET_EVENTS: { readonly [K in JournaledSocketEvent['kind']]: Shape } = {
  socket: { ...socketBase, protocol: oneOf('udp', 'tcp'), purpose: str, fd: nullable(num), label: optional(str) },
  connecting: { ...socketBase, remote: endpoint, local: optional(endpoint) },
  connected: { ...socketBase, local: endpoint, remote: endpoint, handshakeMs: num, tls: optional(object({ servername: str, protocol: str, cipher: str, alpn: optional(nullable(str)) })) },
  write: { ...socketBase, length: int(0), note: optional(str), remote: optional(endpoint) },
  read: { ...socketBase, length: int(0), remote: optional(endpoint) },
  shutdown: { ...socketBase, direction: oneOf('out', 'in'), how: oneOf('fin', 'rst') },
  close: { ...socketBase, firstBy: nullable(oneOf('local', 'remote')), error: optional(error) },
  'tls-handshake': { ...socketBase, servername: str, protocol: str, cipher: str, alpn: nullable(str), handshakeMs: num, authorized: bool, authorizationError: optional(str), certificates: arrayOf(certificate, 20) },
  'tls-keylog': { ...socketBase, line: str },
  'tls-plaintext': { ...socketBase, direction: oneOf('out', 'in'), base64: str },
}

const RECORDS: { readonly [K in JournalRecord['type']]: Shape } = {
  recording: {
    version: num,
    app: object({ name: str, version: str }),
    startedAt: str,
    typedUrl: str,
    url: str,
    target: oneOf('lab', 'internet'),
    resolverMode: str,
    capture: object({ file: str, format: oneOf('pcap', 'pcapng') }),
    packets: oneOf('synthesized', 'kernel'),
    rootHints: optional(str),
    experiment: optional(object({ id: str, changes: str })),
  },
  host: { interfaces: arrayOf(object({ name: str, address: str, cidr: str, family: oneOf(4, 6), internal: bool }), 1000) },
  socket: { event: union('kind', SOCKET_EVENTS) },
  resolver: { event: union('kind', RESOLVER_EVENTS) },
  frame: { frame: int(1), socketId: str, note: str },
  http: { socketId: str, method: str, url: str, status: nullable(num), referer: optional(str), error: optional(str), phase: optional(phase), server: optional(str), at: optional(num) },
  note: { at: num, code: str, message: str },
  hsts: { at: num, from: str, to: str, host: str, learntFrom: str },
  end: { at: num, ok: bool, error: optional(object({ code: str, message: str, phase: optional(phase), server: optional(str) })) },
  questions: { identity: str, kinds: arrayOf(oneOf(...QUESTION_KINDS), QUESTION_KINDS.length) },
}

const journalRecord = union('type', RECORDS)

/** Null when `value` is a journal record readers can use; otherwise why not ("event.server.port
 * is a string, not a whole number ≥ 0"). */
export function journalRecordProblem(value: unknown): string | null {
  const problem = journalRecord(value, 'record')
  return problem === null ? null : problem.replace(/^record\./, '')
}

export function isJournalRecord(value: unknown): value is JournalRecord {
  return journalRecordProblem(value) === null
}
