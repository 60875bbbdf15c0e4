// A DNS lookup written as a URI (RFC 4501): "dns:cyber.co.kr?type=MX". The notes' STORY 01 §1 says
// the scheme tells the browser which of its functions to use (http: the HTTP client, ftp: the FTP
// client, mailto: mail); dns: names the resolver alone, so a lookup is typed in the address bar and
// recorded through the same pipeline as a page, with no web server contacted.
//   dns:name                   the name's A records
//   dns:name?type=MX           another type (a name such as MX, AAAA, TXT, or a number)
//   dns:name?class=IN;type=MX  RFC 4501 separates parameters with ";" (class IN is the only one)
// Refused, naming the part: an authority ("dns://server/name": the target decides which servers are
// asked), an address instead of a name, another class, an unknown parameter, a repeated one.
// Hand-written: a dozen lines of grammar, and WHATWG's URL parser treats dns: as an opaque path.
import { urlError } from './errors.ts'
import { parseHost } from './host.ts'

export interface DnsLookupUri {
  /** As typed (trimmed). */
  input: string
  /** The name asked for: ASCII (punycode), lower case, without the final dot. */
  name: string
  /** The record type as written, upper case ("MX", "TYPE15" or "15"); the resolver checks it. */
  qtype: string
  /** The normalised URI: "dns:cyber.co.kr?type=MX". */
  href: string
}

const SCHEME = 'dns:'

export function isDnsUri(text: string): boolean {
  return text.trim().toLowerCase().startsWith(SCHEME)
}

export function parseDnsUri(typed: string): DnsLookupUri {
  const input = typed.trim()
  if (!isDnsUri(input)) throw urlError('URL_BAD_DNS_URI', `"${input}" is not a dns: URI (it starts with "dns:")`, 'scheme', 0, Math.min(4, input.length))
  const rest = input.slice(SCHEME.length)
  if (rest.startsWith('//')) {
    throw urlError(
      'URL_BAD_DNS_URI',
      `the dns: URI names a DNS server after "//" (characters ${SCHEME.length}–${SCHEME.length + rest.indexOf('/', 2)}); Wiretrail asks the lab's servers (or the internet's) itself: write dns:NAME?type=TYPE`,
      'host',
      SCHEME.length,
      SCHEME.length + Math.max(2, rest.indexOf('/', 2)),
    )
  }
  const queryAt = rest.indexOf('?')
  const nameText = queryAt === -1 ? rest : rest.slice(0, queryAt)
  const nameStart = SCHEME.length
  let decoded: string
  try {
    decoded = decodeURIComponent(nameText)
  } catch {
    throw urlError('URL_BAD_DNS_URI', `the name "${nameText}" has a broken %-escape`, 'host', nameStart, nameStart + nameText.length)
  }
  const bare = decoded.endsWith('.') && decoded !== '.' ? decoded.slice(0, -1) : decoded
  if (bare === '' || bare === '.') throw urlError('URL_BAD_DNS_URI', 'the dns: URI names no domain name: write dns:NAME?type=TYPE, e.g. dns:cyber.co.kr?type=MX', 'host', nameStart, nameStart + nameText.length)
  const host = parseHost(bare, nameStart)
  if (host.kind !== 'name') throw urlError('URL_BAD_DNS_URI', `"${bare}" is an address, not a name: a lookup asks for a name's records`, 'host', nameStart, nameStart + nameText.length)

  let qtype = 'A'
  if (queryAt !== -1) {
    const queryStart = nameStart + queryAt + 1
    const seen = new Set<string>()
    let at = queryStart
    for (const element of rest.slice(queryAt + 1).split(';')) {
      const [key = '', value = '', ...extra] = element.split('=')
      const name = key.trim().toLowerCase()
      const end = at + element.length
      if (extra.length > 0 || value.trim() === '' || (name !== 'type' && name !== 'class')) {
        throw urlError('URL_BAD_DNS_URI', `"${element}" (characters ${at}–${end}) is not a dns: parameter: write type=TYPE (and class=IN), separated by ";"`, 'query', at, end)
      }
      if (seen.has(name)) throw urlError('URL_BAD_DNS_URI', `"${name}" is given twice (characters ${at}–${end})`, 'query', at, end)
      seen.add(name)
      if (name === 'class' && value.trim().toUpperCase() !== 'IN' && value.trim() !== '1') {
        throw urlError('URL_BAD_DNS_URI', `class ${value} (characters ${at}–${end}) is not IN; today only IN, the Internet, is in use (STORY 03 §1)`, 'query', at, end)
      }
      if (name === 'type') qtype = value.trim().toUpperCase()
      at = end + 1
    }
  }
  return { input, name: host.hostAscii, qtype, href: `dns:${host.hostAscii}?type=${qtype}` }
}
