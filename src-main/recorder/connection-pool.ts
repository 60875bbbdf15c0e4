// Connections as a browser keeps them: at most 6 per server (address, port, TLS name), an idle
// kept-alive connection is reused before a new one is opened, and a request waits when all 6 are
// busy. At the end of the load the client closes its idle connections (its FIN goes first).
import { ClientConnection, type ConnectOptions } from '../sockets/client-connection.ts'
import { SocketError } from '../sockets/errors.ts'

export const MAX_CONNECTIONS_PER_SERVER = 6

export interface PoolKey {
  address: string
  port: number
  tls: ConnectOptions['tls']
}

interface ServerSlot {
  open: number
  idle: ClientConnection[]
  waiters: { resolve: (c: ClientConnection | null) => void }[]
}

export interface Lease {
  connection: ClientConnection
  /** True when this request reuses a kept-alive connection. */
  reused: boolean
}

export class ConnectionPool {
  /** Every connection ever opened (to wait for their close at the end). */
  readonly all: ClientConnection[] = []
  private readonly slots = new Map<string, ServerSlot>()
  private readonly connect: (key: PoolKey) => Promise<ClientConnection>
  /** Why no connection may be opened any more (stop()), or null. */
  private stopped: string | null = null

  constructor(connect: (key: PoolKey) => Promise<ClientConnection>) {
    this.connect = connect
  }

  async acquire(key: PoolKey): Promise<Lease> {
    const slot = this.slotFor(key)
    for (;;) {
      if (this.stopped !== null) throw new SocketError('SOCKET_ABORTED', this.stopped)
      const idle = this.takeIdle(slot)
      if (idle !== null) return { connection: idle, reused: true }
      if (slot.open < MAX_CONNECTIONS_PER_SERVER) {
        slot.open += 1
        let connection: ClientConnection
        try {
          connection = await this.connect(key)
        } catch (error) {
          slot.open -= 1
          this.wakeOne(slot)
          throw error
        }
        this.all.push(connection)
        void connection.closed.then(() => this.forget(slot, connection))
        if (this.stopped !== null) {
          // Stopped while connecting: this connection is not used either (its close frees the slot).
          connection.abort()
          throw new SocketError('SOCKET_ABORTED', this.stopped)
        }
        return { connection, reused: false }
      }
      // All 6 busy: wait for one to come back (or to close, freeing a slot).
      const handed = await new Promise<ClientConnection | null>((resolve) => slot.waiters.push({ resolve }))
      if (handed !== null) return { connection: handed, reused: true }
    }
  }

  /** Gives a connection back after an exchange; a connection that cannot be reused is closed. */
  release(key: PoolKey, connection: ClientConnection, reusable: boolean): void {
    const slot = this.slotFor(key)
    if (!reusable) {
      // The server said "Connection: close": it closes first, and we answer its FIN.
      void connection.closeWhenPeerDoes()
      return
    }
    if (!connection.reusable) {
      if (!connection.peerEnded) void connection.close()
      return
    }
    const waiter = slot.waiters.shift()
    if (waiter !== undefined) waiter.resolve(connection)
    else slot.idle.push(connection)
  }

  /** Closes every idle connection (client FIN first) and waits until every connection is closed. */
  async closeAll(): Promise<void> {
    for (const slot of this.slots.values()) {
      for (const connection of slot.idle.splice(0)) void connection.close()
      for (const waiter of slot.waiters.splice(0)) waiter.resolve(null)
    }
    await Promise.all(this.all.map((c) => c.closed))
  }

  /** Aborts every connection with RST (the load was cancelled). */
  abortAll(): void {
    for (const connection of this.all) connection.abort()
  }

  /** abortAll(), and every later acquire() fails with SOCKET_ABORTED and `reason`. */
  stop(reason: string): void {
    this.stopped = reason
    this.abortAll()
    for (const slot of this.slots.values()) for (const waiter of slot.waiters.splice(0)) waiter.resolve(null)
  }

  private slotFor(key: PoolKey): ServerSlot {
    const id = `${key.address}|${key.port}|${key.tls?.servername ?? ''}`
    let slot = this.slots.get(id)
    if (slot === undefined) {
      slot = { open: 0, idle: [], waiters: [] }
      this.slots.set(id, slot)
    }
    return slot
  }

  private takeIdle(slot: ServerSlot): ClientConnection | null {
    while (slot.idle.length > 0) {
      const connection = slot.idle.shift() as ClientConnection
      if (connection.reusable) return connection
    }
    return null
  }

  private forget(slot: ServerSlot, connection: ClientConnection): void {
    slot.open -= 1
    slot.idle = slot.idle.filter((c) => c !== connection)
    this.wakeOne(slot)
  }

  /** A slot freed up: let one waiter try again (it will open a new connection). */
  private wakeOne(slot: ServerSlot): void {
    const waiter = slot.waiters.shift()
    if (waiter !== undefined) waiter.resolve(null)
  }
}
