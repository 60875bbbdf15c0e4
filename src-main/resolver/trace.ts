// What a resolution and the resolutions nested in it share: the timeline of events (each one also
// handed to the caller's onEvent as it happens), the hops for `resolve --json`, the query budget
// and the deadline.
import type { ResolverEvent } from '../shared/resolver-events.ts'
import { tapNow } from '../sockets/tap.ts'
import type { ResolutionHop } from './types.ts'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type NewEvent = DistributiveOmit<ResolverEvent, 'at' | 'resolutionId'>

export class Trace {
  readonly events: ResolverEvent[] = []
  readonly hops: ResolutionHop[] = []
  /** Queries sent so far, nested resolutions included. */
  queries = 0
  /** performance.now() value after which the resolution fails with DNS_DEADLINE. */
  readonly deadline: number

  constructor(
    resolutionMs: number,
    private readonly onEvent: ((event: ResolverEvent) => void) | undefined,
  ) {
    this.deadline = performance.now() + resolutionMs
  }

  emit(resolutionId: string, event: NewEvent): void {
    const full = { ...event, at: tapNow(), resolutionId } as ResolverEvent
    this.events.push(full)
    if (this.onEvent !== undefined) {
      try {
        this.onEvent(full)
      } catch {
        // a listener's bug must not break a resolution
      }
    }
  }

  hop(hop: ResolutionHop): void {
    this.hops.push(hop)
  }
}
