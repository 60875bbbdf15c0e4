// Number formatting shared by the views (times relative to frame 1, sizes, hex).
import { frameRuns } from '../../src-main/shared/frame-list.ts'
import { formatEpochUtc } from '../../src-main/shared/time.ts'

/** Seconds since frame 1, in milliseconds with three decimals ("12.345 ms") below 10 s. */
export function formatTime(seconds: number): string {
  if (seconds < 10) return `${(seconds * 1000).toFixed(3)} ms`
  return `${seconds.toFixed(3)} s`
}

/** Seconds as the packet list shows them (Wireshark style, 6 decimals). */
export function formatSeconds(seconds: number): string {
  return seconds.toFixed(6)
}

/** The packet list's Time column in a time format (Wireshark's View → Time Display Format):
 * seconds since frame 1, seconds since the previous displayed frame (its `t`, when known), or the
 * date and time in UTC ("2024-03-26 11:38:49.958305"; years past 9999 in ISO's expanded form). */
export function formatPacketTime(format: 'relative' | 'delta' | 'absolute', t: number, context: { previous: number | undefined; firstEpoch: number }): string {
  switch (format) {
    case 'relative':
      return formatSeconds(t)
    case 'delta':
      return context.previous === undefined ? '…' : formatSeconds(t - context.previous)
    case 'absolute':
      return formatEpochUtc(context.firstEpoch + t, 6).replace('T', ' ').replace(/Z$/, '')
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

export function hex2(value: number): string {
  return value.toString(16).padStart(2, '0')
}

export function hexOffset(offset: number): string {
  return offset.toString(16).padStart(4, '0')
}

/** "5–6, 9" from [5, 6, 9]: frame lists as people read them (the step texts write them the same way). */
export function formatFrameList(frames: readonly number[]): string {
  return frameRuns(frames)
}

/** The i18n key naming a resolution hop's pseudo-zone ("(cache)" for a cache hit, "(recursive)" for
 * a question to a recursive server, "(unknown)" for a question no response or referral places in a
 * zone), or null for a real zone ("kr."), which is shown as it is. */
export function pseudoZoneKey(zone: string): 'dns.zoneCache' | 'dns.zoneRecursive' | 'dns.zoneUnknown' | null {
  return zone === '(cache)' ? 'dns.zoneCache' : zone === '(recursive)' ? 'dns.zoneRecursive' : zone === '(unknown)' ? 'dns.zoneUnknown' : null
}
