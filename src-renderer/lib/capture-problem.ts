// The capture readers' error codes the UI explains in its own language (i18n errors.capture): the
// engine's message after it stays English, with the byte offsets and numbers it names.
import type { CaptureErrorCode } from '../../src-main/capture/errors.ts'

const EXPLAINED = ['CAPTURE_NOT_FOUND', 'CAPTURE_READ_FAILED', 'CAPTURE_EMPTY_FILE', 'CAPTURE_UNKNOWN_FORMAT', 'CAPTURE_UNSUPPORTED_VERSION', 'CAPTURE_TRUNCATED', 'CAPTURE_CORRUPT_RECORD', 'CAPTURE_CORRUPT_BLOCK', 'CAPTURE_BAD_OPTION', 'CAPTURE_BAD_TIMESTAMP', 'CAPTURE_UNKNOWN_INTERFACE'] as const satisfies readonly CaptureErrorCode[]

export type ExplainedCaptureCode = (typeof EXPLAINED)[number]

/** The i18n key explaining `code`, or null for a code the UI has no words of its own for. */
export function captureProblemKey(code: string): `errors.capture.${ExplainedCaptureCode}` | null {
  return (EXPLAINED as readonly string[]).includes(code) ? `errors.capture.${code as ExplainedCaptureCode}` : null
}
