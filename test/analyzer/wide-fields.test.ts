// The pass's per-connection objects hold stream positions as doubles from the start
// (analyzer/wide-fields.ts): once the fields are widened, a position past 2^31 stored in any of them
// leaves the object's shape (V8's map) as it was, so no object made before has to be migrated. Read
// with V8's own %HaveSameMap, which a field that still held small integers fails (the control).
import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { sampleObjects, WIDE_FIELDS, widenPositionFields } from '../../src-main/analyzer/wide-fields.ts'

setFlagsFromString('--allow-natives-syntax')
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean

const PAST_2_31 = 2 ** 31 + 12345
const kinds = Object.keys(WIDE_FIELDS) as (keyof typeof WIDE_FIELDS)[]

describe('stream positions as doubles from the start', () => {
  it('names fields that the pass’s objects have, each a number', () => {
    const objects = sampleObjects()
    for (const kind of kinds) {
      for (const field of WIDE_FIELDS[kind]) {
        expect(Object.hasOwn(objects[kind], field), `${kind}.${field}`).toBe(true)
        expect(typeof (objects[kind] as Record<string, unknown>)[field], `${kind}.${field}`).toBe('number')
      }
    }
  })

  it('keeps every object’s shape when a position past 2^31 is stored, and a field it does not widen does not', () => {
    widenPositionFields()
    for (const kind of kinds) {
      for (const field of WIDE_FIELDS[kind]) {
        const before = sampleObjects()[kind]
        const after = sampleObjects()[kind] as Record<string, number>
        after[field] = PAST_2_31
        expect(sameMap(before, after), `${kind}.${field}`).toBe(true)
      }
    }
    // The control: a count that stays small (bytes held out of order, at most 4 MiB) is not widened,
    // and the same store changes its object's shape.
    const before = sampleObjects().tcpDirection
    const after = sampleObjects().tcpDirection as unknown as Record<string, number>
    after.heldBytes = PAST_2_31
    expect(sameMap(before, after)).toBe(false)
  })
})
