// The file type choices of the desktop app's native open and save dialogs (electron/host.ts), in
// the UI's language: the dialog is the operating system's, but these names are ours. Pure: tested
// without Electron.
import type { CaptureFormat, ExportKind, Language } from '../shared/api.ts'

export interface DialogFilter {
  name: string
  extensions: string[]
}

/** What a save dialog writes: a capture format, an export, or other data. */
export type SaveKind = CaptureFormat | ExportKind | 'data'

const NAMES = {
  captures: { en: 'Captures (pcap, pcapng)', ko: '캡처 파일(pcap, pcapng)' },
  allFiles: { en: 'All files', ko: '모든 파일' },
  pcap: { en: 'pcap capture', ko: 'pcap 캡처' },
  pcapng: { en: 'pcapng capture', ko: 'pcapng 캡처' },
  text: { en: 'Text', ko: '텍스트' },
  html: { en: 'HTML handout', ko: 'HTML 수업 자료' },
  data: { en: 'Data', ko: '데이터' },
} satisfies Record<string, Record<Language, string>>

const EXTENSIONS: Record<SaveKind, string> = { pcap: 'pcap', pcapng: 'pcapng', text: 'txt', html: 'html', data: 'bin' }

/** The open dialog's choices: captures, or any file (a capture named otherwise). */
export function openCaptureFilters(language: Language): DialogFilter[] {
  return [
    { name: NAMES.captures[language], extensions: ['pcap', 'pcapng', 'cap'] },
    { name: NAMES.allFiles[language], extensions: ['*'] },
  ]
}

/** The save dialog's one choice for `kind`. */
export function saveFilters(kind: SaveKind, language: Language): DialogFilter[] {
  return [{ name: NAMES[kind][language], extensions: [EXTENSIONS[kind]] }]
}
