// A resolution as text, the way `dig +trace` prints it: one line per server asked (zone, server,
// what it said, how long it took), with timeouts, retries, TCP fallback and thrown-away datagrams
// in between, then the answer. `wiretrail resolve` prints this; the UI's export may reuse it.
import type { DnsRecordView, DnsServerRef, ResolverEvent } from '../shared/resolver-events.ts'
import type { ResolutionResult } from './types.ts'

export function recordLine(r: DnsRecordView): string {
  return `${r.name}\t${r.ttl}\t${r.class}\t${r.type}\t${r.data}`
}

function serverText(s: DnsServerRef): string {
  return `${s.name ? `${s.name} ` : ''}${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`
}

/** The zone column: the zone a server was asked as, or "(recursive)" for a server asked to recurse
 * (the nearby DNS server or another), which was asked as no zone — it is not the root. */
function zoneColumn(zone: string, server: DnsServerRef): string {
  return (server.role === 'nearby' || server.role === 'recursive' ? '(recursive)' : zone).padEnd(18)
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`
}

/** The trace lines of a (possibly partial) result, nested resolutions indented. */
export function formatTrace(events: ResolverEvent[]): string[] {
  const depthOf = new Map<string, number>()
  const lines: string[] = []
  for (const e of events) {
    if (e.kind === 'start') {
      const depth = e.parentResolutionId === undefined ? 0 : (depthOf.get(e.parentResolutionId) ?? 0) + 1
      depthOf.set(e.resolutionId, depth)
      if (depth > 0) lines.push(`${'  '.repeat(depth)};; first: ${e.qname} ${e.qtype} (${e.purpose ?? 'nested'})`)
      continue
    }
    const pad = '  '.repeat(depthOf.get(e.resolutionId) ?? 0)
    const line = describeEvent(e)
    if (line !== null) lines.push(pad + line)
  }
  return lines
}

function describeEvent(e: ResolverEvent): string | null {
  switch (e.kind) {
    case 'response': {
      const aa = e.authoritative ? ' (AA)' : ''
      const tcp = e.transport === 'tcp' ? ' over TCP' : ''
      let said: string
      switch (e.outcome) {
        case 'referral': {
          const servers = (e.referral?.servers ?? []).map((s) => (s.addresses.length > 0 ? `${s.name} ${s.addresses.join(' ')}` : `${s.name} (no glue)`))
          said = `referral to ${e.referral?.zone ?? '?'}: ${servers.join(', ')}`
          break
        }
        case 'answer':
          said = `answer${aa}: ${e.answers.map((r) => `${r.name} ${r.type} ${r.data}`).join(', ')}`
          break
        case 'cname':
          said = `CNAME${aa} to ${e.cnameTarget ?? '?'}: restart there`
          break
        case 'nxdomain':
          said = `NXDOMAIN${aa}: the name does not exist`
          break
        case 'nodata':
          said = `NODATA${aa}: the name exists, without this type`
          break
        case 'lame':
          said = `lame: ${e.reason ?? ''}`
          break
        default:
          said = `unusable: ${e.reason ?? e.rcode}`
      }
      return `${zoneColumn(e.zone, e.server)} ${serverText(e.server).padEnd(40)} ${said}${tcp}  ${ms(e.rttMs)}`
    }
    case 'cache-hit': {
      const what = e.negative ? `${e.negativeKind === 'nxdomain' ? 'NXDOMAIN' : 'NODATA'} cached` : e.records.map((r) => `${r.type} ${r.data}`).join(', ')
      return `${e.qname.padEnd(18)} ${'(cache)'.padEnd(40)} ${e.qtype}: ${what}, ${e.ttlLeft} s left`
    }
    case 'timeout':
      return `${zoneColumn(e.zone, e.server)} ${serverText(e.server).padEnd(40)} no answer within ${Math.round(e.timeoutMs)} ms (attempt ${e.attempt})`
    case 'retry':
      return `;; retry: asking ${serverText(e.server)} (${e.reason})`
    case 'tcp-fallback':
      return `;; ${e.reason}`
    case 'discarded':
      return `;; thrown away from ${serverText(e.server)}: ${e.reason}`
    case 'query-error':
      return `${zoneColumn(e.zone, e.server)} ${serverText(e.server).padEnd(40)} ${e.reason}`
    case 'skipped':
      return `;; skipped ${serverText(e.server)}: ${e.reason}`
    case 'limit':
      return `;; limit reached (${e.limit}): ${e.reason}`
    default:
      return null
  }
}

/** The whole text output of `wiretrail resolve` for a finished resolution. */
export function formatResolutionText(result: ResolutionResult, heading: string, elapsedMs: number): string {
  const out = [heading, '', ...formatTrace(result.events), '']
  const from = result.source === 'cache' ? 'from the cache' : result.source === 'recursive' ? 'from the recursive server' : 'authoritative'
  if (result.rcode === 'NXDOMAIN') out.push(`;; NXDOMAIN (${from}): ${result.qname} does not exist`)
  else if (result.nodata) out.push(`;; NODATA (${from}): ${result.qname} has no ${result.qtype} record`)
  else out.push(`;; ANSWER (${from}):`)
  out.push(...result.answers.map(recordLine))
  if (result.authority.length > 0) out.push(';; AUTHORITY:', ...result.authority.map(recordLine))
  const queries = result.events.filter((e) => e.kind === 'query-sent').length
  out.push(`;; ${queries} ${queries === 1 ? 'query' : 'queries'}, ${ms(elapsedMs)}`)
  return `${out.join('\n')}\n`
}
