// Which step of the walkthrough a clicked packet, timeline bar or sequence-diagram arrow belongs
// to, so a click moves the player there. Pure, so the rules are tested without rendering:
//   a packet      the first step that shows it; a packet no step names (an ACK, the middle segments
//                 of a response) goes to the step the lesson is at when it passes: the latest step
//                 of its connection (or DNS transaction) that starts at or before it, else the
//                 latest step of any kind that does
//   a phase bar   the first step of that connection in that phase (socket creation has no packet,
//                 so this is the only way to click to it)
//   a hop bar     the first step of that hop of that resolution (the query, or the cache hit)
import type { PhaseName, Step, StepKind, Walkthrough } from '../../src-main/shared/walkthrough.ts'

/** The socket phase (STORY 04) each kind of step belongs to, for the timeline's phase bars. */
export const STEP_PHASE: Record<StepKind, PhaseName | null> = {
  url: null,
  'http-request-built': null,
  'ip-anatomy': null,
  'name-lookup': null,
  'dns-query': null,
  'dns-referral': null,
  'dns-root-hints': null,
  'dns-answer': null,
  'dns-cname': null,
  'dns-nxdomain': null,
  'dns-nodata': null,
  'dns-cache-hit': null,
  'dns-lame': null,
  'dns-timeout': null,
  'dns-tcp-fallback': null,
  'socket-create': 'socket',
  connect: 'connect',
  'tls-handshake': 'transfer',
  send: 'transfer',
  receive: 'transfer',
  'http-response': 'transfer',
  'http-redirect': 'transfer',
  close: 'close',
  'fetch-failed': null,
}

export interface StepFinder {
  forFrame(frame: number): number | null
  forPhase(connection: number, phase: PhaseName): number | null
  forHop(resolution: number, hop: number): number | null
}

function firstFrame(step: Step): number | null {
  let first: number | null = null
  for (const frame of step.frames) if (first === null || frame < first) first = frame
  return first
}

export function createStepFinder(walkthrough: Walkthrough): StepFinder {
  const steps = walkthrough.steps
  // frame → the first step that shows it (built once: a click must not scan every step).
  const byFrame = new Map<number, number>()
  for (const step of steps) for (const frame of step.frames) if (!byFrame.has(frame)) byFrame.set(frame, step.index)
  // Steps with packets, by their first packet, for "the step in effect when this packet passes".
  const started = steps
    .map((step) => ({ step, first: firstFrame(step) }))
    .filter((entry): entry is { step: Step; first: number } => entry.first !== null)
    .sort((a, b) => a.first - b.first || a.step.index - b.step.index)

  function latestBefore(frame: number, belongs: (step: Step) => boolean): number | null {
    let found: number | null = null
    for (const entry of started) {
      if (entry.first > frame) break
      if (belongs(entry.step)) found = entry.step.index
    }
    return found
  }

  return {
    forFrame(frame) {
      const shown = byFrame.get(frame)
      if (shown !== undefined) return shown
      const summary = walkthrough.frames[frame - 1]
      if (summary?.connection !== undefined) {
        const found = latestBefore(frame, (step) => step.refs.connection === summary.connection)
        if (found !== null) return found
      }
      if (summary?.dns !== undefined) {
        const found = latestBefore(frame, (step) => step.refs.dns === summary.dns)
        if (found !== null) return found
      }
      return latestBefore(frame, () => true)
    },
    forPhase(connection, phase) {
      return steps.find((step) => step.refs.connection === connection && STEP_PHASE[step.kind] === phase)?.index ?? null
    },
    forHop(resolution, hop) {
      return steps.find((step) => step.refs.resolution === resolution && step.refs.hop === hop)?.index ?? null
    },
  }
}
