// The lab's local DNS server: the notes' "nearby DNS server", set in the TCP/IP settings (STORY 02
// §5, STORY 03 §3 step 1). A stub resolver sends it a question with RD=1; it walks down from the
// lab root with the resolver engine (which caches: a second question is answered from its cache,
// the TTL counted down, and "does not exist" is cached too, RFC 2308), and answers with RA=1. Its
// answers are never authoritative (AA=0): it holds no zone data of its own, it relays what the
// authoritative servers said or what its cache remembers. Each resolution names the client
// question it answers (`forQuery`), so a recording ties the walk to the stub leg.
import { toPacketAnswer } from '../../dns/records.ts'
import { isZoneTransfer } from '../../shared/dns-roles.ts'
import type { ResolutionResult, ResolveContext, Resolver } from '../../resolver/index.ts'
import type { DnsHandler } from './dns-listener.ts'
import { encodeWithin, MAX_TCP_MESSAGE, readQuery, replyTo, udpLimitFor, type QueryInfo, type ReplyContent } from './message.ts'

/** Resolutions the server works on at once; the questions past it wait their turn. Without a bound,
 * 1,000 distinct questions at once start 1,000 walks, each with its sockets and state, and send
 * their queries to the same few authoritative servers in one burst. Recursive servers bound this
 * the same way (BIND's recursive-clients, unbound's num-queries-per-thread). */
export const MAX_ACTIVE_RESOLUTIONS = 64
/** Questions that may wait for a turn; past this the server answers SERVFAIL at once, so a flood
 * costs bounded memory (a client may ask again). */
export const MAX_WAITING_QUESTIONS = 4096

export interface RecursiveHandlerOptions {
  resolver: Resolver
  /** Resolutions that fail (timeouts, lame servers, limits) are reported here and answered SERVFAIL. */
  onResolutionError?: (error: unknown, question: { name: string; type: string }) => void
  /** Every finished resolution (a failed one's partial result), with the client question it was for. */
  onResolved?: (result: ResolutionResult, forQuery: NonNullable<ResolveContext['forQuery']>) => void
}

export function recursiveHandler(options: RecursiveHandlerOptions): DnsHandler {
  const turns = new Turns(MAX_ACTIVE_RESOLUTIONS, MAX_WAITING_QUESTIONS)
  return async (bytes, context) => {
    const read = readQuery(bytes)
    if (read.kind === 'drop') return null
    if (read.kind === 'error-reply') {
      read.reply.flags = (read.reply.flags ?? 0) | 0x0080 // RA: this server offers recursion
      return encodeWithin(read.reply, 512)
    }
    const { query } = read
    const limit = context.transport === 'udp' ? udpLimitFor(query) : MAX_TCP_MESSAGE
    const forQuery = { client: context.remote, server: context.local, id: query.id, transport: context.transport }
    const content = (await turns.take()) ? await contentFor(options, query, forQuery).finally(() => turns.release()) : ({ rcode: 'SERVFAIL' } as const)
    return encodeWithin(replyTo(query, { ...content, authoritative: false, recursionAvailable: true }), limit)
  }
}

async function contentFor(options: RecursiveHandlerOptions, query: QueryInfo, forQuery: NonNullable<ResolveContext['forQuery']>): Promise<ReplyContent> {
  const { question } = query
  if ((query.edns?.version ?? 0) !== 0) return { rcode: 'BADVERS' }
  if ((question.class ?? 'IN') !== 'IN') return { rcode: 'REFUSED' }
  if (isZoneTransfer(query.qtype)) return { rcode: 'REFUSED' } // it holds no zone to transfer
  // This server recurses for its clients and holds no zones: a question without RD asks for
  // something it does not offer (RFC 1034 §4.3.1), so it is refused rather than guessed at.
  if (!query.recursionDesired) return { rcode: 'REFUSED' }
  try {
    const result = await options.resolver.resolve(query.qname, query.qtype, { forQuery })
    options.onResolved?.(result, forQuery)
    return {
      rcode: result.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NOERROR',
      answers: result.answers.map(toPacketAnswer),
      // The SOA of a negative answer tells the stub how long it may cache "does not exist".
      authorities: result.authority.map(toPacketAnswer),
    }
  } catch (error) {
    const partial = (error as { partial?: ResolutionResult }).partial
    if (partial !== undefined) options.onResolved?.(partial, forQuery)
    options.onResolutionError?.(error, { name: query.qname, type: query.qtype })
    return { rcode: 'SERVFAIL' }
  }
}

/** A counting gate: `take` resolves true when a turn is free (at once, or when one is released),
 * false at once when `waiting` questions already wait. */
class Turns {
  private active = 0
  private readonly queue: (() => void)[] = []

  constructor(
    private readonly limit: number,
    private readonly waiting: number,
  ) {}

  take(): Promise<boolean> {
    if (this.active < this.limit) {
      this.active += 1
      return Promise.resolve(true)
    }
    if (this.queue.length >= this.waiting) return Promise.resolve(false)
    return new Promise((resolve) => this.queue.push(() => resolve(true)))
  }

  release(): void {
    const next = this.queue.shift()
    if (next !== undefined) next() // the turn passes on: `active` stays
    else this.active -= 1
  }
}
