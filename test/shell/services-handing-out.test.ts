// The services' side of handing a lesson out: a URL that cannot be recorded is refused by a check
// that does nothing else (no lab, no file); recordings left from earlier runs are kept or deleted
// all at once (kept ones move with their journals and join Open Recent); a capture opened from
// bytes (the browser shell's file picker) joins Open Recent through a copy the app keeps as long as
// the list names it, and reopens from there.
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { wholeLesson } from '../support/lesson.ts'

const SAMPLE = join(CORPUS_DIR, 'http-1.0-get.pcap')
let work: string
let state: string
let services: AppServices
let api: ApiHandlers

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-handing-out-'))
  state = join(work, 'state')
  services = new AppServices({ root: state, engine: createNodeEngine(), version: 't', locale: 'en' })
  api = services.handlers(createBrowserHost())
})
afterAll(async () => {
  await services?.shutdown()
  await rm(work, { recursive: true, force: true })
})

describe('capture.checkRequest', () => {
  it('refuses ftp: with the URL parser\'s code and explanation, and starts nothing', async () => {
    await expect(api['capture.checkRequest']({ url: 'ftp://ftp.lab.cyber.co.kr/pub/notes.txt', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })).rejects.toMatchObject({
      code: 'URL_OTHER_ACCESS_METHOD',
      message: expect.stringContaining('"ftp:" is another access method'),
    })
    await expect(api['capture.checkRequest']({ url: 'www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })).rejects.toMatchObject({ code: 'URL_NO_SCHEME' })
    // Nothing was started or written: no lab, no unsaved recording.
    expect(existsSync(join(state, 'unsaved-recordings'))).toBe(false)
  })

  it('accepts the lab page', async () => {
    await expect(api['capture.checkRequest']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })).resolves.toBeUndefined()
  })
})

/** Puts recordings into the unsaved folder as an earlier run would have left them. */
async function leaveRecordings(names: string[]): Promise<string[]> {
  const folder = join(state, 'unsaved-recordings')
  await mkdir(folder, { recursive: true })
  const paths: string[] = []
  for (const [i, name] of names.entries()) {
    const path = join(folder, name)
    await copyFile(SAMPLE, path)
    const recording = { type: 'recording', version: 1, startedAt: `2026-11-2${i}T10:00:00.000Z`, typedUrl: `http://www.lab.cyber.co.kr/p${i}.htm`, url: `http://www.lab.cyber.co.kr:8080/p${i}.htm`, capture: { file: path, format: 'pcap' } }
    await writeFile(`${path}.wiretrail.jsonl`, `${JSON.stringify(recording)}\n{"type":"end","at":1,"ok":true}\n`)
    paths.push(path)
  }
  return paths
}

describe('recordings left from earlier runs', () => {
  it('"keep all" moves each with its journal (naming its new file) and adds them to Open Recent', async () => {
    const left = await leaveRecordings(['wiretrail-a.pcap', 'wiretrail-b.pcap'])
    expect((await api['recordings.unsaved']()).map((item) => item.path).sort()).toEqual([...left].sort())
    const kept = await api['recordings.keepAll']()
    expect(kept.map((path) => path.replace(state, ''))).toEqual(expect.arrayContaining(['/kept-recordings/wiretrail-a.pcap', '/kept-recordings/wiretrail-b.pcap']))
    expect(await api['recordings.unsaved']()).toEqual([])
    for (const path of left) expect(existsSync(path) || existsSync(`${path}.wiretrail.jsonl`)).toBe(false)
    const journal = JSON.parse((await readFile(join(state, 'kept-recordings', 'wiretrail-a.pcap.wiretrail.jsonl'), 'utf8')).split('\n')[0]!)
    expect(journal).toMatchObject({ type: 'recording', typedUrl: 'http://www.lab.cyber.co.kr/p0.htm', capture: { file: 'wiretrail-a.pcap', format: 'pcap' } })
    expect((await api['recent.list']()).slice(0, 2)).toEqual(kept)
    // A kept recording opens as a saved file.
    const opened = await api['capture.openPath'](kept[0]!)
    expect(opened.unsaved).toBe(false)
    expect(opened.walkthrough.packets).toBeGreaterThan(0)
    await api['capture.close'](opened.captureId)
    expect(existsSync(kept[0]!)).toBe(true)
  })

  it('"delete all" deletes every leftover but not a recording open in this run', async () => {
    const left = await leaveRecordings(['wiretrail-c.pcap', 'wiretrail-d.pcap'])
    const open = await api['capture.openPath'](left[0]!)
    expect(open.unsaved).toBe(true)
    await api['recordings.discardAll']()
    expect(existsSync(left[1]!)).toBe(false)
    expect(existsSync(`${left[1]!}.wiretrail.jsonl`)).toBe(false)
    expect(existsSync(left[0]!)).toBe(true)
    expect((await api['recordings.unsaved']()).map((item) => item.captureId)).toEqual([open.captureId])
    await api['capture.discard'](open.captureId)
    expect(await api['recordings.unsaved']()).toEqual([])
  })
})

describe('a capture opened from bytes joins Open Recent', () => {
  it('through a kept copy that reopens with the same walkthrough, once per file; clearing the list removes the copies', async () => {
    await api['recent.clear']()
    const bytes = new Uint8Array(await readFile(SAMPLE))
    const first = await api['capture.openBytes']('http-1.0-get.pcap', bytes)
    await api['capture.close'](first.captureId)
    const recent = await api['recent.list']()
    expect(recent).toHaveLength(1)
    expect(recent[0]!.startsWith(join(state, 'recent-copies'))).toBe(true)
    expect(recent[0]!.endsWith('/http-1.0-get.pcap')).toBe(true)
    // The copy outlives the closed capture and reopens with the same walkthrough.
    const again = await api['capture.openPath'](recent[0]!)
    expect(wholeLesson(again).steps.map((step) => step.kind)).toEqual(wholeLesson(first).steps.map((step) => step.kind))
    expect(again.walkthrough.packets).toBe(first.walkthrough.packets)
    await api['capture.close'](again.captureId)
    expect(existsSync(recent[0]!)).toBe(true)

    // The same file picked again replaces its older entry rather than adding a second.
    const second = await api['capture.openBytes']('http-1.0-get.pcap', bytes)
    await api['capture.close'](second.captureId)
    const after = await api['recent.list']()
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(recent[0])
    expect(await readdir(join(state, 'recent-copies'))).toHaveLength(1)

    await api['recent.clear']()
    expect(await readdir(join(state, 'recent-copies'))).toEqual([])
  })
})
