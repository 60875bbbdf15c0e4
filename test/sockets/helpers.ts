// Test helpers for the socket layer: a tap that keeps every event, and a throwaway PKI (a CA and a
// server certificate signed by it) made with the openssl command.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SocketEvent, SocketTap } from '../../src-main/sockets/tap.ts'

export interface RecordingTap extends SocketTap {
  events: SocketEvent[]
  of(socketId: string): SocketEvent[]
  kinds(socketId: string): string[]
  bytes(socketId: string, kind: 'write' | 'read'): Buffer
}

export function recordingTap(): RecordingTap {
  const events: SocketEvent[] = []
  return {
    events,
    emit(event) {
      events.push(event)
    },
    of(socketId) {
      return events.filter((e) => e.socketId === socketId)
    },
    kinds(socketId) {
      return this.of(socketId).map((e) => e.kind)
    },
    bytes(socketId, kind) {
      return Buffer.concat(this.of(socketId).flatMap((e) => (e.kind === kind ? [Buffer.from(e.bytes)] : [])))
    },
  }
}

export interface TestPki {
  caPem: string
  keyPem: string
  certPem: string
}

/** A CA and a leaf for `names` (DNS names and IPs), made fresh by openssl in /tmp/recorder-area. */
export function makeTestPki(names: string[]): TestPki {
  mkdirSync('/tmp/recorder-area', { recursive: true })
  const dir = mkdtempSync('/tmp/recorder-area/pki-')
  const run = (...args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
    } catch (error) {
      throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${(error as Error).message}`)
    }
  }
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Wiretrail Test CA')
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${names[0]}`)
  const san = names.map((n) => (/^[0-9.:]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`)
  run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext')
  return {
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    certPem: readFileSync(join(dir, 'leaf.pem'), 'utf8'),
  }
}
