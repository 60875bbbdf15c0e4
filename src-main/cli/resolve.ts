// `wiretrail resolve NAME`: resolves a name step by step and prints the chain like `dig +trace`
// (per hop: zone, server, what it said, time), or one JSON object (docs/resolve-json.md).
// The default target is the embedded lab, started in this process and walked from its root.
import { performance } from 'node:perf_hooks'
import type { DnsServerRef } from '../shared/resolver-events.ts'
import { formatResolutionText, formatTrace } from '../resolver/format.ts'
import { ResolutionError, Resolver, osStubServer, parseServer, type ResolutionResult, type ResolverOptions } from '../resolver/index.ts'
import { validateQueryName } from '../dns/names.ts'
import { parseRecordType } from '../dns/records.ts'
import { WiretrailError } from '../shared/errors.ts'
import { parseCommandArgs, UsageError } from './args.ts'

const USAGE = `Usage: wiretrail resolve NAME [options]

Resolves NAME the way a DNS resolver does and prints every step, like dig +trace. By default it
starts the embedded lab network in this process and walks down from the lab's root server
(root -> kr. -> co.kr. -> cyber.co.kr. -> lab.cyber.co.kr. for www.lab.cyber.co.kr).

Options:
  --type T            record type: A (default), AAAA, MX, TXT, NS, CNAME, SOA, PTR, SRV, TYPEnnn
  --root ADDR[:PORT]  iterate from this root server instead (repeatable); referrals carry no
                      ports, so every server is asked on the first root's port (default 53)
  --stub SERVER[:PORT]
                      stub mode: ask one recursive server with RD=1 instead of iterating.
                      "lab" = the lab's local DNS server, "os" = the server in the OS settings
  --internet          iterate from IANA's root servers (real names, needs internet access)
  --timeout MS        per-query timeout (default 2000)
  --lab-block N       address block of the embedded lab: 127.N.x.y (default 53)
  --json              print one JSON object (schema: docs/resolve-json.md)
  --events            with --json: include every resolver event
  -h, --help          show this text

Exit status: 0 when the name was resolved, NXDOMAIN and NODATA included (they are answers);
1 when no answer could be had (timeouts, lame servers, limits); 2 for bad usage.
`

const OPTIONS = {
  type: { type: 'string' },
  root: { type: 'string', multiple: true },
  stub: { type: 'string' },
  internet: { type: 'boolean' },
  timeout: { type: 'string' },
  'lab-block': { type: 'string' },
  json: { type: 'boolean' },
  events: { type: 'boolean' },
} as const

interface Target {
  options: ResolverOptions
  /** One line for the heading: where the resolution starts. */
  from: string
  target: 'lab' | 'internet' | 'custom'
  close(): Promise<void>
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS, USAGE)
  if (parsed === null) return 0
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new UsageError(`give exactly one name to resolve${positionals.length > 1 ? ` (got ${positionals.join(' ')})` : ''}\n\n${USAGE}`)
  const name = positionals[0]!
  const qtype = values.type ?? 'A'
  try {
    parseRecordType(qtype)
  } catch (error) {
    throw new UsageError(`--type: ${(error as Error).message}\n\n${USAGE}`)
  }
  // Every argument is checked before the lab starts or a query is sent.
  const timeoutMs = integer('timeout', values.timeout, 1, 600_000)
  const labBlock = integer('lab-block', values['lab-block'], 1, 254)
  const rootChoices = [values.internet ? '--internet' : null, values.root !== undefined ? '--root' : null, values.stub !== undefined ? '--stub' : null].filter((c) => c !== null)
  if (rootChoices.length > 1) throw new UsageError(`${rootChoices.join(' and ')} each choose where the resolution starts; give one\n\n${USAGE}`)
  if (values.events && !values.json) throw new UsageError(`--events goes with --json\n\n${USAGE}`)
  const roots = values.root?.map(parse)
  const stub = values.stub === undefined || values.stub === 'lab' || values.stub === 'os' ? undefined : parse(values.stub)
  const mode: ResolverOptions['mode'] = values.stub !== undefined ? 'stub' : 'iterative'
  const started = performance.now()
  let target: Target | null = null
  try {
    validateQueryName(name)
    target = await chooseTarget({ roots, stub, stubChoice: values.stub, internet: values.internet === true, labBlock }, timeoutMs)
    const resolver = new Resolver(target.options)
    const heading = `; wiretrail resolve ${name} ${qtype.toUpperCase()}: ${target.options.mode}, ${target.from}`
    let result: ResolutionResult
    try {
      result = await resolver.resolve(name, qtype)
    } catch (error) {
      // The steps up to the failure still help: print them (text mode), then fail with the reason.
      if (!values.json && error instanceof ResolutionError && error.partial !== undefined) {
        process.stdout.write(`${[heading, '', ...formatTrace(error.partial.events)].join('\n')}\n`)
      }
      throw error
    }
    const elapsedMs = performance.now() - started
    if (values.json) process.stdout.write(`${JSON.stringify(toJson(result, target.options.mode, target.target, elapsedMs, values.events === true), null, 2)}\n`)
    else process.stdout.write(formatResolutionText(result, heading, elapsedMs))
    return 0
  } catch (error) {
    if (!values.json || error instanceof UsageError) throw error
    // --json keeps its schema on failure (docs/resolve-json.md): the hops up to the failure, rcode,
    // and what went wrong in `error`.
    const json = failureJson(error, { name, qtype, mode, target: target?.target ?? targetKind(values), elapsedMs: performance.now() - started, withEvents: values.events === true })
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    process.stderr.write(`wiretrail resolve: ${json.error.message} [${json.error.code}]\n`)
    return 1
  } finally {
    await target?.close()
  }
}

function targetKind(values: { internet?: boolean; root?: string[]; stub?: string }): Target['target'] {
  if (values.internet) return 'internet'
  if (values.root !== undefined || (values.stub !== undefined && values.stub !== 'lab')) return 'custom'
  return 'lab'
}

interface FailureContext {
  name: string
  qtype: string
  mode: ResolverOptions['mode']
  target: Target['target']
  elapsedMs: number
  withEvents: boolean
}

/** The success schema with what happened before the failure, `rcode` "SERVFAIL" (what a recursive
 * server answers when it cannot get an answer) or null when no query was sent, no `source` (there
 * is no final answer), and `error`. */
function failureJson(error: unknown, c: FailureContext): Record<string, unknown> & { error: { code: string; message: string } } {
  const code = error instanceof WiretrailError ? error.code : 'INTERNAL'
  const message = error instanceof Error ? error.message : String(error)
  const partial = error instanceof ResolutionError ? error.partial : undefined
  const base =
    partial !== undefined
      ? { ...toJson(partial, c.mode, c.target, c.elapsedMs, c.withEvents), source: null }
      : {
          qname: canonicalOrAsGiven(c.name),
          qtype: c.qtype.toUpperCase(),
          rcode: null,
          nodata: false,
          mode: c.mode,
          target: c.target,
          source: null,
          answers: [],
          authority: [],
          addresses: [],
          hops: [],
          queries: 0,
          elapsed_ms: Math.round(c.elapsedMs * 1000) / 1000,
          ...(c.withEvents ? { events: [] } : {}),
        }
  return { ...base, error: { code, message } }
}

function canonicalOrAsGiven(name: string): string {
  try {
    return validateQueryName(name)
  } catch {
    return name
  }
}

interface TargetChoice {
  roots: DnsServerRef[] | undefined
  stub: DnsServerRef | undefined
  stubChoice: string | undefined
  internet: boolean
  labBlock: number | undefined
}

async function chooseTarget(choice: TargetChoice, timeoutMs: number | undefined): Promise<Target> {
  const base = { timeoutMs }
  const none = async (): Promise<void> => {}
  if (choice.stubChoice === 'os') {
    const server = osStubServer()
    if (server === null) throw new UsageError('--stub os: the OS has no DNS server configured')
    return { options: { ...base, mode: 'stub', stub: server }, from: `asking ${describe(server)} (RD=1)`, target: 'custom', close: none }
  }
  if (choice.stub !== undefined) {
    return { options: { ...base, mode: 'stub', stub: choice.stub }, from: `asking ${describe(choice.stub)} (RD=1)`, target: 'custom', close: none }
  }
  if (choice.internet) return { options: { ...base, mode: 'iterative' }, from: "from IANA's root servers", target: 'internet', close: none }
  if (choice.roots !== undefined) {
    const roots = choice.roots
    const port = roots[0]!.port
    return { options: { ...base, mode: 'iterative', roots, portFor: () => port }, from: `from ${roots.map(describe).join(', ')}`, target: 'custom', close: none }
  }
  // The embedded lab. Its default DNS port may be taken (a `wiretrail lab` running elsewhere):
  // then every lab server gets a free port, which the resolver learns through dnsPortFor.
  const { startLab } = await import('../lab/index.ts')
  const labOptions = { addressBlock: choice.labBlock, web: false, localDns: choice.stubChoice === 'lab', resolverTimeoutMs: timeoutMs }
  const lab = await startLab(labOptions).catch((error: { details?: Record<string, unknown> }) => {
    if (error.details?.errno !== 'EADDRINUSE') throw error
    return startLab({ ...labOptions, dnsPort: 0 })
  })
  if (choice.stubChoice === 'lab') {
    return { options: { ...base, mode: 'stub', stub: lab.localDns }, from: `asking the lab's ${describe(lab.localDns)} (RD=1)`, target: 'lab', close: () => lab.close() }
  }
  return {
    options: { ...base, mode: 'iterative', roots: lab.roots, portFor: (address) => lab.dnsPortFor(address) },
    from: `from the lab root ${lab.roots.map(describe).join(', ')}`,
    target: 'lab',
    close: () => lab.close(),
  }
}

function toJson(result: ResolutionResult, mode: ResolverOptions['mode'], target: Target['target'], elapsedMs: number, withEvents: boolean): Record<string, unknown> {
  return {
    qname: result.qname,
    qtype: result.qtype,
    rcode: result.rcode,
    nodata: result.nodata,
    mode,
    target,
    source: result.source,
    answers: result.answers.map(({ name, type, ttl, data }) => ({ name, type, ttl, data })),
    authority: result.authority.map(({ name, type, ttl, data }) => ({ name, type, ttl, data })),
    addresses: result.addresses,
    hops: result.hops,
    queries: result.events.filter((e) => e.kind === 'query-sent').length,
    elapsed_ms: Math.round(elapsedMs * 1000) / 1000,
    ...(withEvents ? { events: result.events } : {}),
  }
}

function parse(text: string): DnsServerRef {
  try {
    return parseServer(text)
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`)
  }
}

function describe(server: DnsServerRef): string {
  return `${server.name ? `${server.name} ` : ''}${server.address}:${server.port}`
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} ${value} is not a whole number from ${min} to ${max}\n\n${USAGE}`)
  return Number(value)
}
