// wiretrail://app/<path> → a file of the built renderer, with the CSP and the other security
// headers on every response (the same headers as the browser shell sends). Anything outside the
// renderer folder or on another host is a 404.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readRendererFile } from '../shell/renderer-files.ts'
import { headerCsp, securityHeaders, STRICT_CSP } from '../shell/security.ts'
import { APP_HOST } from './app-url.ts'

export interface ProtocolResponse {
  status: number
  headers: Record<string, string>
  body: Uint8Array | string
}

/** The headers for every app response, from the renderer's own index.html CSP. */
export async function appResponseHeaders(rendererDir: string): Promise<Record<string, string>> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => null)
  return securityHeaders(html === null ? STRICT_CSP : headerCsp(html))
}

export async function appProtocolResponse(requestUrl: string, method: string, rendererDir: string, headers: Record<string, string>): Promise<ProtocolResponse> {
  const notFound = (why: string): ProtocolResponse => ({ status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: why })
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return notFound('bad URL')
  }
  if (url.host !== APP_HOST) return notFound(`no host ${url.host}`)
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers, body: '' }
  const file = await readRendererFile(rendererDir, url.pathname)
  if (file === null) return notFound(`no file ${url.pathname}`)
  return { status: 200, headers: { ...headers, 'Content-Type': file.contentType }, body: method === 'HEAD' ? '' : file.bytes }
}
