// Both transports answer with the ApiResult envelope; a failure becomes a WiretrailError with the
// main side's code and message (never a stack, never Electron's "Error invoking remote method").
import type { ApiResult } from '../../src-main/shared/api.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'

export function unwrapResult<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value
  throw new WiretrailError(result.error.code, result.error.message, result.error.details)
}

export function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  // An operation that returns nothing (capture.close, recent.clear, …) crosses JSON as {"ok":true}:
  // JSON.stringify drops a value that is undefined.
  if (record.ok === true) return true
  if (record.ok === false) {
    const error = record.error as Record<string, unknown> | null | undefined
    return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string'
  }
  return false
}
