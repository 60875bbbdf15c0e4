// The lab's authoritative servers, asked with dig (BIND's client): referrals with glue, AA answers,
// negative answers with the SOA, truncation over UDP and the full answer over TCP, lame servers,
// CNAME chains, and EDNS0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { dig } from './peers.ts'

const BLOCK = 62
let lab: RunningLab

/** dig with RD=0 at the lab server that has this zone-file address. */
function ask(zoneAddress: string, name: string, type = 'A', extra: string[] = []) {
  const { address, port } = lab.dnsEndpointFor(zoneAddress)
  return dig(address, port, name, type, ['+norecurse', ...extra])
}

beforeAll(async () => {
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, web: false, localDns: false })
})
afterAll(() => lab?.close())

describe('the notes\' chain root -> kr. -> co.kr. -> cyber.co.kr. -> lab.cyber.co.kr.', () => {
  it('the root refers www.lab.cyber.co.kr to kr. with glue, not authoritatively', async () => {
    const reply = await ask(`127.${BLOCK}.0.1`, 'www.lab.cyber.co.kr')
    expect(reply.status).toBe('NOERROR')
    expect(reply.flags).not.toContain('aa')
    expect(reply.flags).not.toContain('ra')
    expect(reply.answer).toEqual([])
    expect(reply.authority.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual(['kr. NS a.dns.kr.'])
    expect(reply.additional.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([`a.dns.kr. A 127.${BLOCK}.1.1`])
    expect(reply.authority[0]?.ttl).toBe(172800)
  })

  it.each([
    ['1.1', 'co.kr.', 'ns1.co.kr.', '2.1'],
    ['2.1', 'cyber.co.kr.', 'ns1.cyber.co.kr.', '3.1'],
    ['3.1', 'lab.cyber.co.kr.', 'ns1.lab.cyber.co.kr.', '4.1'],
  ])('127.%s refers to %s (%s at its glue address)', async (server, zone, nsName, glue) => {
    const reply = await ask(`127.${BLOCK}.${server}`, 'www.lab.cyber.co.kr')
    expect(reply.flags).not.toContain('aa')
    expect(reply.authority.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([`${zone} NS ${nsName}`])
    expect(reply.additional.map((r) => `${r.name} ${r.data}`)).toEqual([`${nsName} 127.${BLOCK}.${glue}`])
  })

  it('lab.cyber.co.kr.\'s server answers with AA=1', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'www.lab.cyber.co.kr')
    expect(reply.status).toBe('NOERROR')
    expect(reply.flags).toContain('aa')
    expect(reply.answer).toEqual([{ name: 'www.lab.cyber.co.kr.', ttl: 300, class: 'IN', type: 'A', data: `127.${BLOCK}.4.80` }])
  })

  it('the same walk works for www.lab.glasscom.com through com.', async () => {
    const fromRoot = await ask(`127.${BLOCK}.0.2`, 'www.lab.glasscom.com')
    expect(fromRoot.authority.map((r) => r.data)).toEqual(['a.dns.com.'])
    const final = await ask(`127.${BLOCK}.7.1`, 'WWW.Lab.GlassCom.com')
    expect(final.flags).toContain('aa')
    expect(final.answer.map((r) => r.data)).toEqual([`127.${BLOCK}.7.80`])
  })

  it('cyber.co.kr. MX 10 mail.cyber.co.kr. comes with the mail server\'s address', async () => {
    const reply = await ask(`127.${BLOCK}.3.1`, 'cyber.co.kr', 'MX')
    expect(reply.answer.map((r) => r.data)).toEqual(['10 mail.cyber.co.kr.'])
    expect(reply.additional.map((r) => `${r.name} ${r.data}`)).toEqual([`mail.cyber.co.kr. 127.${BLOCK}.3.25`])
  })
})

describe('negative answers carry the SOA (RFC 2308)', () => {
  it('a name that does not exist: NXDOMAIN, AA, SOA with the negative TTL', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'nosuch.lab.cyber.co.kr')
    expect(reply.status).toBe('NXDOMAIN')
    expect(reply.flags).toContain('aa')
    expect(reply.answer).toEqual([])
    expect(reply.authority).toHaveLength(1)
    expect(reply.authority[0]).toMatchObject({ name: 'lab.cyber.co.kr.', type: 'SOA', ttl: 300 })
    expect(reply.authority[0]?.data).toMatch(/^ns1\.lab\.cyber\.co\.kr\. hostmaster\.lab\.cyber\.co\.kr\. \d+ \d+ \d+ \d+ 300$/)
  })

  it('the SOA\'s TTL in a negative answer is min(SOA TTL, SOA minimum): 300, not the zone\'s 3600', async () => {
    const soa = await ask(`127.${BLOCK}.3.1`, 'cyber.co.kr', 'SOA')
    expect(soa.answer[0]?.ttl).toBe(3600)
    const reply = await ask(`127.${BLOCK}.3.1`, 'nosuch.cyber.co.kr')
    expect(reply.status).toBe('NXDOMAIN')
    expect(reply.authority[0]).toMatchObject({ type: 'SOA', ttl: 300 })
  })

  it('a name without the asked type: NODATA (NOERROR, no answer, SOA)', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'www.lab.cyber.co.kr', 'AAAA')
    expect(reply.status).toBe('NOERROR')
    expect(reply.flags).toContain('aa')
    expect(reply.answer).toEqual([])
    expect(reply.authority.map((r) => r.type)).toEqual(['SOA'])
  })

  it('an empty non-terminal (127.in-addr.arpa. in the root zone) is NODATA, not NXDOMAIN', async () => {
    const reply = await ask(`127.${BLOCK}.0.1`, '127.in-addr.arpa', 'PTR')
    expect(reply.status).toBe('NOERROR')
    expect(reply.authority.map((r) => `${r.name} ${r.type}`)).toEqual(['. SOA'])
  })

  it('a TLD that does not exist: NXDOMAIN from the root, negative TTL one day', async () => {
    const reply = await ask(`127.${BLOCK}.0.1`, 'nosuchtld')
    expect(reply.status).toBe('NXDOMAIN')
    expect(reply.authority[0]).toMatchObject({ name: '.', type: 'SOA', ttl: 86400 })
  })
})

describe('special cases', () => {
  it('AAAA records', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'dual.lab.cyber.co.kr', 'AAAA')
    expect(reply.answer.map((r) => `${r.type} ${r.data}`)).toEqual(['AAAA ::1'])
  })

  it('a short TTL of 5 seconds', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'short.lab.cyber.co.kr')
    expect(reply.answer[0]?.ttl).toBe(5)
  })

  it('a CNAME chain inside the zone is followed in one authoritative answer', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'docs.lab.cyber.co.kr')
    expect(reply.flags).toContain('aa')
    expect(reply.answer.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([
      'docs.lab.cyber.co.kr. CNAME web.lab.cyber.co.kr.',
      'web.lab.cyber.co.kr. CNAME www.lab.cyber.co.kr.',
      `www.lab.cyber.co.kr. A 127.${BLOCK}.4.80`,
    ])
  })

  it('a CNAME that leaves the zone: only the first step, the resolver must restart at the target', async () => {
    const first = await ask(`127.${BLOCK}.4.1`, 'shop.lab.cyber.co.kr')
    expect(first.answer.map((r) => `${r.type} ${r.data}`)).toEqual(['CNAME shop.lab.glasscom.com.'])
    const second = await ask(`127.${BLOCK}.7.1`, 'shop.lab.glasscom.com')
    expect(second.answer.map((r) => `${r.type} ${r.data}`)).toEqual(['CNAME www.lab.glasscom.com.', `A 127.${BLOCK}.7.80`])
  })

  it('asking for the CNAME itself gives the CNAME, not the chain', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'docs.lab.cyber.co.kr', 'CNAME')
    expect(reply.answer.map((r) => r.data)).toEqual(['web.lab.cyber.co.kr.'])
  })

  it('a glueless delegation: glasscom.com. names a server in another TLD and gives no address', async () => {
    const reply = await ask(`127.${BLOCK}.6.1`, 'www.partner.glasscom.com')
    expect(reply.flags).not.toContain('aa')
    expect(reply.authority.map((r) => `${r.name} ${r.data}`)).toEqual(['partner.glasscom.com. dns.hosting.cyber.co.kr.'])
    expect(reply.additional).toEqual([])
    const hosted = await ask(`127.${BLOCK}.9.1`, 'www.partner.glasscom.com')
    expect(hosted.flags).toContain('aa')
    expect(hosted.answer.map((r) => r.data)).toEqual([`127.${BLOCK}.9.80`])
  })

  it('a lame server beside a working one: co.kr. lists both, ns2 answers REFUSED, ns1 answers', async () => {
    const referral = await ask(`127.${BLOCK}.2.1`, 'www.store.co.kr')
    expect(referral.authority.map((r) => r.data).sort()).toEqual(['ns1.store.co.kr.', 'ns2.store.co.kr.'])
    expect(referral.additional.map((r) => r.data).sort()).toEqual([`127.${BLOCK}.8.1`, `127.${BLOCK}.8.2`])
    const lame = await ask(`127.${BLOCK}.8.2`, 'www.store.co.kr')
    expect(lame.status).toBe('REFUSED')
    expect(lame.flags).not.toContain('aa')
    expect(lame.answer).toEqual([])
    const working = await ask(`127.${BLOCK}.8.1`, 'www.store.co.kr')
    expect(working.flags).toContain('aa')
    expect(working.answer.map((r) => r.data)).toEqual([`127.${BLOCK}.8.80`])
  })

  it('every server refuses names outside its zones', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'www.lab.glasscom.com')
    expect(reply.status).toBe('REFUSED')
  })

  it('a reverse lookup through the root\'s delegation of the lab block', async () => {
    const name = `80.4.${BLOCK}.127.in-addr.arpa`
    const referral = await ask(`127.${BLOCK}.0.1`, name, 'PTR')
    expect(referral.authority.map((r) => r.name)).toEqual([`${BLOCK}.127.in-addr.arpa.`])
    const reply = await ask(`127.${BLOCK}.10.1`, name, 'PTR')
    expect(reply.answer.map((r) => r.data)).toEqual(['www.lab.cyber.co.kr.'])
  })
})

describe('EDNS0, truncation and TCP', () => {
  it('an answer larger than 1232 bytes is truncated over UDP (TC=1, no records)', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'big.lab.cyber.co.kr', 'TXT', ['+ignore', '+bufsize=1232'])
    expect(reply.flags).toContain('tc')
    expect(reply.answer).toEqual([])
    expect(reply.edns).toBe(true)
    expect(reply.size).toBeLessThanOrEqual(1232)
  })

  it('the same question over TCP gets all 8 records', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'big.lab.cyber.co.kr', 'TXT', ['+tcp'])
    expect(reply.transport).toBe('TCP')
    expect(reply.flags).not.toContain('tc')
    expect(reply.answer).toHaveLength(8)
    expect(reply.size).toBeGreaterThan(1232)
  })

  it('dig on its own retries over TCP after TC=1', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'big.lab.cyber.co.kr', 'TXT')
    expect(reply.transport).toBe('TCP')
    expect(reply.answer).toHaveLength(8)
  })

  it('the client\'s UDP size is honoured: 4096 fits the whole answer', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'big.lab.cyber.co.kr', 'TXT', ['+bufsize=4096', '+ignore'])
    expect(reply.transport).toBe('UDP')
    expect(reply.flags).not.toContain('tc')
    expect(reply.answer).toHaveLength(8)
  })

  it('without EDNS the limit is 512 bytes and the reply has no OPT record', async () => {
    const small = await ask(`127.${BLOCK}.4.1`, 'www.lab.cyber.co.kr', 'A', ['+noedns'])
    expect(small.edns).toBe(false)
    expect(small.answer).toHaveLength(1)
    const big = await ask(`127.${BLOCK}.4.1`, 'big.lab.cyber.co.kr', 'TXT', ['+noedns', '+ignore'])
    expect(big.flags).toContain('tc')
    expect(big.size).toBeLessThanOrEqual(512)
  })

  it('EDNS version 1 gets BADVERS', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'www.lab.cyber.co.kr', 'A', ['+edns=1', '+noednsnegotiation'])
    expect(reply.status).toBe('BADVERS')
  })

  it('zone transfers are refused', async () => {
    const reply = await ask(`127.${BLOCK}.4.1`, 'lab.cyber.co.kr', 'AXFR', ['+tcp']).catch((error: Error) => error)
    expect(String(reply instanceof Error ? reply.message : reply.raw)).toMatch(/REFUSED|Transfer failed/)
  })
})
