// The walkthrough's connections made when read (analyzer/connection-list.ts): what the TCP tracker's
// columns give, with what the build adds beside them — the journal's socket, the exchanges on each
// connection, the resolution that gave its server's address — in the keys' usual order.
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'

describe('the walkthrough’s connections, made when read', () => {
  it('carry the recording’s sockets, their exchanges and the resolution of their address', async () => {
    const r = await runAnalysis('test/fuzz/seeds/lab-sample.pcapng')
    try {
      const w = r.walkthrough
      const connections = [...w.connections]
      expect(connections.length).toBeGreaterThan(0)
      const http = [...w.http]
      const chains = [...w.resolutions]
      let withSocket = 0
      connections.forEach((c, i) => {
        // The exchanges on each connection, in order, and only those.
        expect(c.http).toStrictEqual(http.flatMap((e, k) => (e.connection === i ? [k] : [])))
        // A resolution names the connections it gave an address to, and the connection names it.
        if (c.resolution !== undefined) expect(chains[c.resolution]!.connections).toContain(i)
        for (const [ri, chain] of chains.entries()) if (chain.connections.includes(i)) expect(c.resolution).toBe(ri)
        if (c.socketId !== undefined) {
          withSocket++
          expect(c.phases.socket).toMatchObject({ visible: true, frames: [] })
          expect(typeof c.phases.socket!.fd).toBe('number')
          // socket() before connect(): the socket phase ends no later than the handshake starts.
          expect(c.phases.socket!.end).toBeLessThanOrEqual(c.phases.connect!.start)
        } else expect(c.phases.socket).toMatchObject({ visible: false, fd: null })
        const keys = Object.keys(c)
        expect(keys.slice(0, 9)).toStrictEqual(['protocol', 'stream', 'client', 'server', 'purpose', 'phases', 'bytes', 'http', 'notes'])
        expect(keys.slice(9)).toStrictEqual([...(c.socketId !== undefined ? ['socketId'] : []), ...(c.resolution !== undefined ? ['resolution'] : [])])
      })
      expect(withSocket).toBeGreaterThan(0)
      expect(connections.some((c) => c.resolution !== undefined && c.http.length > 0)).toBe(true)
      // The fields the steps' plan reads alone are the whole connection's.
      connections.forEach((c, i) => {
        expect(w.connections.field!(i, 'purpose')).toBe(c.purpose)
        expect(w.connections.field!(i, 'server')).toBe(c.server)
        expect(w.connections.field!(i, 'phases')).toStrictEqual(c.phases)
      })
      // Each read is a new object; an index reads as an array's `at` reads it.
      expect(w.connections.at(0)).not.toBe(w.connections.at(0))
      expect(w.connections.at(-1)).toStrictEqual(connections.at(-1))
      expect(w.connections.at(connections.length)).toBeUndefined()
    } finally {
      await r.reader.close()
    }
  })
})
