// Recording the lab pages the picker offers that a plain GET cannot: the POST form (the method
// and the form's fields reach the wire as the request's message body, and the lab's program
// answers with them) and the MX lookup of cyber.co.kr, a dns: URI recorded on its own through the
// same pipeline (capture + journal + analyzer): the notes' table of resource records, STORY 03 §1.
import { readFile, rm } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAB_PAGES } from '../../src-main/shared/lab-pages.ts'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import { wholeLesson } from '../support/lesson.ts'

// This file's own lab address block (127.143.x.y), so it runs beside other tests' labs.
const LAB_BLOCK = 143

let work: string
let services: AppServices
let api: ApiHandlers

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-lab-pages-'))
  services = new AppServices({ root: join(work, 'state'), engine: createNodeEngine({ lab: { addressBlock: LAB_BLOCK } }), version: 't', locale: 'en' })
  api = services.handlers(createBrowserHost())
}, 60_000)
afterAll(async () => {
  await services?.shutdown()
  await rm(work, { recursive: true, force: true })
}, 60_000)

describe('the POST form', () => {
  it('records a POST whose body carries the fields, and the program\'s answer', async () => {
    const page = LAB_PAGES.form
    const form: [string, string][] = [
      ['name', '홍길동'],
      ['message', 'a & b = c'],
    ]
    const opened = await api['capture.record']({ url: page.url, method: 'POST', form, target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
    const w = wholeLesson(opened)
    const post = w.http[0]!
    expect(post.method).toBe('POST')
    expect(post.uri).toBe('/cgi-bin/echo')
    expect(post.requestHead).toMatch(/^POST \/cgi-bin\/echo HTTP\/1\.1\r\n/)
    expect(post.requestHead).toContain('Content-Type: application/x-www-form-urlencoded')
    const body = new URLSearchParams(form).toString()
    expect(post.requestHead).toContain(`Content-Length: ${Buffer.byteLength(body)}`)
    expect(post.status).toBe(200)
    // The body is on the wire, after the header, in the request's packet.
    const detail = await api['capture.packet'](opened.captureId, post.request_frame)
    expect(Buffer.from(detail.bytes).toString('latin1')).toContain(body)
    expect(body).toBe('name=%ED%99%8D%EA%B8%B8%EB%8F%99&message=a+%26+b+%3D+c')
    await api['capture.discard'](opened.captureId)
  }, 60_000)

  it('a form needs POST, and a lookup takes none: refused before anything is done', async () => {
    // Arguments are checked where every call from a renderer is (services.dispatch).
    expect(await services.dispatch(api, 'capture.checkRequest', [{ url: LAB_PAGES.form.url, form: [['a', 'b']], target: 'lab', resolverMode: 'iterative', format: 'pcap' }])).toMatchObject({
      ok: false,
      error: { code: 'RECORD_BODY_NOT_ALLOWED', message: expect.stringContaining('give method "POST" with it') },
    })
    expect(await services.dispatch(api, 'capture.record', [{ url: LAB_PAGES.form.url, method: 'POST', form: [['', 'b']], target: 'lab', resolverMode: 'iterative', format: 'pcap' }])).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('form[0][0] must be a field name') },
    })
    await expect(api['capture.checkRequest']({ url: LAB_PAGES.mx.url, method: 'POST', form: [['a', 'b']], target: 'lab', resolverMode: 'iterative', format: 'pcap' })).rejects.toMatchObject({ code: 'RECORD_BAD_OPTION' })
    await expect(api['capture.checkRequest']({ url: 'dns:cyber.co.kr?type=BOGUS', target: 'lab', resolverMode: 'iterative', format: 'pcap' })).rejects.toThrow(/unknown record type/)
    expect(await api['recordings.unsaved']()).toEqual([])
  })
})

describe('the MX lookup of cyber.co.kr', () => {
  it('records the lookup alone: the chain to the MX answer, then the mail server\'s address; no web server', async () => {
    const opened = await api['capture.record']({ url: LAB_PAGES.mx.url, target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
    const w = wholeLesson(opened)
    expect(basename(opened.path)).toMatch(/^wiretrail-.*-cyber\.co\.kr-MX-[0-9a-f]{8}\.pcapng$/)
    expect(w.recording).toMatchObject({ typedUrl: 'dns:cyber.co.kr?type=MX', url: 'dns:cyber.co.kr?type=MX' })
    expect(w.connections).toEqual([])
    expect(w.http).toEqual([])
    const mx = w.resolutions.find((chain) => chain.qtype === 'MX')!
    expect(mx.qname).toBe('cyber.co.kr.')
    expect(mx.hops.map((hop) => hop.zone)).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.'])
    expect(mx.answers.map((record) => `${record.type} ${record.data}`)).toEqual(['MX 10 mail.cyber.co.kr.'])
    const mail = w.resolutions.find((chain) => chain.qname === 'mail.cyber.co.kr.' && chain.qtype === 'A')!
    expect(mail.answers.map((record) => record.data)).toEqual([`127.${LAB_BLOCK}.3.25`])
    // The authoritative answer to the MX query carries the mail server's address as well.
    const answer = w.dns.find((tx) => tx.qtype === 'MX' && tx.aa)
    expect(answer).toBeDefined()
    expect(answer!.additional.map((record) => `${record.name} ${record.type} ${record.data}`)).toContain(`mail.cyber.co.kr. A 127.${LAB_BLOCK}.3.25`)
    // The first step says what the address is: another access method, the resolver alone.
    expect(w.steps[0]).toMatchObject({ kind: 'url', concept: 'url.other-schemes' })
    expect(w.steps[0]!.detail.en).toContain('name cyber.co.kr, class IN, type MX')
    expect(w.steps.some((step) => step.concept === 'dns.authoritative-answer' && step.title.en.includes('MX 10 mail.cyber.co.kr.'))).toBe(true)
    // The journal says the same, for a reopened file.
    const first = JSON.parse((await readFile(opened.journalPath!, 'utf8')).split('\n')[0]!)
    expect(first).toMatchObject({ type: 'recording', typedUrl: 'dns:cyber.co.kr?type=MX', url: 'dns:cyber.co.kr?type=MX' })
    await api['capture.discard'](opened.captureId)
  }, 60_000)
})
