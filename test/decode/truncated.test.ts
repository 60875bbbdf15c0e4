// A frame cut short at every layer: the layer that runs out of bytes is flagged with the offset
// where it starts and how many bytes are there, the layers before it are kept whole, and nothing
// throws. Cut by the snap length (the frame was longer on the wire) the same shortage is a note, as
// Wireshark's "[Packet size limited during capture]"; cut otherwise it is an error.
import { describe, expect, it } from 'vitest'
import { issueText } from '../../src-main/shared/decode-issues.ts'
import { DNS_RESPONSE } from './fixtures.ts'
import { dissect, find } from './helpers.ts'

const WIRE = DNS_RESPONSE.length // 85 bytes on the wire
const cut = (n: number, snapLength: boolean) => dissect(DNS_RESPONSE.slice(0, n), 1, snapLength ? WIRE : n)
const brief = (d: ReturnType<typeof dissect>) => d.ctx.issues.map((i) => [i.layer, i.severity, i.offset, i.length])

describe('headers cut short', () => {
  it('Ethernet: 10 of 14 bytes', () => {
    const d = cut(10, false)
    expect(d.names).toEqual([])
    expect(d.ctx.issues).toEqual([{ layer: 'Ethernet', severity: 'error', offset: 0, length: 10, message: 'Ethernet header needs 14 bytes, only 10 captured', code: 'ETHERNET_HEADER_SHORT', params: { captured: 10 } }])
    expect(issueText(d.ctx.issues[0]!, 'ko')).toBe('이더넷 헤더에는 14바이트가 필요한데 10바이트만 캡처되었습니다. 프레임이 헤더 중간에서 끝납니다.')
  })

  it('IPv4: 16 of 20 bytes; the Ethernet layer is whole', () => {
    const d = cut(30, false)
    expect(d.names).toEqual(['Ethernet II'])
    expect(find(d.ctx.layers, 'eth.type')).toMatchObject({ offset: 12, value: 0x0800 })
    expect(brief(d)).toEqual([['IPv4', 'error', 14, 16]])
    expect(d.net.ip).toBeUndefined()
  })

  it('UDP: 4 of 8 bytes; IPv4 says its total length is more than the frame', () => {
    const d = cut(38, false)
    expect(d.names.map((n) => n.split(',')[0])).toEqual(['Ethernet II', 'Internet Protocol Version 4'])
    expect(find(d.ctx.layers, 'ip.src')).toMatchObject({ offset: 26, value: '4.2.2.1' })
    expect(d.ctx.issues).toEqual([
      { layer: 'IPv4', severity: 'error', offset: 16, length: 2, message: 'IPv4 total length 71 exceeds the 24 bytes of the frame', code: 'IPV4_TOTAL_LENGTH_PAST_FRAME', params: { totalLength: 71, frameBytes: 24 } },
      { layer: 'UDP', severity: 'error', offset: 34, length: 4, message: 'UDP header needs 8 bytes, only 4 captured', code: 'UDP_HEADER_SHORT', params: { captured: 4, cut: false } },
    ])
  })

  it('DNS header: 8 of 12 bytes; UDP is whole and says its length is more than was captured', () => {
    const d = cut(50, false)
    expect(find(d.ctx.layers, 'udp.length')).toMatchObject({ offset: 38, value: 51 })
    expect(brief(d)).toEqual([['IPv4', 'error', 16, 2], ['UDP', 'error', 38, 2], ['DNS', 'error', 42, 8]])
    expect(d.dns).toBeNull()
  })

  it('DNS question cut inside its name: the header is decoded, the partial question is marked', () => {
    const d = cut(60, false)
    expect(find(d.ctx.layers, 'dns.id')).toMatchObject({ offset: 42, value: 0x24fe })
    expect(d.ctx.issues.at(-1)).toEqual({ layer: 'DNS', severity: 'error', offset: 54, length: 6, message: 'question 1: name runs past the end of the message', code: 'DNS_NAME_PAST_END', params: { where: { part: 'question', index: 1 }, cut: false } })
    expect(d.dns).toMatchObject({ id: 0x24fe, malformed: true, questions: [] })
  })

  it('DNS answer cut inside its fixed part: the question is kept', () => {
    const d = cut(80, false)
    expect(d.dns!.questions).toEqual([{ name: 'intel.com.', type: 'A', class: 'IN' }])
    expect(d.dns!.answers).toEqual([])
    expect(d.ctx.issues.at(-1)).toEqual({ layer: 'DNS', severity: 'error', offset: 69, length: 11, message: 'answers record 1 (intel.com.) is cut short: 9 of 10 fixed bytes present', code: 'DNS_RECORD_CUT_SHORT', params: { section: 0, index: 1, name: 'intel.com.', present: 9, cut: false } })
  })

  it('the same cuts made by the snap length are notes, not errors', () => {
    expect(brief(cut(38, true))).toEqual([['IPv4', 'note', 16, 2], ['UDP', 'note', 34, 4]])
    expect(brief(cut(50, true))).toEqual([['IPv4', 'note', 16, 2], ['DNS', 'note', 42, 8]])
    const d = cut(80, true)
    expect(brief(d)).toEqual([['IPv4', 'note', 16, 2], ['DNS', 'note', 69, 11]])
    expect(d.ctx.issues.at(-1)!.message).toContain('the capture kept only part of the message')
  })

  it('every cut length from 0 to the whole frame decodes without throwing', () => {
    for (let n = 0; n <= WIRE; n++) {
      for (const snap of [false, true]) {
        const d = cut(n, snap)
        if (n < WIRE) expect(d.ctx.issues.length, `cut at ${n}`).toBeGreaterThan(0)
        else expect(d.ctx.issues).toEqual([])
      }
    }
  })
})
