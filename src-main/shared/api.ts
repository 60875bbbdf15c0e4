// The one typed API between the renderer and the engine. The Electron preload exposes exactly these
// operations (as named functions on `window.wiretrail`), and the browser shell serves the same map
// over loopback HTTP with a per-run token; the renderer cannot tell which it talks to. Main-side
// handlers validate every argument (never trust the renderer) and check the sender.
//
// Pure types. Ownership: the shell area (Electron main/preload + browser shell) owns this file; the
// renderer area consumes it. Changes are additive where possible.

import type { WiretrailErrorJson } from './errors.ts'
import type { LocalizedText, PacketDetail, Walkthrough } from './walkthrough.ts'

export type Target = 'lab' | 'internet'
export type ResolverMode = 'iterative' | 'stub'
export type CaptureFormat = 'pcap' | 'pcapng'

export interface RecordRequest {
  url: string
  target: Target
  resolverMode: ResolverMode
  format: CaptureFormat
  /** Stub mode server "ip[:port]"; default: the lab's local DNS server (lab) or the OS's (internet). */
  stub?: string
  /** Iterative mode root overrides "ip[:port]"; default: the lab root (lab) or IANA's roots. */
  roots?: string[]
}

export interface OpenedCapture {
  /** Handle for later calls (packet detail, save, export, close). */
  captureId: string
  walkthrough: Walkthrough
  /** The file on disk (recordings live in a temporary folder until saved). */
  path: string
  /** True for a fresh recording not yet saved by the user. */
  unsaved: boolean
}

export interface Progress {
  /** Which operation: a recording being made, or a capture being read and analysed. */
  operation: 'record' | 'open'
  stage: 'starting-lab' | 'resolving' | 'connecting' | 'transferring' | 'writing' | 'reading' | 'analyzing' | 'done'
  bytesRead?: number
  totalBytes?: number
  frames?: number
  message?: LocalizedText
}

export interface AppInfo {
  version: string
  shell: 'electron' | 'browser'
  platform: string
  /** The lab page the URL bar starts with. */
  defaultUrl: string
  recent: string[]
}

/** What the menus (or the OS) ask the renderer to do. */
export type MenuCommand =
  | 'new-recording'
  | 'open'
  | 'save-as-pcap'
  | 'save-as-pcapng'
  | 'export-text'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'theme-light'
  | 'theme-dark'
  | 'theme-system'
  | 'language-en'
  | 'language-ko'
  | 'help-chapters'
  | 'about'

export interface WiretrailApi {
  'app.info': () => Promise<AppInfo>
  'capture.record': (request: RecordRequest) => Promise<OpenedCapture>
  /** Shows the OS open dialog (browser shell: not available, the renderer uses a file input). */
  'capture.openDialog': () => Promise<OpenedCapture | null>
  /** Opens a recent file or a dropped file's path. */
  'capture.openPath': (path: string) => Promise<OpenedCapture>
  /** Opens bytes the renderer has (browser shell drag and drop / file input). */
  'capture.openBytes': (name: string, bytes: Uint8Array) => Promise<OpenedCapture>
  'capture.packet': (captureId: string, frame: number) => Promise<PacketDetail>
  /** Saves the capture (and its journal beside it); returns the path, or null when cancelled.
   * In the browser shell the file is offered as a download instead and the result is its name. */
  'capture.saveAs': (captureId: string, format: CaptureFormat) => Promise<string | null>
  'capture.exportText': (captureId: string) => Promise<string | null>
  'capture.close': (captureId: string) => Promise<void>
}

export type ApiName = keyof WiretrailApi

/** Events pushed from the engine to the renderer. */
export interface WiretrailEvents {
  progress: Progress
  menu: MenuCommand
  /** A capture opened outside the renderer (command line, file association, second instance). */
  opened: OpenedCapture
}

export type EventName = keyof WiretrailEvents

/** How a failed call reaches the renderer: the error's code and message, never a stack. */
export type ApiError = WiretrailErrorJson
