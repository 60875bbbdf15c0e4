// The application menu as data, in English or Korean. Electron turns it into its native menu
// (src-main/electron/menu.ts); the browser shell returns it from `app.menu` so the renderer's
// in-page menu bar shows the same items. Pure: tested without Electron.
import type { Language, MenuModel, MenuModelItem, Preferences } from '../shared/api.ts'

type Text = Record<Language, string>

const T = {
  file: { en: '&File', ko: '파일(&F)' },
  newRecording: { en: 'New Recording', ko: '새 녹화' },
  open: { en: 'Open Capture…', ko: '캡처 열기…' },
  openRecent: { en: 'Open Recent', ko: '최근 파일 열기' },
  noRecent: { en: 'No Recent Files', ko: '최근 파일 없음' },
  clearRecent: { en: 'Clear Recent', ko: '최근 목록 지우기' },
  saveAsPcap: { en: 'Save As .pcap…', ko: '.pcap으로 저장…' },
  saveAsPcapng: { en: 'Save As .pcapng…', ko: '.pcapng로 저장…' },
  exportText: { en: 'Export Walkthrough as Text…', ko: '워크스루를 텍스트로 내보내기…' },
  exportHtml: { en: 'Export Handout as HTML…', ko: '수업 자료를 HTML로 내보내기…' },
  quit: { en: 'Quit', ko: '종료' },
  view: { en: '&View', ko: '보기(&V)' },
  zoomIn: { en: 'Zoom In', ko: '확대' },
  zoomOut: { en: 'Zoom Out', ko: '축소' },
  zoomReset: { en: 'Actual Size', ko: '실제 크기' },
  theme: { en: 'Theme', ko: '테마' },
  themeSystem: { en: 'Follow the System', ko: '시스템 설정 따르기' },
  themeLight: { en: 'Light', ko: '밝게' },
  themeDark: { en: 'Dark', ko: '어둡게' },
  language: { en: 'Language', ko: '언어' },
  presenter: { en: 'Presenter View', ko: '발표자 보기' },
  outline: { en: 'Step Outline', ko: '단계 목차' },
  go: { en: '&Go', ko: '이동(&G)' },
  goToPacket: { en: 'Go to Packet…', ko: '패킷으로 이동…' },
  findPacket: { en: 'Find Packet…', ko: '패킷 찾기…' },
  analyze: { en: '&Analyze', ko: '분석(&A)' },
  followTcp: { en: 'Follow TCP Stream', ko: 'TCP 스트림 따라가기' },
  questions: { en: 'Questions on This Capture', ko: '이 캡처에 대한 질문' },
  statistics: { en: '&Statistics', ko: '통계(&S)' },
  conversations: { en: 'Conversations', ko: '대화' },
  hierarchy: { en: 'Protocol Hierarchy', ko: '프로토콜 계층' },
  help: { en: '&Help', ko: '도움말(&H)' },
  chapters: { en: 'Chapters the App Follows', ko: '앱이 따르는 장' },
  about: { en: 'About Wiretrail', ko: 'Wiretrail 정보' },
} satisfies Record<string, Text>

/** Chapter 1 of the notes, STORY 01–04, as the Help menu lists them. */
export const CHAPTERS: readonly { story: string; title: Text }[] = [
  { story: 'STORY 01', title: { en: 'Writing the HTTP request message', ko: 'HTTP 리퀘스트 메시지를 작성한다' } },
  { story: 'STORY 02', title: { en: "Asking a DNS server for the web server's IP address", ko: '웹 서버의 IP 주소를 DNS 서버에 조회한다' } },
  { story: 'STORY 03', title: { en: 'DNS servers around the world work together', ko: '전 세계의 DNS 서버가 연대한다' } },
  { story: 'STORY 04', title: { en: 'Asking the protocol stack to send the message', ko: '프로토콜 스택에 메시지 송신을 의뢰한다' } },
]

export interface MenuModelInput {
  preferences: Preferences
  recent: readonly string[]
  /** macOS shows Quit in the app menu, not in File. */
  platform: NodeJS.Platform | 'browser'
  /** Whether a capture is open: the items that act on one (Save As, Export, Go, Analyze,
   * Statistics, Presenter View) are disabled without it, as the in-page menu bar disables them. */
  captureOpen: boolean
}

export function buildMenuModel({ preferences, recent, platform, captureOpen }: MenuModelInput): MenuModel {
  const l = preferences.language
  /** An item that acts on the open capture: disabled when there is none. */
  const onCapture = (item: MenuModelItem): MenuModelItem => ({ ...item, enabled: captureOpen })
  const separator = (id: string): MenuModelItem => ({ id, label: '', type: 'separator' })
  const recentItems: MenuModelItem[] =
    recent.length === 0
      ? [{ id: 'file.recent.none', label: T.noRecent[l], enabled: false }]
      : recent.map((path, i) => ({ id: `file.recent.${i}`, label: path, recentPath: path }))

  const file: MenuModelItem = {
    id: 'file',
    label: T.file[l],
    submenu: [
      { id: 'file.new-recording', label: T.newRecording[l], accelerator: 'CmdOrCtrl+N', command: 'new-recording' },
      { id: 'file.open', label: T.open[l], accelerator: 'CmdOrCtrl+O', command: 'open' },
      {
        id: 'file.recent',
        label: T.openRecent[l],
        submenu: [...recentItems, separator('file.recent.separator'), { id: 'file.recent.clear', label: T.clearRecent[l], action: 'clear-recent', enabled: recent.length > 0 }],
      },
      separator('file.separator-save'),
      onCapture({ id: 'file.save-as-pcap', label: T.saveAsPcap[l], command: 'save-as-pcap' }),
      onCapture({ id: 'file.save-as-pcapng', label: T.saveAsPcapng[l], accelerator: 'CmdOrCtrl+Shift+S', command: 'save-as-pcapng' }),
      onCapture({ id: 'file.export-text', label: T.exportText[l], accelerator: 'CmdOrCtrl+E', command: 'export-text' }),
      onCapture({ id: 'file.export-html', label: T.exportHtml[l], command: 'export-html' }),
      ...(platform === 'darwin' || platform === 'browser'
        ? []
        : [separator('file.separator-quit'), { id: 'file.quit', label: T.quit[l], accelerator: 'CmdOrCtrl+Q', action: 'quit' } satisfies MenuModelItem]),
    ],
  }

  const radio = (id: string, label: string, checked: boolean, command: MenuModelItem['command']): MenuModelItem => ({ id, label, type: 'radio', checked, ...(command !== undefined ? { command } : {}) })
  const view: MenuModelItem = {
    id: 'view',
    label: T.view[l],
    submenu: [
      onCapture({ id: 'view.presenter', label: T.presenter[l], accelerator: 'F5', command: 'presenter' }),
      { id: 'view.outline', label: T.outline[l], command: 'toggle-outline' },
      separator('view.separator-zoom'),
      { id: 'view.zoom-in', label: T.zoomIn[l], accelerator: 'CmdOrCtrl+=', command: 'zoom-in', action: 'zoom-in' },
      { id: 'view.zoom-out', label: T.zoomOut[l], accelerator: 'CmdOrCtrl+-', command: 'zoom-out', action: 'zoom-out' },
      { id: 'view.zoom-reset', label: T.zoomReset[l], accelerator: 'CmdOrCtrl+0', command: 'zoom-reset', action: 'zoom-reset' },
      separator('view.separator-theme'),
      {
        id: 'view.theme',
        label: T.theme[l],
        submenu: [
          radio('view.theme.system', T.themeSystem[l], preferences.theme === 'system', 'theme-system'),
          radio('view.theme.light', T.themeLight[l], preferences.theme === 'light', 'theme-light'),
          radio('view.theme.dark', T.themeDark[l], preferences.theme === 'dark', 'theme-dark'),
        ],
      },
      {
        id: 'view.language',
        label: T.language[l],
        // Each language is named in itself, so a user who cannot read the current one finds theirs.
        submenu: [radio('view.language.en', 'English', l === 'en', 'language-en'), radio('view.language.ko', '한국어', l === 'ko', 'language-ko')],
      },
    ],
  }

  // As Wireshark's menus and shortcuts.
  const go: MenuModelItem = {
    id: 'go',
    label: T.go[l],
    submenu: [
      onCapture({ id: 'go.go-to-packet', label: T.goToPacket[l], accelerator: 'CmdOrCtrl+G', command: 'go-to-packet' }),
      onCapture({ id: 'go.find-packet', label: T.findPacket[l], accelerator: 'CmdOrCtrl+F', command: 'find-packet' }),
    ],
  }
  const analyze: MenuModelItem = {
    id: 'analyze',
    label: T.analyze[l],
    submenu: [
      onCapture({ id: 'analyze.follow-tcp', label: T.followTcp[l], accelerator: 'CmdOrCtrl+Alt+Shift+T', command: 'follow-tcp-stream' }),
      // F2: free in the app (F5 is Presenter View, the arrows and space the player's), in Electron
      // and in the browsers the browser shell runs in (Ctrl+Shift+Q would quit Chromium on Linux).
      onCapture({ id: 'analyze.questions', label: T.questions[l], accelerator: 'F2', command: 'questions' }),
    ],
  }
  const statistics: MenuModelItem = {
    id: 'statistics',
    label: T.statistics[l],
    submenu: [
      onCapture({ id: 'statistics.conversations', label: T.conversations[l], command: 'statistics-conversations' }),
      onCapture({ id: 'statistics.hierarchy', label: T.hierarchy[l], command: 'statistics-hierarchy' }),
    ],
  }

  const help: MenuModelItem = {
    id: 'help',
    label: T.help[l],
    submenu: [
      {
        id: 'help.chapters',
        label: T.chapters[l],
        submenu: CHAPTERS.map((c, i) => ({ id: `help.chapters.${i + 1}`, label: `${c.story} — ${c.title[l]}`, command: 'help-chapters' })),
      },
      separator('help.separator-about'),
      { id: 'help.about', label: T.about[l], command: 'about' },
    ],
  }

  return { language: l, menus: [file, view, go, analyze, statistics, help] }
}

/** Every item, depth first (tests and the Electron layer look items up by id). */
export function flattenMenu(items: readonly MenuModelItem[]): MenuModelItem[] {
  return items.flatMap((item) => [item, ...flattenMenu(item.submenu ?? [])])
}
