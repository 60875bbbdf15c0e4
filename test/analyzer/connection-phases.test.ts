// A connection's transfer and close phases list their frames from the frame table's marks
// (trackers/tcp.ts: FLAG_TCP_DATA, FLAG_TCP_CLOSING), gathered into the connection columns when the
// pass ends and found by a scan while it still reads (the preview's build). On every capture of the
// shared corpus that has TCP: both ways give the same phases, and their frames are tshark's — the
// transfer phase every frame of the stream with payload (tcp.len > 0), the close phase every frame
// of the stream from its first FIN or RST on.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readCapture } from '../../src-main/capture/index.ts'
import { StreamingPass } from '../../src-main/analyzer/pass.ts'
import type { Connection } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from './tshark.ts'

const manifest = JSON.parse(readFileSync(`${CORPUS_DIR}/manifest.json`, 'utf8')) as { files: { file: string; tshark: Record<string, number> }[] }
const withTcp = manifest.files.filter((f) => f.tshark.tcp_conversations! > 0 && f.tshark.frames_read! > 0)

/** Each stream's frames with payload and its frames from the first FIN or RST on, as tshark sees them. */
async function tsharkPhases(file: string): Promise<Map<number, { transfer: number[]; close: number[] }>> {
  const rows = await tsharkFields(file, ['frame.number', 'tcp.stream', 'tcp.len', 'tcp.flags.fin', 'tcp.flags.reset'])
  const streams = new Map<number, { transfer: number[]; close: number[] }>()
  const yes = (v: string | undefined) => v === '1' || v === 'True'
  for (const [frame = '', stream = '', len = '', fin, reset] of rows) {
    // The first value only: a TCP header quoted inside an ICMP error is not a segment of the stream.
    if (!stream) continue
    const s = Number(stream.split('\u001f')[0])
    const p = streams.get(s) ?? { transfer: [], close: [] }
    streams.set(s, p)
    if (Number(len.split('\u001f')[0]) > 0) p.transfer.push(Number(frame))
    if (p.close.length > 0 || yes(fin?.split('\u001f')[0]) || yes(reset?.split('\u001f')[0])) p.close.push(Number(frame))
  }
  return streams
}

const phases = (c: Connection) => ({ connect: c.phases.connect, transfer: c.phases.transfer, close: c.phases.close })

describe('a connection’s transfer and close frames, from the frame table’s marks', () => {
  it('covers the corpus captures with TCP', () => {
    expect(withTcp.length).toBeGreaterThan(20)
  })
  for (const entry of withTcp) {
    it(entry.file, async () => {
      const file = `${CORPUS_DIR}/${entry.file}`
      const pass = new StreamingPass(null)
      await readCapture(file, { onFrame: (f) => pass.onFrame(f) })
      // Every frame is in: the scan of a connection still being read sees what the columns will hold.
      const live = Array.from({ length: pass.tcp.count }, (_, i) => phases(pass.tcp.view(i)))
      const liveCut = Array.from({ length: pass.tcp.count }, (_, i) => pass.tcp.phases(i, 2))
      pass.flush()
      await pass.settled()
      const ended = Array.from({ length: pass.tcp.count }, (_, i) => phases(pass.tcp.view(i)))
      expect(ended).toStrictEqual(live)
      // The steps' plan reads the phases alone (no whole connection made), with at most so many of
      // the transfer frames: the view's phases, the transfer phase's frames cut, its times whole.
      const whole = Array.from({ length: pass.tcp.count }, (_, i) => pass.tcp.view(i).phases)
      expect(Array.from({ length: pass.tcp.count }, (_, i) => pass.tcp.phases(i, Number.POSITIVE_INFINITY))).toStrictEqual(whole)
      const cut = whole.map((p) => ({ ...p, transfer: p.transfer && { ...p.transfer, frames: p.transfer.frames.slice(0, 2) } }))
      expect(Array.from({ length: pass.tcp.count }, (_, i) => pass.tcp.phases(i, 2))).toStrictEqual(cut)
      expect(liveCut).toStrictEqual(cut)
      const theirs = await tsharkPhases(file)
      expect(ended.length).toBe(theirs.size)
      ended.forEach((c, i) => {
        const t = theirs.get(i)!
        expect(c.transfer?.frames ?? []).toStrictEqual(t.transfer)
        expect(c.close?.frames ?? []).toStrictEqual(t.close)
      })
      // Not vacuous: the corpus has data and closes.
      if (entry.file === 'http-bro-org-pageload.pcap') {
        expect(ended.filter((c) => c.transfer !== null).length).toBeGreaterThan(5)
        expect(ended.filter((c) => c.close !== null).length).toBeGreaterThan(5)
      }
    })
  }
})
