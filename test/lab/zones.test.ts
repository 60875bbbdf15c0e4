// The lab zones are standard master files: BIND's named-checkzone accepts every one (as written and
// rewritten for another address block), and our reader gets exactly the records BIND gets.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkZone, parseMasterFile, type ZoneRecord } from '../../src-main/lab/dns/master-file.ts'
import { loadLabNetwork } from '../../src-main/lab/network.ts'
import { isWiretrailError } from '../../src-main/shared/errors.ts'
import { runPeer } from './peers.ts'

const TMP = '/tmp/lab-area/zones-test'

/** named-checkzone with -i local: the default ("full") looks out-of-zone NS/MX names up through
 * the system resolver, which must never be asked (it is outside 127/8). */
function checkzone(origin: string, path: string, extra: string[] = []) {
  return runPeer('named-checkzone', ['-i', 'local', '-k', 'fail', '-n', 'fail', '-m', 'fail', ...extra, origin, path])
}

/** Presentation form as named-checkzone -D prints it: "name ttl IN TYPE data". */
function present(record: ZoneRecord): string {
  const name = (n: string) => n
  let data: string
  switch (record.type) {
    case 'NS':
    case 'CNAME':
    case 'PTR':
      data = name(record.data)
      break
    case 'MX':
      data = `${record.data.preference} ${name(record.data.exchange)}`
      break
    case 'SOA': {
      const d = record.data
      data = `${name(d.mname)} ${name(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`
      break
    }
    case 'TXT': {
      const strings = (Array.isArray(record.data) ? record.data : [record.data]).map((s) => Buffer.from(s as Buffer).toString('latin1'))
      data = strings.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ')
      break
    }
    default:
      data = String(record.data)
  }
  return `${name(record.name)} ${record.ttl} IN ${record.type} ${data}`
}

describe('lab zone files', () => {
  const network = loadLabNetwork()

  it.each(network.zones.map((zone) => [zone.origin, zone.file]))('%s (%s) passes named-checkzone', async (origin, file) => {
    const result = await checkzone(origin, join(network.assetsDir, file))
    expect(result.stderr + result.stdout).toContain('OK')
    expect(result.status).toBe(0)
  })

  it('every zone still passes named-checkzone after the rewrite to address block 61', async () => {
    const moved = loadLabNetwork({ addressBlock: 61 })
    mkdirSync(TMP, { recursive: true })
    expect(moved.zones.map((zone) => zone.origin)).toContain('61.127.in-addr.arpa.')
    for (const zone of moved.zones) {
      const data = zone.text.replace(/;.*$/gm, '')
      expect(data).not.toMatch(/127\.53\.|53\.127\.in-addr/)
      expect(data).toMatch(/127\.61\.\d+\.\d+|61\.127\.in-addr/)
      const path = join(TMP, `${zone.origin}zone`)
      writeFileSync(path, zone.text)
      const result = await checkzone(zone.origin, path)
      expect(result.status, `${zone.origin}: ${result.stdout}${result.stderr}`).toBe(0)
    }
  })

  it.each(network.zones.map((zone) => [zone.origin, zone.file]))('our reader gets the records BIND gets for %s', async (origin, file) => {
    const dump = await checkzone(origin, join(network.assetsDir, file), ['-D', '-o', '-'])
    expect(dump.status).toBe(0)
    const bind = dump.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(/\s+/, ' ').replace(/^(\S+ \d+)\s+IN\s+(\S+)\s+/, '$1 IN $2 '))
      .sort()
    const zone = network.zones.find((z) => z.origin === origin)
    const parsed = parseMasterFile(zone?.text ?? '', { origin, file })
    checkZone(parsed, file)
    const ours = parsed.records.map(present).sort()
    expect(ours).toEqual(bind)
    expect(ours.length).toBeGreaterThan(2)
  })
})

describe('the zone reader rejects what it cannot serve, naming file and line', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown type', '$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 127.0.0.1\nwww IN HINFO "x" "y"\n', /z\.zone:5: unknown or unsupported record type "HINFO"/],
    ['an unbalanced parenthesis', '$TTL 60\n@ SOA ns hm ( 1 2 3 4 5\n@ NS ns\n', /z\.zone:\d+: unbalanced "\("/],
    ['a bad IPv4 address', '$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 127.0.0.256\n', /z\.zone:4: "127\.0\.0\.256" is not an IPv4 address/],
    ['a record without TTL', '@ SOA ns hm 1 2 3 4 5\n', /z\.zone:1: no TTL/],
    ['$INCLUDE', '$INCLUDE other.zone\n', /z\.zone:1: directive \$INCLUDE is not supported/],
    ['an unterminated string', '$TTL 60\nx TXT "abc\n', /z\.zone:2: unterminated quoted string/],
    ['a label over 63 characters', `$TTL 60\n${'a'.repeat(64)} A 127.0.0.1\n`, /z\.zone:2: label "a{64}" is longer than 63/],
  ]
  it.each(cases)('%s', (_what, text, message) => {
    let caught: unknown
    try {
      parseMasterFile(text, { origin: 'example.lab.', file: 'z.zone' })
    } catch (error) {
      caught = error
    }
    expect(isWiretrailError(caught) && caught.code).toBe('LAB_ZONE_SYNTAX')
    expect((caught as Error).message).toMatch(message)
  })

  it('a zone with data outside its origin or a CNAME beside other data is refused', () => {
    const outside = parseMasterFile('$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nwww.other. A 127.0.0.1\n', { origin: 'example.lab.', file: 'o.zone' })
    expect(() => checkZone(outside, 'o.zone')).toThrow(/o\.zone: www\.other\. A is outside zone example\.lab\./)
    const both = parseMasterFile('$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nw CNAME x\nw A 127.0.0.1\n', { origin: 'example.lab.', file: 'c.zone' })
    expect(() => checkZone(both, 'c.zone')).toThrow(/w\.example\.lab\. has a CNAME and other data/)
  })

  it('keeps UTF-8 text in TXT strings as its bytes (including characters outside the BMP)', () => {
    const { records } = parseMasterFile('$TTL 60\nnote TXT "탐험 🌏"\n', { origin: 'example.lab.', file: 'u.zone' })
    expect(records[0]?.data).toEqual([Buffer.from('탐험 🌏', 'utf8')])
  })

  it('reads relative names, @, a blank owner, $ORIGIN changes, TTL units and escapes', () => {
    const text = [
      '$ORIGIN example.lab.',
      '$TTL 1h',
      '@ IN SOA ns hostmaster ( 7 ; serial',
      '  1h 15m 1w 5m )',
      '  IN NS ns',
      'ns 30 IN A 127.0.0.9',
      '$ORIGIN sub.example.lab.',
      'www IN 2d TXT "say \\"hi\\"" "\\065\\066"',
    ].join('\n')
    const { records } = parseMasterFile(text, { origin: 'example.lab.', file: 't.zone' })
    expect(records.map(present)).toEqual([
      'example.lab. 3600 IN SOA ns.example.lab. hostmaster.example.lab. 7 3600 900 604800 300',
      'example.lab. 3600 IN NS ns.example.lab.',
      'ns.example.lab. 30 IN A 127.0.0.9',
      'www.sub.example.lab. 172800 IN TXT "say \\"hi\\"" "AB"',
    ])
  })
})
