// Every input in ../shared/captures/fuzz-found/ (captures that once crashed `wiretrail inspect` or
// took gigabytes) opens cleanly: `inspect` in text and in --json mode gives a walkthrough or a coded
// error, in a process whose peak memory stays under 200 MB. Each runs in its own process so its peak
// is its own (the analyzer's worker thread included). How long each takes, opened as the app opens
// it, is reported by `npm run bench analyzer` (analyzer-fuzz-found.bench.ts), not asserted here.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../support/corpus.ts'

const DIR = join(CORPUS_DIR, 'fuzz-found')
const ROOT = join(import.meta.dirname, '..', '..')
const MAX_RSS_BYTES = 200 * 1024 * 1024
const SEPARATOR = '\n--- wiretrail fuzz-found: next run ---\n'

const inputs = readdirSync(DIR).filter((name) => /\.(pcap|pcapng|cap)$/.test(name))

interface Run {
  text: string
  json: string
  textStatus: number
  jsonStatus: number
  maxRssBytes: number
  stderr: string
}

/** `inspect FILE` then `inspect FILE --json` in one fresh Node process (the CLI's own code path). */
function inspectBoth(file: string): Promise<Run> {
  const script = `
    const { main } = await import(${JSON.stringify(join(ROOT, 'src-main/cli/main.ts'))})
    const text = await main(['inspect', ${JSON.stringify(file)}])
    process.stdout.write(${JSON.stringify(SEPARATOR)})
    const json = await main(['inspect', ${JSON.stringify(file)}, '--json'])
    process.stderr.write('\\nSTATUS ' + text + ' ' + json + ' MAXRSS ' + process.resourceUsage().maxRSS * 1024 + '\\n')
  `
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (b: string) => (stdout += b))
    child.stderr.setEncoding('utf8').on('data', (b: string) => (stderr += b))
    // A hang is a failure, not a wait: far beyond what any of these inputs needs.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const status = /STATUS (\d+) (\d+) MAXRSS (\d+)/.exec(stderr)
      if (!status) return reject(new Error(`inspect did not finish (exit ${code}, signal ${signal}): ${stderr.slice(-2000)}`))
      const [text = '', json = ''] = stdout.split(SEPARATOR)
      resolve({ text, json, textStatus: Number(status[1]), jsonStatus: Number(status[2]), maxRssBytes: Number(status[3]), stderr })
    })
  })
}

describe('inputs that once broke the analyzer (fuzz-found)', () => {
  it('are all here, each with its note', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(8)
    for (const name of inputs) expect(readFileSync(join(DIR, `${name}.txt`), 'utf8')).toMatch(/outcome: (crash|blowup)/)
  })

  for (const name of inputs) {
    it(name, async () => {
      const run = await inspectBoth(join(DIR, name))
      expect(run.stderr).not.toMatch(/\[INTERNAL\]|RangeError|TypeError/)
      // Text mode: the walkthrough, or a coded error on stderr.
      if (run.textStatus === 0 || run.text.startsWith('Wiretrail walkthrough of')) expect(run.text).toMatch(new RegExp(`^Wiretrail walkthrough of ${name.replace(/\./g, '\\.')}\\n`))
      else expect(run.stderr).toMatch(/\[CAPTURE_[A-Z_]+\]/)
      // JSON mode: the walkthrough (schema 1), or an error object with its code.
      const value = JSON.parse(run.json) as { schema?: number; error?: { code: string }; http?: { noteCode?: string; bodyBytes: { wire: number; decoded: number } }[]; source?: { firstFrameEpoch: number } }
      if (value.error) expect(value.error.code).toMatch(/^CAPTURE_/)
      else expect(value.schema).toBe(1)
      expect(run.maxRssBytes, `peak memory of ${name}`).toBeLessThan(MAX_RSS_BYTES)

      if (name.startsWith('crafted-blowup-')) {
        // The bomb's body stops at the bound: a coded note on the exchange, the wire size kept.
        expect(value.http).toHaveLength(1)
        expect(value.http![0]!.noteCode).toBe('HTTP_BODY_TOO_LARGE')
        expect(value.http![0]!.bodyBytes.decoded).toBe(value.http![0]!.bodyBytes.wire)
      }
      if (name === 'inspect-crash-invalid-time-value.min.pcapng') {
        // tshark: "Arrival Time: Jun 26, 415307 07:20:14.351165000 UTC".
        expect(run.text).toContain('1 frames over 0.000 s, starting +415307-06-26T07:20:14.351Z')
        expect(value.source!.firstFrameEpoch).toBeCloseTo(13043671082414.351, 2)
      }
    }, 120_000)
  }
})
