// Errors with stable codes (as undici does: class + `code`), shared by every process.
// Pure TypeScript: the renderer imports this too, so no `node:*` here.
//
// Each area declares its own codes next to its code (e.g. `resolver/errors.ts`), as a union of
// string literals, and throws `new WiretrailError(code, message, details)`. Tests assert `err.code`
// and the message. Messages name what is wrong ("pcap record at byte 4120 claims 70000 bytes, more
// than the snap length 65535"), never just "invalid input".

/** Where a page load failed, in the order a browser goes (the notes' STORY 02–04): finding the
 * server's address, connect(), the TLS handshake, write(), read(). Errors of the network say which
 * in `details.phase`, and name the server in `details.server` / `details.remote`. */
export type NetworkPhase = 'resolve' | 'connect' | 'tls' | 'send' | 'receive'

export interface WiretrailErrorJson {
  name: 'WiretrailError'
  code: string
  message: string
  details?: Record<string, unknown>
}

export class WiretrailError<C extends string = string> extends Error {
  override readonly name = 'WiretrailError'
  readonly code: C
  readonly details: Record<string, unknown> | undefined

  constructor(code: C, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.details = details
  }

  /** What crosses IPC and the CLI's --json: name, code, message, details; never a stack. */
  toJSON(): WiretrailErrorJson {
    return this.details === undefined
      ? { name: this.name, code: this.code, message: this.message }
      : { name: this.name, code: this.code, message: this.message, details: this.details }
  }
}

export function isWiretrailError(value: unknown): value is WiretrailError {
  return value instanceof WiretrailError
}

/** Turns anything thrown into the serialisable shape; unknown errors keep their message under INTERNAL. */
export function toErrorJson(error: unknown): WiretrailErrorJson {
  if (error instanceof WiretrailError) return error.toJSON()
  if (error instanceof Error) {
    const nodeCode: unknown = (error as Error & { code?: unknown }).code
    const code = typeof nodeCode === 'string' ? nodeCode : 'INTERNAL'
    return { name: 'WiretrailError', code, message: error.message }
  }
  return { name: 'WiretrailError', code: 'INTERNAL', message: String(error) }
}
