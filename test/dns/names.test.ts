import { describe, expect, it } from 'vitest'
import { canonicalName, isAtOrBelow, isStrictlyBelow, selfAndAncestors, validateQueryName } from '../../src-main/dns/names.ts'

describe('names', () => {
  it('canonicalises case and the final dot', () => {
    expect(canonicalName('WWW.Lab.Cyber.co.kr')).toBe('www.lab.cyber.co.kr.')
    expect(canonicalName('')).toBe('.')
    expect(canonicalName('.')).toBe('.')
  })

  it('tests bailiwick by whole labels, not by string suffix', () => {
    expect(isAtOrBelow('www.lab.cyber.co.kr.', 'cyber.co.kr.')).toBe(true)
    expect(isAtOrBelow('cyber.co.kr.', 'cyber.co.kr')).toBe(true)
    expect(isAtOrBelow('evilcyber.co.kr.', 'cyber.co.kr.')).toBe(false)
    expect(isAtOrBelow('anything.example.', '.')).toBe(true)
    expect(isStrictlyBelow('co.kr.', 'kr.')).toBe(true)
    expect(isStrictlyBelow('kr.', 'kr.')).toBe(false)
    expect(isStrictlyBelow('kr.', 'co.kr.')).toBe(false)
  })

  it('lists the name and its ancestors down to the root', () => {
    expect(selfAndAncestors('www.lab.cyber.co.kr')).toEqual(['www.lab.cyber.co.kr.', 'lab.cyber.co.kr.', 'cyber.co.kr.', 'co.kr.', 'kr.', '.'])
  })

  it('rejects names that cannot be encoded, naming the part', () => {
    expect(() => validateQueryName('a..b')).toThrowError(/empty label/)
    expect(() => validateQueryName(`${'x'.repeat(64)}.kr`)).toThrowError(/64 octets; at most 63/)
    const long = Array.from({ length: 5 }, () => 'y'.repeat(60)).join('.')
    expect(() => validateQueryName(long)).toThrowError(expect.objectContaining({ code: 'DNS_BAD_NAME' }))
    expect(validateQueryName(' WWW.lab.cyber.co.kr ')).toBe('www.lab.cyber.co.kr.')
  })
})
