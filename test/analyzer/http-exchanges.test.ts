// HTTP exchanges kept as columns (http-exchanges.ts), read by the walkthrough as an EntityList
// (entity-rows.ts), and the Info lines kept as numbers (app-info.ts): what they give back must be
// exactly what the tracker's objects and strings were — heads byte for byte, every key in its
// order, the packet list's Info — on real captures and on the orders of events a capture can hold.
import { describe, expect, it } from 'vitest'
import { AppInfo } from '../../src-main/analyzer/app-info.ts'
import { HeadStore, HttpExchangeStore, type RequestRow, type ResponseRow } from '../../src-main/analyzer/http-exchanges.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import type { HttpExchange } from '../../src-main/shared/walkthrough.ts'

const REQUEST: RequestRow = {
  connection: 3,
  requestFrame: 10,
  method: 'POST',
  uri: '/upload?x=1',
  version: 'HTTP/1.1',
  host: 'www.lab.cyber.co.kr:8080',
  referer: null,
  head: 'POST /upload?x=1 HTTP/1.1\r\nHost: www.lab.cyber.co.kr:8080\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n',
  decrypted: false,
}

const RESPONSE: ResponseRow = {
  status: 201,
  reason: 'Created',
  version: 'HTTP/1.1',
  responseFrame: 14,
  frames: [12, 13],
  head: 'HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: 25\r\n\r\n',
  contentType: 'text/plain',
  contentEncoding: 'gzip',
  transferEncoding: null,
  wire: 25,
  decoded: 25,
}

describe('HTTP exchanges as columns', () => {
  it('gives heads back byte for byte, keeping each repeated line once', () => {
    const heads = [
      'GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n',
      'GET /b HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n',
      'HTTP/1.0 200 OK\nServer: x\n\n', // bare LF
      'HTTP/1.1 200 OK\r\nX-Mixed: 1\n\r\n', // CRLF and LF in one head
      'GET /cut HTTP/1.1\r\nHost: a\r\nUser-Ag', // cut short by the snap length: no line end
      'GET /folded HTTP/1.1\r\nX-Folded: one\r\n  two\r\n\r\n',
      'HTTP/1.1 200 \xe9t\xe9\r\n\r\n', // latin1 bytes
      '',
    ]
    const store = new HeadStore()
    const ids = heads.map((h) => store.put(h))
    expect(ids.map((id) => store.text(id))).toEqual(heads)
    // "Host: a\r\n", "Accept: */*\r\n" and "\r\n" are kept once however many heads hold them.
    expect(store.lineCount).toBe(16)
  })

  it('gives back heads that repeat, however long ago they came', () => {
    const store = new HeadStore()
    const head = (i: number) => `GET /img/${i % 1500}.png HTTP/1.1\r\nHost: a\r\nIf-None-Match: "${i % 3}"\r\n\r\n`
    const ids = Array.from({ length: 5000 }, (_, i) => store.put(head(i)))
    ids.forEach((id, i) => expect(store.text(id)).toBe(head(i)))
    expect(store.lineCount).toBe(1500 + 1 + 3 + 1)
  })

  it('tells apart heads that differ only where a repeat is not looked for first: the texts are compared whole', () => {
    // The store finds a repeat by a fingerprint of the head's length, its first 64 characters and
    // one in 16 after them (characters 64, 80, …): these two differ at character 71 only.
    const start = 'GET /a/start/line/of/exactly/sixty-four/characters HTTP/1.1\r\n'.padEnd(64, 'x')
    const a = `${start}X-Val: a\r\nHost: lab.test\r\n\r\n`
    const b = `${start}X-Val: b\r\nHost: lab.test\r\n\r\n`
    expect(a.length).toBe(b.length)
    expect(a.indexOf('X-Val: a') + 7).toBe(71)
    const store = new HeadStore()
    const ids = [a, b, a, b, b, a].map((h) => store.put(h))
    expect(ids.map((id) => store.text(id))).toEqual([a, b, a, b, b, a])
    // The start line, the two X-Val lines, Host and the empty line.
    expect(store.lineCount).toBe(5)
  })

  it('gives each head back whole however often and in whatever order it is read (the texts it keeps as made)', () => {
    const store = new HeadStore()
    const redirect = (n: number) => `HTTP/1.1 301 Moved Permanently\r\nLocation: http://lab.test/${n}\r\nContent-Length: 0\r\n\r\n`
    // Repeats (which share their lines), heads cut short, and empty heads: an empty head's lines
    // start where the next head's do.
    const heads: string[] = []
    for (let i = 0; i < 300; i++) heads.push(i % 7 === 0 ? '' : i % 5 === 0 ? redirect(i % 3) : i % 11 === 0 ? 'HTTP/1.1 200 OK\r\nX-Cut: ' + i : redirect(i))
    const ids = heads.map((h) => store.put(h))
    // In order, backwards, and by a stride: more distinct heads than it keeps at once.
    for (const order of [ids, [...ids].reverse(), ids.map((_, k) => ids[(k * 37) % ids.length]!)]) {
      for (const id of order) expect(store.text(id)).toBe(heads[id])
    }
    for (let k = 0; k + 1 < ids.length; k++) {
      expect(store.text(ids[k]!)).toBe(heads[k])
      expect(store.text(ids[k + 1]!)).toBe(heads[k + 1])
    }
  })

  it('writes each exchange as the tracker did, key for key and in the order the keys came', () => {
    const store = new HttpExchangeStore()
    // A 100-continue upload: the interim response comes before the request's body is complete, so
    // `interim` comes before `requestFrames` — the order the tracker's object had.
    const a = store.request(REQUEST)
    store.interimResponse(a, 100, 11)
    store.requestDone(a, 12, [9, 11], true)
    store.response(a, RESPONSE)
    store.note(a, 'gzip data cut short', 'HTTP_BAD_CONTENT_ENCODING')
    // The usual order, decrypted from TLS, with no response.
    const b = store.request({ ...REQUEST, method: 'GET', uri: '/', head: 'GET / HTTP/1.1\r\nHost: www.lab.cyber.co.kr:8080\r\n\r\n', decrypted: true, referer: 'http://www.lab.cyber.co.kr:8080/' })
    store.requestDone(b, 20, [19], false)
    store.cause(b, a, 'referer')
    expect(JSON.stringify(store.at(a))).toBe(
      JSON.stringify({
        method: 'POST',
        uri: '/upload?x=1',
        host: 'www.lab.cyber.co.kr:8080',
        status: 201,
        reason: 'Created',
        connection: 3,
        request_frame: 12,
        response_frame: 14,
        requestHead: REQUEST.head,
        responseHead: RESPONSE.head,
        contentType: 'text/plain',
        contentEncoding: 'gzip',
        transferEncoding: null,
        bodyBytes: { wire: 25, decoded: 25 },
        referer: null,
        interim: [{ status: 100, frame: 11 }],
        requestFrames: [10, 12],
        responseFrames: [13, 14],
        note: 'gzip data cut short',
        noteCode: 'HTTP_BAD_CONTENT_ENCODING',
      }),
    )
    expect(JSON.stringify(store.at(b))).toBe(
      JSON.stringify({
        method: 'GET',
        uri: '/',
        host: 'www.lab.cyber.co.kr:8080',
        status: null,
        reason: null,
        connection: 3,
        request_frame: 20,
        response_frame: null,
        requestHead: 'GET / HTTP/1.1\r\nHost: www.lab.cyber.co.kr:8080\r\n\r\n',
        responseHead: null,
        contentType: null,
        contentEncoding: null,
        transferEncoding: null,
        bodyBytes: null,
        referer: 'http://www.lab.cyber.co.kr:8080/',
        decrypted: true,
        requestFrames: [20],
        incomplete: true,
        causedBy: 0,
        cause: 'referer',
      }),
    )
    // Each field read alone (the steps' plan reads a few of every exchange) is the whole exchange's,
    // an absent key included (every key of the schema: the compiler says when one is added).
    const keys: Record<keyof HttpExchange, true> = { method: true, uri: true, host: true, status: true, reason: true, connection: true, request_frame: true, response_frame: true, requestHead: true, responseHead: true, contentType: true, contentEncoding: true, transferEncoding: true, bodyBytes: true, referer: true, decrypted: true, requestFrames: true, incomplete: true, interim: true, responseFrames: true, responseIncomplete: true, note: true, noteCode: true, causedBy: true, cause: true }
    for (const i of [a, b]) {
      const whole = store.at(i)!
      for (const key of Object.keys(keys) as (keyof HttpExchange)[]) expect(store.field(i, key), `exchange ${i}: ${key}`).toEqual(whole[key])
    }
    // The Info lines come from the same columns.
    expect(store.info(a, 'request')).toBe('POST /upload?x=1 HTTP/1.1')
    expect(store.info(a, 'response')).toBe('HTTP/1.1 201 Created')
    // A body's size counted later by zlib reaches the row.
    store.decodedSize(a, 4096)
    expect(store.at(a)!.bodyBytes).toEqual({ wire: 25, decoded: 4096 })
  })

  it('gives each exchange the cause the build set last, as the whole exchange and as the plan reads it, none once cleared', () => {
    const store = new HttpExchangeStore()
    const rows = Array.from({ length: 6 }, (_, i) => store.request({ ...REQUEST, connection: i, requestFrame: i + 1 }))
    const causes = (): unknown[] => rows.map((i) => [store.at(i)!.causedBy, store.at(i)!.cause, store.planned(i).causedBy, store.planned(i).cause, store.field(i, 'cause'), Object.keys(store.at(i)!).slice(-2)])
    const none = causes()
    expect(none.every((c) => JSON.stringify(c) === JSON.stringify([undefined, undefined, undefined, undefined, undefined, ['bodyBytes', 'referer']]))).toBe(true)
    // A preview's build links what it has read so far; the whole capture's build clears those and
    // links again, each exchange's cause what the later build found (the other kind, or none).
    store.cause(rows[1]!, rows[0]!, 'redirect')
    store.cause(rows[2]!, rows[0]!, 'referer')
    store.cause(rows[3]!, rows[2]!, 'redirect')
    expect(causes().slice(1, 4)).toStrictEqual([
      [0, 'redirect', 0, 'redirect', 'redirect', ['causedBy', 'cause']],
      [0, 'referer', 0, 'referer', 'referer', ['causedBy', 'cause']],
      [2, 'redirect', 2, 'redirect', 'redirect', ['causedBy', 'cause']],
    ])
    store.clearCauses()
    expect(causes()).toStrictEqual(none)
    store.cause(rows[1]!, rows[0]!, 'referer')
    store.cause(rows[2]!, rows[1]!, 'redirect')
    store.cause(rows[5]!, rows[4]!, 'referer')
    expect(causes()).toStrictEqual([
      none[0],
      [0, 'referer', 0, 'referer', 'referer', ['causedBy', 'cause']],
      [1, 'redirect', 1, 'redirect', 'redirect', ['causedBy', 'cause']],
      none[3],
      none[4],
      [4, 'referer', 4, 'referer', 'referer', ['causedBy', 'cause']],
    ])
  })

  it('keeps thousands of rows (the columns grow)', () => {
    const store = new HttpExchangeStore()
    for (let i = 0; i < 5000; i++) {
      const x = store.request({ ...REQUEST, connection: i, requestFrame: 2 * i + 1, uri: `/item/${i % 7}` })
      store.response(x, { ...RESPONSE, responseFrame: 2 * i + 2, frames: [2 * i + 1] })
    }
    expect(store.length).toBe(5000)
    expect(store.at(4321)).toMatchObject({ connection: 4321, request_frame: 8643, response_frame: 8644, uri: '/item/2', responseFrames: [8644], requestHead: REQUEST.head, responseHead: RESPONSE.head })
  })
})

describe('Info lines kept as numbers', () => {
  it('gives back what was set, and moves a line to the frame that completed the message', () => {
    const info = new AppInfo()
    const store = new HttpExchangeStore()
    info.exchanges = store
    const x = store.request(REQUEST)
    info.setHttp(7, x, 'request')
    info.set(8, { protocol: 'TLS', info: 'Client Hello' })
    info.set(9, { protocol: 'TLS', info: 'Client Hello' })
    info.set(9, { protocol: 'TLSv1.3', info: 'Client Hello' }) // the last word on a frame wins
    expect(info.get(7)).toEqual({ protocol: 'HTTP', info: 'POST /upload?x=1 HTTP/1.1' })
    expect(info.get(9)).toEqual({ protocol: 'TLSv1.3', info: 'Client Hello' })
    info.move(7, 12)
    expect(info.get(7)).toBeUndefined()
    expect(info.get(12)).toEqual({ protocol: 'HTTP', info: 'POST /upload?x=1 HTTP/1.1' })
    expect(info.size).toBe(3)
  })

  for (const name of ['http-chunked-gzip-100-continue.pcap', 'http-pipelined-requests.pcap', 'http-keepalive-gzip-57-requests.pcap', 'null-loopback-ipv6-http-connect-tls.pcap']) {
    it(`writes an exchange's frames' Info from its columns as its heads' start lines: ${name}`, async () => {
      const r = await runAnalysis(`${CORPUS_DIR}/${name}`, { frameListLimit: 100000 })
      try {
        const w = r.walkthrough
        expect(w.http.length).toBeGreaterThan(0)
        const firstLine = (head: string) => head.slice(0, head.search(/\r?\n/))
        // A frame completing two messages (pipelined requests in one segment) shows the last one.
        const completing = new Map<number, number>()
        for (const ex of w.http) for (const f of [ex.request_frame, ex.response_frame ?? 0]) completing.set(f, (completing.get(f) ?? 0) + 1)
        let checked = 0
        for (const ex of w.http) {
          if (completing.get(ex.request_frame) === 1) {
            expect(w.frames[ex.request_frame - 1]!.protocol).toBe('HTTP')
            expect(w.frames[ex.request_frame - 1]!.info).toBe(firstLine(ex.requestHead))
            checked++
          }
          if (ex.response_frame !== null && completing.get(ex.response_frame) === 1) {
            expect(w.frames[ex.response_frame - 1]!.info).toBe(firstLine(ex.responseHead!))
            checked++
          }
        }
        expect(checked).toBeGreaterThan(1)
      } finally {
        await r.reader.close()
      }
    })
  }
})
