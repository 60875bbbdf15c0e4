// The packet list's filters (DNS / TCP / HTTP / one connection). Returns frame numbers in a typed
// array: a million-frame capture filters in one pass without a million small objects.
import type { FrameSummary } from '../../src-main/shared/walkthrough.ts'

export type FrameFilterKind = 'all' | 'dns' | 'tcp' | 'http'

const TCP_CARRIED = new Set(['TCP', 'HTTP', 'TLS'])

export function frameMatches(frame: FrameSummary, kind: FrameFilterKind, connection: number | null): boolean {
  if (connection !== null && frame.connection !== connection) return false
  switch (kind) {
    case 'all':
      return true
    case 'dns':
      return frame.dns !== undefined || frame.protocol === 'DNS'
    case 'tcp':
      return frame.connection !== undefined || TCP_CARRIED.has(frame.protocol)
    case 'http':
      return frame.protocol === 'HTTP'
  }
}

export function filterFrames(frames: readonly FrameSummary[], kind: FrameFilterKind, connection: number | null): Uint32Array {
  if (kind === 'all' && connection === null) return Uint32Array.from(frames, (frame) => frame.frame)
  const result = new Uint32Array(frames.length)
  let count = 0
  for (const frame of frames) if (frameMatches(frame, kind, connection)) result[count++] = frame.frame
  return result.subarray(0, count)
}
