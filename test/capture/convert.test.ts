// Save As' conversion reads through the one capture reader: what the converter's own reader used to
// get wrong (if_tsoffset ignored, Simple Packet Blocks at time 0) now comes out as tshark reads the
// input (a Simple Packet Block takes the time of the packet before it), and a file of several link types is refused without leaving a half-written output.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { convertCapture } from '../../src-main/recorder/index.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { DNS_QUERY, DNS_RESPONSE } from '../decode/fixtures.ts'
import { opt, Pcapng } from './build.ts'
import { epochNs, save } from './read.ts'

const T0 = 1_700_000_000n

describe('converting pcapng to pcap through the one reader', () => {
  it('keeps if_tsoffset and gives a Simple Packet Block the time before it, as tshark does', async () => {
    const input = save(
      new Pcapng()
        .shb('le')
        .idb('le', 1, 65535, [opt.tsresol(9), opt.tsoffset(3600, 'le')]) // nanoseconds, +1 hour
        .epb('le', 0, T0 * 1_000_000_000n + 250_000_000n, DNS_QUERY, [opt.comment('first')])
        .spb('le', DNS_RESPONSE)
        .custom('le', 32473, Buffer.from('not a packet'))
        .epb('le', 0, T0 * 1_000_000_000n + 750_000_000n, DNS_RESPONSE)
        .bytes(),
      'pcapng',
    )
    const output = input.replace(/\.pcapng$/, '-converted.pcap')
    const result = await convertCapture(input, output, { format: 'pcap', journalPath: null })
    expect(result).toMatchObject({ packets: 3, comments: 0, dropped: { comments: 1, secretLines: 0 }, problems: [] })
    const times = (file: string) => tsharkFields(file, ['frame.time_epoch', 'frame.len']).then((rows) => rows.map(([t = '', len = '']) => [epochNs(t), Number(len)]))
    // tshark counts the custom block as a frame of the input; the pcap holds the three packets. A
    // Simple Packet Block has no time stamp (tshark shows none): a pcap record needs one, and the
    // packet before it gives it (not 1970).
    const theirs = (await times(input)).filter((_, i) => i !== 2)
    const first = (T0 + 3600n) * 1_000_000_000n + 250_000_000n
    expect(theirs).toEqual([[first, DNS_QUERY.length], [0n, DNS_RESPONSE.length], [first + 500_000_000n, DNS_RESPONSE.length]])
    expect(await times(output)).toEqual([theirs[0], [first, DNS_RESPONSE.length], theirs[2]])
  })

  it('refuses a capture of two link types, and leaves no output behind', async () => {
    const input = save(new Pcapng().shb('le').idb('le', 1, 0).idb('le', 101, 0).epb('le', 0, 1n, DNS_QUERY).epb('le', 1, 2n, DNS_RESPONSE.subarray(14)).bytes(), 'pcapng')
    const output = input.replace(/\.pcapng$/, '-mixed.pcap')
    await expect(convertCapture(input, output, { format: 'pcap', journalPath: null })).rejects.toMatchObject({ code: 'CAPTURE_MIXED_LINK_TYPES', message: expect.stringContaining('at frame 2') })
    expect(existsSync(output)).toBe(false)
  })
})
