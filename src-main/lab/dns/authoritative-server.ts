// An authoritative-only DNS server for a set of zones (one lab server address). It never recurses:
// RA=0, and questions outside its zones are REFUSED.
import { answerQuestion } from './authoritative-answer.ts'
import type { DnsHandler } from './dns-listener.ts'
import { encodeWithin, MAX_TCP_MESSAGE, readQuery, replyTo, udpLimitFor, type QueryInfo, type ReplyContent } from './message.ts'
import type { Zone } from './zone.ts'
import type { ZoneRecord } from './master-file.ts'
import type { ServerBehaviour } from '../tweaks.ts'
import { isZoneTransfer } from '../../shared/dns-roles.ts'

/** An experiment's changes, read on every query (src-main/lab/tweaks.ts); none by default. */
export interface AuthoritativeTweaks {
  behaviour: ServerBehaviour
  ttlFor(name: string, ttl: number): number
}

export function authoritativeHandler(zones: readonly Zone[], tweaks?: AuthoritativeTweaks): DnsHandler {
  return async (bytes, context) => {
    const read = readQuery(bytes)
    if (read.kind === 'drop') return null
    const behaviour = tweaks?.behaviour
    if (behaviour !== undefined && behaviour.answer === 'silent') return null
    if (behaviour !== undefined && behaviour.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs))
    if (read.kind === 'error-reply') return encodeWithin(read.reply, 512)
    const { query } = read
    const limit = context.transport === 'udp' ? udpLimitFor(query) : MAX_TCP_MESSAGE
    if (behaviour?.answer === 'refused') return encodeWithin(replyTo(query, { rcode: 'REFUSED' }), limit)
    const retime = tweaks === undefined ? (records: ZoneRecord[]) => records : (records: ZoneRecord[]) => records.map((record) => ({ ...record, ttl: tweaks.ttlFor(record.name, record.ttl) }))
    return encodeWithin(replyTo(query, contentFor(zones, query, query.edns?.version ?? 0, retime)), limit)
  }
}

function contentFor(zones: readonly Zone[], query: QueryInfo, ednsVersion: number, retime: (records: ZoneRecord[]) => ZoneRecord[]): ReplyContent {
  const { question } = query
  if (ednsVersion !== 0) return { rcode: 'BADVERS' } // RFC 6891 §6.1.3: we speak EDNS version 0 only
  if ((question.class ?? 'IN') !== 'IN' && question.class !== 'ANY') return { rcode: 'REFUSED' }
  if (isZoneTransfer(query.qtype)) return { rcode: 'REFUSED' } // the lab hands out no whole zones
  const result = answerQuestion(zones, query.qname, query.qtype)
  return {
    rcode: result.rcode,
    authoritative: result.authoritative,
    answers: retime(result.answers),
    authorities: retime(result.authorities),
    additionals: retime(result.additionals),
  }
}
