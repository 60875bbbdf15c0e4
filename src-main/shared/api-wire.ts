// JSON on the browser shell's loopback channel. Electron's IPC uses structured clone, which carries
// Uint8Array as is; JSON does not, so bytes (PacketDetail.bytes) travel as {"$bytes": "<base64>"}.
// Pure TypeScript (btoa/atob exist in browsers and Node ≥ 16): the server and the renderer client
// both import this. Hand-written because it is a replacer/reviver pair of a few lines.

const BYTES_KEY = '$bytes'
const CHUNK = 0x8000

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  }
  return btoa(binary)
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** JSON.stringify with Uint8Array (and Node Buffers, whose toJSON would otherwise win) as base64. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, replaced: unknown) {
    const raw = this[key]
    if (raw instanceof Uint8Array) return { [BYTES_KEY]: bytesToBase64(raw) }
    return replaced
  })
}

/** JSON.parse that turns {"$bytes": "..."} back into Uint8Array. Throws SyntaxError on bad JSON. */
export function decodeWire(text: string): unknown {
  // A reviver makes JSON.parse several times slower: only text that carries bytes needs one (an
  // opened capture's lesson is megabytes of text and no bytes).
  if (!text.includes(`"${BYTES_KEY}"`)) return JSON.parse(text)
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
      if (keys.length === 1 && keys[0] === BYTES_KEY && typeof record[BYTES_KEY] === 'string') {
        return base64ToBytes(record[BYTES_KEY])
      }
    }
    return value
  })
}
