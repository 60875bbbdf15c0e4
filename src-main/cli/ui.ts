// `wiretrail ui [--port N] [--no-open]`: serves the app on 127.0.0.1 with the same API as the
// Electron shell and opens it in a Chromium app window (or the default browser). The first line of
// output is the URL with its access token, for automation; it runs until interrupted.
import { existingFiles, parseCommandArgs, UsageError } from './args.ts'
import { runBrowserShell } from '../shell/run.ts'

const USAGE = `Usage: wiretrail ui [--port N] [--no-open] [FILE…]

Serves the app on 127.0.0.1 (loopback only, a new access token each run) and opens it in a
Chromium app window, or in the default browser when there is no Chromium.
The first line printed is the URL to open, with its token.

Options:
  --port N     listen on port N (default 0: any free port)
  --no-open    do not open a window; just print the URL
  FILE…        pcap/pcapng captures to open at once

Environment:
  WIRETRAIL_HOME       the app's state folder (recent files, unsaved recordings)
  WIRETRAIL_LAB_BLOCK  run the lab on 127.<N>.x.y instead of 127.53.x.y (for tests)`

export function parsePort(text: string | undefined): number {
  if (text === undefined) return 0
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${text}"\n\n${USAGE}`)
  return port
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, USAGE)
  if (parsed === null) return 0
  const port = parsePort(parsed.values.port)
  const files = existingFiles(parsed.positionals, USAGE)
  return runBrowserShell({ port, open: parsed.values['no-open'] !== true, files, stopWithWindow: false })
}
