// `wiretrail lab`: runs the lab network in the foreground (so dig, curl or a browser can use it),
// prints every address, and stops cleanly on Ctrl+C (SIGINT) or SIGTERM with exit status 0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { experimentNamed, experimentsHelp, startExperiment, type ExperimentRequest } from '../lab/experiments/index.ts'
import { DEFAULT_DNS_PORT, DEFAULT_HTTP_PORT, DEFAULT_HTTPS_PORT, startLab, type RunningLab } from '../lab/index.ts'
import { parseCommandArgs, UsageError } from './args.ts'

const USAGE = `Usage: wiretrail lab [options]

Runs the embedded lab network until Ctrl+C: the DNS hierarchy of the notes (root, kr., co.kr.,
cyber.co.kr., lab.cyber.co.kr., com., glasscom.com., lab.glasscom.com. and the special cases),
a local recursive DNS server, and the web servers www.lab.cyber.co.kr and www.lab.glasscom.com
(HTTP and HTTPS with a lab CA made for this run). Every server listens on its own loopback
address 127.<block>.<zone>.<server>; no administrator rights are needed.

Options:
  --address-block N     use 127.N.x.y (1-254, default 53)
  --dns-port PORT       DNS port of every server, UDP and TCP (default ${DEFAULT_DNS_PORT}; 0 = any free port)
  --http-port PORT      HTTP port of the web servers (default ${DEFAULT_HTTP_PORT})
  --https-port PORT     HTTPS port of the web servers (default ${DEFAULT_HTTPS_PORT})
  --single-address      every server on 127.0.0.1 with its own port (macOS, which has no other
                        loopback addresses): server n gets PORT+n
  --experiment NAME     run the lab changed by an experiment (in memory only: the zone files never
                        change; undone on Ctrl+C and SIGTERM) and print what to look for:
${experimentsHelp().replace(/^/gm, '                          ')}
  -h, --help            show this text
`

const OPTIONS = {
  'address-block': { type: 'string' },
  'dns-port': { type: 'string' },
  'http-port': { type: 'string' },
  'https-port': { type: 'string' },
  'single-address': { type: 'boolean' },
  experiment: { type: 'string' },
} as const

function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} ${value} is not a whole number from ${min} to ${max}\n\n${USAGE}`)
  }
  return Number(value)
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS, USAGE)
  if (parsed === null) return 0
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"\n\n${USAGE}`)
  const { values } = parsed
  // Every argument is checked before the lab starts: an unknown experiment is LAB_UNKNOWN_EXPERIMENT
  // with every name listed.
  const experiment = values.experiment !== undefined ? experimentNamed(values.experiment) : undefined
  const labOptions = {
    addressBlock: integerOption('address-block', values['address-block'], 1, 254),
    dnsPort: integerOption('dns-port', values['dns-port'], 0, 65535),
    httpPort: integerOption('http-port', values['http-port'], 0, 65535),
    httpsPort: integerOption('https-port', values['https-port'], 0, 65535),
  }
  const lab = await startLab({
    ...labOptions,
    singleAddress: values['single-address'] === true,
    onError: (error) => process.stderr.write(`wiretrail lab: ${error instanceof Error ? error.message : String(error)}\n`),
  })
  // The CA certificate goes to a file so curl --cacert or a browser can use it; it is removed on exit.
  const caDir = mkdtempSync(join(tmpdir(), 'wiretrail-lab-'))
  const caCertificatePath = join(caDir, 'lab-ca.pem')
  writeFileSync(caCertificatePath, lab.caCertificatePem)
  process.stdout.write(lab.describe({ caCertificatePath }))
  const undo = experiment !== undefined ? startExperiment(lab, experiment.id) : () => {}
  if (experiment !== undefined) {
    process.stdout.write(`\nExperiment ${experiment.id} (${experiment.title.en}): ${experiment.changes.en}\n`)
    const requests = experiment.record.requests
    if (requests !== undefined) {
      process.stdout.write(`Send its ${requests.length} requests in this order (curl, the name pinned to the lab's address):\n`)
      for (const [index, request] of requests.entries()) process.stdout.write(`  ${index + 1}. ${request.does.en}\n     ${curlCommand(lab, request)}\n`)
    } else {
      process.stdout.write(`Ask this lab with dig or a browser as printed above, ${experiment.record.pausesMs.length + 1} time(s): ${experiment.record.url}\n`)
    }
    process.stdout.write(`(wiretrail record --experiment ${experiment.id} runs its own lab in its process, on --address-block other than this one's)\n`)
    process.stdout.write(`Look for: ${experiment.lookFor.en}\n${experiment.undo.en}\n`)
  }
  process.stdout.write('\nThe lab is running. Press Ctrl+C to stop it.\n')

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  undo()
  if (experiment !== undefined) process.stdout.write(`\nExperiment ${experiment.id} ended: its changes are undone, the lab answers as its zone files say.\n`)
  await lab.close()
  rmSync(caDir, { recursive: true, force: true })
  process.stdout.write(`\n${signal}: the lab stopped; every port is closed.\n`)
  return 0
}

/** An experiment's request as a curl command against this lab (the name pinned to its web server's
 * address with --resolve, so nothing asks the system resolver), to paste into a shell. */
function curlCommand(lab: RunningLab, request: ExperimentRequest): string {
  const url = new URL(request.url)
  const web = lab.web.find((server) => server.host === url.hostname)
  if (web === undefined) return `(no lab web server is named ${url.hostname})`
  const data =
    request.form?.flatMap(([name, value]) => ['--data-urlencode', shellQuote(`${name}=${value}`)]) ??
    (request.body !== undefined ? ['-H', shellQuote('Content-Type: text/plain; charset=utf-8'), '--data-binary', shellQuote(request.body)] : [])
  return ['curl', '-i', '-X', request.method, ...data, '--resolve', `${url.hostname}:${web.httpPort}:${web.address}`, `http://${url.hostname}:${web.httpPort}${url.pathname}${url.search}`].join(' ')
}

/** $'…' (ANSI-C quoting, bash and zsh): any text, quotes and newlines included, on one line. */
function shellQuote(text: string): string {
  return `$'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
}
