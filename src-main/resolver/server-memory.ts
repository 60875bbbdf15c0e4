// What the resolver remembers about servers between resolutions (Unbound's infra cache, reduced):
// a server that was lame for a zone, or did not answer, is asked last for a while. It is only an
// ordering: a penalised server is still asked when the others fail.
import type { DnsServerRef } from '../shared/resolver-events.ts'

/** Unbound's infra-lame-ttl is 900 s; a timeout is forgiven sooner. */
export const LAME_MEMORY_SECONDS = 900
export const TIMEOUT_MEMORY_SECONDS = 120

export class ServerMemory {
  private readonly until = new Map<string, number>()
  /** Servers that answered FORMERR to a query with EDNS: asked without it from then on (RFC 6891
   * §7), as resolvers do for old servers and middleboxes that refuse OPT records. */
  private readonly withoutEdns = new Set<string>()

  noEdns(server: DnsServerRef): boolean {
    return this.withoutEdns.has(`${server.address}|${server.port}`)
  }

  rememberNoEdns(server: DnsServerRef): void {
    this.withoutEdns.add(`${server.address}|${server.port}`)
  }

  constructor(private readonly clock: () => number) {}

  penalize(zone: string, server: DnsServerRef, seconds: number): void {
    this.until.set(key(zone, server), this.clock() + seconds * 1000)
  }

  isPenalized(zone: string, server: DnsServerRef): boolean {
    const k = key(zone, server)
    const until = this.until.get(k)
    if (until === undefined) return false
    if (until <= this.clock()) {
      this.until.delete(k)
      return false
    }
    return true
  }

  clear(): void {
    this.until.clear()
    this.withoutEdns.clear()
  }
}

function key(zone: string, server: DnsServerRef): string {
  return `${zone}|${server.address}|${server.port}`
}
