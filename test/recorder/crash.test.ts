// "A crash loses at most the packet in flight": a recording process killed with SIGKILL in the
// middle of a page load leaves a capture that tshark reads completely (every record before the
// kill is whole) and a journal whose every line parses.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scratchDir, tshark } from './peers.ts'

const CHILD = join(import.meta.dirname, 'fixtures', 'record-child.ts')

/** Starts the recording child and SIGKILLs it once it reports at least `frames` frames written. */
function recordAndKill(output: string, format: 'pcap' | 'pcapng', block: number, frames: number): Promise<{ killedAt: number; finished: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, output, format, String(block)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let killedAt = -1
    let buffered = ''
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString()
      for (const line of buffered.split('\n').slice(0, -1)) {
        const n = Number(/^frames (\d+)/.exec(line)?.[1] ?? -1)
        if (killedAt < 0 && n >= frames) {
          killedAt = n
          child.kill('SIGKILL')
        }
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1)
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killedAt, finished: false })
      else if (code === 0) resolve({ killedAt, finished: true })
      else reject(new Error(`the recording child failed (${code}): ${stderr}`))
    })
  })
}

describe('a recording killed mid-load', () => {
  for (const [format, block] of [['pcap', 173], ['pcapng', 174]] as const) {
    it(`leaves a ${format} that tshark reads in full, and a journal of whole lines`, async () => {
      const output = join(scratchDir(`crash-${format}`), `killed.${format}`)
      const { killedAt, finished } = await recordAndKill(output, format, block, 40)
      expect(finished).toBe(false)
      expect(killedAt).toBeGreaterThanOrEqual(40)
      // tshark exits non-zero ("cut short in the middle of a packet") if a record were torn.
      const frames = (await tshark(['-r', output, '-T', 'fields', '-e', 'frame.number'])).trim().split('\n')
      expect(frames.length).toBeGreaterThanOrEqual(killedAt)
      const lines = readFileSync(`${output}.wiretrail.jsonl`, 'utf8').split('\n').filter((l) => l !== '')
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
      const recorded = lines.map((l) => JSON.parse(l) as { type: string; frame?: number })
      expect(recorded[0]?.type).toBe('recording')
      expect(recorded.some((r) => r.type === 'end')).toBe(false)
      // Each frame's journal line follows its packet; the kill may fall between the two.
      expect(Math.max(...recorded.map((r) => r.frame ?? 0))).toBeGreaterThanOrEqual(frames.length - 1)
    })
  }
})
