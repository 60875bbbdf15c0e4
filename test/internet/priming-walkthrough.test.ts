// The internet target's first step on the wire: priming from the root hints (RFC 8109), recorded
// and shown as the walkthrough's "root hints" step. The lab's hierarchy plays the internet here,
// on port 53 of its own loopback addresses, reached through a hints file exactly as a user points
// Wiretrail at other roots: `record --target internet --root-hints FILE` runs the code that runs
// against IANA's root servers.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { requireRoot } from '../resolver/helpers/peers.ts'
import { scratchDir } from '../support/scratch.ts'
import { wholeLesson } from '../support/lesson.ts'
import { cacheAnswersBeforeFirstAnswer } from '../support/cache-steps.ts'

let lab: RunningLab
beforeAll(async () => {
  requireRoot('this lab')
  lab = await startLab({ addressBlock: 214, dnsPort: 53, httpPort: 0, httpsPort: 0, localDns: false })
})
afterAll(() => lab?.close())

describe('priming in a recording', () => {
  it('is the first DNS exchange, and the walkthrough shows it as the root hints step', async () => {
    const dir = scratchDir('priming')
    const hints = join(dir, 'lab.hints')
    writeFileSync(hints, '.  3600000  NS  a.root-servers.lab.\na.root-servers.lab.  3600000  A  127.214.0.1\n')
    const web = lab.web.find((w) => w.host === 'www.lab.cyber.co.kr')!
    const output = join(dir, 'primed.pcapng')
    const result = await recordPageLoad({ url: `http://www.lab.cyber.co.kr:${web.httpPort}/sample.htm`, target: 'internet', rootHints: hints, output, format: 'pcapng' })
    expect(result.error).toBeUndefined()
    expect(result.ok).toBe(true)

    // On the wire, as tshark reads it: `. NS` to the hinted root first (RD=0), its answer listing
    // both lab roots with their addresses, then the walk for the page's host.
    // (name, type 2 = NS, QR, RD, the server, answers, additional records: 2 addresses + OPT)
    const dns = await tsharkFields(output, ['dns.qry.name', 'dns.qry.type', 'dns.flags.response', 'dns.flags.recdesired', 'ip.addr', 'dns.count.answers', 'dns.count.add_rr'], ['-Y', 'dns'])
    const server = (row: string[] | undefined): string | undefined => row?.[4]?.split('\u001f').find((a) => a.startsWith('127.214.'))
    expect(dns[0]).toEqual(['<Root>', '2', '0', '0', expect.any(String), '0', '1'])
    expect(server(dns[0])).toBe('127.214.0.1')
    expect(dns[1]).toEqual(['<Root>', '2', '1', '0', expect.any(String), '2', '3'])
    expect(server(dns[1])).toBe('127.214.0.1')
    expect(dns[2]?.slice(0, 4)).toEqual(['www.lab.cyber.co.kr', '1', '0', '0'])
    expect(['127.214.0.1', '127.214.0.2']).toContain(server(dns[2]))

    const analyzed = await analyzeCapture(output)
    try {
      const w = wholeLesson(analyzed)
      expect(w.recording).toMatchObject({ target: 'internet' })
      const step = w.steps.find((s) => s.kind === 'dns-root-hints')
      expect(step).toBeDefined()
      expect(step!.concept).toBe('dns.root-hints')
      expect(step!.title).toEqual({ en: 'Root hints: 127.214.0.1 lists the 2 root servers', ko: '루트 힌트: 127.214.0.1에서 루트 서버 2개의 목록을 받는다' })
      expect(step!.detail.en).toMatch(new RegExp(`^The resolver starts from the root servers' addresses it already has \\(the root hints, ${hints.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) and asks one of them for the current list \\("\\. NS", RFC 8109 priming\\) after [\\d.]+ ms: 2 root server\\(s\\) \\(a\\.root-servers\\.lab\\., b\\.root-servers\\.lab\\.\\) with 2 address\\(es\\) in the additional section\\. Every walk down the hierarchy starts at one of them \\(frame \\d+\\)\\.$`))
      expect(step!.detail.ko).toContain('RFC 8109 프라이밍')
      // It comes before the walk for the page's host, which starts at a root server it listed.
      const firstReferral = w.steps.findIndex((s) => s.kind === 'dns-referral')
      expect(w.steps.indexOf(step!)).toBeLessThan(firstReferral)
      // The priming resolution is nested in the resolution that needed it.
      const priming = w.resolutions.findIndex((r) => r.qname === '.' && r.qtype === 'NS')
      expect(w.resolutions[priming]!.parent).toBe(w.resolutions.findIndex((r) => r.qname === 'www.lab.cyber.co.kr.'))

      // After priming, the walk starts at the root servers the cache now holds: a cache step, but
      // not an answer — the queries for the host follow it, and nothing says the host's address
      // came from the cache before the host was ever asked for.
      const host = w.resolutions.find((r) => r.qname === 'www.lab.cyber.co.kr.' && r.qtype === 'A')!
      expect(host.hops[0]).toMatchObject({ outcome: 'cache', cached: { name: '.', type: 'NS', use: 'delegation', data: ['a.root-servers.lab.', 'b.root-servers.lab.'] } })
      expect(host.hops.slice(1).some((h) => h.outcome === 'referral')).toBe(true)
      const start = w.steps.find((s) => s.kind === 'dns-cache-hit')!
      expect(start.title).toEqual({ en: 'The resolver starts at the root servers, known from its cache', ko: '리졸버가 캐시에 있는 루트 DNS 서버부터 묻는다' })
      expect(start.concept).toBe('dns.cache')
      expect(start.detail.en).toMatch(/^No packet is sent for this: this computer's resolver \(as a browser's host cache, kept for this page load\) still holds the NS records of \. \(root\) \(a\.root-servers\.lab\., b\.root-servers\.lab\.\) with their addresses, so the walk for www\.lab\.cyber\.co\.kr\. A starts there \(the list priming fetched\)\. The answer is not cached: the queries that follow are sent\./)
      expect(w.steps.indexOf(start)).toBeLessThan(w.steps.findIndex((s) => s.kind === 'dns-query' && s.title.en.includes('for www.lab.cyber.co.kr. A')))
      expect(cacheAnswersBeforeFirstAnswer(w.steps)).toEqual([])
      // The image's second look-up of the host is a real cache answer, named by the host.
      expect(w.steps.map((s) => s.title.en)).toContain("www.lab.cyber.co.kr. A is answered from this computer's cache")

      // A journal written before cache hits said what they were for reads the same.
      const old = readFileSync(result.journal, 'utf8').replace(/,"use":"(answer|alias|delegation)"/g, '')
      expect(old).not.toContain('"use":')
      const oldJournal = join(dir, 'old.jsonl')
      writeFileSync(oldJournal, old)
      const again = await analyzeCapture(output, { journalPath: oldJournal })
      try {
        expect(wholeLesson(again).steps.map((s) => s.title)).toEqual(w.steps.map((s) => s.title))
      } finally {
        await again.close()
      }
    } finally {
      await analyzed.close()
    }
  })
})

