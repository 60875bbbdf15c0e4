// A DNS server as users write it ("192.0.2.1", "192.0.2.1:5353", "::1", "[::1]:53"), read in one
// place for the CLI, the recorder and the app's argument checks. A module of its own (node:net
// only) so the app can check arguments without loading the resolver.
import { isIP, isIPv6 } from 'node:net'
import { WiretrailError } from '../shared/errors.ts'
import type { DnsServerRef } from '../shared/resolver-events.ts'
import type { ResolverCode } from './errors.ts'

/** "192.0.2.1", "192.0.2.1:5353", "::1", "[::1]:53" → a server reference (port default 53). */
export function parseServer(text: string, defaultPort = 53): DnsServerRef {
  const trimmed = text.trim()
  const bracketed = /^\[([^\]]+)\](?::([^:]*))?$/.exec(trimmed)
  let address: string
  let port: string | undefined
  if (bracketed) [, address = '', port] = bracketed
  else if (isIPv6(trimmed)) address = trimmed
  else [address = '', port] = trimmed.split(':') as [string, string | undefined]
  if (isIP(address) === 0) {
    throw new WiretrailError<ResolverCode | 'USAGE'>('USAGE', `"${text}" is not a server address (give an IP address, optionally with :port)`)
  }
  const portNumber = port === undefined ? defaultPort : /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new WiretrailError<ResolverCode | 'USAGE'>('USAGE', `"${text}" has port ${port}, which is not 1–65535`)
  }
  return { address, port: portNumber }
}
