// A malformed frame says what is wrong in its Info column (as Wireshark appends "[Malformed
// Packet]", but naming the field), and a frame whose headers the snap length cut says what stopped
// the decoding instead of leaving the column empty. The inline list and the paged one agree.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

const CASES: [file: string, info: string, flagged: boolean][] = [
  ['malformed-ipv4-invalid-total-length.pcap', 'Standard query 0x92aa A www.tcpdump.org OPT [Malformed: IPv4 total length 85 exceeds the 84 bytes of the frame]', true],
  ['malformed-dns-forward-pointer.pcap', '[Malformed: question 1: compression pointer at byte 46 points forward to byte 15107 (only prior data is allowed)]', true],
  ['malformed-dns-udp-len-vs-compression-loop.pcap', '1024 → 53 Len=0 [Malformed: UDP length 8 does not match the IP payload length 43]', true],
  ['malformed-ipv4-invalid-hdr-length.pcap', '[Malformed: bogus IPv4 header length 16 (must be at least 20)]', true],
  ['malformed-tcp-header-overflow.pcap', '[TCP header needs at least 20 bytes, only 12 captured]', false],
  ['malformed-udp-length.pcap', '[UDP header needs 8 bytes, only 4 captured]', false],
  ['malformed-ipv6-39-byte-header.pcap', 'IPv6 header needs 40 bytes, only 25 captured', false],
]

describe('a malformed or cut-short frame\'s Info says what is wrong', () => {
  for (const [file, info, flagged] of CASES) {
    it(file, async () => {
      const a = await analyzeCapture(join(CORPUS_DIR, file))
      try {
        const [paged] = await a.frames(1, 1)
        expect(paged!.info).toContain(info)
        expect(Boolean(paged!.flagged)).toBe(flagged)
        const inline = a.walkthrough.frames[0]
        if (inline) expect(inline.info).toBe(paged!.info)
      } finally {
        await a.close()
      }
    })
  }
})
