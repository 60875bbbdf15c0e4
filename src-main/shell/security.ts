// The browser shell's guards and headers. The server listens on 127.0.0.1 only, but any web page
// the user visits can make the browser send requests to it, and a DNS-rebinding attacker can even
// make them same-origin with a name that resolves to 127.0.0.1. So every request must carry the
// per-run token (in its path), name our host in Host, and come from our origin when it says.
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** Used when the renderer's index.html has no CSP or one this checker does not trust. */
export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export function newToken(): string {
  return randomBytes(24).toString('base64url') // 32 characters, 192 bits
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The CSP in index.html's <meta http-equiv="Content-Security-Policy">, or null. */
export function cspFromHtml(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy["']?/i.test(tag)) continue
    const content = /\bcontent\s*=\s*"([^"]*)"|\bcontent\s*=\s*'([^']*)'/i.exec(tag)
    const value = content?.[1] ?? content?.[2]
    if (value !== undefined) return value.replace(/\s+/g, ' ').trim()
  }
  return null
}

/** True when a policy allows no remote, inline or eval'd script and defaults to nothing or self. */
export function isStrictCsp(csp: string): boolean {
  const directives = new Map<string, string[]>()
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name !== undefined && name !== '') directives.set(name.toLowerCase(), sources)
  }
  const defaults = directives.get('default-src')
  if (defaults === undefined || !defaults.every((s) => s === "'none'" || s === "'self'")) return false
  const scripts = directives.get('script-src') ?? defaults
  return scripts.every((s) => s === "'self'" || s === "'none'" || s === "'wasm-unsafe-eval'")
}

/** The header policy: the page's own policy (so the meta tag and the header never disagree) when it
 * is strict, with frame-ancestors added (a meta tag cannot set it); else STRICT_CSP. */
export function headerCsp(html: string): string {
  const fromPage = cspFromHtml(html)
  if (fromPage === null || !isStrictCsp(fromPage)) return STRICT_CSP
  return /frame-ancestors/i.test(fromPage) ? fromPage : `${fromPage.replace(/;\s*$/, '')}; frame-ancestors 'none'`
}

/** Sent with every response. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=(), clipboard-read=()',
    'Cache-Control': 'no-store',
  }
}

export interface RequestCheck {
  ok: boolean
  /** Why it was refused, for the response body (never echoes the token). */
  reason?: string
}

/** Host must name this server by address and port: a rebinding name ("evil.example:port") fails. */
export function checkHost(host: string | undefined, port: number): RequestCheck {
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`]
  if (host !== undefined && allowed.includes(host.toLowerCase())) return { ok: true }
  return { ok: false, reason: `Host ${JSON.stringify(host ?? '')} is not this server (expected 127.0.0.1:${port})` }
}

/** An Origin (sent by browsers on fetches and on cross-site requests) must be ours; so must
 * Sec-Fetch-Site when the browser sends it. Requests without either come from non-browser tools. */
export function checkOrigin(origin: string | undefined, fetchSite: string | undefined, port: number): RequestCheck {
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
    return { ok: false, reason: `Origin ${JSON.stringify(origin)} may not use this server` }
  }
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return { ok: false, reason: `A ${fetchSite} request may not use this server` }
  }
  return { ok: true }
}
