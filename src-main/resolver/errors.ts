// The resolver's error codes (stable: the CLI, the recorder and tests compare them). Every failed
// resolution rejects with a ResolutionError carrying one of these, a message that names the zone
// and servers involved, and the partial result (hops so far) for the trace.
import { WiretrailError } from '../shared/errors.ts'
import type { ResolverCode } from './error-codes.ts'
import type { ResolutionResult } from './types.ts'

export type { ResolverCode }

/** A failed resolution: `code`, a message naming what failed, and the hops up to the failure. */
export class ResolutionError extends WiretrailError<ResolverCode> {
  /** What had happened before the failure (hops, events); `rcode` is "SERVFAIL". */
  readonly partial: ResolutionResult | undefined

  constructor(code: ResolverCode, message: string, details?: Record<string, unknown>, partial?: ResolutionResult) {
    super(code, message, details)
    this.partial = partial
  }
}
