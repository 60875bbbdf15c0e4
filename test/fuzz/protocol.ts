// Messages between the fuzzing harness (harness.ts) and its worker processes (child.ts).
import type { Bounds } from './case.ts'
import type { TargetName } from './targets.ts'

export type Outcome = 'accepted' | 'rejected' | 'crash' | 'hang' | 'blowup'

export interface Counts {
  cases: number
  accepted: number
  rejected: number
  crash: number
  hang: number
  blowup: number
  /** Rejections per stable error code. */
  codes: Record<string, number>
  slowestMs: number
  maxGrowthBytes: number
}

export interface Finding {
  target: TargetName
  outcome: Outcome
  message: string
  /** base64 of the input as generated, and of the smallest input fast-check shrank it to. */
  input: string
  shrunk: string
  linkType?: number
  seedIndex?: number
  seed: number
}

export type ParentMessage = { type: 'run'; target: TargetName; count: number; seed: number; currentFile: string; bounds: Bounds } | { type: 'stop' }

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'progress'; target: TargetName; counts: Counts }
  /** Alive, shrinking a finding (no new cases). */
  | { type: 'heartbeat' }
  | { type: 'found'; finding: Finding }
  | { type: 'done' }
  | { type: 'error'; message: string }
