// One zone's data, indexed for answering: RRsets by name and type, the delegation points (zone
// cuts), and which names exist (so an empty non-terminal gives NODATA, not NXDOMAIN).
import type { ZoneRecord, ParsedZone } from './master-file.ts'
import { isAtOrBelow, namesBelow, parentName } from '../../dns/names.ts'

export class Zone {
  readonly origin: string
  readonly soa: ZoneRecord & { type: 'SOA' }
  /** name -> type -> records */
  private readonly nodes = new Map<string, Map<string, ZoneRecord[]>>()
  /** Names below the apex that carry NS records: where this zone hands over to a child zone. */
  private readonly cuts = new Set<string>()
  /** Every name that owns data plus all its ancestors up to the apex. */
  private readonly existing = new Set<string>()

  constructor(parsed: ParsedZone) {
    this.origin = parsed.origin
    for (const record of parsed.records) {
      const types = this.nodes.get(record.name) ?? new Map<string, ZoneRecord[]>()
      types.set(record.type, [...(types.get(record.type) ?? []), record])
      this.nodes.set(record.name, types)
      if (record.type === 'NS' && record.name !== this.origin) this.cuts.add(record.name)
      for (let name: string | undefined = record.name; name !== undefined && isAtOrBelow(name, this.origin); name = parentName(name)) {
        this.existing.add(name)
        if (name === this.origin) break
      }
    }
    this.soa = this.rrset(this.origin, 'SOA')[0] as ZoneRecord & { type: 'SOA' }
  }

  /** The records of one type at a name (empty when none). Includes glue below cuts. */
  rrset(name: string, type: string): ZoneRecord[] {
    return this.nodes.get(name)?.get(type) ?? []
  }

  /** All RRsets at a name, for ANY queries. */
  allRecords(name: string): ZoneRecord[] {
    return [...(this.nodes.get(name)?.values() ?? [])].flat()
  }

  /** Whether the name exists in the tree (owns data, or has descendants that do). */
  exists(name: string): boolean {
    return this.existing.has(name)
  }

  /** The highest delegation point at or above `name` (below the apex), if `name` is in a child zone. */
  cutAbove(name: string): string | undefined {
    return namesBelow(name, this.origin).find((candidate) => this.cuts.has(candidate))
  }

  /** A and AAAA records for a name held in this zone (authoritative data or glue). */
  addresses(name: string): ZoneRecord[] {
    if (!isAtOrBelow(name, this.origin)) return []
    return [...this.rrset(name, 'A'), ...this.rrset(name, 'AAAA')]
  }
}
