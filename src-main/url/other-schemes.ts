// ftp:, file: and mailto: are other access methods (STORY 01 §1): the browser would call its FTP
// client, read a local file, or hand the address to a mail client. Wiretrail recognises them and
// explains them instead of loading them.
import { withParticles } from '../shared/korean.ts'
import type { OtherAccessUrl, UrlPart } from './types.ts'

type OtherScheme = OtherAccessUrl['scheme']

export const OTHER_SCHEMES: readonly OtherScheme[] = ['ftp', 'file', 'mailto']

export function isOtherScheme(scheme: string): scheme is OtherScheme {
  return (OTHER_SCHEMES as readonly string[]).includes(scheme)
}

/** `rest` is everything after "scheme:", starting at offset `restStart` in `input`. */
export function describeOtherScheme(input: string, scheme: OtherScheme, restStart: number): OtherAccessUrl {
  const rest = input.slice(restStart)
  const parts: UrlPart[] = [{ kind: 'scheme', text: input.slice(0, restStart), start: 0, end: restStart }]
  if (scheme === 'mailto') {
    const queryAt = rest.indexOf('?')
    const address = decodeSafely(queryAt < 0 ? rest : rest.slice(0, queryAt))
    parts.push({ kind: 'path', text: rest, start: restStart, end: input.length })
    return {
      kind: 'other',
      input,
      scheme,
      accessMethod: 'mail client',
      target: `mail address ${address || '(none given)'}`,
      explanation: {
        en: `mailto: is not a web page: it names the mail address ${address || '(none)'}, and a browser hands it to its mail function instead of sending an HTTP request.`,
        ko: withParticles(`mailto:는 웹 페이지가 아니라 메일 주소 ${address || '(없음)'}을(를) 나타낸다. 브라우저는 HTTP 리퀘스트를 보내지 않고 메일 기능에 넘긴다.`),
      },
      parts,
    }
  }
  const hasSlashes = rest.startsWith('//')
  const afterSlashes = hasSlashes ? restStart + 2 : restStart
  if (hasSlashes) parts.push({ kind: 'slashes', text: '//', start: restStart, end: afterSlashes })
  const pathAt = input.indexOf('/', afterSlashes)
  const authorityEnd = hasSlashes ? (pathAt < 0 ? input.length : pathAt) : afterSlashes
  const authority = input.slice(afterSlashes, authorityEnd)
  const path = decodeSafely(input.slice(authorityEnd)) || '/'
  if (authority !== '') parts.push({ kind: 'host', text: authority, start: afterSlashes, end: authorityEnd })
  if (authorityEnd < input.length) parts.push({ kind: 'path', text: input.slice(authorityEnd), start: authorityEnd, end: input.length })
  if (scheme === 'ftp') {
    const server = authority.slice(authority.lastIndexOf('@') + 1) || '(none given)'
    return {
      kind: 'other',
      input,
      scheme,
      accessMethod: 'FTP client',
      target: `FTP server ${server}, file ${path}`,
      explanation: {
        en: `ftp: asks for the file ${path} on the FTP server ${server}, using the FTP protocol instead of HTTP. A browser would use its FTP client function; Wiretrail follows only http: and https:.`,
        ko: withParticles(`ftp:는 FTP 서버 ${server}의 파일 ${path}을(를) HTTP가 아닌 FTP 프로토콜로 가져오라는 뜻이다. 브라우저는 FTP 클라이언트 기능을 쓴다. Wiretrail은 http:와 https:만 따라간다.`),
      },
      parts,
    }
  }
  return {
    kind: 'other',
    input,
    scheme,
    accessMethod: 'local file',
    target: `file ${path} on this computer${authority && authority !== 'localhost' ? ` (host ${authority})` : ''}`,
    explanation: {
      en: `file: names the file ${path} on this computer: the browser reads it from disk, so no request goes over the network and there are no packets to record.`,
      ko: withParticles(`file:은 이 컴퓨터의 파일 ${path}을(를) 나타낸다. 브라우저가 디스크에서 직접 읽으므로 네트워크로 리퀘스트가 나가지 않고, 기록할 패킷도 없다.`),
    },
    parts,
  }
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
