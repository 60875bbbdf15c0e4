// The application menu: File/View/Help in English and Korean, the accelerators the issue asks for,
// Open Recent from the persisted list, and every clickable item reporting its model item.
import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate } from '../../src-main/electron/menu.ts'
import { openCaptureFilters, saveFilters } from '../../src-main/services/dialog-filters.ts'
import { buildMenuModel, flattenMenu } from '../../src-main/services/menu-model.ts'
import type { MenuModelItem } from '../../src-main/shared/api.ts'

const english = buildMenuModel({ preferences: { language: 'en', theme: 'dark' }, recent: ['/cap/a.pcap', '/cap/b.pcapng'], platform: 'linux', captureOpen: true })
const korean = buildMenuModel({ preferences: { language: 'ko', theme: 'system' }, recent: [], platform: 'linux', captureOpen: true })

function byId(model: typeof english, id: string): MenuModelItem {
  const item = flattenMenu(model.menus).find((i) => i.id === id)
  if (item === undefined) throw new Error(`no item ${id}`)
  return item
}

describe('menu model', () => {
  it('has File, View and Help with the items the issue lists', () => {
    expect(english.menus.map((m) => m.label)).toEqual(['&File', '&View', '&Go', '&Analyze', '&Statistics', '&Help'])
    expect(byId(english, 'file.new-recording').command).toBe('new-recording')
    expect(byId(english, 'file.open')).toMatchObject({ label: 'Open Capture…', accelerator: 'CmdOrCtrl+O', command: 'open' })
    expect(byId(english, 'file.save-as-pcap').command).toBe('save-as-pcap')
    expect(byId(english, 'file.save-as-pcapng').command).toBe('save-as-pcapng')
    expect(byId(english, 'file.export-text').command).toBe('export-text')
    expect(byId(english, 'file.quit').action).toBe('quit')
    expect(byId(english, 'view.zoom-in').action).toBe('zoom-in')
    expect(byId(english, 'help.about').command).toBe('about')
    expect(byId(english, 'help.chapters').submenu?.map((i) => i.label)).toEqual([
      'STORY 01 — Writing the HTTP request message',
      "STORY 02 — Asking a DNS server for the web server's IP address",
      'STORY 03 — DNS servers around the world work together',
      'STORY 04 — Asking the protocol stack to send the message',
    ])
  })

  it('lists recent files in order and clears them', () => {
    expect(byId(english, 'file.recent.0')).toMatchObject({ label: '/cap/a.pcap', recentPath: '/cap/a.pcap' })
    expect(byId(english, 'file.recent.1').recentPath).toBe('/cap/b.pcapng')
    expect(byId(english, 'file.recent.clear')).toMatchObject({ action: 'clear-recent', enabled: true })
    expect(byId(korean, 'file.recent.none')).toMatchObject({ label: '최근 파일 없음', enabled: false })
    expect(byId(korean, 'file.recent.clear').enabled).toBe(false)
  })

  it('follows the language, and checks the current theme and language', () => {
    expect(korean.menus.map((m) => m.label)).toEqual(['파일(&F)', '보기(&V)', '이동(&G)', '분석(&A)', '통계(&S)', '도움말(&H)'])
    expect(byId(korean, 'file.open').label).toBe('캡처 열기…')
    expect(byId(korean, 'help.chapters.3').label).toBe('STORY 03 — 전 세계의 DNS 서버가 연대한다')
    expect(byId(english, 'view.theme.dark').checked).toBe(true)
    expect(byId(english, 'view.theme.system').checked).toBe(false)
    expect(byId(korean, 'view.language.ko').checked).toBe(true)
    expect(byId(korean, 'view.language.en').label).toBe('English')
  })

  it('opens the questions from Analyze with F2, a shortcut no other item (nor the player: arrows, space, F5) has', () => {
    expect(byId(english, 'analyze.questions')).toMatchObject({ label: 'Questions on This Capture', accelerator: 'F2', command: 'questions' })
    expect(byId(korean, 'analyze.questions')).toMatchObject({ label: '이 캡처에 대한 질문', accelerator: 'F2', command: 'questions' })
    for (const model of [english, korean, buildMenuModel({ preferences: { language: 'en', theme: 'system' }, recent: [], platform: 'darwin', captureOpen: true })]) {
      const accelerators = flattenMenu(model.menus).flatMap((i) => (i.accelerator ? [i.accelerator] : []))
      expect(new Set(accelerators).size, accelerators.join(' ')).toBe(accelerators.length)
    }
    const template = menuTemplate(english, 'linux', () => undefined)
    const analyze = template.find((m) => m.label === '&Analyze')?.submenu as MenuItemConstructorOptions[]
    expect(analyze.map((i) => [i.label, i.accelerator])).toEqual([
      ['Follow TCP Stream', 'CmdOrCtrl+Alt+Shift+T'],
      ['Questions on This Capture', 'F2'],
    ])
  })

  it('disables what acts on a capture while none is open, as the in-page menu bar does, and nothing else', () => {
    const onCapture = ['file.save-as-pcap', 'file.save-as-pcapng', 'file.export-text', 'file.export-html', 'view.presenter', 'go.go-to-packet', 'go.find-packet', 'analyze.follow-tcp', 'analyze.questions', 'statistics.conversations', 'statistics.hierarchy']
    const none = buildMenuModel({ preferences: { language: 'ko', theme: 'system' }, recent: ['/cap/a.pcap'], platform: 'linux', captureOpen: false })
    const disabled = flattenMenu(none.menus).filter((i) => i.enabled === false).map((i) => i.id)
    expect(disabled.sort()).toEqual([...onCapture].sort())
    for (const id of onCapture) expect(byId(english, id).enabled, id).toBe(true)
    // Opening and recording need no capture.
    expect(byId(none, 'file.open').enabled).toBeUndefined()
    expect(byId(none, 'file.new-recording').enabled).toBeUndefined()
    expect(byId(none, 'file.recent.clear').enabled).toBe(true)
    // Electron gets the same flag: a disabled item's accelerator (Ctrl+G, F2, F5) does nothing.
    const go = menuTemplate(none, 'linux', () => undefined).find((m) => m.label === '이동(&G)')?.submenu as MenuItemConstructorOptions[]
    expect(go.map((i) => [i.label, i.accelerator, i.enabled])).toEqual([
      ['패킷으로 이동…', 'CmdOrCtrl+G', false],
      ['패킷 찾기…', 'CmdOrCtrl+F', false],
    ])
  })

  it('keeps Quit out of File on macOS and in the browser shell', () => {
    const mac = buildMenuModel({ preferences: { language: 'en', theme: 'system' }, recent: [], platform: 'darwin', captureOpen: true })
    const browser = buildMenuModel({ preferences: { language: 'en', theme: 'system' }, recent: [], platform: 'browser', captureOpen: true })
    expect(flattenMenu(mac.menus).some((i) => i.action === 'quit')).toBe(false)
    expect(flattenMenu(browser.menus).some((i) => i.action === 'quit')).toBe(false)
  })
})

describe('native menu template', () => {
  it('adds Edit after File, the app menu on macOS only, and reports clicks', () => {
    const clicked: string[] = []
    const template = menuTemplate(english, 'linux', (item) => clicked.push(item.id))
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Go', '&Analyze', '&Statistics', '&Help'])
    expect(template[1]?.role).toBe('editMenu')
    expect(menuTemplate(english, 'darwin', () => undefined)[0]?.role).toBe('appMenu')

    const file = template[0]?.submenu as MenuItemConstructorOptions[]
    const open = file.find((i) => i.id === 'file.open')
    expect(open?.accelerator).toBe('CmdOrCtrl+O')
    open?.click?.({} as never, undefined, {} as never)
    const recent = (file.find((i) => i.id === 'file.recent')?.submenu as MenuItemConstructorOptions[])[0]
    recent?.click?.({} as never, undefined, {} as never)
    expect(clicked).toEqual(['file.open', 'file.recent.0'])

    const view = template[2]?.submenu as MenuItemConstructorOptions[]
    const theme = view.find((i) => i.id === 'view.theme')?.submenu as MenuItemConstructorOptions[]
    expect(theme.map((i) => [i.type, i.checked])).toEqual([
      ['radio', false],
      ['radio', false],
      ['radio', true],
    ])
  })
})

describe('the native dialogs\' file types', () => {
  it('are named in the UI\'s language, with the same extensions in both', () => {
    expect(openCaptureFilters('ko')).toEqual([
      { name: '캡처 파일(pcap, pcapng)', extensions: ['pcap', 'pcapng', 'cap'] },
      { name: '모든 파일', extensions: ['*'] },
    ])
    expect(openCaptureFilters('en').map((f) => f.name)).toEqual(['Captures (pcap, pcapng)', 'All files'])
    const kinds = ['pcap', 'pcapng', 'text', 'html', 'data'] as const
    expect(kinds.map((kind) => saveFilters(kind, 'ko')[0]!.name)).toEqual(['pcap 캡처', 'pcapng 캡처', '텍스트', 'HTML 수업 자료', '데이터'])
    expect(kinds.map((kind) => saveFilters(kind, 'en')[0]!.name)).toEqual(['pcap capture', 'pcapng capture', 'Text', 'HTML handout', 'Data'])
    for (const kind of kinds) expect(saveFilters(kind, 'ko')[0]!.extensions).toEqual(saveFilters(kind, 'en')[0]!.extensions)
    expect(kinds.map((kind) => saveFilters(kind, 'en')[0]!.extensions[0])).toEqual(['pcap', 'pcapng', 'txt', 'html', 'bin'])
  })
})
