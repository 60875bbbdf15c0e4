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

  /** Every record now served: the zone file's, plus any an experiment added in memory. */
  private readonly records: ZoneRecord[]

  constructor(parsed: ParsedZone) {
    this.origin = parsed.origin
    this.records = [...parsed.records]
    this.index()
    this.soa = this.rrset(this.origin, 'SOA')[0] as ZoneRecord & { type: 'SOA' }
  }

  /** Serves `records` too, in memory only (a lab experiment: the file on disk never changes), after
   * the zone's own records of the same name and type; the function returned takes exactly these
   * out again (safe to call twice). A record outside the zone is refused by the caller. */
  add(records: readonly ZoneRecord[]): () => void {
    const added = records.map((record) => ({ ...record }))
    this.records.push(...added)
    this.index()
    let removed = false
    return () => {
      if (removed) return
      removed = true
      for (const record of added) this.records.splice(this.records.indexOf(record), 1)
      this.index()
    }
  }

  private index(): void {
    this.nodes.clear()
    this.cuts.clear()
    this.existing.clear()
    for (const record of this.records) {
      const types = this.nodes.get(record.name) ?? new Map<string, ZoneRecord[]>()
      types.set(record.type, [...(types.get(record.type) ?? []), record])
      this.nodes.set(record.name, types)
      if (record.type === 'NS' && record.name !== this.origin) this.cuts.add(record.name)
      for (let name: string | undefined = record.name; name !== undefined && isAtOrBelow(name, this.origin); name = parentName(name)) {
        this.existing.add(name)
        if (name === this.origin) break
      }
    }
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
