// Turns the lesson's window into timeline lanes: one DNS lane per resolution chain (its hops, root →
// kr → co.kr → …; a stub query whose server's walk is nested is the outer bar, the walk inside it)
// and one lane per TCP socket with the notes' four phases (STORY 04 §1). A page load's window holds
// all of them; a large capture's holds those the current steps name, so the timeline stays as
// readable as for one page. Pure, so the time extents can be tested without rendering.
import type { DnsServerRole, HopOutcome } from '../../src-main/shared/resolver-events.ts'
import type { Connection, DnsTransaction, PhaseName, ResolutionChain } from '../../src-main/shared/walkthrough.ts'

export const PHASE_ORDER: readonly PhaseName[] = ['socket', 'connect', 'transfer', 'close']

export interface PhaseBar {
  phase: PhaseName
  /** Seconds since frame 1. */
  start: number
  end: number
  frames: number[]
  /** False when the phase cannot be seen in packets (socket creation in a foreign capture). */
  visible: boolean
}

export interface HopBar {
  resolution: number
  hop: number
  zone: string
  server: string
  outcome: HopOutcome
  start: number
  end: number
  frames: number[]
  dns?: number
  referredTo?: string
  ttlLeft?: number
  /** 'stub': the client's question to the recursive server, drawn as the outer bar around 'walk',
   * that server's own hops (or its cache hop). */
  leg?: 'stub' | 'walk'
  role?: DnsServerRole
  /** The walking server's priming (`. NS` to a root from its hints, RFC 8109): where it learnt the
   * root servers, before the walk proper. */
  priming?: boolean
}

export type Lane =
  | { kind: 'dns'; key: string; resolution: number; qname: string; qtype: string; start: number; hops: HopBar[] }
  | {
      kind: 'socket'
      key: string
      connection: number
      client: string
      server: string
      purpose: Connection['purpose']
      fd: number | null
      start: number
      phases: PhaseBar[]
    }

export interface TimelineModel {
  lanes: Lane[]
  /** Seconds since frame 1 of the first and last thing drawn: the view fits these, so packets
   * before the first lookup or socket (another tool's noise) do not squeeze the lanes. */
  start: number
  end: number
}

/** Resolutions and connections by their index in the walkthrough (the lesson window's maps). */
export interface TimelineInput {
  resolutions: Iterable<[number, ResolutionChain]>
  connections: Iterable<[number, Connection]>
  /** The DNS transactions the hops name (the lesson window's): a hop whose transaction is `. NS`
   * without recursion is a priming bar. */
  dns?: ReadonlyMap<number, DnsTransaction>
}

export function buildTimeline(input: TimelineInput): TimelineModel {
  const lanes: Lane[] = []
  let end = 0

  for (const [resolution, chain] of input.resolutions) {
    const hops: HopBar[] = chain.hops.map((hop, index) => {
      const bar: HopBar = {
        resolution,
        hop: index,
        zone: hop.zone,
        server: hop.server,
        outcome: hop.outcome,
        start: hop.t,
        end: hop.t + (hop.rtt_ms ?? 0) / 1000,
        frames: hop.frames,
      }
      if (hop.dns !== undefined) bar.dns = hop.dns
      if (hop.referredTo !== undefined) bar.referredTo = hop.referredTo
      if (hop.ttlLeft !== undefined) bar.ttlLeft = hop.ttlLeft
      if (hop.leg !== undefined) bar.leg = hop.leg
      if (hop.role !== undefined) bar.role = hop.role
      const tx = hop.dns === undefined ? undefined : input.dns?.get(hop.dns)
      if (tx && tx.qname === '.' && tx.qtype === 'NS' && !tx.rd) bar.priming = true
      end = Math.max(end, bar.end)
      return bar
    })
    lanes.push({ kind: 'dns', key: `dns-${resolution}`, resolution, qname: chain.qname, qtype: chain.qtype, start: hops[0]?.start ?? 0, hops })
  }

  for (const [index, connection] of input.connections) {
    const { socket, connect, transfer, close } = connection.phases
    const phases: PhaseBar[] = []
    const firstSeen = connect?.start ?? transfer?.start ?? close?.start ?? 0
    // Socket creation always gets a bar: in a foreign capture it happened, only not on the wire.
    if (socket && socket.visible) phases.push({ phase: 'socket', start: socket.start, end: socket.end, frames: socket.frames, visible: true })
    else phases.push({ phase: 'socket', start: socket?.start ?? firstSeen, end: socket?.end ?? firstSeen, frames: socket?.frames ?? [], visible: false })
    for (const [phase, value] of [['connect', connect], ['transfer', transfer], ['close', close]] as const) {
      if (value) phases.push({ phase, start: value.start, end: value.end, frames: value.frames, visible: true })
    }
    for (const bar of phases) end = Math.max(end, bar.end)
    lanes.push({
      kind: 'socket',
      key: `socket-${index}`,
      connection: index,
      client: connection.client,
      server: connection.server,
      purpose: connection.purpose,
      fd: socket?.fd ?? null,
      start: Math.min(...phases.map((bar) => bar.start)),
      phases,
    })
  }

  // DNS lanes first (the name is looked up before the socket is made), each group in time order.
  lanes.sort((a, b) => (a.kind === b.kind ? a.start - b.start : a.kind === 'dns' ? -1 : 1))
  const start = lanes.reduce((min, lane) => Math.min(min, lane.start), lanes.length ? Infinity : 0)
  return { lanes, start, end: Math.max(end, start) }
}

/** Every frame a lane's bars cover, for "clicking the lane's label selects the whole socket". */
export function laneFrames(lane: Lane): number[] {
  const bars = lane.kind === 'dns' ? lane.hops : lane.phases
  return bars.flatMap((bar) => bar.frames)
}

/** "Nice" tick spacing for the axis: 1, 2 or 5 × 10^n seconds, at least `minPixels` apart. */
export function tickStep(pixelsPerSecond: number, minPixels = 80): number {
  const raw = minPixels / pixelsPerSecond
  const power = 10 ** Math.floor(Math.log10(raw))
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power
  return 10 * power
}

/** An axis label: every tick of one axis in the same unit — ms while the axis stays under a second
 * (`end`: the last time it shows), else s — with the decimals its step needs ("10 ms", "0.2 s",
 * "2280.4 s"), not each value in the unit that suits it alone, which read "0.000 ms, 5000.000 ms,
 * 10.000 s" along one axis. */
export function tickLabel(t: number, step: number, end: number): string {
  const unit = end < 1 ? 1e-3 : 1
  const decimals = Math.max(0, Math.ceil(-Math.log10(step / unit) - 1e-9))
  return `${(t / unit).toFixed(decimals)} ${unit === 1 ? 's' : 'ms'}`
}

/** Lays a lane's labels out left to right in one row, in bar order, never overlapping: each label
 * starts at its bar, or just after the previous label when that one is still in the way (the
 * referral chain's hops can be microseconds apart yet must read ". → kr. → co.kr. → …").
 * Widths are estimated from the character count (short labels in one small font), which keeps this
 * pure and testable without layout. */
export function chainLabels(items: readonly { x: number; text: string }[], charWidth = 6.5, gap = 8): number[] {
  let end = -Infinity
  return items.map((item) => {
    const x = Math.max(item.x, end + gap)
    end = x + labelWidth(item.text, charWidth)
    return x
  })
}

/** Estimated width: Hangul and other wide (CJK) characters take about 1.7 Latin widths. */
export function labelWidth(text: string, charWidth = 6.5): number {
  let width = 0
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x1100 ? charWidth * 1.7 : charWidth
  return width
}
