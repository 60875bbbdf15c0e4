// A recording of a DNS lookup on its own (a dns: URI, RFC 4501: "dns:cyber.co.kr?type=MX"): the
// same resolver a page load uses (iterative from the roots, or stub), reporting to the same tap, so
// the capture and journal are made as for a page, with no web server contacted. An MX lookup goes
// on as a mail program does before it sends: it looks up the address (A) of the mail server the
// answer names, most preferred first — the notes' table of resource records (STORY 03 §1):
// cyber.co.kr IN MX 10 mail.cyber.co.kr, then mail.cyber.co.kr IN A.
// A name that does not exist is an answer here (NXDOMAIN is what the lookup shows), not a failure.
import { isIP } from 'node:net'
import type { ResolutionResult } from '../resolver/index.ts'
import { toErrorJson, type WiretrailErrorJson } from '../shared/errors.ts'
import type { DnsLookupUri } from '../url/index.ts'
import { sessionResolver, type SessionOptions } from './page-session.ts'
import type { HostLookup } from './types.ts'

/** An MX answer names at most this many mail servers whose addresses are looked up. */
export const MAX_MAIL_SERVERS = 2

export interface LookupSessionOptions extends Pick<SessionOptions, 'resolverMode' | 'roots' | 'rootHints' | 'stub' | 'lab' | 'target' | 'tap' | 'onResolverEvent' | 'onProgress' | 'signal'> {
  lookup: DnsLookupUri
}

export interface LookupSessionResult {
  failure?: WiretrailErrorJson
  lookups: HostLookup[]
}

export async function runLookupSession(options: LookupSessionOptions): Promise<LookupSessionResult> {
  const resolver = sessionResolver(options)
  const progress = options.onProgress ?? (() => {})
  const lookups: HostLookup[] = []
  const ask = async (name: string, qtype: string): Promise<ResolutionResult> => {
    if (options.signal?.aborted) throw toCancelled(options.signal)
    progress('resolving', `resolving ${name} ${qtype}`, `${name} ${qtype}`)
    const result = await resolver.resolve(name, qtype)
    lookups.push({ host: name, addresses: result.addresses.length > 0 ? result.addresses : result.answers.map((record) => record.data), source: result.source, queries: result.hops.filter((h) => h.outcome !== 'cache').length })
    return result
  }
  try {
    const { name, qtype } = options.lookup
    const result = await ask(name, qtype)
    if (qtype === 'MX') {
      for (const exchange of mailServers(result).slice(0, MAX_MAIL_SERVERS)) {
        if (isIP(exchange) === 0) await ask(exchange, 'A')
      }
    }
    return { lookups }
  } catch (error) {
    return { failure: toErrorJson(error), lookups }
  }
}

/** The MX answer's mail servers, most preferred (lowest number) first. */
export function mailServers(result: Pick<ResolutionResult, 'answers'>): string[] {
  return result.answers
    .filter((record) => record.type === 'MX')
    .map((record) => {
      const [preference = '', exchange = ''] = record.data.trim().split(/\s+/)
      return { preference: Number(preference), exchange: exchange.replace(/\.$/, '') }
    })
    .filter((entry) => Number.isFinite(entry.preference) && entry.exchange !== '')
    .sort((a, b) => a.preference - b.preference)
    .map((entry) => entry.exchange)
}

function toCancelled(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled')
}
