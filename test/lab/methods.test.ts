// Another method (issue 14 §1, STORY 01 §4): the lab's web server answers PUT and DELETE in memory
// while the methods experiment is in force (the files on disk never change, and ending it serves
// them again), TRACE (the request as received, message/http) and OPTIONS (Allow per path), each
// with RFC 9110's status codes. Then the experiment end to end through the command line: `wiretrail
// record --experiment methods` in a child process, `wiretrail inspect --json` on each capture it
// wrote, and tshark on the same files (each request line and status code on the bytes, at the
// offsets the packet pane's field tree gives them).
import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPERIMENTS, startExperiment } from '../../src-main/lab/experiments/index.ts'
import { startLab, type LabWebServer, type RunningLab } from '../../src-main/lab/index.ts'
import { MAX_WRITTEN_BYTES, MAX_WRITTEN_ENTRIES } from '../../src-main/lab/web/site-writes.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { DecodedField, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { scratchDir, tshark } from '../recorder/peers.ts'
import { runPeer } from './peers.ts'

const BLOCK = 98 // 127.98.0.0/16: the in-process lab of this file
const CLI_BLOCK = 99 // 127.99.0.0/16: the lab `wiretrail record` starts in its own process
const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
let lab: RunningLab
let cyber: LabWebServer

beforeAll(async () => {
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
  cyber = lab.web.find((web) => web.host === 'www.lab.cyber.co.kr') as LabWebServer
})
afterAll(() => lab?.close())

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** One request on its own connection (no keep-alive), the name pinned by the Host header. */
function send(method: string, path: string, options: { body?: string | Buffer; headers?: Record<string, string>; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: cyber.address, port: cyber.httpPort, method, path, agent: false, headers: { Host: options.host ?? 'www.lab.cyber.co.kr', ...options.headers } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}

/** Writes raw request bytes and reads until the server closes. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: cyber.address, port: cyber.httpPort }, () => socket.write(request))
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString('latin1')))
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
    socket.setTimeout(5000, () => socket.destroy())
  })
}

const sampleOnDisk = (): Buffer => readFileSync(join(lab.network.assetsDir, 'www', 'common', 'sample.htm'))
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

describe('the lab web server: OPTIONS, TRACE, and PUT/DELETE refused without the experiment', () => {
  it('OPTIONS answers 204 with what each path allows; "*" is the whole server', async () => {
    const allow = async (path: string): Promise<string | undefined> => {
      const answer = await send('OPTIONS', path)
      expect(answer.status).toBe(204)
      expect(answer.body.length).toBe(0)
      return answer.headers.allow
    }
    expect(await allow('/sample.htm')).toBe('GET, HEAD, OPTIONS, TRACE')
    expect(await allow('/cgi-bin/echo')).toBe('POST, OPTIONS, TRACE')
    expect(await allow('/dir/')).toBe('GET, HEAD, OPTIONS, TRACE')
    expect(await allow('*')).toBe('GET, HEAD, POST, OPTIONS, TRACE')
  })

  it('PUT and DELETE are 405 with Allow: the files are read-only until an experiment allows writes', async () => {
    const put = await send('PUT', '/memo.txt', { body: 'hello', headers: { 'Content-Type': 'text/plain' } })
    expect(put.status).toBe(405)
    expect(put.headers.allow).toBe('GET, HEAD, OPTIONS, TRACE')
    expect(put.body.toString()).toContain('PUT is not allowed on /memo.txt')
    const remove = await send('DELETE', '/sample.htm')
    expect(remove.status).toBe(405)
    expect(remove.headers.allow).toBe('GET, HEAD, OPTIONS, TRACE')
    expect((await send('GET', '/sample.htm')).body).toEqual(sampleOnDisk())
    const echo = await send('GET', '/cgi-bin/echo')
    expect(echo.status).toBe(405)
    expect(echo.headers.allow).toBe('POST, OPTIONS, TRACE')
  })

  it('TRACE sends back the request line and header lines as received, as message/http (credentials left out); with a body it is 400', async () => {
    const head = 'TRACE /sample.htm?x=1 HTTP/1.1\r\nHost: www.lab.cyber.co.kr\r\nX-Via-Test: one  two\r\nMax-Forwards: 0\r\n'
    const raw = await rawExchange(`${head}Cookie: secret=1\r\nConnection: close\r\n\r\n`)
    const [responseHead, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)]
    expect(responseHead).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(responseHead).toContain('\r\nContent-Type: message/http\r\n')
    expect(body).toBe(`${head}Connection: close\r\n\r\n`)
    expect(responseHead).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`)
    const withBody = await rawExchange('TRACE / HTTP/1.1\r\nHost: www.lab.cyber.co.kr\r\nContent-Length: 3\r\n\r\nabc')
    expect(withBody).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(withBody).toContain('A TRACE request carries no content')
  })
})

describe('the lab web server under the methods experiment: PUT and DELETE in memory', () => {
  it('creates (201), reads, replaces (204), deletes (204), refuses what it cannot; ending the experiment serves the files on disk again', async () => {
    const diskBefore = sha(sampleOnDisk())
    const undo = startExperiment(lab, 'methods')
    try {
      expect((await send('OPTIONS', '/memo.txt')).headers.allow).toBe('GET, HEAD, PUT, DELETE, OPTIONS, TRACE')
      expect((await send('OPTIONS', '*')).headers.allow).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE')

      const created = await send('PUT', '/memo.txt', { body: '첫 메모\n', headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
      expect(created.status).toBe(201)
      expect(created.body.toString()).toBe('Created /memo.txt: 11 bytes of text/plain; charset=utf-8.\n')
      const read = await send('GET', '/memo.txt')
      expect(read.status).toBe(200)
      expect(read.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(read.body.toString()).toBe('첫 메모\n')
      // Every lab web server serves every site: the write is the site's, seen through either address.
      expect((await send('GET', '/memo.txt', { host: 'www.lab.glasscom.com' })).status).toBe(404)

      const replaced = await send('PUT', '/memo.txt', { body: 'second', headers: { 'Content-Type': 'text/plain' } })
      expect(replaced.status).toBe(204)
      expect(replaced.body.length).toBe(0)
      expect((await send('GET', '/memo.txt')).body.toString()).toBe('second')

      // A file of the site itself is replaced (204: it had a representation) and deleted, in memory.
      expect((await send('PUT', '/sample.htm', { body: '<p>put over</p>', headers: { 'Content-Type': 'text/html' } })).status).toBe(204)
      expect((await send('GET', '/sample.htm')).body.toString()).toBe('<p>put over</p>')
      expect((await send('DELETE', '/sample.htm')).status).toBe(204)
      expect((await send('GET', '/sample.htm')).status).toBe(404)

      const deleted = await send('DELETE', '/memo.txt')
      expect(deleted.status).toBe(204)
      expect((await send('GET', '/memo.txt')).status).toBe(404)
      const again = await send('DELETE', '/memo.txt')
      expect(again.status).toBe(404)
      expect(again.body.toString()).toContain('There is no file at /memo.txt on www.lab.cyber.co.kr to delete')

      // What PUT and DELETE cannot name.
      const program = await send('PUT', '/cgi-bin/echo', { body: 'x' })
      expect([program.status, program.headers.allow]).toEqual([405, 'POST, OPTIONS, TRACE'])
      expect((await send('PUT', '/dir/', { body: 'x' })).status).toBe(405)
      expect((await send('DELETE', '/dir')).status).toBe(405)
      expect((await send('PUT', '/a/../b', { body: 'x' })).status).toBe(400)

      // Bounded: one file's size, and the paths held.
      expect((await send('PUT', '/big.bin', { body: Buffer.alloc(MAX_WRITTEN_BYTES + 1) })).status).toBe(413)
      expect((await send('PUT', '/big.bin', { body: Buffer.alloc(MAX_WRITTEN_BYTES) })).status).toBe(201)
      // Held now: sample.htm (deleted), memo.txt is forgotten (it had no file on disk), big.bin.
      for (let i = 2; i < MAX_WRITTEN_ENTRIES; i += 1) expect((await send('PUT', `/f${i}.txt`, { body: `${i}` })).status).toBe(201)
      const full = await send('PUT', '/one-too-many.txt', { body: 'x' })
      expect(full.status).toBe(507)
      expect(full.body.toString()).toContain(`at most ${MAX_WRITTEN_ENTRIES} files`)
      expect((await send('PUT', '/f2.txt', { body: 'replaced' })).status).toBe(204) // a path held already fits
    } finally {
      undo()
    }
    // Undone: the file on disk is served again, what was put is gone, writes are refused.
    const served = await send('GET', '/sample.htm')
    expect(served.status).toBe(200)
    expect(served.body).toEqual(sampleOnDisk())
    expect(sha(sampleOnDisk())).toBe(diskBefore)
    expect((await send('GET', '/big.bin')).status).toBe(404)
    expect((await send('PUT', '/memo.txt', { body: 'x' })).status).toBe(405)
    expect(lab.tweaks!.inForce()).toEqual([])
  })
})

interface PdmlField {
  name: string
  pos: number
  size: number
  show: string
}

/** tshark's PDML fields of one frame, each with its position in that frame's bytes. */
async function pdmlOf(file: string, port: number, frame: number): Promise<PdmlField[]> {
  const pdml = await tshark(['-n', '-r', file, '-d', `tcp.port==${port},http`, '-o', 'tcp.desegment_tcp_streams:FALSE', '-Y', `frame.number == ${frame}`, '-T', 'pdml'])
  const fields: PdmlField[] = []
  for (const match of pdml.matchAll(/<field ([^>]*?)\/?>/g)) {
    const attribute = (name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(match[1]!)?.[1]
    const [name, pos, size, show] = [attribute('name'), attribute('pos'), attribute('size'), attribute('show')]
    if (name !== undefined && pos !== undefined && size !== undefined && show !== undefined) fields.push({ name, pos: Number(pos), size: Number(size), show })
  }
  return fields
}

/** Every field of a field tree, children after their parent. */
function fieldsOf(fields: readonly DecodedField[]): DecodedField[] {
  return fields.flatMap((field) => [field, ...fieldsOf(field.children ?? [])])
}

function wiretrail(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WIRETRAIL, ...args], { cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** What each of the experiment's recordings must show: its request line, its status line, and the
 * sentence its response step ends with (what the server did, for exactly that exchange). */
const EXPECTED = [
  { file: 'm.pcapng', line: 'POST /cgi-bin/echo HTTP/1.1', status: 200, reason: 'OK', said: null, ko: null },
  { file: 'm-2.pcapng', line: 'PUT /memo.txt HTTP/1.1', status: 201, reason: 'Created', said: "201 Created: the server made a new file at /memo.txt from the request's body (there was none there before).", ko: '201 Created: 서버가 리퀘스트의 본문으로 /memo.txt에 새 파일을 만들었다(전에는 없었다).' },
  { file: 'm-3.pcapng', line: 'GET /memo.txt HTTP/1.1', status: 200, reason: 'OK', said: null, ko: null },
  { file: 'm-4.pcapng', line: 'DELETE /memo.txt HTTP/1.1', status: 204, reason: 'No Content', said: '204 No Content: the server deleted the file at /memo.txt.', ko: '204 No Content: 서버가 /memo.txt의 파일을 삭제했다.' },
  { file: 'm-5.pcapng', line: 'GET /memo.txt HTTP/1.1', status: 404, reason: 'Not Found', said: '404 Not Found: the server has no file at /memo.txt.', ko: '404 Not Found: 서버의 /memo.txt에는 파일이 없다.' },
  { file: 'm-6.pcapng', line: 'OPTIONS /sample.htm HTTP/1.1', status: 204, reason: 'No Content', said: "The server's communication options for /sample.htm: its Allow header lists the methods allowed there: GET, HEAD, PUT, DELETE, OPTIONS, TRACE.", ko: '/sample.htm에 대한 서버의 통신 옵션: Allow 헤더가 그곳에 허용된 메소드를 나열한다: GET, HEAD, PUT, DELETE, OPTIONS, TRACE.' },
  { file: 'm-7.pcapng', line: 'TRACE /sample.htm HTTP/1.1', status: 200, reason: 'OK', said: 'is the request line and header lines as the server received them', ko: '서버가 받은 리퀘스트 라인과 헤더 그대로이다' },
] as const

describe('wiretrail record --experiment methods, then wiretrail inspect --json on each capture', () => {
  it('records the seven requests in one lab run, each capture showing its request line, status and what the server did, as tshark reads the bytes', async () => {
    const cwd = scratchDir('methods-cli')
    const run = await wiretrail(['record', '--experiment', 'methods', '-o', 'm.pcapng', '--format', 'pcapng', '--address-block', String(CLI_BLOCK)], cwd)
    expect(run.stderr).not.toContain('warning')
    expect(run.code).toBe(0)
    const requests = EXPERIMENTS.methods.record.requests!
    for (const [index, request] of requests.entries()) expect(run.stderr).toContain(`experiment methods: ${index + 1} of 7: ${request.does.en}\n`)

    for (const expected of EXPECTED) {
      const path = join(cwd, expected.file)
      const inspected = await wiretrail(['inspect', '--json', path], cwd)
      expect(inspected.code).toBe(0)
      const walkthrough = JSON.parse(inspected.stdout) as Walkthrough
      expect(walkthrough.recording?.experiment?.id).toBe('methods')
      expect(walkthrough.http).toHaveLength(1)
      const [exchange] = walkthrough.http
      expect(exchange!.requestHead.split('\r\n')[0]).toBe(expected.line)
      expect([exchange!.status, exchange!.reason]).toEqual([expected.status, expected.reason])
      expect(exchange!.responseHead!.split('\r\n')[0]).toBe(`HTTP/1.1 ${expected.status} ${expected.reason}`)

      // The step for the request shows its line; the response's step ends with what the server did.
      const [method, uri] = expected.line.split(' ')
      const what = walkthrough.steps.find((step) => step.concept === 'http.method-uri' && step.refs.http === 0)!
      expect(what.title.en).toBe(`What and how: ${method} ${uri}`)
      const sent = walkthrough.steps.find((step) => step.kind === 'send' && step.refs.http === 0)!
      expect(sent.detail.en).toContain(`"${expected.line}"`)
      expect(sent.frames).toContain(exchange!.request_frame)
      const answered = walkthrough.steps.find((step) => (step.kind === 'receive' || step.kind === 'http-response') && step.refs.http === 0)!
      expect(answered.detail.en.toLowerCase()).toContain(`status line "http/1.1 ${expected.status} ${expected.reason}"`.toLowerCase())
      expect(answered.frames).toContain(exchange!.response_frame)
      if (expected.said !== null) {
        expect(answered.detail.en).toContain(expected.said)
        expect(answered.detail.ko).toContain(expected.ko)
      } else {
        expect(answered.detail.en).not.toMatch(/the server (made|replaced|deleted)|communication options|Not Allowed/)
      }
      for (const step of walkthrough.steps) expect(step.detail.ko).not.toMatch(/[을이은과]\([를가는와]\)/)

      // tshark reads the same request line and status from the bytes, in the frames the steps name.
      const port = Number(walkthrough.connections[0]!.server.split(':').at(-1))
      const rows = (await tshark(['-n', '-r', path, '-d', `tcp.port==${port},http`, '-Y', 'http', '-T', 'fields', '-e', 'frame.number', '-e', 'http.request.method', '-e', 'http.request.uri', '-e', 'http.request.version', '-e', 'http.response.code', '-e', 'http.response.phrase']))
        .trim()
        .split('\n')
        .map((line) => line.split('\t'))
      const requestRow = rows.find((row) => Number(row[0]) === exchange!.request_frame)!
      const responseRow = rows.find((row) => Number(row[0]) === exchange!.response_frame)!
      expect(requestRow.slice(1, 4).join(' ')).toBe(expected.line)
      expect([responseRow[4], responseRow[5]]).toEqual([String(expected.status), expected.reason])

      // Byte for byte: where tshark finds the method and the status code in those frames, the
      // packet pane's field tree (the analyzer's detail) has the same field, offset and length, and
      // the frame's bytes there are the method's name and the code's digits.
      const analysed = await runAnalysis(path, { journalPath: `${path}.wiretrail.jsonl` })
      try {
        for (const [frame, key, shown] of [
          [exchange!.request_frame, 'http.request.method', method!],
          [exchange!.response_frame!, 'http.response.code', String(expected.status)],
        ] as const) {
          const theirs = (await pdmlOf(path, port, frame)).find((field) => field.name === key)!
          expect(theirs.show).toBe(shown)
          const detail = await analysed.reader.detail(frame)
          const ours = fieldsOf(detail.layers.flatMap((layer) => layer.fields)).find((field) => field.key === key)!
          expect([ours.offset, ours.length]).toEqual([theirs.pos, theirs.size])
          expect(Buffer.from(detail.bytes.slice(ours.offset, ours.offset + ours.length)).toString('latin1')).toBe(shown)
        }
      } finally {
        await analysed.reader.close()
      }
    }

    // TRACE: the response's body is, byte for byte, the request head the recorder sent.
    const trace = JSON.parse((await wiretrail(['inspect', '--json', join(cwd, 'm-7.pcapng')], cwd)).stdout) as Walkthrough
    const exchange = trace.http[0]!
    const payload = Buffer.from((await tshark(['-n', '-r', join(cwd, 'm-7.pcapng'), '-Y', `frame.number == ${exchange.response_frame}`, '-T', 'fields', '-e', 'tcp.payload'])).trim().replace(/:/g, ''), 'hex').toString('latin1')
    expect(payload.slice(payload.indexOf('\r\n\r\n') + 4)).toBe(exchange.requestHead)
    expect(exchange.contentType).toBe('message/http')
    // PUT's body went out as sent, and GET read the same bytes back.
    const put = JSON.parse(readFileSync(join(cwd, 'm-2.pcapng.wiretrail.jsonl'), 'utf8').split('\n')[0]!)
    expect(put).toMatchObject({ type: 'recording', typedUrl: 'http://www.lab.cyber.co.kr/memo.txt', experiment: { id: 'methods' } })
    const got = JSON.parse((await wiretrail(['inspect', '--json', join(cwd, 'm-3.pcapng')], cwd)).stdout) as Walkthrough
    expect(got.http[0]!.bodyBytes?.decoded).toBe(Buffer.byteLength(requests[1]!.body!))
  }, 240_000)

  it('lab --experiment methods prints the seven requests as curl commands; run in order they get 200, 201, 200, 204, 404, 204, 200; Ctrl+C stops the lab (exit 0)', async () => {
    const child = spawn(process.execPath, [WIRETRAIL, 'lab', '--experiment', 'methods', '--address-block', String(CLI_BLOCK + 2), '--dns-port', '0', '--http-port', '0', '--https-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      for (let waited = 0; !output.includes('The lab is running') && child.exitCode === null && waited < 60_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(output).toContain('The lab is running')
      expect(output).toContain('Send its 7 requests in this order (curl, the name pinned to the lab\'s address):')
      const commands = [...output.matchAll(/^ {5}(curl .*)$/gm)].map((match) => match[1]!)
      expect(commands).toHaveLength(7)
      expect(commands[1]).toMatch(/^curl -i -X PUT -H \$'Content-Type: text\/plain; charset=utf-8' --data-binary \$'A memo written with PUT \(STORY 01 §4\)\.\\n메모: PUT으로 쓴 파일\.\\n' --resolve www\.lab\.cyber\.co\.kr:\d+:127\.101\.4\.80 http:\/\/www\.lab\.cyber\.co\.kr:\d+\/memo\.txt$/)
      const statuses: string[] = []
      for (const command of commands) {
        const answer = await runPeer('bash', ['-c', command])
        expect(answer.status).toBe(0)
        statuses.push(answer.stdout.split('\r\n')[0]!)
      }
      expect(statuses).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 201 Created', 'HTTP/1.1 200 OK', 'HTTP/1.1 204 No Content', 'HTTP/1.1 404 Not Found', 'HTTP/1.1 204 No Content', 'HTTP/1.1 200 OK'])
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    expect(output).toContain('SIGINT: the lab stopped; every port is closed.')
  }, 120_000)

  it('record --method: an unknown method or a body on TRACE fails with its code before anything is written; PUT outside the experiment is recorded as the 405 it gets', async () => {
    const cwd = scratchDir('methods-cli-method')
    const patch = await wiretrail(['record', '--method', 'PATCH', '-o', 'never.pcap', 'http://www.lab.cyber.co.kr/memo.txt'], cwd)
    expect(patch.code).toBe(1)
    expect(patch.stderr).toContain('"PATCH" is not a method Wiretrail records; it records GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE [RECORD_UNSUPPORTED_METHOD]')
    const trace = await wiretrail(['record', '--method', 'TRACE', '--body', 'x', '-o', 'never.pcap', 'http://www.lab.cyber.co.kr/'], cwd)
    expect(trace.code).toBe(1)
    expect(trace.stderr).toContain('[RECORD_BODY_NOT_ALLOWED]')
    expect(readdirSync(cwd)).toEqual([])
    const put = await wiretrail(['record', '--method', 'PUT', '--body', 'hello', '--json', '-o', 'put.pcapng', '--format', 'pcapng', '--address-block', String(CLI_BLOCK + 1), 'http://www.lab.cyber.co.kr/memo.txt'], cwd)
    expect(put.code).toBe(0)
    const walkthrough = JSON.parse(put.stdout) as Walkthrough
    expect(walkthrough.http[0]!.requestHead).toMatch(/^PUT \/memo\.txt HTTP\/1\.1\r\n[^]*\r\nContent-Type: text\/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n$/)
    expect([walkthrough.http[0]!.status, walkthrough.http[0]!.reason]).toEqual([405, 'Method Not Allowed'])
    const step = walkthrough.steps.find((s) => s.refs.http === 0 && s.concept === 'http.status-code')!
    expect(step.detail.en).toContain('405 Method Not Allowed: the server does not allow PUT on /memo.txt; its Allow header lists the methods allowed there: GET, HEAD, OPTIONS, TRACE.')
    expect(step.detail.ko).toContain('405 Method Not Allowed: 서버는 /memo.txt에 PUT을 허용하지 않는다. Allow 헤더가 그곳에 허용된 메소드를 나열한다: GET, HEAD, OPTIONS, TRACE.')
  }, 120_000)

  it('a method the recorder does not send, or a body on a method that takes none, fails before anything starts', async () => {
    const { checkRecordOptions } = await import('../../src-main/recorder/record-options.ts')
    const output = join(scratchDir('methods-bad'), 'never.pcap')
    expect(() => checkRecordOptions({ url: 'http://www.lab.cyber.co.kr/memo.txt', output, method: 'PATCH' as 'GET' })).toThrow(
      expect.objectContaining({ code: 'RECORD_UNSUPPORTED_METHOD', message: '"PATCH" is not a method Wiretrail records; it records GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE' }),
    )
    expect(() => checkRecordOptions({ url: 'http://www.lab.cyber.co.kr/', output, method: 'TRACE', body: 'x' })).toThrow(
      expect.objectContaining({ code: 'RECORD_BODY_NOT_ALLOWED', message: "a TRACE request carries no content (RFC 9110 §9.3.8); only PUT sends a body (the file's new content)" }),
    )
    expect(() => checkRecordOptions({ url: 'http://www.lab.cyber.co.kr/', output, method: 'DELETE', form: [['a', 'b']] })).toThrow(expect.objectContaining({ code: 'RECORD_BODY_NOT_ALLOWED' }))
  })
})
