// What the resolver remembers about servers between resolutions (Unbound's infra cache, reduced):
// a server that was lame for a zone, or did not answer, is asked last for a while. It is only an
// ordering: a penalised server is still asked when the others fail.
import type { DnsServerRef } from '../shared/resolver-events.ts'

/** Unbound's infra-lame-ttl is 900 s; a timeout is forgiven sooner. */
export const LAME_MEMORY_SECONDS = 900
export const TIMEOUT_MEMORY_SECONDS = 120

export class ServerMemory {
  private readonly until = new Map<string, number>()

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
  }
}

function key(zone: string, server: DnsServerRef): string {
  return `${zone}|${server.address}|${server.port}`
}
