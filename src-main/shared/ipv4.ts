// IPv4 arithmetic for the IP-anatomy step and pane (STORY 02 §1): network number + host number, the netmask, the
// subnet's own address (host bits all 0) and its broadcast address (host bits all 1). A few lines
// of bit arithmetic; no library gives the per-bit split the pane draws.

export interface Ipv4Network {
  address: string
  prefix: number
  mask: string
  network: string
  broadcast: string
  /** The address as 32 characters of "0"/"1". */
  bits: string
}

export function parseIpv4(text: string): number | null {
  const parts = text.split('.')
  if (parts.length !== 4) return null
  let value = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null
    const octet = Number(part)
    if (octet > 255) return null
    value = value * 256 + octet
  }
  return value
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.')
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff - (2 ** (32 - prefix) - 1))
}

export function ipv4Network(address: string, prefix: number): Ipv4Network | null {
  const value = parseIpv4(address)
  if (value === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null
  const mask = maskOf(prefix)
  const hostMask = 0xffffffff - mask
  const network = value - (value % 2 ** (32 - prefix))
  return {
    address,
    prefix,
    mask: formatIpv4(mask),
    network: formatIpv4(network),
    broadcast: formatIpv4(network + hostMask),
    bits: value.toString(2).padStart(32, '0'),
  }
}

/** "10.11.12.13/24" → network; null when it is not an IPv4 CIDR. */
export function parseCidr(cidr: string): Ipv4Network | null {
  const [address, prefix] = cidr.split('/')
  if (address === undefined || prefix === undefined || !/^\d{1,2}$/.test(prefix)) return null
  return ipv4Network(address, Number(prefix))
}

export function sameSubnet(a: string, b: string, prefix: number): boolean {
  const na = ipv4Network(a, prefix)
  const nb = ipv4Network(b, prefix)
  return na !== null && nb !== null && na.network === nb.network
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') && parseIpv4(address) !== null
}

/** "127.0.0.1:53" → {host, port}; "[::1]:8080" → {host: "::1", port: 8080}; a bare address has no port. */
export function splitEndpoint(endpoint: string): { host: string; port: number | null } {
  if (endpoint.startsWith('[')) {
    const close = endpoint.indexOf(']')
    const port = endpoint.slice(close + 2)
    return { host: endpoint.slice(1, close), port: port ? Number(port) : null }
  }
  const colons = endpoint.split(':').length - 1
  if (colons === 1) {
    const [host = '', port = ''] = endpoint.split(':')
    return { host, port: /^\d+$/.test(port) ? Number(port) : null }
  }
  return { host: endpoint, port: null } // bare IPv4, or bare IPv6 with many colons
}

/** The address's two parts as the notes name them: with a prefix on an octet boundary the dotted
 * octets ("10.11.12" and "13" for /24), else the bits ("00001010 00001011 0000" and "1100 00001101"). */
export function splitParts(n: Ipv4Network): { network: string; host: string; inBits: boolean } {
  if (n.prefix % 8 === 0) {
    const octets = n.address.split('.')
    const k = n.prefix / 8
    return { network: octets.slice(0, k).join('.'), host: octets.slice(k).join('.'), inBits: false }
  }
  const group = (bits: string, start: number) => bits.replace(new RegExp(`(.{${8 - (start % 8)}})(?=.)`), '$1 ').replace(/(\S{8})(?=\S)/g, '$1 ')
  return { network: group(n.bits.slice(0, n.prefix), 0), host: group(n.bits.slice(n.prefix), n.prefix), inBits: true }
}

/** The notes' notations (STORY 02 §1): (a) the address, (b) with the netmask written like an
 * address, (c) with the netmask as a bit count, (d) the subnet, (e) the subnet's broadcast. */
export function notations(n: Ipv4Network): { a: string; b: string; c: string; d: string; e: string } {
  return { a: n.address, b: `${n.address}/${n.mask}`, c: `${n.address}/${n.prefix}`, d: `${n.network}/${n.prefix}`, e: `${n.broadcast}/${n.prefix}` }
}
