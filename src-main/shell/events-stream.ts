// Engine events to a browser page as Server-Sent Events (node has no WebSocket server built in,
// and events only flow one way). One `event: <name>` per WiretrailEvents name, `data:` the JSON
// payload (encodeWire: bytes as base64). A comment line every HEARTBEAT_MS keeps idle proxies and
// the browser from timing out and lets the server notice a closed page.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EVENT_NAMES } from '../shared/api.ts'
import { encodeWire } from '../shared/api-wire.ts'
import type { EventHub } from '../services/event-hub.ts'

export const HEARTBEAT_MS = 15_000

export function serveEvents(request: IncomingMessage, response: ServerResponse, hub: EventHub, headers: Record<string, string>, onClose: () => void): void {
  response.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
  response.write('retry: 1000\n\n')
  const connection = hub.connect((event, payload) => {
    response.write(`event: ${event}\ndata: ${encodeWire(payload)}\n\n`)
  })
  // The page's client subscribes to every event on one stream and holds queued ones itself.
  for (const event of EVENT_NAMES) connection.listening(event)
  const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  const finish = (): void => {
    clearInterval(heartbeat)
    connection.close()
    onClose()
  }
  request.once('close', finish)
}
