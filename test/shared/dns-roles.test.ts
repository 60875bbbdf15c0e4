// Labels name roles, never guesses: what a DNS server is in a resolution, from what is known about
// it (the nearby server, RD=1, the zone it was asked as), in English and Korean.
import { describe, expect, it } from 'vitest'
import { dnsHopRole, dnsLegLabel, dnsResolverRoleLabel, dnsServerRole } from '../../src-main/shared/dns-roles.ts'

describe('dnsServerRole', () => {
  it('names the nearby DNS server, whatever zone the resolver filed it under', () => {
    expect(dnsServerRole({ nearby: true, zone: '.' })).toEqual({ role: 'nearby', zone: null, label: { en: 'nearby DNS server (local DNS server)', ko: '가까운 DNS 서버(로컬 DNS 서버)' } })
    expect(dnsServerRole({ nearby: true, recursionDesired: true }).role).toBe('nearby')
  })

  it('a server asked to recurse is a recursive server, not the root', () => {
    expect(dnsServerRole({ recursionDesired: true, zone: '.' })).toEqual({ role: 'recursive', zone: null, label: { en: 'recursive DNS server', ko: '재귀 조회를 하는 DNS 서버' } })
  })

  it('names root, TLD and zone servers from the zone they were asked as', () => {
    expect(dnsServerRole({ zone: '.' }).label).toEqual({ en: 'root (.)', ko: '루트(.)' })
    expect(dnsServerRole({ zone: 'kr.' })).toEqual({ role: 'tld', zone: 'kr.', label: { en: 'kr. (TLD)', ko: 'kr.(최상위 도메인)' } })
    expect(dnsServerRole({ zone: 'com.' }).role).toBe('tld')
    expect(dnsServerRole({ zone: 'co.kr.' })).toEqual({ role: 'zone', zone: 'co.kr.', label: { en: 'co.kr. zone server', ko: 'co.kr. 도메인의 DNS 서버' } })
    expect(dnsServerRole({ zone: 'lab.cyber.co.kr.' }).label.en).toBe('lab.cyber.co.kr. zone server')
  })

  it('says "DNS server" and nothing more when the zone is not known', () => {
    for (const facts of [{}, { zone: null }, { zone: '' }, { zone: '(recursive)' }, { zone: 'kr' }]) {
      expect(dnsServerRole(facts)).toEqual({ role: 'unknown', zone: null, label: { en: 'DNS server', ko: 'DNS 서버' } })
    }
  })
})

describe('legs and askers', () => {
  it('names each capture leg by who asks whom', () => {
    expect(dnsLegLabel('stub', dnsServerRole({ nearby: true }))).toEqual({ en: 'this computer ↔ nearby DNS server (local DNS server)', ko: '이 컴퓨터 ↔ 가까운 DNS 서버(로컬 DNS 서버)' })
    expect(dnsLegLabel('nearby', dnsServerRole({ zone: '.' }))).toEqual({ en: 'nearby DNS server ↔ root (.)', ko: '가까운 DNS 서버 ↔ 루트(.)' })
    expect(dnsLegLabel('iterative', dnsServerRole({ zone: 'kr.' })).en).toBe('this computer ↔ kr. (TLD)')
  })
  it('names who does the asking', () => {
    expect(dnsResolverRoleLabel('stub')).toEqual({ en: "this computer's resolver", ko: '이 컴퓨터의 리졸버' })
    expect(dnsResolverRoleLabel('nearby').ko).toBe('가까운 DNS 서버(로컬 DNS 서버)')
  })
})

describe('a resolution hop\'s server', () => {
  it('is named by its role when known, by its zone otherwise, and a server asked to recurse is never the root', () => {
    expect(dnsHopRole({ zone: '(recursive)', role: 'nearby' }).label.en).toBe('nearby DNS server (local DNS server)')
    // A walkthrough without roles (an older one, or a stub query whose server's walk is not seen).
    expect(dnsHopRole({ zone: '(recursive)' })).toMatchObject({ role: 'recursive', label: { en: 'recursive DNS server' } })
    expect(dnsHopRole({ zone: '.', role: 'root' }).label).toEqual({ en: 'root (.)', ko: '루트(.)' })
    expect(dnsHopRole({ zone: 'co.kr.' }).label.ko).toBe('co.kr. 도메인의 DNS 서버')
    expect(dnsHopRole({ zone: '(cache)' }).role).toBe('unknown')
  })
})
