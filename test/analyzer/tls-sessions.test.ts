// The TLS sessions once the pass has ended (analyzer/tls-sessions.ts): each session made from the
// store is the object the tracker filled in, key for key, on real captures (TLS 1.2 and 1.3,
// certificates, a HelloRetryRequest, a tunnel, a recording whose keys decrypt it).
import { describe, expect, it } from 'vitest'
import { readCapture } from '../../src-main/capture/index.ts'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { StreamingPass } from '../../src-main/analyzer/pass.ts'
import type { TlsSession } from '../../src-main/shared/walkthrough.ts'

/** Every object's keys, in order, at every depth. */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder)
  if (value === null || typeof value !== 'object') return value
  return Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
}

/** The sessions as the tracker filled them in (copied before the pass ends), and the pass. */
async function sessionsOf(path: string, journalPath?: string): Promise<{ before: TlsSession[]; pass: StreamingPass }> {
  const journal = journalPath ? await readJournal(journalPath) : null
  const pass = new StreamingPass(journal)
  for (const line of journal?.keyLogLines ?? []) pass.secrets(line)
  await readCapture(path, { onFrame: (f) => pass.onFrame(f), onSecrets: (_kind, text) => pass.secrets(text) })
  pass.tcp.flush()
  const before = [...pass.tls.sessions].map((s) => structuredClone(s))
  pass.flush()
  await pass.settled()
  return { before, pass }
}

describe('the TLS sessions kept as a store once the pass ends', () => {
  it.each([
    '../shared/captures/tls12-ecdhe.pcap',
    '../shared/captures/tls13-hello-retry-request.pcap',
    '../shared/captures/tls-client-hello-split-across-segments.pcap',
    '../shared/captures/null-loopback-ipv6-http-connect-tls.pcap',
    '../shared/captures/more/tls12-full-handshake-nss-loopback.pcap',
    '../shared/captures/more/tls12-new-session-ticket-midstream-ipv4-ipv6.pcap',
  ])('gives back every session of %s as the tracker made it', async (path) => {
    const { before, pass } = await sessionsOf(path)
    expect(before.length).toBeGreaterThan(0)
    const after = [...pass.tls.sessions]
    expect(after.length).toBe(before.length)
    expect(JSON.stringify(after)).toBe(JSON.stringify(before))
    expect(keyOrder(after)).toStrictEqual(keyOrder(before))
    for (let i = 0; i < before.length; i++) expect(pass.tls.sessionOf(before[i]!.connection)).toStrictEqual(before.find((s) => s.connection === before[i]!.connection))
  })

  it('keeps the certificates, their dates, and a session decrypted with the recording’s keys', async () => {
    const path = 'test/fuzz/seeds/lab-tls.pcap'
    const { before, pass } = await sessionsOf(path, `${path}.wiretrail.jsonl`)
    expect(before.some((s) => s.decrypted && s.certificates.length > 0 && s.sni !== null)).toBe(true)
    const after = [...pass.tls.sessions]
    expect(JSON.stringify(after)).toBe(JSON.stringify(before))
    expect(keyOrder(after)).toStrictEqual(keyOrder(before))
    // The connection read alone (the lesson's links) is the whole session's.
    before.forEach((s, i) => expect(pass.tls.sessions.field!(i, 'connection')).toBe(s.connection))
    // A new object each read; an index reads as an array's `at` reads it.
    expect(pass.tls.sessions.at(0)).not.toBe(pass.tls.sessions.at(0))
    for (const i of [-1, before.length, 0.5]) expect(JSON.stringify(pass.tls.sessions.at(i))).toBe(JSON.stringify(before.at(i)))
  })
})
