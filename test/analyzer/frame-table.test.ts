// The frame table's columns grow to the frames the file's size says are still to come
// (frame-table.ts grow()): copied a few times early in the pass, not at its largest. Frames pushed
// as a pass pushes them (each record's file offset after the one before), with the record sizes of
// a capture whose first frames are larger than the rest, as the bench's page loads are.
import { describe, expect, it } from 'vitest'
import { FrameTable } from '../../src-main/analyzer/frame-table.ts'

/** Pushes `frames` records (the first `large` of `largeLength` bytes, the rest of `length`) and
 * returns the table and how many frames it held each time it grew. */
function fill(frames: number, large: number, largeLength: number, length: number, knowSize: boolean): { table: FrameTable; grewAt: number[] } {
  const table = new FrameTable()
  // A pcap file: its 24-byte header, then a 16-byte header and the bytes of each record.
  const size = 24 + large * (16 + largeLength) + (frames - large) * (16 + length)
  if (knowSize) table.fileBytes = size
  const grewAt: number[] = []
  let offset = 24
  for (let i = 0; i < frames; i++) {
    const capLen = i < large ? largeLength : length
    const before = table.capacity
    table.push(offset + 16, capLen, capLen, i / 1000, 1, 0)
    if (table.capacity !== before) grewAt.push(i)
    offset += 16 + capLen
  }
  expect(offset).toBe(size)
  return { table, grewAt }
}

describe('the frame table’s growth', () => {
  it('is done early in the pass when the first frames are larger than the rest', () => {
    const frames = 1_000_000
    const { table, grewAt } = fill(frames, 1024, 1000, 500, true)
    expect(table.length).toBe(frames)
    // The last copy of the columns is made before a tenth of the frames are in (the estimate from
    // the first 1024 frames alone said 0.53 of them, and the table was copied at 533 000 frames).
    expect(grewAt.length).toBeGreaterThan(0)
    expect(Math.max(...grewAt)).toBeLessThan(frames / 10)
    // The room it ends with is the frames the file holds, and 5 % more at most.
    expect(table.capacity).toBeGreaterThanOrEqual(frames)
    expect(table.capacity).toBeLessThanOrEqual(frames * 1.05)
    // Every column kept what was pushed across the copies.
    expect(table.capLen[1023]).toBe(1000)
    expect(table.capLen[1024]).toBe(500)
    expect(table.dataOffset[frames - 1]).toBe(24 + 1024 * 1016 + (frames - 1 - 1024) * 516 + 16)
    expect(table.connection[frames - 1]).toBe(-1)
  })

  it('doubles when the file’s size is not known', () => {
    const { table, grewAt } = fill(10_000, 0, 0, 100, false)
    expect(grewAt).toStrictEqual([1024, 2048, 4096, 8192])
    expect(table.capacity).toBe(16384)
  })
})
