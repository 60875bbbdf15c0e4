// The words for every error code (src-main/shared/error-meanings.ts). The compiler checks the table
// has a key for every code of the areas' unions; this checks what the table holds at run time
// (both languages, different, Korean particles right after the Latin words and numbers they
// follow), that every code the source raises is one of them (a code thrown without a type, or
// from a new place, has words too), and how an error is said: meaning first, then the message;
// an error with its own explanation said with that; the CLI's --lang ko.
import { execFile } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeError, ERROR_MEANINGS, errorMeaning } from '../../src-main/shared/error-meanings.ts'
import { DECODE_ISSUE_WORDS } from '../../src-main/shared/decode-issues.ts'
import { hasUnresolvedParticle, withParticles } from '../../src-main/shared/korean.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const CODES = Object.keys(ERROR_MEANINGS) as (keyof typeof ERROR_MEANINGS)[]
const HANGUL = /[가-힣]/

/** Every .ts and .vue file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.includes('.generated.'))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** The codes the source raises: the first argument of an error's constructor or of a helper that
 * makes one (urlError, this.error, this.fail, refuse(status, …)), and `code: '…'` of an error or a
 * problem written as an object. */
function raisedCodes(): Map<string, string> {
  const raised = new Map<string, string>()
  const patterns = [
    /(?:Error|urlError|\.error|\.fail|\.note)\(\s*'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g,
    /refuse\(\d+,\s*'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g,
    /\bcode: '([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g,
    /\bcode: nx \? '([A-Z_]+)' : '([A-Z_]+)'/g,
    /Error\(\s*nx \? '([A-Z_]+)' : '([A-Z_]+)'/g,
  ]
  for (const file of [...sources(join(ROOT, 'src-main')), ...sources(join(ROOT, 'src-renderer'))]) {
    const text = readFileSync(file, 'utf8')
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        for (const code of match.slice(1)) if (code !== undefined) raised.set(code, relative(ROOT, file))
      }
    }
  }
  // Node's own codes the engine compares with, not ones it raises to the user.
  for (const code of [...raised.keys()]) if (code.startsWith('ERR_') || /^E[A-Z]+$/.test(code)) raised.delete(code)
  return raised
}

describe('the words for every error code', () => {
  it('has English and Korean words for every code, different, each in its own language, each a whole sentence', () => {
    expect(CODES.length).toBeGreaterThan(150)
    for (const code of CODES) {
      const { en, ko } = ERROR_MEANINGS[code]
      expect(en.trim(), code).not.toBe('')
      expect(ko.trim(), code).not.toBe('')
      expect(ko, code).not.toBe(en)
      expect(ko, `${code} in Korean`).toMatch(HANGUL)
      expect(en, `${code} in English`).not.toMatch(HANGUL)
      expect(en, code).toMatch(/[.?)]$/)
      expect(ko, code).toMatch(/[.?)]$/)
      expect(hasUnresolvedParticle(ko), code).toBe(false)
    }
  })

  it('puts after each Latin word or number the particle its reading takes (as es-hangul picks it)', () => {
    // "Wiretrail이", ".pcapng로", "--help를", "http:와", "127.0.0.1로": each particle written right
    // after a word that is not Hangul is checked against the both-ways form filled in by korean.ts.
    const PAIRS: Record<string, string> = { 이: '이(가)', 가: '이(가)', 을: '을(를)', 를: '을(를)', 은: '은(는)', 는: '은(는)', 와: '와(과)', 과: '와(과)', 으로: '(으)로', 로: '(으)로' }
    const AFTER_LATIN = /([A-Za-z0-9:/."')-])(으로|로|이|가|을|를|은|는|와|과)(?=[\s.,)]|$)/g
    let checked = 0
    for (const code of CODES) {
      const { ko } = ERROR_MEANINGS[code]
      for (const match of ko.matchAll(AFTER_LATIN)) {
        const before = ko.slice(0, match.index + 1)
        const written = match[2]!
        expect(withParticles(`${before}${PAIRS[written]}`).slice(before.length), `${code}: …${before.slice(-20)}${written}`).toBe(written)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('has words for every code the source raises', () => {
    const raised = raisedCodes()
    // The scan finds the codes of every area (a sample of each).
    for (const code of ['CAPTURE_TRUNCATED', 'URL_BAD_HOST', 'SOCKET_CONNECT_REFUSED', 'DNS_TIMEOUT', 'HTTP_BAD_CHUNK', 'FILTER_SYNTAX', 'RECORD_DISK_FULL', 'LAB_LISTEN_FAILED', 'SAVE_EXISTS', 'SHELL_FORBIDDEN_TOKEN', 'JOURNAL_BAD_LINE', 'OPEN_JOURNAL_ONLY']) {
      expect(raised.has(code), code).toBe(true)
    }
    // A frame issue's code has its words in the table of issues (shared/decode-issues.ts).
    const without = [...raised].filter(([code]) => errorMeaning(code) === null && !Object.hasOwn(DECODE_ISSUE_WORDS, code)).map(([code, file]) => `${code} (${file})`)
    expect(without.sort()).toEqual([
      // Not errors a user meets as such: a page load's notes, kept in the journal and told in the
      // walkthrough's own words.
      'RECORD_HTML_SEARCH_LIMIT (src-main/recorder/page-loader.ts)',
      'RECORD_SUBRESOURCE_LIMIT (src-main/recorder/page-loader.ts)',
    ].sort())
  })
})

describe('an error as the user reads it', () => {
  it('is its meaning in the asked language, then the engine\'s message', () => {
    const refused = { code: 'SOCKET_CONNECT_REFUSED', message: 'connect() to 127.0.0.1:9 was refused: nothing listens on that port (the server answered with RST)' }
    expect(describeError(refused, 'ko')).toEqual({ meaning: '연결이 거부되었습니다. 서버의 그 포트에서 기다리는 프로그램이 없습니다.', message: refused.message })
    expect(describeError(refused, 'en')).toEqual({ meaning: 'The connection was refused: no program is waiting on that port of the server.', message: refused.message })
  })

  it('is the error\'s own explanation when it carries one in both languages, with no meaning before it', () => {
    const explanation = { en: 'ftp: asks an FTP server for a file.', ko: 'ftp:는 FTP 서버에 파일을 달라는 뜻입니다.' }
    expect(describeError({ code: 'URL_OTHER_ACCESS_METHOD', message: '"ftp:" is another access method', details: { explanation } }, 'ko')).toEqual({ meaning: null, message: explanation.ko })
  })

  it('is the message alone for a code of no table of ours (an operating system\'s)', () => {
    expect(errorMeaning('ENOENT')).toBeNull()
    expect(errorMeaning('toString')).toBeNull()
    expect(describeError({ code: 'ENOENT', message: 'no such file' }, 'ko')).toEqual({ meaning: null, message: 'no such file' })
  })
})

describe('the CLI under --lang ko', () => {
  function wiretrail(args: string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [join(ROOT, 'src-main', 'cli', 'wiretrail.mjs'), ...args], { timeout: 60_000 }, (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stderr })
      })
    })
  }

  it('says a failure in Korean first, then the engine\'s message and its code; in English as before', async () => {
    const notes = join(scratchDir('error-meanings'), 'notes.txt')
    writeFileSync(notes, 'hello world\n')
    const ko = await wiretrail(['inspect', notes, '--lang', 'ko'])
    expect(ko.code).toBe(1)
    expect(ko.stderr).toMatch(/^wiretrail inspect: pcap 또는 pcapng 캡처 파일이 아닙니다\. 첫 바이트가 어느 형식의 매직 넘버와도 맞지 않습니다\. notes\.txt is not a pcap or pcapng capture: it starts with bytes 68 65 6c 6c .*\[CAPTURE_UNKNOWN_FORMAT\]\n$/)
    const en = await wiretrail(['inspect', notes])
    expect(en.stderr).toMatch(/^wiretrail inspect: notes\.txt is not a pcap or pcapng capture: .*\[CAPTURE_UNKNOWN_FORMAT\]\n$/)
    const url = await wiretrail(['record', 'http://www lab/', '--lang=ko', '--address-block', '183'])
    expect(url.stderr).toBe('wiretrail record: 서버 이름에 들어갈 수 없는 문자가 있습니다. the host "www lab" contains U+0020 at character 10, which a server name cannot contain [URL_BAD_HOST]\n')
  })

  it('says a problem inside a capture in Korean first, beside the walkthrough it still prints', async () => {
    const truncated = join(CORPUS_DIR, 'truncated-file-cut-mid-record.cap')
    const ko = await wiretrail(['inspect', truncated, '--summary', '--lang', 'ko'])
    expect(ko.code).toBe(1)
    expect(ko.stderr).toBe(`wiretrail inspect: ${truncated}: [CAPTURE_TRUNCATED] 9954번째 바이트: 파일이 중간에 잘려 있습니다. 패킷 레코드 도중에 끝납니다. the file is cut short: record 17 at byte 9954 needs 188 bytes of data but only 30 remain\n`)
    const en = await wiretrail(['inspect', truncated, '--summary'])
    expect(en.stderr).toBe(`wiretrail inspect: ${truncated}: [CAPTURE_TRUNCATED] at byte 9954: the file is cut short: record 17 at byte 9954 needs 188 bytes of data but only 30 remain\n`)
  })

  it('says a page that did not load in Korean: where it stopped, why, and what was kept', { timeout: 60_000 }, async () => {
    // A port nothing listens on any more: taken from the system, then let go.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        server.close(() => resolve(port))
      })
    })
    const dir = scratchDir('error-meanings')
    const output = join(dir, 'refused.pcap')
    const run = await wiretrail(['record', `http://127.0.0.1:${closed}/`, '-o', output, '--lang', 'ko', '--address-block', '184'])
    expect(run.code).toBe(1)
    const last = run.stderr.trim().split('\n').at(-1)
    expect(last).toBe(
      `wiretrail record: 페이지를 불러오지 못했습니다 (connect: 127.0.0.1 (127.0.0.1:${closed})). 연결이 거부되었습니다. 서버의 그 포트에서 기다리는 프로그램이 없습니다. ` +
        `connect() to 127.0.0.1:${closed} was refused: nothing listens on that port (the server answered with RST) [SOCKET_CONNECT_REFUSED]; ` +
        `그때까지 기록한 것은 남겼습니다: ${output}(pcap, 프레임 2개)와 저널 ${output}.wiretrail.jsonl`,
    )
  })
})
