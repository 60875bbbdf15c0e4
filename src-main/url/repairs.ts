// What the browser changes between the typed text and the request it sends, said in the notes'
// terms (English and Korean) and pointed at the typed characters: a browser-teaching tool accepts
// what browsers accept, and shows the repair instead of hiding it. The facts come from comparing the
// typed parts (split.ts) with what the platform's URL parser made of them.
import type { LocalizedText } from '../shared/walkthrough.ts'
import { inputRange, type CleanedInput } from './input.ts'
import type { Span, UrlSpans } from './split.ts'
import type { HostKind, UrlRepair, UrlRepairKind } from './types.ts'
import { codePointName, isInvisible, visible } from './visible.ts'

export type EncodedPart = 'user' | 'password' | 'path' | 'query' | 'fragment'

const PART_NAME: { readonly [P in EncodedPart]: LocalizedText } = {
  user: { en: 'user name', ko: '사용자명' },
  password: { en: 'password', ko: '패스워드' },
  path: { en: 'path', ko: '경로명' },
  query: { en: 'query', ko: '쿼리' },
  fragment: { en: 'fragment', ko: '프래그먼트' },
}

/** The facts each note needs. */
interface RepairFacts {
  'outer-controls': Record<string, never>
  'tab-newline': { count: number }
  backslash: Record<string, never>
  slashes: { scheme: string; count: number }
  'empty-userinfo': Record<string, never>
  'host-idna': { typed: string; ascii: string }
  'ipv4-form': { typed: string; address: string }
  'ipv6-form': { typed: string; canonical: string }
  'empty-port': { scheme: string; port: number }
  'default-port': { scheme: string; port: number }
  'port-form': { typed: string; port: number }
  'port-zero': Record<string, never>
  'dot-segments': { typed: string; result: string }
  'percent-encoded': { part: EncodedPart; list: string }
}

const REPAIR_TEXT: { readonly [K in UrlRepairKind]: (f: RepairFacts[K]) => LocalizedText } = {
  'outer-controls': () => ({
    en: 'The browser drops the control characters before and after the URL.',
    ko: '브라우저는 URL 앞뒤의 제어 문자를 지운다.',
  }),
  'tab-newline': ({ count }) => ({
    en: `The browser drops tabs and line breaks inside a URL (${count} here).`,
    ko: `브라우저는 URL 안의 탭과 줄바꿈을 지운다(여기서는 ${count}개).`,
  }),
  backslash: () => ({
    en: '"\\" is read as "/": in http: and https: URLs the browser treats a backslash as a slash.',
    ko: '"\\"는 "/"로 읽힌다. http:와 https: URL에서 브라우저는 역슬래시를 슬래시로 다룬다.',
  }),
  slashes: ({ scheme, count }) => ({
    en: `After "${scheme}:" the browser expects "//", but reads any number of slashes (here ${count}) as "//".`,
    ko: `브라우저는 "${scheme}:" 뒤에 슬래시 두 개를 기대하지만, 슬래시가 몇 개든(여기서는 ${count}개) "//"로 읽는다.`,
  }),
  'empty-userinfo': () => ({
    en: 'The "@" has no user name or password before it: the browser drops it.',
    ko: '"@" 앞에 사용자명도 패스워드도 없어서 브라우저는 이것을 버린다.',
  }),
  'host-idna': ({ typed, ascii }) => ({
    en: `The browser rewrites the name in the form DNS uses (IDNA mapping and punycode): ${typed} → ${ascii}.`,
    ko: `브라우저는 이름을 DNS가 쓰는 형태로 바꾼다(IDNA 매핑과 퓨니코드): ${typed} → ${ascii}.`,
  }),
  'ipv4-form': ({ typed, address }) => ({
    en: `The browser reads this host as an IPv4 address: ${typed} → ${address} (it also accepts decimal numbers, octal parts starting with "0", hexadecimal parts starting with "0x", and fewer than four parts).`,
    ko: `브라우저는 이 호스트를 IPv4 주소로 읽는다: ${typed} → ${address}. ("0"으로 시작하는 8진수, "0x"로 시작하는 16진수, 네 부분보다 적은 표기도 주소로 받아들인다.)`,
  }),
  'ipv6-form': ({ typed, canonical }) => ({
    en: `The browser writes the IPv6 address in its shortest form: ${typed} → ${canonical}.`,
    ko: `브라우저는 IPv6 주소를 가장 짧은 형태로 쓴다: ${typed} → ${canonical}.`,
  }),
  'empty-port': ({ scheme, port }) => ({
    en: `":" with no number after it: the browser uses ${scheme}'s default port ${port}.`,
    ko: `":" 뒤에 번호가 없어서 브라우저는 ${scheme}의 기본 포트 ${port}번을 쓴다.`,
  }),
  'default-port': ({ scheme, port }) => ({
    en: `${port} is ${scheme}'s default port: the browser connects to it but leaves it out of the URL and the Host header.`,
    ko: `${port}번은 ${scheme}의 기본 포트다. 브라우저는 이 포트로 접속하지만 URL과 Host 헤더에는 적지 않는다.`,
  }),
  'port-form': ({ typed, port }) => ({
    en: `The browser ignores the zeros in front of the port number: ${typed} → ${port}.`,
    ko: `브라우저는 포트 번호 앞의 0을 무시한다: ${typed} → ${port}.`,
  }),
  'port-zero': () => ({
    en: 'Port 0 makes a valid URL, but to the socket library port 0 means "any port": no server can be reached on it, so connecting fails.',
    ko: '포트 0은 URL로서는 올바르지만, 소켓 라이브러리에서 포트 0은 "아무 포트나"라는 뜻이라 그 번호로는 서버에 접속할 수 없다.',
  }),
  'dot-segments': ({ typed, result }) => ({
    en: `The browser removes the "." and ".." segments of the path (RFC 3986 §5.2.4): ${typed} → ${result}.`,
    ko: `브라우저는 경로명에서 "." 세그먼트와 ".." 세그먼트를 없앤다(RFC 3986 §5.2.4): ${typed} → ${result}.`,
  }),
  'percent-encoded': ({ part, list }) => ({
    en: `The browser percent-encodes characters that may not appear as they are in the ${PART_NAME[part].en} (their UTF-8 bytes as %XX): ${list}.`,
    ko: `브라우저는 ${PART_NAME[part].ko}에 그대로 쓸 수 없는 문자를 퍼센트 인코딩한다(UTF-8 바이트를 %XX로): ${list}.`,
  }),
}

function note<K extends UrlRepairKind>(kind: K, ranges: { start: number; end: number }[], facts: RepairFacts[K]): UrlRepair {
  return { kind, ranges, text: REPAIR_TEXT[kind](facts) }
}

/** What the parser made of the URL (from the platform's URL object). */
export interface ParsedValues {
  scheme: 'http' | 'https'
  defaultPort: number
  hostname: string
  hostKind: HostKind
  pathname: string
  username: string
  password: string
}

export function findRepairs(clean: CleanedInput, spans: UrlSpans, parsed: ParsedValues): UrlRepair[] {
  const text = clean.cleaned
  const range = (span: Span): { start: number; end: number } => inputRange(clean, span.start, span.end)
  const at = (offset: number): { start: number; end: number } => inputRange(clean, offset, offset + 1)
  const repairs: UrlRepair[] = []

  if (clean.strippedControls > 0) repairs.push(note('outer-controls', [{ start: 0, end: 0 }], {}))
  if (clean.removed.length > 0) {
    repairs.push(note('tab-newline', clean.removed.map((i) => ({ start: i, end: i + 1 })), { count: clean.removed.length }))
  }

  const slashText = text.slice(spans.slashes.start, spans.slashes.end)
  if (slashText.length !== 2) repairs.push(note('slashes', [range(spans.slashes)], { scheme: parsed.scheme, count: slashText.length }))
  const backslashes = [...offsetsOf(text, '\\', spans.slashes), ...offsetsOf(text, '\\', spans.path)]
  if (backslashes.length > 0) repairs.push(note('backslash', backslashes.map(at), {}))

  if (spans.userinfo !== null) {
    const { user, password } = spans.userinfo
    if (parsed.username === '' && parsed.password === '') {
      repairs.push(note('empty-userinfo', [at(spans.userinfo.at)], {}))
    } else {
      pushEncoded(repairs, 'user', user, text, at)
      if (password !== null) pushEncoded(repairs, 'password', password, text, at)
    }
  }

  const typedHost = text.slice(spans.host.start, spans.host.end)
  const hostRange = [range(spans.host)]
  if (parsed.hostKind === 'ipv4' && typedHost.toLowerCase() !== parsed.hostname) {
    repairs.push(note('ipv4-form', hostRange, { typed: visible(typedHost), address: parsed.hostname }))
  } else if (parsed.hostKind === 'ipv6' && typedHost.toLowerCase() !== parsed.hostname) {
    repairs.push(note('ipv6-form', hostRange, { typed: typedHost, canonical: parsed.hostname }))
  } else if (parsed.hostKind === 'name' && typedHost.toLowerCase() !== parsed.hostname) {
    repairs.push(note('host-idna', hostRange, { typed: visible(typedHost), ascii: parsed.hostname }))
  }

  if (spans.port !== null) {
    const digits = text.slice(spans.port.digits.start, spans.port.digits.end)
    const portRange = [inputRange(clean, spans.port.colon, spans.port.digits.end)]
    const port = Number(digits)
    if (digits === '') repairs.push(note('empty-port', portRange, { scheme: parsed.scheme, port: parsed.defaultPort }))
    else if (port === parsed.defaultPort) repairs.push(note('default-port', portRange, { scheme: parsed.scheme, port }))
    else if (port === 0) repairs.push(note('port-zero', portRange, {}))
    else if (digits !== String(port)) repairs.push(note('port-form', portRange, { typed: digits, port }))
  }

  const typedPath = text.slice(spans.path.start, spans.path.end)
  if (typedPath.split(/[/\\]/).some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) {
    repairs.push(note('dot-segments', [range(spans.path)], { typed: visible(typedPath), result: parsed.pathname }))
  }
  pushEncoded(repairs, 'path', spans.path, text, at)
  if (spans.query !== null) pushEncoded(repairs, 'query', { start: spans.query.start + 1, end: spans.query.end }, text, at)
  if (spans.fragment !== null) pushEncoded(repairs, 'fragment', { start: spans.fragment.start + 1, end: spans.fragment.end }, text, at)

  return repairs.sort((a, b) => (a.ranges[0]?.start ?? 0) - (b.ranges[0]?.start ?? 0))
}

function offsetsOf(text: string, ch: string, span: Span): number[] {
  const found: number[] = []
  for (let i = span.start; i < span.end; i += 1) if (text[i] === ch) found.push(i)
  return found
}

const MAX_LISTED = 6

function pushEncoded(repairs: UrlRepair[], part: EncodedPart, span: Span, text: string, at: (offset: number) => { start: number; end: number }): void {
  const ranges: { start: number; end: number }[] = []
  const shown = new Map<string, string>()
  for (let i = span.start; i < span.end; ) {
    const cp = text.codePointAt(i) as number
    const ch = String.fromCodePoint(cp)
    if (browserEncodes(part, ch)) {
      const first = at(i)
      ranges.push({ start: first.start, end: at(i + ch.length - 1).end })
      if (!shown.has(ch)) shown.set(ch, percentEncoded(ch))
    }
    i += ch.length
  }
  if (ranges.length === 0) return
  const listed = [...shown].slice(0, MAX_LISTED).map(([ch, encoded]) => `${describeChar(ch)} → ${encoded}`)
  const more = shown.size > MAX_LISTED ? ` (+${shown.size - MAX_LISTED})` : ''
  repairs.push(note('percent-encoded', ranges, { part, list: `${listed.join(', ')}${more}` }))
}

function describeChar(ch: string): string {
  if (ch === '"') return `'"'`
  return ch === ' ' || isInvisible(ch) ? codePointName(ch) : `"${ch}"`
}

const utf8 = new TextEncoder()

function percentEncoded(ch: string): string {
  return [...utf8.encode(ch)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')
}

// Which characters the parser percent-encodes in each part, asked of the parser itself (one probe
// per ASCII character and part, cached) rather than copied from the standard's encode sets, so the
// note can never disagree with the request. Every non-ASCII character is encoded in all five parts.
const probed = new Map<string, boolean>()

/** Characters that delimit the part (or start an escape) and so never show up encoded there. An
 * "@" inside the user info is there only because a later "@" ended it: the parser encodes it. */
const NOT_PROBED: { readonly [P in EncodedPart]: string } = {
  user: '%/\\?#:',
  password: '%/\\?#',
  path: '%/\\?#.',
  query: '%#',
  fragment: '%',
}

function browserEncodes(part: EncodedPart, ch: string): boolean {
  if ((ch.codePointAt(0) as number) > 0x7e) return true
  if (ch === '@' && (part === 'user' || part === 'password')) return true
  if (NOT_PROBED[part].includes(ch)) return false
  const key = `${part}${ch}`
  const known = probed.get(key)
  if (known !== undefined) return known
  // A letter after the character keeps it from being the last one (the parser trims C0 and spaces
  // at the ends of the whole text).
  const probe = `${ch}x`
  let encodes: boolean
  try {
    switch (part) {
      case 'user':
        encodes = new URL(`http://${probe}@h/`).username !== probe
        break
      case 'password':
        encodes = new URL(`http://u:${probe}@h/`).password !== probe
        break
      case 'path':
        encodes = new URL(`http://h/${probe}`).pathname !== `/${probe}`
        break
      case 'query':
        encodes = new URL(`http://h/?${probe}`).search !== `?${probe}`
        break
      case 'fragment':
        encodes = new URL(`http://h/#${probe}`).hash !== `#${probe}`
        break
    }
  } catch {
    encodes = false
  }
  probed.set(key, encodes)
  return encodes
}
