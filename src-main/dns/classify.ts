// The one response classifier, shared by the resolver (live, before anything in a response is
// used) and the analyzer (for every response in a capture), so the walkthrough of a recording and
// the resolver that made it cannot disagree. Its words are the HopOutcome words of
// shared/resolver-events.ts, after Unbound's iter_resptype.h:
//
//   Unbound                   here          the server…
//   ANSWER                    answer        gave the question's RRset (after CNAMEs it could follow),
//                                           or the zone's records for a zone transfer (AXFR, IXFR)
//                             nxdomain      said the name does not exist (NXDOMAIN answers, Unbound)
//                             nodata        said the name exists without this type (SOA, no data)
//   CNAME                     cname         gave an alias leading out of what it could answer
//   REFERRAL                  referral      sent NS records for a zone below the one it was asked as
//   LAME                      lame          knows nothing of the zone it was asked as: an upward or
//                                           sideways referral
//   REC_LAME                  lame          (asked without RD) answered without AA: from a cache,
//                                           not as the zone's server. Unbound calls a non-AA answer
//                                           without RA provisional; Wiretrail, teaching what
//                                           "authoritative" means, does not trust it either
//   THROWAWAY                 throwaway     said something meaningless for this question: an rcode
//                                           other than NOERROR/NXDOMAIN (REFUSED — a lame
//                                           delegation's usual reply —, SERVFAIL, FORMERR,
//                                           NOTIMP…), or a referral from a server asked to recurse
//
// (`timeout` and `cache` are outcomes with no response to classify: resolver-events.ts.)
//
// Only records "in bailiwick" count: asked without RD, names at or below the zone the server was
// asked as (a kr. server may speak for co.kr. names, never for com. names). Records outside it are
// listed in `ignored` and never cached. Asked with RD (a recursive server), the server speaks for
// every name, but only the chain that starts at the question's name is taken.
import type { DnsRecordView, HopOutcome } from '../shared/resolver-events.ts'
import { canonicalName, isAtOrBelow, isStrictlyBelow } from './names.ts'
import { canonicalRecord } from './records.ts'
import { isZoneTransfer } from '../shared/dns-roles.ts'

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

/** Every outcome a response can be classified as (HopOutcome minus timeout and cache). */
export type ResponseOutcome = Classification['outcome'] & HopOutcome

/** What the classifier reads of a response: the decoded message (wire.ts) and the analyzer's
 * DNS transaction both have these fields. */
export interface ClassifiableResponse {
  /** The header's rcode name ("NOERROR", "NXDOMAIN", "REFUSED", …). */
  rcode: string
  aa: boolean
  ra: boolean
  answers: readonly DnsRecordView[]
  authority: readonly DnsRecordView[]
  additional: readonly DnsRecordView[]
}

export interface ClassifyContext {
  qname: string
  qtype: string
  /** The zone the server was asked as ("." for a root server; "." for a recursive server). */
  zone: string
  /** The query had RD=1: the server was asked to recurse (Unbound's `rdset`). */
  recursionDesired: boolean
}

export function classifyResponse(response: ClassifiableResponse, context: ClassifyContext): Classification {
  const qname = canonicalName(context.qname)
  const { qtype, recursionDesired } = context
  const zone = canonicalName(context.zone)
  const ignored: string[] = []
  const inZone = (name: string): boolean => recursionDesired || isAtOrBelow(name, zone)

  if (response.rcode !== 'NOERROR' && response.rcode !== 'NXDOMAIN') {
    const why =
      response.rcode !== 'REFUSED'
        ? `rcode ${response.rcode}`
        : recursionDesired
          ? 'REFUSED: the server does not offer recursion to us'
          : `REFUSED: the server does not serve ${zone} (a lame delegation)`
    return { outcome: 'throwaway', reason: why, ignored }
  }

  const answers = inClass(response.answers, 'answer', ignored)
  for (const r of answers) if (!inZone(r.name)) ignored.push(`answer ${r.name} ${r.type}: outside ${zone} (out of bailiwick)`)
  // A zone transfer's answer is the zone's records, none of the question's type (AXFR is no record
  // type), sent by a server holding the zone: its AA bit is not what vouches for it (some servers,
  // such as the Windows DNS server of a real capture, leave it clear).
  if (isZoneTransfer(qtype) && answers.length > 0) return { outcome: 'answer', chain: [], rrset: answers.filter((r) => inZone(r.name)), ignored }
  const authorities = inClass(response.authority, 'authority', ignored)

  // Follow the CNAME chain from the question's name, inside the bailiwick only. It ends (each name
  // is visited once, and there are as many links as answer records at most); how long a chain the
  // resolver accepts is its own limit (ResolverLimits.cnames), counted across lookups.
  let name = qname
  const chain: DnsRecordView[] = []
  const seen = new Set([qname])
  let rrset: DnsRecordView[] = []
  while (inZone(name)) {
    rrset = answers.filter((r) => r.name === name && (r.type === qtype || qtype === 'ANY'))
    if (rrset.length > 0 || qtype === 'CNAME') break
    const cname = answers.find((r) => r.name === name && r.type === 'CNAME')
    if (cname === undefined) break
    chain.push(cname)
    name = cname.data
    if (seen.has(name)) return { outcome: 'cname', chain, target: name, ignored } // the resolution reports the loop
    seen.add(name)
  }

  // Unbound's REC_LAME: an open recursive server answering a question it was not asked to recurse for.
  const vouched = recursionDesired || response.aa
  const unvouched = (what: string): Classification => ({
    outcome: 'lame',
    reason: `${what} without AA: the server is not authoritative for ${zone}${response.ra ? ' (a recursive server answering from its cache)' : ''}`,
    ignored,
  })
  if (rrset.length > 0) return vouched ? { outcome: 'answer', chain, rrset, ignored } : unvouched('an answer')
  if (chain.length > 0 && !inZone(name)) return vouched ? { outcome: 'cname', chain, target: name, ignored } : unvouched('a CNAME')

  const soa = authorities.find((r) => r.type === 'SOA' && inZone(r.name) && isAtOrBelow(name, r.name))
  if (response.rcode === 'NXDOMAIN') return vouched ? { outcome: 'nxdomain', chain, name, soa, ignored } : unvouched('NXDOMAIN')

  const nsRecords = authorities.filter((r) => r.type === 'NS')
  // A referral has AA=0; some servers set AA on referrals anyway, so a child delegation with no SOA
  // beside it counts as one too.
  const isReferral = !response.aa || (soa === undefined && nsRecords.some((r) => isStrictlyBelow(r.name, zone)))
  if (!recursionDesired && nsRecords.length > 0 && isReferral) {
    return classifyReferral(response, nsRecords, name, chain, zone, ignored)
  }
  if (recursionDesired && nsRecords.length > 0 && soa === undefined && chain.length === 0) {
    return { outcome: 'throwaway', reason: 'a referral instead of an answer: the server did not recurse', ignored }
  }
  if (!vouched) return unvouched('no answer, no referral and')
  // A chain that stops inside the zone without data: ask again for the target rather than trust
  // that the server looked (it may serve the target's zone separately, or not have chased it).
  if (chain.length > 0) return { outcome: 'cname', chain, target: name, ignored }
  return { outcome: 'nodata', name, soa, ignored }
}

function classifyReferral(
  response: ClassifiableResponse,
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
  for (const r of inClass(response.additional, 'additional', ignored)) {
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

/** IN-class records, canonical (lower-case names); other classes are left out (noted). */
function inClass(records: readonly DnsRecordView[], section: string, ignored: string[]): DnsRecordView[] {
  const out: DnsRecordView[] = []
  for (const record of records) {
    if (record.class !== 'IN') {
      ignored.push(`${section} ${record.name} ${record.type}: class ${record.class}, not IN`)
      continue
    }
    out.push(canonicalRecord(record))
  }
  return out
}
