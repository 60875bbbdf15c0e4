// The lab's Last-Modified and ETag come from the content, not from fs.stat's times (inside
// app.asar Electron makes those up, so they changed on every launch): the same bytes keep their
// tag whatever the file's time, other bytes get another, and Last-Modified is the notes' date.
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { etagFor, LAB_LAST_MODIFIED } from '../../src-main/lab/web/static-files.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wiretrail-etag-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('lab validators', () => {
  it('keeps the ETag when only the file’s time changes, as it does at every launch from app.asar', async () => {
    const file = join(dir, 'sample.htm')
    await writeFile(file, '<html><body><img src="gazou.jpg"></body></html>\n')
    const first = etagFor(file, await stat(file))
    await utimes(file, new Date('2031-01-02T03:04:05Z'), new Date('2031-01-02T03:04:05Z'))
    expect(etagFor(file, await stat(file))).toBe(first)
    // sha256 of the content, not of its time: computed independently here.
    const { createHash } = await import('node:crypto')
    const digest = createHash('sha256').update('<html><body><img src="gazou.jpg"></body></html>\n').digest('hex').slice(0, 16)
    expect(first).toBe(`"30-${digest}"`) // 48 bytes
  })

  it('gives other content another ETag, even at the same size and time', async () => {
    const file = join(dir, 'a.txt')
    const when = new Date('2020-09-30T13:00:00Z')
    await writeFile(file, 'AAAA')
    await utimes(file, when, when)
    const before = etagFor(file, await stat(file))
    await writeFile(file, 'BBBB')
    await utimes(file, when, new Date(when.getTime() + 1))
    expect(etagFor(file, await stat(file))).not.toBe(before)
  })

  it('states the notes’ Last-Modified (STORY 01’s responses)', () => {
    expect(LAB_LAST_MODIFIED).toBe('Wed, 30 Sep 2020 13:00:00 GMT')
    expect(new Date(LAB_LAST_MODIFIED).toUTCString()).toBe(LAB_LAST_MODIFIED)
  })
})
