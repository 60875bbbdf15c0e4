// The planned steps as columns (analyzer/step-store.ts): a step read back from its row is the step
// that was planned — its time, kind, concept, frames and refs (in the refs' order) — and the rows
// are in time order, steps at the same time in the order they were planned.
import { describe, expect, it } from 'vitest'
import { StepPlanner } from '../../src-main/analyzer/step-store.ts'
import type { StepCore } from '../../src-main/shared/walkthrough.ts'

describe('the step columns', () => {
  it('give back each planned step in time order, ties in planning order, with its journal record', () => {
    const planner = new StepPlanner()
    planner.add(0.5, 'connect', 'socket.connect', [4, 5, 6], { connection: 0 })
    planner.add(0.1, 'dns-query', 'dns.resolver', [1], { dns: 0, resolution: 0, hop: 0 })
    planner.add(0.5, 'tls-handshake', 'tls.handshake', [7, 9], { connection: 0, tls: 0 })
    planner.add(-3, 'url', 'url.anatomy', [], {})
    planner.add(0.1, 'hsts-upgrade', 'http.hsts', [], {}, 2)
    planner.add(0.7, 'send', 'socket.send', [10], { connection: 0, http: 1 })
    const { steps, records } = planner.finish()
    const expected: StepCore[] = [
      // A time before frame 1 counts as 0.
      { index: 0, t: 0, kind: 'url', concept: 'url.anatomy', frames: [], refs: {} },
      { index: 1, t: 0.1, kind: 'dns-query', concept: 'dns.resolver', frames: [1], refs: { dns: 0, resolution: 0, hop: 0 } },
      { index: 2, t: 0.1, kind: 'hsts-upgrade', concept: 'http.hsts', frames: [], refs: {} },
      { index: 3, t: 0.5, kind: 'connect', concept: 'socket.connect', frames: [4, 5, 6], refs: { connection: 0 } },
      { index: 4, t: 0.5, kind: 'tls-handshake', concept: 'tls.handshake', frames: [7, 9], refs: { connection: 0, tls: 0 } },
      { index: 5, t: 0.7, kind: 'send', concept: 'socket.send', frames: [10], refs: { connection: 0, http: 1 } },
    ]
    expect(steps.length).toBe(6)
    expect(Array.from(steps)).toEqual(expected)
    // The same JSON as the planned objects: the refs' keys in the order the plans wrote them.
    expect(JSON.stringify(Array.from(steps))).toBe(JSON.stringify(expected))
    expect(steps.at(-1)).toEqual(expected[5])
    expect(steps.at(6)).toBeUndefined()
    // As an array's `at`: a fraction is dropped (entity-rows.ts).
    expect(steps.at(1.5)).toEqual(expected[1])
    expect([...records]).toEqual([[2, 2]])
  })

  it('keeps at most three refs a step, in their order, and refuses a plan that names more', () => {
    const planner = new StepPlanner()
    planner.add(0.2, 'send', 'socket.send', [3], { connection: 2, http: 5 })
    planner.add(0.1, 'dns-answer', 'dns.resolver', [2], { dns: 0, resolution: 1, hop: 0 })
    planner.add(0.3, 'tls-handshake', 'tls.handshake', [4], { connection: 2, tls: 0 })
    planner.add(0.4, 'name-lookup', 'ip.names-vs-addresses', [], { resolution: 1 })
    const { steps } = planner.finish()
    expect(Array.from(steps, (s) => JSON.stringify(s.refs))).toStrictEqual(['{"dns":0,"resolution":1,"hop":0}', '{"connection":2,"http":5}', '{"connection":2,"tls":0}', '{"resolution":1}'])
    const visited: unknown[] = []
    steps.scanSteps((index, kind, _frames, _from, _to, connection, resolution, hop) => visited.push([index, kind, connection, resolution, hop]))
    expect(visited).toStrictEqual([
      [0, 'dns-answer', undefined, 1, 0],
      [1, 'send', 2, undefined, undefined],
      [2, 'tls-handshake', 2, undefined, undefined],
      [3, 'name-lookup', undefined, 1, undefined],
    ])
    expect(() => planner.add(0.5, 'send', 'socket.send', [], { dns: 1, resolution: 2, hop: 0, connection: 3 })).toThrow('a send step names more than 3 entities (dns, resolution, hop, connection): its row holds 3')
  })

  it('holds more steps and frames than its first chunks', () => {
    const planner = new StepPlanner()
    // Several chunks of rows (16 384 each) and of frames (65 536 each), a step's frames across two.
    const n = 40000
    // Planned latest first: the columns put them in time order.
    for (let p = 0; p < n; p++) planner.add(n - p, 'send', 'socket.send', Array.from({ length: p % 64 }, (_, k) => p * 64 + k), { connection: p, http: p })
    const { steps } = planner.finish()
    expect(steps.length).toBe(n)
    const expected = Array.from({ length: n }, (_, i) => {
      const p = n - 1 - i
      return { index: i, t: i + 1, kind: 'send', concept: 'socket.send', frames: Array.from({ length: p % 64 }, (_, k) => p * 64 + k), refs: { connection: p, http: p } }
    })
    expect(Array.from(steps)).toEqual(expected)
  })
})
