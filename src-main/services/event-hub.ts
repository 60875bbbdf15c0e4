// Events from the engine to whichever renderer is connected: Electron windows (webContents.send)
// or browser-shell pages (Server-Sent Events). Each connection is a sink. `opened` events that
// happen before any renderer listens (a file on the command line opens while the window loads)
// are queued and delivered to the first connection that says it listens for them.
import type { EventName, WiretrailEvents } from '../shared/api.ts'

export type EventSink = <E extends EventName>(event: E, payload: WiretrailEvents[E]) => void

export interface EventConnection {
  /** The renderer has a listener for `event`: queued events of that name are delivered now. */
  listening(event: EventName): void
  close(): void
}

/** Events worth keeping until someone listens: losing one would lose a capture the user opened. */
const QUEUED_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['opened', 'open-failed'])
const MAX_QUEUED = 20

interface Connection {
  sink: EventSink
  listening: Set<EventName>
}

export class EventHub {
  readonly #connections = new Set<Connection>()
  readonly #queued: { event: EventName; payload: unknown }[] = []

  connect(sink: EventSink): EventConnection {
    const connection: Connection = { sink, listening: new Set() }
    this.#connections.add(connection)
    return {
      listening: (event) => {
        connection.listening.add(event)
        this.#flush(connection, event)
      },
      close: () => {
        this.#connections.delete(connection)
      },
    }
  }

  emit<E extends EventName>(event: E, payload: WiretrailEvents[E]): void {
    let delivered = false
    for (const connection of this.#connections) {
      if (connection.listening.has(event) || !QUEUED_EVENTS.has(event)) {
        deliver(connection.sink, event, payload)
        delivered ||= connection.listening.has(event)
      }
    }
    if (!delivered && QUEUED_EVENTS.has(event)) {
      this.#queued.push({ event, payload })
      if (this.#queued.length > MAX_QUEUED) this.#queued.shift()
    }
  }

  /** Forgets queued events (their captures were closed before any renderer took them). */
  clearQueue(): void {
    this.#queued.length = 0
  }

  get connectionCount(): number {
    return this.#connections.size
  }

  #flush(connection: Connection, event: EventName): void {
    for (let i = 0; i < this.#queued.length; ) {
      const item = this.#queued[i]!
      if (item.event === event) {
        this.#queued.splice(i, 1)
        deliver(connection.sink, item.event, item.payload as WiretrailEvents[typeof event])
      } else {
        i++
      }
    }
  }
}

function deliver<E extends EventName>(sink: EventSink, event: E, payload: WiretrailEvents[E]): void {
  try {
    sink(event, payload)
  } catch {
    // A window that closed mid-send must not break the operation that emitted the event.
  }
}
