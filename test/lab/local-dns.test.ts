// The lab's local DNS server (the notes' "DNS server set in the TCP/IP settings"): asked like a
// stub resolver asks (RD=1) with dig, it recurses from the lab root with the resolver engine and
// answers with RA=1 and AA=0, for every case in topology.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { dig } from './peers.ts'

const BLOCK = 68
let lab: RunningLab

beforeAll(async () => {
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, web: false })
})
afterAll(() => lab?.close())

const ask = (name: string, type = 'A', extra: string[] = []) => dig(lab.localDns.address, lab.localDns.port, name, type, extra)

describe('the local DNS server', () => {
  it('listens on 127.<block>.53.53 and answers RD=1 questions with RA=1 and AA=0', async () => {
    expect(lab.localDns.address).toBe(`127.${BLOCK}.53.53`)
    const reply = await ask('www.lab.cyber.co.kr')
    expect(reply.status).toBe('NOERROR')
    expect(reply.flags).toEqual(expect.arrayContaining(['qr', 'rd', 'ra']))
    expect(reply.flags).not.toContain('aa')
    expect(reply.answer.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([`www.lab.cyber.co.kr. A 127.${BLOCK}.4.80`])
  })

  it('asked again, it answers the same from its cache', async () => {
    const again = await ask('www.lab.cyber.co.kr')
    expect(again.answer.map((r) => r.data)).toEqual([`127.${BLOCK}.4.80`])
    expect(again.answer[0]?.ttl).toBeLessThanOrEqual(300)
  })

  it('a question without RD is refused: this server only recurses, it has no zones', async () => {
    const reply = await ask('www.lab.cyber.co.kr', 'A', ['+norecurse'])
    expect(reply.status).toBe('REFUSED')
    expect(reply.flags).toContain('ra')
  })

  it('NXDOMAIN comes with the SOA, so the stub can cache it too', async () => {
    const reply = await ask('nosuch.lab.glasscom.com')
    expect(reply.status).toBe('NXDOMAIN')
    expect(reply.authority.map((r) => `${r.name} ${r.type}`)).toEqual(['lab.glasscom.com. SOA'])
  })

  it('the large TXT answer is truncated over UDP and complete over TCP', async () => {
    const truncated = await ask('big.lab.cyber.co.kr', 'TXT', ['+ignore', '+bufsize=1232'])
    expect(truncated.flags).toContain('tc')
    const full = await ask('big.lab.cyber.co.kr', 'TXT', ['+tcp'])
    expect(full.answer).toHaveLength(8)
  })

  it('gives the answer for every lab case in topology.json', async () => {
    for (const labCase of lab.network.cases) {
      const reply = await ask(labCase.name, labCase.type, ['+tcp'])
      const what = `${labCase.name} ${labCase.type} (${labCase.case})`
      expect(reply.status, what).toBe(labCase.rcode)
      expect(reply.flags, what).not.toContain('aa')
      if (labCase.answer !== undefined) expect(reply.answer.map((r) => r.data), what).toEqual(labCase.answer)
      if (labCase.answerCount !== undefined) expect(reply.answer, what).toHaveLength(labCase.answerCount)
    }
  })
})
