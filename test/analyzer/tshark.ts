// Runs the installed tshark (always -n: no name lookups) for the comparisons. A missing tshark is
// a failure with a message, never a skipped test.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export async function tsharkFields(file: string, fields: string[], extra: string[] = []): Promise<string[][]> {
  try {
    const { stdout } = await run('tshark', ['-n', '-r', file, ...extra, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=\u001f', ...fields.flatMap((f) => ['-e', f])], { maxBuffer: 64 << 20 })
    return stdout.split('\n').filter((l) => l.length).map((l) => l.split('\t'))
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; code?: unknown }
    if (err.code === 'ENOENT') throw new Error('tshark is not installed: run .ci/install-peers (apt package tshark)')
    // tshark exits 2 on a cut-short file but still prints what it read.
    if (typeof err.stdout === 'string') return err.stdout.split('\n').filter((l) => l.length).map((l) => l.split('\t'))
    throw e
  }
}
