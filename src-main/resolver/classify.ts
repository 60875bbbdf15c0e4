// Every response is classified before anything in it is used (Unbound's iter_resptype.h):
// answer, CNAME, referral, NXDOMAIN, NODATA, lame or throwaway. Only records "in bailiwick" are
// looked at: in iterative mode, names at or below the zone the server was asked as (a kr. server
// may speak for co.kr. names, never for com. names). Records outside it are listed in `ignored`
// and never cached. In stub mode the recursive server speaks for every name, but only the chain
// that starts at the question's name is taken.
import type { DnsRecordView } from '../shared/resolver-events.ts'
import { isAtOrBelow, isStrictlyBelow } from '../dns/names.ts'
import { toRecordView } from '../dns/records.ts'
import type { DnsMessage } from '../dns/message.ts'
import type { ResolverMode } from './types.ts'

export interface ReferralServer {
  name: string
  addresses: string[]
}

export type Classification = { ignored: string[] } & (
  | { outcome: 'answer'; chain: DnsRecordView[]; rrset: DnsRecordView[] }
  | { outcome: 'cname'; chain: DnsRecordView[]; target: string }
  | { outcome: 'referral'; zone: string; ns: DnsRecordView[]; glue: DnsRecordView[]; servers: ReferralServer[] }
  | { outcome: 'nxdomain'; chain: DnsRecordView[]; name: string; soa: DnsRecordView | undefined }
  | { outcome: 'nodata'; name: string; soa: DnsRecordView | undefined }
  | { outcome: 'lame'; reason: string }
  | { outcome: 'throwaway'; reason: string }
)

export interface ClassifyContext {
  qname: string
  qtype: string
  /** The zone the server was asked as ("." for a root server, or for the stub server). */
  zone: string
  mode: ResolverMode
}

type RawRecord = DnsMessage['answers'][number]

export function classifyResponse(message: DnsMessage, ctx: ClassifyContext): Classification {
  const { qname, qtype, zone, mode } = ctx
  const ignored: string[] = []
  const inZone = (name: string): boolean => mode === 'stub' || isAtOrBelow(name, zone)

  if (message.rcode === 'REFUSED') {
    const why = mode === 'stub' ? 'REFUSED: the server does not offer recursion to us' : `REFUSED: the server does not serve ${zone}`
    return { outcome: 'lame', reason: why, ignored }
  }
  if (message.rcode !== 'NOERROR' && message.rcode !== 'NXDOMAIN') {
    return { outcome: 'throwaway', reason: `rcode ${message.rcode}`, ignored }
  }

  const answers = viewsOf(message.answers, 'answer', ignored)
  for (const r of answers) if (!inZone(r.name)) ignored.push(`answer ${r.name} ${r.type}: outside ${zone} (out of bailiwick)`)
  const authorities = viewsOf(message.authorities, 'authority', ignored)

  // Follow the CNAME chain from the question's name, inside the bailiwick only.
  let name = qname
  const chain: DnsRecordView[] = []
  const seen = new Set([qname])
  let rrset: DnsRecordView[] = []
  while (inZone(name)) {
    rrset = answers.filter((r) => r.name === name && r.type === qtype)
    if (rrset.length > 0 || qtype === 'CNAME') break
    const cname = answers.find((r) => r.name === name && r.type === 'CNAME')
    if (cname === undefined) break
    chain.push(cname)
    name = cname.data
    if (seen.has(name)) return { outcome: 'cname', chain, target: name, ignored } // the resolution reports the loop
    seen.add(name)
  }

  const vouched = mode === 'stub' || message.flag_aa
  if (rrset.length > 0) {
    if (!vouched) return { outcome: 'lame', reason: `an answer without AA: the server is not authoritative for ${zone}`, ignored }
    return { outcome: 'answer', chain, rrset, ignored }
  }
  if (chain.length > 0 && !inZone(name)) {
    if (!vouched) return { outcome: 'lame', reason: `a CNAME without AA: the server is not authoritative for ${zone}`, ignored }
    return { outcome: 'cname', chain, target: name, ignored }
  }

  const soa = authorities.find((r) => r.type === 'SOA' && inZone(r.name) && isAtOrBelow(name, r.name))
  if (message.rcode === 'NXDOMAIN') {
    if (!vouched) return { outcome: 'lame', reason: `NXDOMAIN without AA: the server is not authoritative for ${zone}`, ignored }
    return { outcome: 'nxdomain', chain, name, soa, ignored }
  }

  const nsRecords = authorities.filter((r) => r.type === 'NS')
  // A referral has AA=0; some servers set AA on referrals anyway, so a child delegation with no SOA
  // beside it counts as one too.
  const isReferral = !message.flag_aa || (soa === undefined && nsRecords.some((r) => isStrictlyBelow(r.name, zone)))
  if (mode === 'iterative' && nsRecords.length > 0 && isReferral) {
    return classifyReferral(message, nsRecords, name, chain, zone, ignored)
  }
  if (mode === 'stub' && nsRecords.length > 0 && soa === undefined && chain.length === 0) {
    return { outcome: 'lame', reason: 'a referral instead of an answer: the server did not recurse', ignored }
  }
  if (!vouched) return { outcome: 'lame', reason: `no answer, no referral and AA=0: the server is not authoritative for ${zone}`, ignored }
  // A chain that stops inside the zone without data: ask again for the target rather than trust
  // that the server looked (it may serve the target's zone separately, or not have chased it).
  if (chain.length > 0) return { outcome: 'cname', chain, target: name, ignored }
  return { outcome: 'nodata', name, soa, ignored }
}

function classifyReferral(
  message: DnsMessage,
  nsRecords: DnsRecordView[],
  name: string,
  chain: DnsRecordView[],
  zone: string,
  ignored: string[],
): Classification {
  // The delegation must be for a zone strictly below the one asked (no upward or sideways
  // referrals: that is how referral loops are cut) and must contain the name being resolved.
  const owners = [...new Set(nsRecords.map((r) => r.name))]
  const valid = owners.filter((o) => isStrictlyBelow(o, zone) && isAtOrBelow(name, o)).sort((a, b) => b.length - a.length)
  const delegated = valid[0]
  if (delegated === undefined) {
    const owner = owners[0]!
    const why = isAtOrBelow(zone, owner) ? `an upward referral to ${owner} (asked as ${zone})` : `a referral to ${owner}, which is not below ${zone} or not above ${name}`
    return { outcome: 'lame', reason: why, ignored }
  }
  for (const o of owners) if (o !== delegated) ignored.push(`authority ${o} NS: not the delegation followed`)
  if (chain.length > 0) return { outcome: 'cname', chain, target: name, ignored }

  const ns = nsRecords.filter((r) => r.name === delegated)
  const nsNames = new Set(ns.map((r) => r.data))
  const glue: DnsRecordView[] = []
  for (const r of viewsOf(message.additionals, 'additional', ignored)) {
    if (r.type !== 'A' && r.type !== 'AAAA') continue
    if (!nsNames.has(r.name)) ignored.push(`additional ${r.name} ${r.type} ${r.data}: not a name server of ${delegated}`)
    else if (!isAtOrBelow(r.name, zone)) ignored.push(`glue ${r.name} ${r.type} ${r.data}: outside ${zone} (out of bailiwick)`)
    else glue.push(r)
  }
  const servers = [...nsNames].map((nsName) => ({
    name: nsName,
    addresses: glue.filter((g) => g.name === nsName).map((g) => g.data),
  }))
  return { outcome: 'referral', zone: delegated, ns, glue, servers, ignored }
}

/** IN-class records as views; other classes and the OPT pseudo-record are left out (noted). */
function viewsOf(records: RawRecord[], section: string, ignored: string[]): DnsRecordView[] {
  const out: DnsRecordView[] = []
  for (const record of records) {
    if (record.type === 'OPT') continue
    const raw = record as { class?: string; flush?: boolean }
    if (raw.class !== 'IN' || raw.flush === true) {
      ignored.push(`${section} ${record.name} ${record.type}: class ${raw.class ?? '?'}${raw.flush ? ' with the top bit set' : ''}, not IN`)
      continue
    }
    out.push(toRecordView(record))
  }
  return out
}
