// Dispatches `wiretrail <command> …` to the command's module. Each command lives in its own file
// (`src-main/cli/<command>.ts`) exporting `run(args)`, loaded only when used so that, say,
// `wiretrail resolve` never loads the renderer server. A command's `run` throws on failure;
// `runCommand` (args.ts) turns that into the message and exit status.
import { outputLanguage, runCommand } from './args.ts'

export interface CommandModule {
  /** Returns the process exit status: 0 success, 1 the operation failed, 2 bad usage. */
  run(args: string[]): Promise<number>
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  resolve: { summary: 'resolve a name step by step from the root (like dig +trace)', load: () => import('./resolve.ts') },
  record: { summary: 'load a page, record its DNS and TCP exchanges as a capture', load: () => import('./record.ts') },
  inspect: { summary: 'turn a pcap/pcapng file into a walkthrough', load: () => import('./inspect.ts') },
  lab: { summary: 'run the embedded lab network (DNS hierarchy + web servers) in the foreground', load: () => import('./lab.ts') },
  ui: { summary: 'serve the app on 127.0.0.1 and open it in a browser window', load: () => import('./ui.ts') },
  start: { summary: 'start the desktop app (Electron where installed, else the browser shell)', load: () => import('./start.ts') },
}

export const USAGE = `wiretrail — what happens, packet by packet, when a browser loads a page

Usage: wiretrail <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run "wiretrail <command> --help" for a command's options.
`

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE)
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default
    process.stdout.write(`wiretrail ${version}\n`)
    return 0
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    process.stderr.write(`wiretrail: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  // Commands just throw: WiretrailError → "wiretrail <name>: <message> [CODE]", exit 1 (and a JSON
  // error object on stdout under --json; the message said in Korean first under --lang ko);
  // UsageError → exit 2.
  return runCommand(name, rest.includes('--json'), async () => (await command.load()).run(rest), outputLanguage(rest))
}
