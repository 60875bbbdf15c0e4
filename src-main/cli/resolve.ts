// `wiretrail resolve NAME`: resolves a name step by step and prints the chain like `dig +trace`
// (per hop: zone, server, what it said, time), or one JSON object (docs/resolve-json.md).
// The default target is the embedded lab, started in this process and walked from its root by this
// computer (--resolver iterative); --resolver nearby asks the lab's nearby DNS server instead, as in
// the notes, and prints its walk under the question; --resolver stub (or --stub) asks a server and
// shows only its answer.
import { performance } from 'node:perf_hooks'
import type { DnsServerRef, ResolverEvent } from '../shared/resolver-events.ts'
import { formatResolutionText, formatTrace } from '../resolver/format.ts'
import { ResolutionError, Resolver, builtInRootHints, osStubServer, parseServer, readRootHintsFile, type ResolutionResult, type ResolverOptions, type RootHints } from '../resolver/index.ts'
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
  --resolver iterative|nearby|stub
                      iterative (default): this computer walks from the root, like dig +trace;
                      nearby: as in the notes, ask the lab's nearby DNS server (RD=1) and show
                      its walk from the lab root (RD=0) under the question;
                      stub: ask one recursive server (--stub, default the lab's) and see only
                      its answer
  --root ADDR[:PORT]  iterate from this root server instead (repeatable), as given; referrals
                      carry no ports, so every server is asked on the first root's port
                      (default 53)
  --stub SERVER[:PORT]
                      stub mode: ask one recursive server with RD=1 instead of iterating.
                      "lab" = the lab's local DNS server, "os" = the server in the OS settings
  --internet          iterate from the real root servers (IANA's named.root, built in): real
                      names, needs a network that lets DNS (port 53) out. The resolver first
                      asks a root server for the current list of root servers (. NS, RFC 8109)
  --root-hints FILE   the internet target with another root hints file (named.root format, as
                      BIND's hint zone and unbound's root-hints: read it); servers on port 53
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
  resolver: { type: 'string' },
  root: { type: 'string', multiple: true },
  stub: { type: 'string' },
  internet: { type: 'boolean' },
  'root-hints': { type: 'string' },
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
  /** --resolver nearby: what the nearby DNS server did for the question (its events and results). */
  nearby?: { events: ResolverEvent[]; results: ResolutionResult[] }
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
  // --root-hints is the internet target with other hints: it goes with --internet, not with the rest.
  const hintsChoice = values['root-hints'] !== undefined ? '--root-hints' : values.internet ? '--internet' : null
  const rootChoices = [hintsChoice, values.root !== undefined ? '--root' : null, values.stub !== undefined ? '--stub' : null].filter((c) => c !== null)
  if (rootChoices.length > 1) throw new UsageError(`${rootChoices.join(' and ')} each choose where the resolution starts; give one\n\n${USAGE}`)
  if (values.events && !values.json) throw new UsageError(`--events goes with --json\n\n${USAGE}`)
  const resolverChoice = values.resolver ?? (values.stub !== undefined ? 'stub' : 'iterative')
  if (resolverChoice !== 'iterative' && resolverChoice !== 'nearby' && resolverChoice !== 'stub') throw new UsageError(`--resolver must be iterative, nearby or stub, not ${resolverChoice}\n\n${USAGE}`)
  if (resolverChoice === 'nearby' && rootChoices.length > 0) throw new UsageError(`--resolver nearby asks the lab's nearby DNS server: it takes no ${rootChoices[0]}\n\n${USAGE}`)
  if (resolverChoice === 'stub' && (values.root !== undefined || hintsChoice !== null)) throw new UsageError(`${hintsChoice ?? '--root'} is for --resolver iterative\n\n${USAGE}`)
  if (resolverChoice === 'iterative' && values.stub !== undefined) throw new UsageError(`--stub is for --resolver stub\n\n${USAGE}`)
  // --resolver stub without a server asks the lab's nearby DNS server (and shows only its answer).
  const stubChoice = resolverChoice === 'stub' ? (values.stub ?? 'lab') : values.stub
  const roots = values.root?.map(parse)
  const stub = stubChoice === undefined || stubChoice === 'lab' || stubChoice === 'os' ? undefined : parse(stubChoice)
  const mode: ResolverOptions['mode'] = resolverChoice === 'iterative' ? 'iterative' : 'stub'
  const started = performance.now()
  let target: Target | null = null
  try {
    validateQueryName(name)
    // A hints file is read (and checked) before anything is sent: ROOT_HINTS_* name the problem.
    const rootHints = values['root-hints'] !== undefined ? await readRootHintsFile(values['root-hints']) : undefined
    target = resolverChoice === 'nearby' ? await nearbyTarget(labBlock, timeoutMs) : await chooseTarget({ roots, stub, stubChoice, internet: hintsChoice !== null, rootHints, labBlock }, timeoutMs)
    const resolver = new Resolver(target.options)
    const heading = `; wiretrail resolve ${name} ${qtype.toUpperCase()}: ${resolverChoice === 'nearby' ? 'as in the notes' : target.options.mode}, ${target.from}`
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
    if (values.json) process.stdout.write(`${JSON.stringify(toJson(result, target.options.mode, target.target, elapsedMs, values.events === true, resolverChoice, target.nearby), null, 2)}\n`)
    else process.stdout.write(withNearbyWalk(formatResolutionText(result, heading, elapsedMs), target))
    return 0
  } catch (error) {
    if (!values.json || error instanceof UsageError) throw error
    // --json keeps its schema on failure (docs/resolve-json.md): the hops up to the failure, rcode,
    // and what went wrong in `error`.
    const json = failureJson(error, { name, qtype, mode, target: target?.target ?? targetKind(values), resolver: resolverChoice, elapsedMs: performance.now() - started, withEvents: values.events === true })
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    process.stderr.write(`wiretrail resolve: ${json.error.message} [${json.error.code}]\n`)
    return 1
  } finally {
    await target?.close()
  }
}

function targetKind(values: { internet?: boolean; 'root-hints'?: string; root?: string[]; stub?: string }): Target['target'] {
  if (values.internet || values['root-hints'] !== undefined) return 'internet'
  if (values.root !== undefined || (values.stub !== undefined && values.stub !== 'lab')) return 'custom'
  return 'lab'
}

interface FailureContext {
  name: string
  qtype: string
  mode: ResolverOptions['mode']
  target: Target['target']
  resolver: ResolverChoiceName
  elapsedMs: number
  withEvents: boolean
}

type ResolverChoiceName = 'iterative' | 'nearby' | 'stub'

/** The success schema with what happened before the failure, `rcode` "SERVFAIL" (what a recursive
 * server answers when it cannot get an answer) or null when no query was sent, no `source` (there
 * is no final answer), and `error`. */
function failureJson(error: unknown, c: FailureContext): Record<string, unknown> & { error: { code: string; message: string } } {
  const code = error instanceof WiretrailError ? error.code : 'INTERNAL'
  const message = error instanceof Error ? error.message : String(error)
  const partial = error instanceof ResolutionError ? error.partial : undefined
  const base =
    partial !== undefined
      ? { ...toJson(partial, c.mode, c.target, c.elapsedMs, c.withEvents, c.resolver), source: null }
      : {
          qname: canonicalOrAsGiven(c.name),
          qtype: c.qtype.toUpperCase(),
          rcode: null,
          nodata: false,
          mode: c.mode,
          target: c.target,
          resolver: c.resolver,
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
  /** The internet target's hints file, read; undefined: the built-in named.root. */
  rootHints: RootHints | undefined
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
  if (choice.internet) {
    const rootHints = choice.rootHints ?? builtInRootHints()
    return { options: { ...base, mode: 'iterative', rootHints }, from: `from the root hints (${rootHints.source})`, target: 'internet', close: none }
  }
  if (choice.roots !== undefined) {
    // Servers learnt from referrals are asked on the first root's port: the resolver's one rule.
    const roots = choice.roots
    return { options: { ...base, mode: 'iterative', roots }, from: `from ${roots.map(describe).join(', ')}`, target: 'custom', close: none }
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

/** --resolver nearby: the embedded lab with its nearby DNS server, asked with RD=1 as the notes'
 * PC does; what the nearby server does meanwhile (its walk, or its cache) is watched and shown. */
async function nearbyTarget(labBlock: number | undefined, timeoutMs: number | undefined): Promise<Target> {
  const { startLab } = await import('../lab/index.ts')
  const labOptions = { addressBlock: labBlock, web: false, resolverTimeoutMs: timeoutMs }
  const lab = await startLab(labOptions).catch((error: { details?: Record<string, unknown> }) => {
    if (error.details?.errno !== 'EADDRINUSE') throw error
    return startLab({ ...labOptions, dnsPort: 0 })
  })
  const nearby: NonNullable<Target['nearby']> = { events: [], results: [] }
  const stopObserving = lab.observeLocalDns({ onEvent: (event) => nearby.events.push(event), onResolution: (result) => nearby.results.push(result) })
  return {
    options: { timeoutMs, mode: 'stub', stub: lab.localDns },
    from: `asking the lab's nearby DNS server ${lab.localDns.address}:${lab.localDns.port} (RD=1), which walks from the lab root`,
    target: 'lab',
    nearby,
    close: async () => {
      stopObserving()
      await lab.close()
    },
  }
}

/** The text output with the nearby DNS server's own trace (its walk, or its cache) under the
 * question it answered. */
function withNearbyWalk(text: string, target: Target): string {
  if (target.nearby === undefined) return text
  const walk = formatTrace(target.nearby.events).map((line) => `    ${line}`)
  const lines = text.split('\n')
  const answerAt = lines.findIndex((line) => line.startsWith(';; ANSWER') || line.startsWith(';; NXDOMAIN') || line.startsWith(';; NODATA'))
  const insert = [`  ;; the nearby DNS server, for that question (RD=0, from its own address ${target.options.stub?.address ?? ''}):`, ...(walk.length > 0 ? walk : ['    (nothing)']), '']
  lines.splice(answerAt < 0 ? lines.length : answerAt, 0, ...insert)
  return lines.join('\n')
}

function toJson(
  result: ResolutionResult,
  mode: ResolverOptions['mode'],
  target: Target['target'],
  elapsedMs: number,
  withEvents: boolean,
  resolver: ResolverChoiceName,
  nearby?: Target['nearby'],
): Record<string, unknown> {
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
    resolver,
    hops: result.hops,
    ...(nearby !== undefined
      ? {
          nearby: {
            hops: nearby.results.flatMap((r) => r.hops),
            queries: nearby.events.filter((e) => e.kind === 'query-sent').length,
            ...(withEvents ? { events: nearby.events } : {}),
          },
        }
      : {}),
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
