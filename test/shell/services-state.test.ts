// The services' own state: the recent list and preferences persist in the config folder and
// survive a corrupt file; the event hub holds `opened` until a renderer listens; progress is
// throttled without losing stage changes; command-line arguments become capture paths.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_RECENT, RecentFiles } from '../../src-main/services/recent-files.ts'
import { PreferencesStore } from '../../src-main/services/preferences.ts'
import { QuestionScoreBook } from '../../src-main/services/question-scores.ts'
import { EventHub } from '../../src-main/services/event-hub.ts'
import { throttleProgress } from '../../src-main/services/progress.ts'
import { capturePathsFromArgv } from '../../src-main/services/argv.ts'
import { appConfigDir } from '../../src-main/services/app-dirs.ts'
import { quitPrompt } from '../../src-main/services/quit-prompt.ts'
import type { Progress } from '../../src-main/shared/api.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wiretrail-state-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('recent files', () => {
  it('keeps the most recent first, without duplicates, at most 10, across restarts', async () => {
    const recent = new RecentFiles(dir)
    for (let i = 0; i < 12; i++) await recent.add(`/c/${i}.pcap`)
    await recent.add('/c/5.pcap')
    const again = new RecentFiles(dir)
    const list = await again.list()
    expect(list).toHaveLength(MAX_RECENT)
    expect(list.slice(0, 3)).toEqual(['/c/5.pcap', '/c/11.pcap', '/c/10.pcap'])
    expect(list).not.toContain('/c/0.pcap')
    expect(JSON.parse(await readFile(join(dir, 'recent.json'), 'utf8'))).toEqual(list)
  })

  it('keeps an entry added while another caller’s first read of the file is on its way', async () => {
    // The native menu's state asks for the list as an open adds to it: both first calls read the
    // file, and the slower read must not put back what the file held before the add.
    await writeFile(join(dir, 'recent.json'), JSON.stringify(['/old.pcap']))
    for (let round = 0; round < 20; round++) {
      const recent = new RecentFiles(dir)
      const [added] = await Promise.all([recent.add(`/new-${round}.pcap`), recent.list(), recent.list()])
      expect(added[0]).toBe(`/new-${round}.pcap`)
      expect(await recent.list()).toEqual(added)
    }
  })

  it('starts empty from a corrupt file and can be cleared', async () => {
    await writeFile(join(dir, 'recent.json'), '{not json')
    const recent = new RecentFiles(dir)
    expect(await recent.list()).toEqual([])
    await recent.add('/a.pcap')
    await recent.clear()
    expect(await new RecentFiles(dir).list()).toEqual([])
  })
})

describe('preferences', () => {
  it('starts from the OS locale and persists changes', async () => {
    expect(await new PreferencesStore(dir, 'ko-KR').get()).toEqual({ language: 'ko', theme: 'system' })
    expect(await new PreferencesStore(join(dir, 'other'), 'en-GB').get()).toEqual({ language: 'en', theme: 'system' })
    await new PreferencesStore(dir, 'ko-KR').update({ theme: 'dark' })
    expect(await new PreferencesStore(dir, 'en-US').get()).toEqual({ language: 'ko', theme: 'dark' })
  })

  it('keeps a change made while another caller’s first read of the file is on its way', async () => {
    for (const theme of ['dark', 'light', 'dark'] as const) {
      const preferences = new PreferencesStore(dir, 'en-US')
      const [updated] = await Promise.all([preferences.update({ theme }), preferences.get(), preferences.get()])
      expect(updated.theme).toBe(theme)
      expect((await preferences.get()).theme).toBe(theme)
    }
  })

  it('ignores stored values it does not know', async () => {
    await writeFile(join(dir, 'preferences.json'), JSON.stringify({ language: 'fr', theme: 'neon' }))
    expect(await new PreferencesStore(dir, 'en').get()).toEqual({ language: 'en', theme: 'system' })
  })
})

describe('question scores', () => {
  it('keeps a verdict recorded while another caller’s first read of the file is on its way', async () => {
    const identity = 'ab'.repeat(16)
    const book = new QuestionScoreBook(dir)
    await Promise.all([book.record(identity, 'client-port', 'right'), book.get(identity), book.get(identity)])
    expect((await book.get(identity)).byQuestion['client-port']).toMatchObject({ attempts: 1, right: true, firstTry: true })
    await book.record(identity, 'client-port', 'wrong')
    expect((await new QuestionScoreBook(dir).get(identity)).byQuestion['client-port']).toMatchObject({ attempts: 2, right: true, last: 'wrong' })
  })
})

describe('app folder', () => {
  it('follows each OS’s convention and WIRETRAIL_HOME', () => {
    expect(appConfigDir({ env: {}, platform: 'linux', home: '/home/u' })).toBe('/home/u/.config/wiretrail')
    expect(appConfigDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', home: '/home/u' })).toBe('/x/wiretrail')
    expect(appConfigDir({ env: { XDG_CONFIG_HOME: 'relative' }, platform: 'linux', home: '/home/u' })).toBe('/home/u/.config/wiretrail')
    expect(appConfigDir({ env: {}, platform: 'darwin', home: '/Users/u' })).toBe('/Users/u/Library/Application Support/Wiretrail')
    expect(appConfigDir({ env: { WIRETRAIL_HOME: '/t' }, platform: 'linux', home: '/home/u' })).toBe('/t')
  })
})

describe('event hub', () => {
  it('holds opened captures until a renderer listens, then delivers them once', () => {
    const hub = new EventHub()
    const first: string[] = []
    const connection = hub.connect((event, payload) => first.push(`${event}:${JSON.stringify(payload)}`))
    hub.emit('progress', { operation: 'open', stage: 'reading' })
    hub.emit('opened', { captureId: 'c1' } as never)
    expect(first).toEqual(['progress:{"operation":"open","stage":"reading"}'])
    connection.listening('opened')
    expect(first.at(-1)).toBe('opened:{"captureId":"c1"}')
    const second: string[] = []
    hub.connect((event) => second.push(event)).listening('opened')
    expect(second).toEqual([])
    hub.emit('opened', { captureId: 'c2' } as never)
    expect(first.at(-1)).toBe('opened:{"captureId":"c2"}')
    expect(second).toEqual(['opened'])
  })

  it('keeps delivering when one window throws', () => {
    const hub = new EventHub()
    const got: string[] = []
    hub.connect(() => {
      throw new Error('window destroyed')
    })
    hub.connect((event) => got.push(event))
    hub.emit('menu', 'open')
    expect(got).toEqual(['menu'])
  })
})

describe('progress throttle', () => {
  it('passes stage changes and done, drops reports closer than 100 ms', () => {
    let now = 0
    const sent: Progress[] = []
    const report = throttleProgress((p) => sent.push(p), () => now)
    report({ operation: 'open', stage: 'reading', bytesRead: 1 })
    now = 10
    report({ operation: 'open', stage: 'reading', bytesRead: 2 })
    now = 20
    report({ operation: 'open', stage: 'analyzing', frames: 5 })
    now = 130
    report({ operation: 'open', stage: 'analyzing', frames: 9 })
    now = 131
    report({ operation: 'open', stage: 'done' })
    expect(sent.map((p) => `${p.stage}:${p.bytesRead ?? p.frames ?? ''}`)).toEqual(['reading:1', 'analyzing:5', 'analyzing:9', 'done:'])
  })
})

describe('command-line captures', () => {
  it('takes capture files, resolves them, and skips flags and the app path', () => {
    expect(
      capturePathsFromArgv(['/opt/Wiretrail/wiretrail', '--no-sandbox', '.', 'a.pcap', '/abs/b.PCAPNG', 'notes.txt', '--flag=x.pcap', 'file:///tmp/c%20d.pcap', 'a.pcap'], '/work'),
    ).toEqual(['/work/a.pcap', '/abs/b.PCAPNG', '/tmp/c d.pcap'])
    expect(capturePathsFromArgv(['--', '-odd.pcap'], '/w')).toEqual(['/w/-odd.pcap'])
  })
})

describe('quit prompt', () => {
  it('offers Save, Keep, Discard and Cancel, keeping by default', () => {
    const en = quitPrompt('en', 2)
    expect(en.message).toBe('You have 2 unsaved recordings.')
    expect(en.buttons).toEqual(['Save…', 'Keep for Next Time', 'Discard', 'Cancel'])
    expect(en.choices[en.defaultId]).toBe('keep')
    expect(en.choices[en.cancelId]).toBe('cancel')
    expect(quitPrompt('ko', 1).buttons[2]).toBe('버리기')
  })
})

