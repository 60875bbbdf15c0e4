// The display filter's grammar and checks: Wireshark's syntax (symbols and words, sets and ranges,
// slices, functions, strings with escapes), values read as the type of the field they meet, and
// errors that name the offending token by its column with what is wrong.
import { describe, expect, it } from 'vitest'
import { FilterError, MAX_FILTER_LENGTH, parseFilter } from '../../src-main/filter/parse.ts'

/** The tree without token ranges, bytes as arrays (easy to compare). */
function tree(text: string): unknown {
  return JSON.parse(JSON.stringify(parseFilter(text), (key, value: unknown) => (key === 'at' ? undefined : value instanceof Uint8Array ? [...value] : value)))
}

function failure(text: string): { code: string; message: string; start: number; end: number } {
  try {
    parseFilter(text)
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError)
    const err = e as FilterError
    const details = err.details as { start: number; end: number; column: number }
    expect(details.column).toBe(details.start + 1)
    return { code: err.code, message: err.message, start: details.start, end: details.end }
  }
  throw new Error(`"${text}" parsed`)
}

describe('display filter grammar', () => {
  it('reads the issue’s filters', () => {
    expect(tree('dns.qry.name == "www.lab.cyber.co.kr"')).toEqual({ kind: 'compare', op: 'eq', left: { kind: 'field', key: 'dns.qry.name', type: 'string' }, right: { kind: 'scalar', type: 'string', value: 'www.lab.cyber.co.kr' } })
    expect(tree('tcp.flags.syn == 1 && ip.dst == 127.53.4.80')).toEqual({
      kind: 'and',
      left: { kind: 'compare', op: 'eq', left: { kind: 'field', key: 'tcp.flags.syn', type: 'bool' }, right: { kind: 'scalar', type: 'bool', value: 1 } },
      right: { kind: 'compare', op: 'eq', left: { kind: 'field', key: 'ip.dst', type: 'ipv4' }, right: { kind: 'scalar', type: 'ipv4', value: 127 * 2 ** 24 + 53 * 2 ** 16 + 4 * 256 + 80 } },
    })
    expect(tree('http.response.code >= 400')).toEqual({ kind: 'compare', op: 'ge', left: { kind: 'field', key: 'http.response.code', type: 'uint' }, right: { kind: 'scalar', type: 'uint', value: 400 } })
    expect(tree('frame.number in {1..20}')).toEqual({ kind: 'in', negated: false, left: { kind: 'field', key: 'frame.number', type: 'uint' }, set: [{ kind: 'range', from: { kind: 'scalar', type: 'uint', value: 1 }, to: { kind: 'scalar', type: 'uint', value: 20 } }] })
  })

  it('takes the word forms of the operators, in any case, with the symbol forms’ precedence', () => {
    expect(tree('ip.src eq 10.0.0.1 AND NOT tcp OR udp')).toEqual(tree('ip.src == 10.0.0.1 && !tcp || udp'))
    for (const [word, symbol] of [
      ['ne', '!='],
      ['gt', '>'],
      ['ge', '>='],
      ['lt', '<'],
      ['le', '<='],
      ['all_eq', '==='],
      ['any_ne', '!=='],
    ]) {
      expect(tree(`frame.len ${word} 60`)).toEqual(tree(`frame.len ${symbol} 60`))
    }
    // && binds tighter than ||, ^^ between them, ! tightest; parentheses group.
    expect(tree('tcp || udp && dns')).toEqual({ kind: 'or', left: tree('tcp'), right: { kind: 'and', left: tree('udp'), right: tree('dns') } })
    expect(tree('(tcp || udp) && dns')).toEqual({ kind: 'and', left: { kind: 'or', left: tree('tcp'), right: tree('udp') }, right: tree('dns') })
    expect(tree('!tcp && udp')).toEqual({ kind: 'and', left: { kind: 'not', expr: tree('tcp') }, right: tree('udp') })
  })

  it('reads values as the type of the field: networks, IPv6, byte strings, names, hex and octal', () => {
    expect(tree('ip.addr == 127.53.0.0/16')).toEqual({ kind: 'compare', op: 'eq', left: { kind: 'field', key: 'ip.addr', type: 'ipv4' }, right: { kind: 'network', type: 'ipv4', bytes: [127, 53, 0, 0], prefix: 16 } })
    expect(tree('ipv6.addr == fe80::/10')).toMatchObject({ right: { kind: 'network', type: 'ipv6', prefix: 10, bytes: [0xfe, 0x80, ...new Array(14).fill(0)] } })
    expect(tree('ipv6.src == ::ffff:127.0.0.1')).toMatchObject({ right: { value: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1] } })
    expect(tree('eth.src == 00-1c-42-00-00-10')).toMatchObject({ right: { type: 'ether', value: [0, 0x1c, 0x42, 0, 0, 0x10] } })
    expect(tree('frame contains aa:bb:cc')).toMatchObject({ kind: 'contains', right: { type: 'bytes', value: [0xaa, 0xbb, 0xcc] } })
    expect(tree('frame contains "GET /"')).toMatchObject({ kind: 'contains', right: { type: 'bytes', value: [...Buffer.from('GET /')] } })
    expect(tree('dns.qry.type == aaaa')).toMatchObject({ right: { value: 28 } })
    expect(tree('tcp.flags == 0x012')).toMatchObject({ right: { value: 0x12 } })
    expect(tree('ip.ttl == 010')).toMatchObject({ right: { value: 8 } })
    expect(tree('tcp.flags.syn == True')).toMatchObject({ right: { value: 1 } })
    expect(tree('frame.time_delta > 0.5')).toMatchObject({ right: { type: 'time', value: 0.5 } })
    expect(tree('http.request.method == GET')).toMatchObject({ right: { type: 'string', value: 'GET' } })
    expect(tree('http.host == "a\\"b\\x41\\101\\n"')).toMatchObject({ right: { value: 'a"bAA\n' } })
    expect(tree('http.host matches r"\\d+\\.lab"')).toEqual({ kind: 'matches', left: { kind: 'field', key: 'http.host', type: 'string' }, pattern: '\\d+\\.lab' })
    expect(tree('tcp.port in {80, 443 8000..8080}')).toMatchObject({ set: [{ kind: 'value' }, { kind: 'value' }, { kind: 'range' }] })
    expect(tree('tcp.port not in {80}')).toMatchObject({ kind: 'in', negated: true })
    // A word that names a field on either side is the field.
    expect(tree('ip.src == ip.dst')).toMatchObject({ right: { kind: 'field', key: 'ip.dst' } })
    expect(tree('eth.src[0:3] == 00:1c:42')).toMatchObject({ left: { kind: 'slice', ranges: [{ start: 0, length: 3 }] }, right: { type: 'bytes' } })
    expect(tree('len(dns.qry.name) > 20 && count(dns.a) >= 2 && lower(http.host) == "x"')).toMatchObject({ left: { left: { left: { kind: 'call', name: 'len', type: 'uint' } } } })
    expect(parseFilter('   ')).toBeNull()
  })

  it('points at the offending token with what is wrong', () => {
    expect(failure('tcp.port = 80')).toEqual({ code: 'FILTER_SYNTAX', message: 'column 10: "=" alone is not an operator: write "==" (or eq)', start: 9, end: 10 })
    expect(failure('tcp.port == 80 & udp')).toMatchObject({ code: 'FILTER_SYNTAX', start: 15, message: expect.stringContaining('"&" alone is not an operator: write "&&"') })
    expect(failure('foo.bar == 1')).toEqual({ code: 'FILTER_UNKNOWN_FIELD', message: 'column 1: "foo.bar" is neither a field nor a protocol name', start: 0, end: 7 })
    expect(failure('dns && tcp.seq == 1')).toMatchObject({ code: 'FILTER_UNKNOWN_FIELD', start: 7, end: 14, message: expect.stringContaining('use tcp.seq_raw') })
    expect(failure('ip.src == 127.53.0.300')).toEqual({ code: 'FILTER_BAD_VALUE', message: 'column 11: "127.53.0.300" is not an IPv4 address (ip.src is one); e.g. 127.53.0.1 or 127.53.0.0/16', start: 10, end: 22 })
    expect(failure('tcp.port == httpx')).toMatchObject({ code: 'FILTER_BAD_VALUE', start: 12, end: 17 })
    // A word naming a protocol is that protocol (as in Wireshark), which a port is not comparable with.
    expect(failure('tcp.port == http')).toMatchObject({ code: 'FILTER_BAD_OPERATOR', start: 12, end: 16, message: expect.stringContaining('cannot be compared') })
    expect(failure('eth.src == aa:bb:cc')).toMatchObject({ code: 'FILTER_BAD_VALUE', start: 11, message: expect.stringContaining('not an Ethernet address') })
    expect(failure('dns.qry.name == "www.lab')).toEqual({ code: 'FILTER_SYNTAX', message: 'column 17: this string is never closed (a " is missing)', start: 16, end: 24 })
    expect(failure('tcp.flags.syn == 1 &&')).toMatchObject({ code: 'FILTER_SYNTAX', start: 21, message: 'column 22: the filter ends too early: a field, a value or "(" must follow' })
    expect(failure('(tcp || udp')).toMatchObject({ code: 'FILTER_SYNTAX', start: 11, message: expect.stringContaining('")"') })
    expect(failure('tcp udp')).toMatchObject({ code: 'FILTER_SYNTAX', start: 4, end: 7, message: expect.stringContaining('"udp" is not expected here') })
    expect(failure('tcp == 1')).toMatchObject({ code: 'FILTER_BAD_OPERATOR', message: expect.stringContaining('tcp is a protocol') })
    expect(failure('frame.len > 127.0.0.0/8')).toMatchObject({ code: 'FILTER_BAD_VALUE' })
    expect(failure('ip.addr > 127.0.0.0/8')).toMatchObject({ code: 'FILTER_BAD_OPERATOR', start: 10 })
    expect(failure('frame.len contains "x"')).toMatchObject({ code: 'FILTER_BAD_OPERATOR' })
    expect(failure('http.host matches 12')).toMatchObject({ code: 'FILTER_BAD_VALUE', start: 18 })
    expect(failure('ip.src == frame.len')).toMatchObject({ code: 'FILTER_BAD_OPERATOR', message: expect.stringContaining('cannot be compared') })
    expect(failure('x'.repeat(MAX_FILTER_LENGTH + 1))).toMatchObject({ code: 'FILTER_TOO_LONG' })
  })
})
