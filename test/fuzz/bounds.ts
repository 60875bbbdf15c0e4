// The bounds every input is held to (the issue's): a time limit, and memory growth at most 50 ×
// the input's size beyond a small fixed allowance (what V8 and zlib may take for any input).
import type { Bounds } from './case.ts'

export const DEFAULT_BOUNDS: Bounds = { timeLimitMs: 5_000, growthAllowanceBytes: 64 * 2 ** 20 }
