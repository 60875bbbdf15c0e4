// Changes to the *running* lab, made by experiments (src-main/lab/experiments/): a record's TTL, a
// delay before a server's answers, a server that answers REFUSED or not at all, one more server for
// a zone (its NS and address added to the zone and to its parent's delegation), the nearby DNS
// server's cache flushed, the web servers taking PUT and DELETE. They live in memory only — the zone
// files and the sites' files on disk never change — and each returns its own undo, so an experiment
// is always taken back (at its end, at the recording's end, at quit). The authoritative servers read
// the state on every query (authoritativeHandler), so a change
// is seen by the next question.
import { isIPv6 } from 'node:net'
import { canonicalName, isStrictlyBelow, selfAndAncestors } from '../dns/names.ts'
import type { ZoneRecord } from './dns/master-file.ts'
import type { Zone } from './dns/zone.ts'
import { LabError } from './errors.ts'

/** One change to the running lab. */
export type LabTweak =
  /** Every record owned by `name` is served with this TTL (seconds). */
  | { kind: 'ttl'; name: string; ttl: number }
  /** The server waits this long before each answer. */
  | { kind: 'delay'; server: string; ms: number }
  /** The server answers REFUSED to everything (a lame server), or sends nothing (a silent one). */
  | { kind: 'answer'; server: string; answer: 'refused' | 'silent' }
  /** `server` — a lab server that serves `zone` but that no delegation names (a standby) — becomes
   * one more of the zone's servers, after the ones it has: its NS record and its address are added
   * to the parent zone (the delegation and its glue) and to the zone itself (its own NS RRset). */
  | { kind: 'add-server'; zone: string; server: string }
  /** The nearby DNS server forgets everything it cached (undo has nothing to give back). */
  | { kind: 'flush-cache' }
  /** The web servers accept PUT and DELETE, in memory over the sites' files (undo forgets them all). */
  | { kind: 'web-writes' }

/** What one authoritative server does differently right now (read per query). */
export interface ServerBehaviour {
  delayMs: number
  answer: 'normal' | 'refused' | 'silent'
}

/** A lab DNS server as the tweaks need it: its name, its zone-file address and the zones it serves. */
export interface TweakableServer {
  name: string
  address: string
  zones: readonly string[]
}

export class LabTweaks {
  /** Absolute owner name (lower case, with the final dot) → TTL in force. */
  readonly ttl = new Map<string, number>()
  private readonly servers = new Map<string, ServerBehaviour>()
  private readonly specs = new Map<string, TweakableServer>()
  private readonly active = new Set<LabTweak>()

  /** `zones`: the zones the servers answer from (origin → zone), shared with their handlers, so a
   * record added here is served by the next answer. */
  constructor(
    servers: readonly TweakableServer[],
    private readonly zones: ReadonlyMap<string, Zone>,
    private readonly flushCache: () => void,
    /** The web servers' PUT/DELETE overlay (absent: a lab without web servers refuses 'web-writes'). */
    private readonly siteWrites?: { enable(): () => void },
  ) {
    for (const server of servers) {
      this.servers.set(server.name, { delayMs: 0, answer: 'normal' })
      this.specs.set(server.name, server)
    }
  }

  /** The behaviour object the server `name`'s handler reads on every query. */
  behaviourOf(name: string): ServerBehaviour {
    const behaviour = this.servers.get(name)
    if (behaviour === undefined) throw new LabError('LAB_BAD_OPTION', `no lab DNS server is named ${name}`, { server: name })
    return behaviour
  }

  /** The TTL a record owned by `name` is served with now (its own when no tweak). */
  ttlFor(name: string, ttl: number): number {
    return this.ttl.get(name.toLowerCase()) ?? ttl
  }

  /** Applies one change; the function returned takes it back (safe to call twice). */
  apply(tweak: LabTweak): () => void {
    let undo: () => void
    switch (tweak.kind) {
      case 'ttl': {
        const name = absolute(tweak.name)
        if (!Number.isInteger(tweak.ttl) || tweak.ttl < 0) throw new LabError('LAB_BAD_OPTION', `TTL ${tweak.ttl} is not a whole number of seconds`, { ttl: tweak.ttl })
        const before = this.ttl.get(name)
        this.ttl.set(name, tweak.ttl)
        undo = () => (before === undefined ? this.ttl.delete(name) : this.ttl.set(name, before))
        break
      }
      case 'delay': {
        const behaviour = this.behaviourOf(tweak.server)
        const before = behaviour.delayMs
        behaviour.delayMs = tweak.ms
        undo = () => void (behaviour.delayMs = before)
        break
      }
      case 'answer': {
        const behaviour = this.behaviourOf(tweak.server)
        const before = behaviour.answer
        behaviour.answer = tweak.answer
        undo = () => void (behaviour.answer = before)
        break
      }
      case 'web-writes': {
        if (this.siteWrites === undefined) throw new LabError('LAB_BAD_OPTION', 'this lab runs no web servers to write to', { tweak: tweak.kind })
        undo = this.siteWrites.enable()
        break
      }
      case 'add-server':
        undo = this.addServer(tweak.zone, tweak.server)
        break
      case 'flush-cache':
        // Done at once, nothing to keep in force or give back.
        this.flushCache()
        return () => {}
    }
    this.active.add(tweak)
    let undone = false
    return () => {
      if (undone) return
      undone = true
      undo()
      this.active.delete(tweak)
    }
  }

  /** The NS and address records that make `serverName` one more server of `zoneName`, in the zone
   * and in the parent's delegation, each with the TTL of the NS RRset it joins (one RRset, one TTL:
   * RFC 2181 §5.2); returns their removal. */
  private addServer(zoneName: string, serverName: string): () => void {
    const origin = canonicalName(zoneName)
    const spec = this.specs.get(canonicalName(serverName))
    const zone = this.zones.get(origin)
    if (spec === undefined) throw new LabError('LAB_BAD_OPTION', `no lab DNS server is named ${serverName}`, { server: serverName })
    if (zone === undefined || origin === '.') throw new LabError('LAB_BAD_OPTION', `${zoneName} is not a delegated lab zone`, { zone: zoneName })
    if (!spec.zones.includes(origin)) throw new LabError('LAB_BAD_OPTION', `${spec.name} does not serve ${origin}: made one of its servers, it would be lame`, { server: spec.name, zone: origin })
    if (!isStrictlyBelow(spec.name, origin)) throw new LabError('LAB_BAD_OPTION', `${spec.name} is not inside ${origin}: its address would not be glue`, { server: spec.name, zone: origin })
    // The closest enclosing lab zone that delegates this one.
    const parent = selfAndAncestors(origin).slice(1).map((name) => this.zones.get(name)).find((candidate) => candidate !== undefined)
    const parentNs = parent?.rrset(origin, 'NS') ?? []
    const ownNs = zone.rrset(origin, 'NS')
    if (parent === undefined || parentNs.length === 0) throw new LabError('LAB_BAD_OPTION', `no lab zone delegates ${origin}`, { zone: origin })
    if (ownNs.some((ns) => ns.data === spec.name)) throw new LabError('LAB_BAD_OPTION', `${spec.name} is already a server of ${origin}`, { server: spec.name, zone: origin })
    const recordsFor = (ttl: number): ZoneRecord[] => [
      { name: origin, type: 'NS', class: 'IN', ttl, data: spec.name },
      { name: spec.name, type: isIPv6(spec.address) ? 'AAAA' : 'A', class: 'IN', ttl, data: spec.address },
    ]
    const removeFromParent = parent.add(recordsFor(parentNs[0]!.ttl))
    const removeFromZone = zone.add(recordsFor(ownNs[0]?.ttl ?? zone.soa.ttl))
    return () => {
      removeFromZone()
      removeFromParent()
    }
  }

  /** The changes in force now (empty: the lab is as its zone files say). */
  inForce(): LabTweak[] {
    return [...this.active]
  }
}

function absolute(name: string): string {
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}
