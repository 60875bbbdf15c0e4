// The one rule for which format a capture is written in (wiretrail record -o, the app's Save As):
// the format asked for, else the one the file's name promises, else pcap; a name promising the
// other format is refused, so no file's name lies about its bytes.
import { describe, expect, it } from 'vitest'
import { captureFormatOfName, captureFormatToWrite } from '../../src-main/capture/format.ts'

describe('captureFormatToWrite', () => {
  it('follows the name when no format is asked for', () => {
    expect(captureFormatToWrite('x.pcapng')).toBe('pcapng')
    expect(captureFormatToWrite('/tmp/Lab Page.PCAPNG')).toBe('pcapng')
    expect(captureFormatToWrite('x.pcap')).toBe('pcap')
    expect(captureFormatToWrite('x.cap')).toBe('pcap')
    // No promise in the name: pcap, as before.
    expect(captureFormatToWrite('x')).toBe('pcap')
    expect(captureFormatToWrite('x.dump')).toBe('pcap')
    expect(captureFormatToWrite('x.pcapng.bak')).toBe('pcap')
  })

  it('takes the format asked for when the name agrees or promises nothing', () => {
    expect(captureFormatToWrite('x.pcapng', 'pcapng')).toBe('pcapng')
    expect(captureFormatToWrite('x.cap', 'pcap')).toBe('pcap')
    expect(captureFormatToWrite('x', 'pcapng')).toBe('pcapng')
    expect(captureFormatToWrite('x.dmp', 'pcapng')).toBe('pcapng')
  })

  it('refuses a format the name contradicts, naming both', () => {
    expect(() => captureFormatToWrite('x.pcapng', 'pcap')).toThrow(expect.objectContaining({
      code: 'CAPTURE_FORMAT_MISMATCH',
      message: 'x.pcapng names a pcapng file (.pcapng) but pcap was asked for: name it .pcap or ask for pcapng',
      details: { path: 'x.pcapng', asked: 'pcap', named: 'pcapng' },
    }))
    expect(() => captureFormatToWrite('dir/x.CAP', 'pcapng')).toThrow(expect.objectContaining({
      code: 'CAPTURE_FORMAT_MISMATCH',
      message: 'dir/x.CAP names a pcap file (.CAP) but pcapng was asked for: name it .pcapng or ask for pcap',
    }))
  })

  it('reads only the last extension of the name', () => {
    expect(captureFormatOfName('a.pcapng.pcap')).toBe('pcap')
    expect(captureFormatOfName('a.pcap.pcapng')).toBe('pcapng')
    expect(captureFormatOfName('pcapng')).toBeNull()
    expect(captureFormatOfName('a.capng')).toBeNull()
  })
})
