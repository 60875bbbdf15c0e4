// What an authoritative server answers, following RFC 1034 §4.3.2 (the algorithm every
// authoritative server implements), for the zones one server serves:
//   - no zone of ours contains the name        -> REFUSED (this is what makes a lame server lame)
//   - the name is at or below a delegation     -> referral: NS in authority, in-bailiwick glue in
//                                                 additional, AA=0
//   - the name has the type                    -> answer, AA=1
//   - the name has a CNAME                     -> the CNAME, then the chain followed inside the zone
//   - the name exists without the type         -> NODATA: NOERROR, no answer, SOA in authority
//   - the name does not exist                  -> NXDOMAIN with the SOA in authority
// Negative answers carry the SOA with TTL min(SOA TTL, SOA minimum) so resolvers know how long to
// cache "does not exist" (RFC 2308 §3). Wildcards are not used by the lab zones and not implemented.
import type { ZoneRecord } from './master-file.ts'
import { isAtOrBelow } from '../../dns/names.ts'
import type { Zone } from './zone.ts'

export interface AuthoritativeResult {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED'
  /** The AA flag: true for answers and negative answers from our own zone data. */
  authoritative: boolean
  answers: ZoneRecord[]
  authorities: ZoneRecord[]
  additionals: ZoneRecord[]
  /** What kind of answer this is (for logs and tests). */
  kind: 'answer' | 'referral' | 'nodata' | 'nxdomain' | 'refused'
  /** The zone that answered (canonical), when one did. */
  zone?: string
}

/** More than BIND's 16-step limit is never needed by the lab zones; a loop stops here. */
const MAX_CNAME_STEPS = 8

/** The zone of ours closest to the name: the longest origin that contains it. */
export function zoneFor(zones: readonly Zone[], qname: string): Zone | undefined {
  let best: Zone | undefined
  for (const zone of zones) {
    if (isAtOrBelow(qname, zone.origin) && (best === undefined || zone.origin.length > best.origin.length)) best = zone
  }
  return best
}

export function answerQuestion(zones: readonly Zone[], qname: string, qtype: string): AuthoritativeResult {
  const zone = zoneFor(zones, qname)
  if (zone === undefined) {
    return { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [], additionals: [], kind: 'refused' }
  }
  const chain: ZoneRecord[] = []
  const seen = new Set<string>()
  let name = qname
  for (let step = 0; step <= MAX_CNAME_STEPS && !seen.has(name); step += 1) {
    seen.add(name)
    const cut = zone.cutAbove(name)
    // DS records for a child live in the parent (RFC 4035 §3.1.4.1): answered here, not referred.
    const parentSideDs = qtype === 'DS' && cut === name
    if (cut !== undefined && !parentSideDs) {
      // The first name is in a child zone: refer. A CNAME target in a child zone: the resolver goes
      // on from the CNAME (it will be referred when it asks for the target).
      return step === 0 ? referral(zone, cut) : positive(zone, chain)
    }
    if (!zone.exists(name)) return negative(zone, chain, 'nxdomain')
    if (qtype === 'ANY') return positive(zone, [...chain, ...zone.allRecords(name)])
    const records = zone.rrset(name, qtype)
    if (records.length > 0) return positive(zone, [...chain, ...records])
    const cname = zone.rrset(name, 'CNAME')[0]
    if (cname === undefined || qtype === 'CNAME') return negative(zone, chain, 'nodata')
    chain.push(cname)
    name = cname.data as string
    // The chain leaves this zone: the resolver must restart the question at the target.
    if (!isAtOrBelow(name, zone.origin) || zoneFor(zones, name) !== zone) return positive(zone, chain)
  }
  // A CNAME loop or a chain longer than the limit: give what was followed.
  return positive(zone, chain)
}

function positive(zone: Zone, answers: ZoneRecord[]): AuthoritativeResult {
  return {
    rcode: 'NOERROR',
    authoritative: true,
    answers,
    authorities: [],
    additionals: additionalAddresses(zone, answers),
    kind: 'answer',
    zone: zone.origin,
  }
}

function negative(zone: Zone, chain: ZoneRecord[], kind: 'nxdomain' | 'nodata'): AuthoritativeResult {
  const soaData = zone.soa.data
  const negativeTtl = Math.min(zone.soa.ttl, soaData.minimum ?? zone.soa.ttl)
  return {
    rcode: kind === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR',
    authoritative: true,
    answers: chain,
    authorities: [{ ...zone.soa, ttl: negativeTtl }],
    additionals: [],
    kind,
    zone: zone.origin,
  }
}

function referral(zone: Zone, cut: string): AuthoritativeResult {
  const nameServers = zone.rrset(cut, 'NS')
  // Glue only for names inside this zone (in-bailiwick): anything else we are not authoritative
  // for, and a resolver must not trust it (the glueless partner.glasscom.com. gets none).
  const glue = nameServers.flatMap((ns) => zone.addresses(ns.data as string))
  return {
    rcode: 'NOERROR',
    authoritative: false,
    answers: [],
    authorities: nameServers,
    additionals: glue,
    kind: 'referral',
    zone: zone.origin,
  }
}

/** Addresses of the names an MX or NS answer points to, when this zone holds them and they are
 * not in a child zone (RFC 1035 §3.3.9 / §3.3.11 "additional section processing"). */
function additionalAddresses(zone: Zone, answers: ZoneRecord[]): ZoneRecord[] {
  const targets = answers.flatMap((record) => {
    if (record.type === 'MX') return [record.data.exchange]
    if (record.type === 'NS') return [record.data]
    return []
  })
  return targets.flatMap((target) => (zone.cutAbove(target) === undefined ? zone.addresses(target) : []))
}
