// Operations that return nothing (capture.close, recent.clear, recordings.discardAll,
// capture.checkRequest when the request is fine) over the browser shell's HTTP channel: the real
// server answers {"ok":true} (JSON drops an undefined value) and the page's client must take that
// as a result, not as "an answer without an API result".
import { describe, expect, it } from 'vitest'
import { createBrowserClient } from '../../src-renderer/api/browser-client.ts'
import { startFixture } from './helpers.ts'

describe('operations that return nothing, over the browser shell\'s HTTP channel', () => {
  it('resolve, and a refused check still rejects with its code', async () => {
    const fixture = await startFixture()
    try {
      const origin = `http://127.0.0.1:${fixture.server.port}`
      const client = createBrowserClient(`${origin}/${fixture.server.token}/`, (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: origin } }))
      await expect(client.call('recent.clear')).resolves.toBeUndefined()
      await expect(client.call('recordings.discardAll')).resolves.toBeUndefined()
      await expect(client.call('capture.checkRequest', { url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })).resolves.toBeUndefined()
      await expect(client.call('capture.checkRequest', { url: 'ftp://ftp.lab.cyber.co.kr/x', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })).rejects.toMatchObject({ code: 'URL_OTHER_ACCESS_METHOD' })
    } finally {
      await fixture.close()
    }
  })
})
