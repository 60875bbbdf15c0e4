// IP address text → bytes, for the headers the recorder writes. Hand-written: node:net validates
// addresses but exposes no inet_pton.
import { isIPv4, isIPv6 } from 'node:net'

export function ipv4Bytes(address: string): Uint8Array {
  if (!isIPv4(address)) throw new Error(`not an IPv4 address: ${address}`)
  return Uint8Array.from(address.split('.').map(Number))
}

export function ipv6Bytes(address: string): Uint8Array {
  if (!isIPv6(address)) throw new Error(`not an IPv6 address: ${address}`)
  let text = address
  const bytes = new Uint8Array(16)
  // A trailing dotted quad ("::ffff:127.0.0.1") fills the last 4 bytes.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  let tail: number[] = []
  if (dotted !== null) {
    const v4 = ipv4Bytes(dotted[1] as string)
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!]
    text = text.slice(0, -(dotted[1] as string).length) + '0:0'
  }
  const [head = '', rest] = text.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':')
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...restGroups].map((g) => Number.parseInt(g, 16))
  if (tail.length === 2) groups.splice(6, 2, ...tail)
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8
    bytes[i * 2 + 1] = g & 0xff
  })
  return bytes
}

// A recording meets a handful of addresses in thousands of frames: parse each once, and keep the
// sum of its 16-bit words (every IP header checksum and transport pseudo-header adds it).
export interface AddressWords {
  bytes: Uint8Array
  /** Sum of the address's big-endian 16-bit words (not folded). */
  sum: number
}

const parsed = new Map<string, AddressWords>()
const MAX_REMEMBERED = 4096

export function addressWords(address: string, family: 4 | 6): AddressWords {
  let words = parsed.get(address)
  if (words === undefined) {
    const bytes = family === 4 ? ipv4Bytes(address) : ipv6Bytes(address)
    let sum = 0
    for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number)
    words = { bytes, sum }
    if (parsed.size >= MAX_REMEMBERED) parsed.clear()
    parsed.set(address, words)
  }
  return words
}
