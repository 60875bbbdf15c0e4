// Whatever a call rejected with, as the API's error shape: code + message in plain words.
import type { ApiError } from '../../src-main/shared/api.ts'

export function toApiError(error: unknown): ApiError {
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown }
    if (typeof message === 'string') {
      const result: ApiError = { name: 'WiretrailError', code: typeof code === 'string' ? code : 'INTERNAL', message }
      if (typeof details === 'object' && details !== null) result.details = details as Record<string, unknown>
      return result
    }
  }
  return { name: 'WiretrailError', code: 'INTERNAL', message: String(error) }
}
