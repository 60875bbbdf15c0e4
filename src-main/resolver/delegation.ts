// A delegation: the zone being asked and its servers, as the iterator tracks them while it works
// through them (attempts, what went wrong, NS names still without an address).
import { isIPv6 } from 'node:net'
import type { DnsRecordView, DnsServerRef } from '../shared/resolver-events.ts'
import type { DnsMessage } from '../dns/message.ts'
import { canonicalName } from '../dns/names.ts'
import { dnsServerRole } from '../shared/dns-roles.ts'
import type { DnsCache } from './cache.ts'
import type { ResolverCode } from './errors.ts'
import type { ServerMemory } from './server-memory.ts'

export interface ServerSlot {
  ref: DnsServerRef
  /** UDP attempts made (a TCP retry after TC=1 is part of the same attempt). */
  tries: number
  /** Set once the server gave an unusable answer: it is not asked again in this resolution. */
  done: 'lame' | 'throwaway' | 'error' | null
  lastProblem: string | null
  /** The socket error of the last failed exchange (ENETUNREACH, ECONNREFUSED …), if any. */
  lastErrno?: string
}

export interface Delegation {
  zone: string
  slots: ServerSlot[]
  /** NS names without a known address, still to be resolved (nested resolution) when needed. */
  glueless: string[]
  /** NS names whose address could not be found, with why. */
  unresolvable: { name: string; reason: string; code: ResolverCode }[]
}

export interface DelegationContext {
  cache: DnsCache
  endpointFor(address: string): { address: string; port: number }
  ipv6: boolean | 'auto'
}

export function newSlot(ref: DnsServerRef): ServerSlot {
  return { ref, tries: 0, done: null, lastProblem: null }
}

/** Server slots for a zone's NS names: the addresses given (glue), else cached ones, else the name
 * waits in `glueless` for a nested resolution. Per name, IPv4 addresses first, then IPv6 (unless
 * IPv6 is off): a server unreachable over one family is tried over the other next. */
export function delegationTo(ctx: DelegationContext, zone: string, servers: { name: string; addresses: string[] }[]): Delegation {
  const slots: ServerSlot[] = []
  const glueless: string[] = []
  const role = dnsServerRole({ zone }).role
  for (const server of servers) {
    const given = server.addresses.length > 0 ? server.addresses : cachedAddresses(ctx, server.name)
    const usable = [...given.filter((a) => !isIPv6(a)), ...(ctx.ipv6 === false ? [] : given.filter((a) => isIPv6(a)))]
    if (usable.length === 0) glueless.push(server.name)
    for (const address of usable) {
      const endpoint = ctx.endpointFor(address)
      slots.push(newSlot({ address: endpoint.address, port: endpoint.port, name: server.name, role }))
    }
  }
  return { zone, slots, glueless, unresolvable: [] }
}

/** Addresses of `name` in the cache at any trust (glue included: it only says whom to ask). */
export function cachedAddresses(ctx: DelegationContext, name: string): string[] {
  const out: string[] = []
  for (const type of ctx.ipv6 === false ? ['A'] : ['A', 'AAAA']) {
    const hit = ctx.cache.get(name, type)
    if (hit !== undefined && hit.entry.negative === null) out.push(...hit.records.map((r) => r.data))
  }
  return out
}

/** Fewest attempts first (round-robin), servers remembered as lame/silent last, then given order. */
export function pickServer(slots: ServerSlot[], zone: string, memory: ServerMemory): ServerSlot | undefined {
  let best: ServerSlot | undefined
  let bestKey = Infinity
  for (const slot of slots) {
    const key = slot.tries * 2 + (memory.isPenalized(zone, slot.ref) ? 1 : 0)
    if (key < bestKey) {
      best = slot
      bestKey = key
    }
  }
  return best
}

export function serverText(ref: DnsServerRef): string {
  return `${ref.name ? `${ref.name} ` : ''}${isIPv6(ref.address) ? `[${ref.address}]` : ref.address}:${ref.port}`
}

/** The A/AAAA records in a priming response's additional section for the root NS names it
 * answered with (RFC 8109 §4: the resolver takes the root servers' addresses from there). */
export function primingGlue(message: DnsMessage, ns: DnsRecordView[]): DnsRecordView[] {
  const names = new Set(ns.filter((r) => r.type === 'NS').map((r) => canonicalName(r.data)))
  return message.additional.filter((r) => (r.type === 'A' || r.type === 'AAAA') && r.class === 'IN' && names.has(canonicalName(r.name)))
}
