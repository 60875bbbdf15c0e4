// A recording's journal names the resolutions Wiretrail made; DNS in the capture that no journal
// event claims (another program's, or a resolver's walk the journal did not follow) still gets
// chains of its own (analyzer/resolutions.ts fromJournal), inferred from the packets as for a
// capture without a journal, and put after the journal's chains. A chain's parent is a position in
// the walkthrough's list, so those chains' parents must move by exactly the number of chains before
// them: checked on a real iterative capture with glueless sub-chains, opened once alone and once
// beside a journal whose one resolution claims none of its transactions.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { JOURNAL_SUFFIX, JOURNAL_VERSION } from '../../src-main/shared/journal.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

const NAME = 'dns-edns-dnssec-referrals-ipv6-frags.pcap'
const dir = mkdtempSync('/var/tmp/journal-unclaimed-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function chainsOf(file: string) {
  const r = await runAnalysis(file, { previewAfterFrames: 0 })
  try {
    return [...r.walkthrough.resolutions].map((c) => ({ qname: c.qname, qtype: c.qtype, parent: c.parent, hops: c.hops.map((h) => h.dns) }))
  } finally {
    await r.reader.close()
  }
}

describe('chains for DNS no journal event claimed', () => {
  it('keep their sub-chains under the right parent after the journal’s own chains', async () => {
    const alone = await chainsOf(join(CORPUS_DIR, NAME))
    expect(alone.filter((c) => c.parent !== undefined).length).toBeGreaterThanOrEqual(10)

    const file = join(dir, NAME)
    copyFileSync(join(CORPUS_DIR, NAME), file)
    const at = Date.parse('2020-01-01T00:00:00Z')
    const lines = [
      { type: 'recording', version: JOURNAL_VERSION, app: { name: 'wiretrail', version: '0.1.0' }, startedAt: new Date(at).toISOString(), typedUrl: 'http://unclaimed.example/', url: 'http://unclaimed.example/', target: 'internet', resolverMode: 'iterative', capture: { file: NAME, format: 'pcap' }, packets: 'kernel' },
      { type: 'resolver', event: { kind: 'start', qname: 'unclaimed.example.', qtype: 'A', mode: 'iterative', at, resolutionId: 'res-1' } },
      { type: 'resolver', event: { kind: 'done', qname: 'unclaimed.example.', qtype: 'A', rcode: 'NXDOMAIN', answers: [], at: at + 1, resolutionId: 'res-1' } },
    ]
    writeFileSync(file + JOURNAL_SUFFIX, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const beside = await chainsOf(file)

    expect(beside[0]).toMatchObject({ qname: 'unclaimed.example.', qtype: 'A', parent: undefined, hops: [] })
    expect(beside.slice(1)).toStrictEqual(alone.map((c) => ({ ...c, parent: c.parent === undefined ? undefined : c.parent + 1 })))
  })
})
