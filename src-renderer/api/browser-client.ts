// The client in the browser shell (`wiretrail ui` / `npm start` without Electron): the same API over
// loopback HTTP. The page is served at http://127.0.0.1:<port>/<token>/, so every request the page
// makes (assets, calls, events, downloads) carries the per-run token in its path; the server
// rejects anything else (src-main/shell/server.ts).
//   POST <base>api/<name>            JSON {"args": [...]} → ApiResult (bytes as {"$bytes": base64})
//   POST <base>api/capture.openBytes raw bytes (journal first, if any), file name in X-Wiretrail-File-Name,
//                                    journal length in X-Wiretrail-Journal-Length
//   GET  <base>events                Server-Sent Events, one `event:` per WiretrailEvents name
//   GET  <base>files/<id>/<kind>     a download: pcap | pcapng | text | journal?for=<pcap|pcapng> |
//                                    questions?kinds=<kind,…> (a question set with its capture)
import { EVENT_NAMES, type ApiName, type ApiResult, type EventName, type OpenedCapture, type WiretrailApi, type WiretrailEvents } from '../../src-main/shared/api.ts'
import { decodeWire, encodeWire } from '../../src-main/shared/api-wire.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'
import { downloadBlob, downloadFrom } from './downloads.ts'
import { pairCaptureFiles } from './file-pairs.ts'
import { pickCaptureFiles } from './file-picker.ts'
import type { WiretrailClient } from './types.ts'
import { isApiResult, unwrapResult } from './unwrap.ts'

/** Events that must not be lost when they arrive before the app has subscribed to them. */
const HELD_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['opened', 'open-failed'])

/** "/<token>/" from the page's path; throws when the page was not opened through the shell's URL. */
export function shellBasePath(pathname: string): string {
  const match = /^\/([A-Za-z0-9_-]{16,})\//.exec(pathname)
  if (match === null) {
    throw new WiretrailError('SHELL_URL', `The page path "${pathname}" has no access token: open the URL that "wiretrail ui" printed`)
  }
  return `/${match[1]}/`
}

export function createBrowserClient(base: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): WiretrailClient {
  async function post<T>(name: ApiName, body: BodyInit, contentType: string, extraHeaders: Record<string, string> = {}): Promise<T> {
    let response: Response
    try {
      response = await fetchImpl(`${base}api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': contentType, ...extraHeaders },
        body,
        credentials: 'omit',
        cache: 'no-store',
      })
    } catch (error) {
      throw new WiretrailError('SHELL_UNREACHABLE', `The Wiretrail server did not answer (${(error as Error).message}); is "wiretrail ui" still running?`)
    }
    const text = await response.text()
    let decoded: unknown
    try {
      decoded = decodeWire(text)
    } catch {
      throw new WiretrailError('SHELL_HTTP', `The Wiretrail server answered HTTP ${response.status} with something that is not an API result`)
    }
    if (!isApiResult(decoded)) throw new WiretrailError('SHELL_HTTP', `The Wiretrail server answered HTTP ${response.status} without an API result`)
    return unwrapResult(decoded as ApiResult<T>)
  }

  function call<K extends ApiName>(name: K, ...args: Parameters<WiretrailApi[K]>): ReturnType<WiretrailApi[K]> {
    return callBrowser(name, args) as ReturnType<WiretrailApi[K]>
  }

  async function callBrowser(name: ApiName, args: unknown[]): Promise<unknown> {
    switch (name) {
      case 'capture.openBytes': {
        const [fileName, bytes, journal] = args as [string, Uint8Array, Uint8Array | undefined]
        if (!(bytes instanceof Uint8Array)) throw new WiretrailError('INVALID_ARGUMENT', 'capture.openBytes: bytes must be a Uint8Array')
        if (journal !== undefined && !(journal instanceof Uint8Array)) throw new WiretrailError('INVALID_ARGUMENT', 'capture.openBytes: journal must be a Uint8Array')
        // One body: the journal (if any) first, then the capture; a fresh buffer (fetch refuses
        // SharedArrayBuffer views).
        const lead = journal ?? new Uint8Array(0)
        const body = new Uint8Array(lead.length + bytes.length)
        body.set(lead, 0)
        body.set(bytes, lead.length)
        return post('capture.openBytes', body.buffer, 'application/octet-stream', {
          'X-Wiretrail-File-Name': encodeURIComponent(String(fileName)),
          'X-Wiretrail-Journal-Length': String(lead.length),
        })
      }
      case 'capture.openDialog': {
        // No native dialog in a browser: a file picker in the page, then the bytes.
        const files = await pickCaptureFiles()
        return files.length === 0 ? null : openFiles(files)
      }
      case 'capture.saveAs': {
        const [captureId, format] = args as [string, 'pcap' | 'pcapng']
        const name = await downloadFrom(fetchImpl, `${base}files/${encodeURIComponent(captureId)}/${format}`)
        // The journal keeps what packets cannot (descriptors, cache hits, the typed URL): a pcapng
        // carries it inside; beside a pcap it is a second download, when there is one (404: none).
        if (format === 'pcap') await downloadFrom(fetchImpl, `${base}files/${encodeURIComponent(captureId)}/journal?for=${format}`, { optional: true })
        return name
      }
      case 'capture.saveFile': {
        // Made in the page: a download, with no round trip through the shell.
        const [fileName, content] = args as [string, Uint8Array]
        return downloadBlob(new Blob([content as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), fileName)
      }
      case 'capture.exportQuestions': {
        // The question set with its capture: one pcapng, made by the shell, as a download.
        const [captureId, kinds] = args as [string, string[]]
        return downloadFrom(fetchImpl, `${base}files/${encodeURIComponent(captureId)}/questions?kinds=${encodeURIComponent(kinds.join(','))}`)
      }
      case 'capture.exportText':
      case 'capture.exportHtml': {
        const [captureId] = args as [string]
        return downloadFrom(fetchImpl, `${base}files/${encodeURIComponent(captureId)}/${name === 'capture.exportText' ? 'text' : 'html'}`)
      }
      default:
        return post(name, encodeWire({ args }), 'application/json')
    }
  }

  /** The files go to the shell as one body read straight from disk (a Blob of the journal, if
   * any, then the capture: capture.openBytes' body): the page never holds a large capture in its
   * memory, and its thread never copies one (a copy of 50 MB blocked it for most of a second). */
  async function openFiles(files: readonly File[]): Promise<OpenedCapture> {
    const pair = pairCaptureFiles(files)
    const parts: Blob[] = pair.journal === null ? [pair.capture] : [pair.journal, pair.capture]
    return post('capture.openBytes', new Blob(parts), 'application/octet-stream', {
      'X-Wiretrail-File-Name': encodeURIComponent(pair.capture.name),
      'X-Wiretrail-Journal-Length': String(pair.journal?.size ?? 0),
    })
  }

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const held: { event: EventName; payload: unknown }[] = []
  let source: EventSource | null = null

  function ensureSource(): void {
    if (source !== null) return
    source = new EventSource(`${base}events`)
    for (const event of EVENT_NAMES) {
      source.addEventListener(event, (message: MessageEvent<string>) => {
        let payload: unknown
        try {
          payload = decodeWire(message.data)
        } catch {
          return // a garbled event is dropped, never thrown into the page
        }
        const set = listeners.get(event)
        if (set !== undefined && set.size > 0) for (const listener of set) listener(payload)
        // The server sends captures opened from outside as soon as the page connects; keep them
        // until the app subscribes, as the Electron side does.
        else if (HELD_EVENTS.has(event)) held.push({ event, payload })
      })
    }
  }

  return {
    shell: 'browser',
    call,
    on<E extends EventName>(event: E, listener: (payload: WiretrailEvents[E]) => void): () => void {
      ensureSource()
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      for (let i = 0; i < held.length; ) {
        const item = held[i]!
        if (item.event === event) {
          held.splice(i, 1)
          wrapped(item.payload)
        } else i++
      }
      return () => set.delete(wrapped)
    },
    openFiles,
  }
}
