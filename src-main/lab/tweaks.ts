// Changes to the *running* lab, made by experiments (src-main/lab/experiments/): a record's TTL, a
// delay before a server's answers, a server that answers REFUSED or not at all, the nearby DNS
// server's cache flushed, the web servers taking PUT and DELETE. They live in memory only — the
// zone files and the sites' files on disk never change — and each returns its own undo, so an
// experiment is always taken back (at its end, at the recording's end, at quit). The authoritative servers read the state on every query (authoritativeHandler), so a change
// is seen by the next question.
import { LabError } from './errors.ts'

/** One change to the running lab. */
export type LabTweak =
  /** Every record owned by `name` is served with this TTL (seconds). */
  | { kind: 'ttl'; name: string; ttl: number }
  /** The server waits this long before each answer. */
  | { kind: 'delay'; server: string; ms: number }
  /** The server answers REFUSED to everything (a lame server), or sends nothing (a silent one). */
  | { kind: 'answer'; server: string; answer: 'refused' | 'silent' }
  /** The nearby DNS server forgets everything it cached (undo has nothing to give back). */
  | { kind: 'flush-cache' }
  /** The web servers accept PUT and DELETE, in memory over the sites' files (undo forgets them all). */
  | { kind: 'web-writes' }

/** What one authoritative server does differently right now (read per query). */
export interface ServerBehaviour {
  delayMs: number
  answer: 'normal' | 'refused' | 'silent'
}

export class LabTweaks {
  /** Absolute owner name (lower case, with the final dot) → TTL in force. */
  readonly ttl = new Map<string, number>()
  private readonly servers = new Map<string, ServerBehaviour>()
  private readonly active = new Set<LabTweak>()

  constructor(
    serverNames: readonly string[],
    private readonly flushCache: () => void,
    /** The web servers' PUT/DELETE overlay (absent: a lab without web servers refuses 'web-writes'). */
    private readonly siteWrites?: { enable(): () => void },
  ) {
    for (const name of serverNames) this.servers.set(name, { delayMs: 0, answer: 'normal' })
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

  /** The changes in force now (empty: the lab is as its zone files say). */
  inForce(): LabTweak[] {
    return [...this.active]
  }
}

function absolute(name: string): string {
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}
