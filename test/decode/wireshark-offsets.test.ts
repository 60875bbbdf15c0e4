// Every field the detail view shows sits where Wireshark puts it: for each capture of the shared
// corpus (first 60 frames) the field offsets and lengths are compared with tshark's PDML of the same
// frames (see offsetMismatches for the rule and its two stated exceptions). The loopback captures
// made fresh by test/analyzer/live-*.test.ts get the same check there.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { offsetMismatches } from './helpers.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

const DIR = `${CORPUS_DIR}/`
// Files no reader can open (the analyzer rejects them with a coded error, tested elsewhere).
const UNREADABLE = new Set(['empty-header-only.pcap', 'malformed-file-pcap-invalid-version.pcap', 'malformed-file-pcapng-shb-option-too-long.pcapng'])
const files = readdirSync(DIR).filter((f) => /\.(pcap|pcapng|cap)$/.test(f) && !UNREADABLE.has(f)).sort()

describe('field offsets agree with tshark (PDML pos/size)', () => {
  it('covers the corpus', () => expect(files.length).toBeGreaterThan(40))
  for (const file of files) {
    it(file, async () => {
      expect(await offsetMismatches(DIR + file, 60)).toEqual([])
    })
  }
})
