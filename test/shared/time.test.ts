// Capture times as text for every time a capture can hold: the same text as toISOString() where
// Date can hold the time, and a real date (not a RangeError) past the year 275760, as tshark shows it.
import { describe, expect, it } from 'vitest'
import { civilFromDays, formatEpochUtc } from '../../src-main/shared/time.ts'

describe('formatEpochUtc', () => {
  it('writes what toISOString() writes, wherever Date can hold the time', () => {
    const samples = [0, 1, 59.999, 86399.5, 951782400, 1_700_000_000.123456, 1_795_502_252.061029, 4_000_000_000.000001, 253402300799.999, 253402300800, 8.64e12, -1, -86400.25, -62167219200]
    let x = 12345
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      samples.push((x / 2 ** 31) * 8.64e12 * (i % 2 ? 1 : -1))
    }
    for (const s of samples) expect(formatEpochUtc(s), String(s)).toBe(new Date(s * 1000).toISOString())
  })

  it('writes a date past the year 275760 instead of throwing (tshark: Jun 26, 415307 07:20:14.351165000 UTC)', () => {
    // The time stamp of ../shared/captures/fuzz-found/inspect-crash-invalid-time-value.min.pcapng.
    expect(() => new Date(13043671082414.351165 * 1000).toISOString()).toThrow(RangeError)
    expect(formatEpochUtc(13043671082414.351165)).toBe('+415307-06-26T07:20:14.351Z')
    // Microseconds where a double holds them (near 1.3e13 s it holds 1/512 s).
    expect(formatEpochUtc(1_700_000_000.123456, 6)).toBe('2023-11-14T22:13:20.123456Z')
    // The largest pcapng can say: 2^64 − 1 microseconds.
    expect(formatEpochUtc(18446744073709.551615)).toMatch(/^\+586524-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(formatEpochUtc(Number.NaN)).toBe('(no time)')
    expect(formatEpochUtc(Number.POSITIVE_INFINITY)).toBe('(no time)')
  })

  it('counts days into the right calendar date across leap years and centuries', () => {
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 })
    expect(civilFromDays(11016)).toEqual({ year: 2000, month: 2, day: 29 })
    expect(civilFromDays(-719468)).toEqual({ year: 0, month: 3, day: 1 })
    expect(civilFromDays(47482)).toEqual({ year: 2100, month: 1, day: 1 })
  })
})
