// A head kept as text (the exchanges keep their heads so) read back as fields: the display
// filter's http.* values come from here. Line ends of every kind, a head cut short, lines that are
// not fields, and white space (the characters trim() takes, NBSP included) around names and values.
import { describe, expect, it } from 'vitest'
import { fieldsOfHeadText } from '../../src-main/http/head-fields.ts'

describe('fieldsOfHeadText', () => {
  it('reads each header line of a kept head as a field, skipping the start line and what is not a field', () => {
    const head = 'GET /a HTTP/1.1\r\nHost:  lab.test \r\nX-Bare: lf\nNo colon here\r\n: empty name\r\n  Folded: line\r\nX-Cr: in\rside\r\nX-Nbsp:\u00a0v\u00a0\r\nX-Two-Cr: v\r\r\nCut: short'
    const fields = fieldsOfHeadText(head)
    expect([...fields].map((f) => [f.name, f.value])).toEqual([
      ['Host', 'lab.test'],
      ['X-Bare', 'lf'],
      ['Folded', 'line'],
      ['X-Cr', 'in\rside'],
      ['X-Nbsp', 'v'],
      ['X-Two-Cr', 'v'],
      ['Cut', 'short'],
    ])
    // Each line where it is in the text, with its line end.
    expect(fields.offset(0)).toBe(head.indexOf('Host'))
    expect(fields.lineLength(0)).toBe('Host:  lab.test \r\n'.length)
    expect(fields.lineLength(1)).toBe('X-Bare: lf\n'.length)
    expect(fields.lineLength(6)).toBe('Cut: short'.length)
    expect(fields.get('HOST')).toBe('lab.test')
  })

  it('finds no fields in a start line alone, an empty head, or a head of empty lines', () => {
    for (const head of ['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK\r\n', '', '\n\n\r\n', 'Host: first line is the start line']) expect(fieldsOfHeadText(head).length, JSON.stringify(head)).toBe(0)
  })
})
