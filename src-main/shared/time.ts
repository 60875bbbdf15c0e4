// Capture times as text, for any time a capture can hold. A pcapng time stamp is a 64-bit count of
// the interface's units plus an offset, so a file can say "the year 415307" (tshark shows it as
// such); JavaScript's Date stops at ±8.64e15 ms (year 275760) and its toISOString() then throws
// "Invalid time value". This formats from the epoch seconds with integer calendar arithmetic
// (Howard Hinnant's days-from-civil inverse), so every finite time has a text, identical to
// toISOString() wherever that works. Pure: the renderer uses it too.

const SECONDS_PER_DAY = 86400

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** Year, month (1–12) and day of the proleptic Gregorian calendar for a day count from 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097 // [0, 146096]
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365) // [0, 399]
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)) // [0, 365]
  const mp = Math.floor((5 * doy + 2) / 153) // [0, 11]
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/**
 * An epoch time (seconds, with fraction) as ISO 8601 UTC: "2026-01-24T06:30:15.123Z", with the
 * expanded year form beyond 9999 ("+415307-06-26T07:20:14.351Z"), as toISOString() writes it.
 * `fractionDigits` 3 (milliseconds, toISOString's) to 9. A value that is not a finite number has no
 * time: "(no time)".
 */
export function formatEpochUtc(epochSeconds: number, fractionDigits = 3): string {
  if (!Number.isFinite(epochSeconds)) return '(no time)'
  const scale = 10 ** fractionDigits
  let seconds: number
  let fraction: number
  if (fractionDigits === 3 && Math.abs(epochSeconds * scale) <= Number.MAX_SAFE_INTEGER) {
    // Milliseconds cut toward zero, exactly as Date takes them.
    const units = Math.trunc(epochSeconds * scale)
    seconds = Math.floor(units / scale)
    fraction = units - seconds * scale
  } else {
    // Past 2^53 units the product would round: split first (the subtraction is exact).
    seconds = Math.floor(epochSeconds)
    fraction = Math.min(scale - 1, Math.floor((epochSeconds - seconds) * scale))
  }
  const days = Math.floor(seconds / SECONDS_PER_DAY)
  const inDay = seconds - days * SECONDS_PER_DAY
  const { year, month, day } = civilFromDays(days)
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`
  const clock = `${pad(Math.floor(inDay / 3600), 2)}:${pad(Math.floor((inDay % 3600) / 60), 2)}:${pad(inDay % 60, 2)}`
  return `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${clock}${fractionDigits > 0 ? `.${pad(fraction, fractionDigits)}` : ''}Z`
}
