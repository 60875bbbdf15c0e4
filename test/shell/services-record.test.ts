// The services with the real engine: record the lab's sample page into the unsaved-recordings
// folder (progress events as it goes), save it as .pcap (converted from pcapng, journal beside it),
// open the saved file again and get the same walkthrough; and nothing is lost on the way: an
// unsaved recording survives close and is listed until it is saved or discarded.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import type { ShellHost } from '../../src-main/services/shell-host.ts'
import type { OpenedCapture, Progress } from '../../src-main/shared/api.ts'
import { escapeHtml } from '../../src-main/analyzer/handout.ts'
import { wholeLesson } from '../support/lesson.ts'

// This file's own lab address block (127.140.x.y), so it runs beside other tests' labs.
const LAB_BLOCK = 140

let work: string
let services: AppServices
let api: ApiHandlers
let nextSavePath: string | null = null
const progress: Progress[] = []

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-record-'))
  services = new AppServices({ root: join(work, 'state'), engine: createNodeEngine({ lab: { addressBlock: LAB_BLOCK } }), version: 't', locale: 'en' })
  services.events.connect((event, payload) => {
    if (event === 'progress') progress.push(payload as Progress)
  })
  // A host whose "save dialog" answers with the path the test chose.
  const host: ShellHost = {
    shell: 'electron',
    menuPlatform: 'linux',
    chooseCaptureToOpen: async () => null,
    chooseSavePath: async () => nextSavePath,
    stateChanged: () => undefined,
  }
  api = services.handlers(host)
}, 60_000)
afterAll(async () => {
  await services?.shutdown()
  await rm(work, { recursive: true, force: true })
}, 60_000)

let recording: OpenedCapture

describe('recording the lab page', () => {
  it('writes a pcapng and its journal into the unsaved folder, reporting progress', async () => {
    recording = await api['capture.record']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
    expect(recording.unsaved).toBe(true)
    expect(recording.format).toBe('pcapng')
    expect(recording.path.startsWith(join(work, 'state', 'unsaved-recordings'))).toBe(true)
    expect(recording.journalPath).toBe(`${recording.path}.wiretrail.jsonl`)
    expect((await readFile(recording.path)).subarray(0, 4).toString('hex')).toBe('0a0d0d0a')

    const stages = progress.map((p) => `${p.operation}:${p.stage}`)
    for (const stage of ['record:starting-lab', 'record:resolving', 'record:connecting', 'record:transferring', 'open:reading', 'open:done']) expect(stages).toContain(stage)
    expect(progress.at(-1)).toMatchObject({ operation: 'open', stage: 'done', frames: recording.walkthrough.packets })
  }, 60_000)

  it('gives the walkthrough: the referral chain from the root and the four socket phases', () => {
    const w = wholeLesson(recording)
    expect(w.recording?.typedUrl).toBe('http://www.lab.cyber.co.kr/sample.htm')
    const chain = w.resolutions.find((r) => r.qname.startsWith('www.lab.cyber.co.kr') && r.hops.length > 1)
    expect(chain?.hops.map((h) => h.zone).slice(0, 3)).toEqual(['.', 'kr.', 'co.kr.'])
    const http = w.connections.find((c) => c.purpose === 'http')
    expect(http?.phases.socket).not.toBeNull()
    expect(http?.phases.connect).not.toBeNull()
    expect(http?.phases.transfer).not.toBeNull()
    expect(http?.phases.close).not.toBeNull()
    expect(w.http.map((h) => h.uri)).toContain('/sample.htm')
  })

  it('lists it as unsaved, also after it is closed', async () => {
    expect((await api['recordings.unsaved']()).map((r) => [r.path, r.captureId, r.url])).toEqual([[recording.path, recording.captureId, expect.stringContaining('/sample.htm')]])
    const detail = await api['capture.packet'](recording.captureId, 1)
    expect(detail.frame).toBe(1)
    expect(detail.bytes).toBeInstanceOf(Uint8Array)
  })
})

describe('saving and opening again', () => {
  it('saves as .pcap (converted), with the journal beside it naming the new file', async () => {
    nextSavePath = join(work, 'saved', 'my lab page.pcap')
    await mkdir(join(work, 'saved'))
    expect(await api['capture.saveAs'](recording.captureId, 'pcap')).toBe(nextSavePath)
    expect((await readFile(nextSavePath)).subarray(0, 4).toString('hex')).toMatch(/^(d4c3b2a1|a1b2c3d4|4d3cb2a1|a1b23c4d)$/)
    const journal = (await readFile(`${nextSavePath}.wiretrail.jsonl`, 'utf8')).split('\n')
    expect(JSON.parse(journal[0]!)).toMatchObject({ type: 'recording', capture: { file: 'my lab page.pcap', format: 'pcap' } })
    expect((await readdir(join(work, 'saved'))).sort()).toEqual(['my lab page.pcap', 'my lab page.pcap.wiretrail.jsonl'])
    expect((await api['recent.list']())[0]).toBe(nextSavePath)
    expect(await api['recordings.unsaved']()).toEqual([])
  }, 60_000)

  it('refuses to replace an existing file unless the user agreed, leaving it as it was', async () => {
    const taken = join(work, 'saved', 'taken.pcap')
    await writeFile(taken, 'not a capture, but mine')
    await expect(services.captures.saveAs(recording.captureId, 'pcap', taken)).rejects.toMatchObject({
      code: 'SAVE_EXISTS',
      message: `${taken} already exists (the file): Wiretrail replaces a file only when you agree to; choose another name, or confirm replacing it`,
    })
    expect(await readFile(taken, 'utf8')).toBe('not a capture, but mine')
    // A journal left beside a capture of that name counts too.
    const orphan = join(work, 'saved', 'orphan.pcap')
    await writeFile(`${orphan}.wiretrail.jsonl`, '{"type":"recording"}\n')
    await expect(services.captures.saveAs(recording.captureId, 'pcap', orphan)).rejects.toMatchObject({ code: 'SAVE_EXISTS' })
    expect((await readdir(join(work, 'saved'))).sort()).toEqual(['my lab page.pcap', 'my lab page.pcap.wiretrail.jsonl', 'orphan.pcap.wiretrail.jsonl', 'taken.pcap'])
    await rm(join(work, 'saved', 'taken.pcap'))
    await rm(`${orphan}.wiretrail.jsonl`)
  })

  it('refuses Save As pcap under a name typed as .pcapng (and the reverse) before writing anything, as wiretrail record -o does', async () => {
    const lying = join(work, 'saved', 'typed.pcapng')
    await expect(services.captures.saveAs(recording.captureId, 'pcap', lying, { replace: true })).rejects.toMatchObject({
      code: 'CAPTURE_FORMAT_MISMATCH',
      message: `${lying} names a pcapng file (.pcapng) but pcap was asked for: name it .pcap or ask for pcapng`,
    })
    const reverse = join(work, 'saved', 'typed.pcap')
    await expect(services.captures.saveAs(recording.captureId, 'pcapng', reverse, { replace: true })).rejects.toMatchObject({
      code: 'CAPTURE_FORMAT_MISMATCH',
      message: `${reverse} names a pcap file (.pcap) but pcapng was asked for: name it .pcapng or ask for pcap`,
    })
    expect((await readdir(join(work, 'saved'))).sort()).toEqual(['my lab page.pcap', 'my lab page.pcap.wiretrail.jsonl'])
    // A name that promises no format takes the one asked for.
    const plain = join(work, 'saved', 'no-extension')
    expect(await services.captures.saveAs(recording.captureId, 'pcapng', plain)).toBe(plain)
    expect((await readFile(plain)).subarray(0, 4).toString('hex')).toBe('0a0d0d0a')
    await rm(plain)
  }, 60_000)

  it('replaces a file when the save dialog asked, putting the whole new file in place in one step', async () => {
    const before = await stat(nextSavePath!)
    const oldCapture = await readFile(nextSavePath!)
    expect(await api['capture.saveAs'](recording.captureId, 'pcap')).toBe(nextSavePath)
    // A new file renamed over the old one (a new inode), never the old one rewritten where it is.
    const after = await stat(nextSavePath!)
    expect(after.ino).not.toBe(before.ino)
    expect((await readFile(nextSavePath!)).equals(oldCapture)).toBe(true) // the same recording, saved again
    expect(JSON.parse((await readFile(`${nextSavePath}.wiretrail.jsonl`, 'utf8')).split('\n')[0]!)).toMatchObject({ type: 'recording', capture: { file: 'my lab page.pcap' } })
    expect((await readdir(join(work, 'saved'))).sort()).toEqual(['my lab page.pcap', 'my lab page.pcap.wiretrail.jsonl'])
  }, 60_000)

  it('deletes the temporary recording once the saved one is closed', async () => {
    await api['capture.close'](recording.captureId)
    expect(existsSync(recording.path)).toBe(false)
    expect(existsSync(`${recording.path}.wiretrail.jsonl`)).toBe(false)
    await expect(api['capture.packet'](recording.captureId, 1)).rejects.toMatchObject({ code: 'CAPTURE_NOT_OPEN' })
  })

  it('opens the saved file with the same walkthrough', async () => {
    const reopened = await api['capture.openPath'](nextSavePath!)
    expect(reopened.unsaved).toBe(false)
    expect(reopened.format).toBe('pcap')
    const a = wholeLesson(recording)
    const b = wholeLesson(reopened)
    expect(b.packets).toBe(a.packets)
    expect(b.steps.map((s) => [s.kind, s.concept, s.frames])).toEqual(a.steps.map((s) => [s.kind, s.concept, s.frames]))
    expect(b.resolutions.map((r) => r.hops.map((h) => h.zone))).toEqual(a.resolutions.map((r) => r.hops.map((h) => h.zone)))
    expect(b.recording?.typedUrl).toBe(a.recording?.typedUrl)
    const text = await services.captures.exportText(reopened.captureId)
    expect(text).toContain('my lab page.pcap')
    nextSavePath = join(work, 'saved', 'walkthrough.txt')
    expect(await api['capture.exportText'](reopened.captureId)).toBe(nextSavePath)
    expect(await readFile(nextSavePath, 'utf8')).toBe(text)
    await api['capture.close'](reopened.captureId)
    expect(existsSync(join(work, 'saved', 'my lab page.pcap'))).toBe(true) // the user's file stays
  }, 60_000)

  it('saves a pcapng as one file, its journal inside, that reopens alone with every step; exports text and the handout in the UI\'s language', async () => {
    const opened = await api['capture.openPath'](join(work, 'saved', 'my lab page.pcap'))
    nextSavePath = join(work, 'handout', 'one file.pcapng')
    await mkdir(join(work, 'handout'))
    expect(await api['capture.saveAs'](opened.captureId, 'pcapng')).toBe(nextSavePath)
    // One file to hand out: no journal beside it.
    expect(await readdir(join(work, 'handout'))).toEqual(['one file.pcapng'])
    await api['capture.close'](opened.captureId)
    const alone = await api['capture.openPath'](nextSavePath)
    expect(alone.journalPath).toBeNull()
    expect(alone.walkthrough.recording?.typedUrl).toBe('http://www.lab.cyber.co.kr/sample.htm')
    expect(alone.walkthrough.packets).toBe(opened.walkthrough.packets)
    expect(wholeLesson(alone).steps.map((s) => [s.kind, s.concept, s.frames, s.title.en])).toEqual(wholeLesson(opened).steps.map((s) => [s.kind, s.concept, s.frames, s.title.en]))

    await api['app.setPreferences']({ language: 'ko' })
    nextSavePath = join(work, 'handout', 'one file.html')
    expect(await api['capture.exportHtml'](alone.captureId)).toBe(nextSavePath)
    const page = await readFile(nextSavePath, 'utf8')
    expect(page).toContain('<html lang="ko">')
    expect(page).toContain(escapeHtml(alone.lesson.steps[0]!.title.ko))
    expect(page).toContain('<svg class="sequence"')
    expect(page).not.toMatch(/<script/i)
    nextSavePath = join(work, 'handout', 'one file.txt')
    expect(await api['capture.exportText'](alone.captureId)).toBe(nextSavePath)
    expect(await readFile(nextSavePath, 'utf8')).toContain(alone.lesson.steps[0]!.title.ko)
    await api['app.setPreferences']({ language: 'en' })
    await api['capture.close'](alone.captureId)
  }, 60_000)
})

describe('nothing lost', () => {
  it('keeps an unsaved recording after close, and deletes it only when discarded', async () => {
    const second = await api['capture.record']({ url: 'http://www.lab.cyber.co.kr/', target: 'lab', resolverMode: 'stub', format: 'pcap' })
    await api['capture.close'](second.captureId)
    expect(existsSync(second.path)).toBe(true)
    const kept = await api['recordings.unsaved']()
    expect(kept.map((r) => [r.path, r.captureId])).toEqual([[second.path, null]])
    // It opens again from the folder, still counted as not saved by the user.
    const again = await api['capture.openPath'](second.path)
    expect(again.walkthrough.packets).toBe(second.walkthrough.packets)
    expect(again.unsaved).toBe(true)
    expect(await api['recent.list']()).not.toContain(second.path)
    await api['capture.close'](again.captureId)
    await api['recordings.discardPath'](second.path)
    expect(existsSync(second.path)).toBe(false)
    expect(existsSync(`${second.path}.wiretrail.jsonl`)).toBe(false)
  }, 60_000)

  it('discards an open unsaved recording on request', async () => {
    const third = await api['capture.record']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
    await api['capture.discard'](third.captureId)
    expect(existsSync(third.path)).toBe(false)
    expect(await api['recordings.unsaved']()).toEqual([])
  }, 60_000)

  it('cancels a recording in progress: CANCELLED, and nothing half-written is kept', async () => {
    const started = api['capture.record']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
    await api['capture.cancel']()
    await expect(started).rejects.toMatchObject({ code: 'CANCELLED', message: 'Cancelled by the user' })
    expect(await api['recordings.unsaved']()).toEqual([])
  }, 60_000)

  it('refuses to discard a file outside the unsaved folder', async () => {
    const mine = join(work, 'saved', 'keep-me.pcap')
    await writeFile(mine, Buffer.from('d4c3b2a1', 'hex'))
    await expect(api['recordings.discardPath'](mine)).rejects.toMatchObject({ code: 'NOT_AN_UNSAVED_RECORDING' })
    expect(existsSync(mine)).toBe(true)
  })
})

describe("recording the kernel's packets", () => {
  it('is offered when tcpdump may capture (this test runs as root, as CI does)', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root (tcpdump capturing on lo), as CI runs it')
    expect(await api['capture.kernelCapture']()).toEqual({ available: true })
  }, 30_000)

  it('records the lab page with tcpdump: the same exchanges, packets marked as the kernel\'s', async () => {
    const kernel = await api['capture.record']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcap', packets: 'kernel' })
    const w = wholeLesson(kernel)
    expect(w.source.packetsOrigin).toBe('kernel')
    expect(w.recording?.packets).toBe('kernel')
    expect(w.http.map((h) => [h.method, h.uri, h.status])).toEqual([
      ['GET', '/sample.htm', 200],
      ['GET', '/gazou.jpg', 200],
    ])
    expect(w.resolutions[0]?.hops.map((h) => h.zone)).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
    // The journal still gives each connection its socket() and descriptor.
    for (const connection of w.connections) expect(connection.phases.socket?.fd).toEqual(expect.any(Number))
    await api['capture.discard'](kernel.captureId)
  }, 60_000)
})
