// The question set through the app's API (capture.questions, capture.checkAnswer), as both shells
// serve it: arguments checked before anything runs, verdicts from the analyzer's worker, and the
// scores kept per capture identity in the state folder — there after the app restarts, and for the
// same packets saved in the other format.
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { get as httpGet } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convertCapture } from '../../src-main/recorder/index.ts'
import { validateApiArgs } from '../../src-main/services/api-validators.ts'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { raw, startFixture } from './helpers.ts'

const CAPTURE = join(CORPUS_DIR, 'http-wireshark-sample-keepalive.cap')

let work: string
const running: AppServices[] = []

function start(): ApiHandlers {
  const services = new AppServices({ root: join(work, 'state'), engine: createNodeEngine(), version: 't', locale: 'en' })
  running.push(services)
  return services.handlers(createBrowserHost())
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-questions-api-'))
})
afterAll(async () => {
  for (const s of running) await s.shutdown()
  await rm(work, { recursive: true, force: true })
})

describe('questions through the API', () => {
  it('checks the arguments before anything runs', () => {
    expect(() => validateApiArgs('capture.checkAnswer', ['abc', 'client-port', { by: 'value', text: '3372' }])).not.toThrow()
    expect(() => validateApiArgs('capture.checkAnswer', ['abc', 'favourite-colour', { by: 'value', text: 'blue' }])).toThrow(/one of "client-port"/)
    expect(() => validateApiArgs('capture.checkAnswer', ['abc', 'client-port', { by: 'guess' }])).toThrow(/by: "value", text/)
    expect(() => validateApiArgs('capture.checkAnswer', ['abc', 'client-port', { by: 'value', text: 'x'.repeat(201) }])).toThrow(/at most 200 characters/)
    expect(() => validateApiArgs('capture.checkAnswer', ['abc', 'client-port', { by: 'field', frame: 0, key: 'tcp.srcport', offset: 34 }])).toThrow(/frame/)
    expect(() => validateApiArgs('capture.checkAnswer', ['abc', 'client-port', { by: 'field', frame: 1, key: 'tcp.srcport', offset: 34, value: 3372 }])).toThrow(/value/)
  })

  it('answers, scores, and keeps the scores per capture across restarts and formats', async () => {
    let api = start()
    const opened = await api['capture.openPath'](CAPTURE)
    const session = await api['capture.questions'](opened.captureId)
    expect(session.questions.map((q) => q.kind)).toEqual(['client-port', 'first-close'])
    expect(session.scores).toEqual({ identity: session.identity, byQuestion: {} })
    const port = session.questions[0]!

    const wrong = await api['capture.checkAnswer'](opened.captureId, 'client-port', { by: 'value', text: '80' })
    expect(wrong.verdict.verdict).toBe('wrong')
    expect(wrong.scores.byQuestion['client-port']).toMatchObject({ attempts: 1, right: false, firstTry: false, last: 'wrong' })
    // Text that is not a port is not an attempt.
    const unreadable = await api['capture.checkAnswer'](opened.captureId, 'client-port', { by: 'value', text: 'the high one' })
    expect(unreadable.verdict.verdict).toBe('unreadable')
    expect(unreadable.scores.byQuestion['client-port']!.attempts).toBe(1)
    const p = port.proof[0]!
    const right = await api['capture.checkAnswer'](opened.captureId, 'client-port', { by: 'field', frame: p.frame, key: p.key, offset: p.offset })
    expect(right.verdict.verdict).toBe('right')
    expect(right.verdict.message.en).toContain('Source Port: 3372')
    expect(right.scores.byQuestion['client-port']).toMatchObject({ attempts: 2, right: true, firstTry: false, last: 'right' })
    await expect(api['capture.checkAnswer'](opened.captureId, 'subnet-address', { by: 'value', text: '10.0.0.0/8' })).rejects.toMatchObject({ code: 'ANALYZER_BAD_QUESTION' })
    const stored = JSON.parse(await readFile(join(work, 'state', 'question-scores.json'), 'utf8')) as { captures: Record<string, unknown> }
    expect(Object.keys(stored.captures)).toEqual([session.identity])
    await api['capture.close'](opened.captureId)

    // The app again, and the same packets as pcapng: the same scores.
    api = start()
    const copy = join(work, 'keepalive.pcapng')
    await convertCapture(CAPTURE, copy, { format: 'pcapng' })
    const again = await api['capture.openPath'](copy)
    const later = await api['capture.questions'](again.captureId)
    expect(later.identity).toBe(session.identity)
    expect(later.scores.byQuestion['client-port']).toMatchObject({ attempts: 2, right: true })
    expect(later.scores.byQuestion['first-close']).toBeUndefined()
    await api['capture.close'](again.captureId)
  }, 60_000)

  it('hands a question set out with its capture as one pcapng that asks exactly those questions', async () => {
    const api = start()
    const services = running[running.length - 1]!
    const opened = await api['capture.openPath'](CAPTURE)
    const file = join(work, 'class.questions.pcapng')
    await expect(services.captures.exportQuestions(opened.captureId, [], file)).rejects.toMatchObject({ code: 'QUESTIONS_NONE_CHOSEN' })
    await expect(services.captures.exportQuestions(opened.captureId, ['first-close', 'subnet-address'], file)).rejects.toMatchObject({ code: 'QUESTIONS_NOT_ANSWERABLE', message: expect.stringContaining('cannot answer subnet-address') })
    expect(await services.captures.exportQuestions(opened.captureId, ['first-close'], file)).toBe(file)
    expect(services.captures.questionsName(opened.captureId)).toBe('http-wireshark-sample-keepalive.questions.pcapng')
    // One file: tshark reads every packet of the capture from it (the journal after them, in a
    // custom block, is a record of its own), and nothing lies beside it.
    const fields = ['frame.number', 'frame.len', 'ip.src', 'tcp.srcport', 'tcp.seq_raw']
    const original = await tsharkFields(CAPTURE, fields, ['-Y', 'eth'])
    expect(original.length).toBe(43)
    expect(await tsharkFields(file, fields, ['-Y', 'eth'])).toEqual(original)
    expect(existsSync(`${file}.wiretrail.jsonl`)).toBe(false)
    const handedOut = await api['capture.openPath'](file)
    const set = await api['capture.questions'](handedOut.captureId)
    expect(set.handedOut).toBe(true)
    expect(set.questions.map((q) => q.kind)).toEqual(['first-close'])
    // The answers come from the packets again: the same as the original's.
    const mine = (await api['capture.questions'](opened.captureId)).questions.find((q) => q.kind === 'first-close')!
    expect(set.questions[0]!.answer).toBe(mine.answer)
    expect(set.questions[0]!.proof).toEqual(mine.proof)
    expect(set.identity).toBe((await api['capture.questions'](opened.captureId)).identity)
    // A question set handed out again keeps one record: the new choice.
    const again = join(work, 'again.questions.pcapng')
    await services.captures.exportQuestions(handedOut.captureId, ['first-close'], again)
    const reopened = await api['capture.openPath'](again)
    expect((await api['capture.questions'](reopened.captureId)).questions.map((q) => q.kind)).toEqual(['first-close'])
    for (const id of [opened.captureId, handedOut.captureId, reopened.captureId]) await api['capture.close'](id)
  }, 60_000)
})

describe('the browser shell hands the question set out as a download', () => {
  it('serves files/<id>/questions?kinds=… as one pcapng, and refuses kinds that are not questions', async () => {
    const fixture = await startFixture()
    try {
      const opened = await fixture.services.captures.openPath(CAPTURE)
      const base = `/${fixture.server.token}/files/${opened.captureId}/questions`
      const ok = await rawBytes(fixture.server.port, `${base}?kinds=first-close,client-port`)
      expect(ok.status).toBe(200)
      expect(ok.headers['content-disposition']).toContain('filename="http-wireshark-sample-keepalive.questions.pcapng"')
      expect([...ok.body.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a])
      const file = join(work, 'downloaded.questions.pcapng')
      await writeFile(file, ok.body)
      const reopened = await fixture.services.captures.openPath(file)
      const set = await fixture.services.captures.questions(reopened.captureId)
      expect([set.handedOut, set.questions.map((q) => q.kind)]).toEqual([true, ['client-port', 'first-close']])
      const bad = await raw(fixture.server.port, { path: `${base}?kinds=favourite-colour` })
      expect(bad.status).toBe(400)
      expect((JSON.parse(bad.body) as { error: { message: string } }).error.message).toContain('kinds[0] must be one of "client-port"')
      const none = await raw(fixture.server.port, { path: `${base}?kinds=subnet-address` })
      expect(none.status).toBe(500)
      expect((JSON.parse(none.body) as { error: { code: string } }).error.code).toBe('QUESTIONS_NOT_ANSWERABLE')
    } finally {
      await fixture.close()
    }
  }, 60_000)
})

/** A GET through the shell's checks (Host), the body as bytes. */
function rawBytes(port: number, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    }).on('error', reject)
  })
}
