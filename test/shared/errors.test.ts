import { describe, expect, it } from 'vitest'
import { WiretrailError, toErrorJson } from '../../src-main/shared/errors.ts'

describe('WiretrailError', () => {
  it('serialises code, message and details without the stack', () => {
    const error = new WiretrailError('PCAP_TRUNCATED', 'record at byte 24 is cut short', { offset: 24 })
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'WiretrailError',
      code: 'PCAP_TRUNCATED',
      message: 'record at byte 24 is cut short',
      details: { offset: 24 },
    })
  })

  it('keeps a Node error code and maps anything else to INTERNAL', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    expect(toErrorJson(refused).code).toBe('ECONNREFUSED')
    expect(toErrorJson('boom')).toEqual({ name: 'WiretrailError', code: 'INTERNAL', message: 'boom' })
  })
})
