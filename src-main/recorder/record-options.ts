// Every option of a recording checked before anything happens: no lab started, no file created,
// no packet sent. The CLI (`wiretrail record`) runs the same check before it starts, so a bad
// argument ends with its message and leaves nothing behind. What can only go wrong later (a name
// that does not exist, a refused connection) is not an argument problem: the recording then keeps
// what it wrote and says so.
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { captureFormatToWrite } from '../capture/format.ts'
import { parseServer } from '../resolver/index.ts'
import { WiretrailError } from '../shared/errors.ts'
import { JOURNAL_SUFFIX } from '../shared/journal.ts'
import type { DnsServerRef, ResolverChoice } from '../shared/resolver-events.ts'
import { resolverChoiceFor } from './page-session.ts'
import { parseRecordTarget, type RecordTarget } from './record-target.ts'
import type { RecordOptions } from './types.ts'

/** Root servers one iterative recording may be given (the real root zone has 13). */
export const MAX_ROOTS = 13

export interface CheckedRecordOptions {
  /** A page (an http/https URL) or a DNS lookup on its own (a dns: URI). */
  recorded: RecordTarget
  target: 'lab' | 'internet'
  /** Given, or implied by roots (iterative) or a stub server (stub); undefined: the target's
   * default, decided once the lab is known (resolverChoiceFor: 'nearby' in the lab). */
  resolverMode: ResolverChoice | undefined
  format: 'pcap' | 'pcapng'
  packets: 'synthesized' | 'kernel'
  roots: DnsServerRef[] | undefined
  stub: DnsServerRef | undefined
  output: string
  journal: string
}

function bad(message: string, details?: Record<string, unknown>): WiretrailError {
  return new WiretrailError('RECORD_BAD_OPTION', message, details)
}

function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if (!(choices as readonly string[]).includes(value)) throw bad(`${name} must be ${choices.map((c) => `"${c}"`).join(' or ')}, not "${value}"`)
  return value as T
}

function server(option: string, value: DnsServerRef | string): DnsServerRef {
  if (typeof value !== 'string') return value
  try {
    return parseServer(value)
  } catch (error) {
    throw bad(`${option}: ${(error as Error).message}`)
  }
}

/**
 * Throws RECORD_BAD_OPTION (an option), a URL_* code (the URL or dns: URI, naming the part) or
 * DNS_BAD_NAME (a host a browser accepts but DNS cannot carry: an empty label, a label over 63
 * octets) — before any side effect.
 */
export function checkRecordOptions(options: RecordOptions): CheckedRecordOptions {
  const target = oneOf('target', options.target, ['lab', 'internet'], 'lab')
  const asked = options.format === undefined ? undefined : oneOf('format', options.format, ['pcap', 'pcapng'], 'pcap')
  const packets = oneOf('packets', options.packets, ['synthesized', 'kernel'], 'synthesized')
  const implied = options.roots !== undefined ? 'iterative' : options.stub !== undefined ? 'stub' : undefined
  const resolverMode = options.resolverMode === undefined ? implied : oneOf('resolver mode', options.resolverMode, ['nearby', 'iterative', 'stub'], 'nearby')
  // The nearby DNS server is the lab's (it runs in this process): refused for the internet up front.
  if (resolverMode === 'nearby' && target !== 'lab') resolverChoiceFor('nearby', target, undefined)

  const recorded = parseRecordTarget(options.url, options)

  if (options.roots !== undefined && resolverMode !== 'iterative') throw bad(`root servers are for iterative resolution, not the "${resolverMode}" resolver (give roots or a stub server, not both)`)
  if (options.stub !== undefined && resolverMode !== 'stub') throw bad(`a stub server is for the stub resolver, not the "${resolverMode}" one (give roots or a stub server, not both)`)
  if (options.roots !== undefined && (options.roots.length === 0 || options.roots.length > MAX_ROOTS)) {
    throw bad(`give 1 to ${MAX_ROOTS} root servers, not ${options.roots.length}`)
  }
  if (options.rootHints !== undefined && target !== 'internet') throw bad('root hints are for the internet target (the lab target starts from the lab root)')
  if (options.rootHints !== undefined && (options.roots !== undefined || resolverMode === 'stub')) {
    throw bad(`root hints and ${options.roots !== undefined ? 'root servers' : 'a stub resolver'} both say where resolution starts: give one`)
  }
  const roots = options.roots?.map((root) => server('root', root))
  const stub = options.stub === undefined ? undefined : server('stub server', options.stub)

  const output = checkOutput(options.output)
  // The format asked for, else the one the file's name says (x.pcapng → pcapng), else pcap; a name
  // that says the other format is refused here, before anything is created.
  let format: 'pcap' | 'pcapng'
  try {
    format = captureFormatToWrite(output, asked)
  } catch (error) {
    throw bad((error as Error).message, { path: output })
  }
  return { recorded, target, resolverMode, format, packets, roots, stub, output, journal: output + JOURNAL_SUFFIX }
}

/** The capture file (and its journal beside it) can be created: the folder exists and is
 * writable, and neither name is taken by a folder. Existing files are replaced, as tcpdump -w does. */
function checkOutput(output: string): string {
  if (typeof output !== 'string' || output.trim() === '' || output.includes('\0')) throw bad(`the output file name ${JSON.stringify(output)} is empty or holds a NUL character`)
  const folder = dirname(resolve(output))
  // statSync without throwing for a missing file: an exception (and its stack trace) per check was
  // a measurable part of what starting a recording costs.
  let folderInfo
  try {
    folderInfo = statSync(folder, { throwIfNoEntry: false })
  } catch {
    folderInfo = undefined
  }
  if (folderInfo === undefined) throw bad(`the folder ${folder} for the capture file does not exist`, { path: output })
  if (!folderInfo.isDirectory()) throw bad(`${folder} is not a folder, so the capture file ${output} cannot be written there`, { path: output })
  try {
    accessSync(folder, constants.W_OK)
  } catch {
    throw bad(`the folder ${folder} is not writable, so the capture file ${output} cannot be created`, { path: output })
  }
  for (const path of [output, output + JOURNAL_SUFFIX]) {
    let info
    try {
      info = statSync(path, { throwIfNoEntry: false })
    } catch {
      continue
    }
    if (info === undefined) continue
    if (info.isDirectory()) throw bad(`${path} is a folder; the recording needs a file of that name`, { path })
    try {
      accessSync(path, constants.W_OK)
    } catch {
      throw bad(`${path} exists and is not writable`, { path })
    }
  }
  return output
}
