// The lab's addresses and ports as text for people: every DNS server with its zones, the local DNS
// server, every web host with its URLs, and commands ready to paste (dig, curl, Chromium).
import type { RunningLab } from './index.ts'

/** Pages worth trying on every lab web host (see assets/lab/README.md for all of them). */
const SHOWCASE_PATHS = [
  '/',
  '/sample.htm (Connection: close)',
  '/gazou.jpg',
  '/gallery.html (22 subresources)',
  '/crowd.html (200 subresources)',
  '/form.html (POST /cgi-bin/echo)',
  '/dir (301)',
  '/dir/',
  '/whatisthis',
  '/dir1/file1.html',
  '/chunked',
  '/gzip',
  '/old-sample.htm (301)',
  '/no-such-page.html (404)',
]

export function describeLab(lab: RunningLab, options: { caCertificatePath?: string } = {}): string {
  const lines: string[] = []
  const mode = lab.singleAddress ? 'single-address mode: every server on 127.0.0.1 with its own port' : `address block 127.${lab.addressBlock}.x.y`
  lines.push(`Wiretrail lab network (${mode})`, '')
  lines.push('Authoritative DNS servers (UDP and TCP):')
  const width = Math.max(...lab.dnsServers.map((server) => `${server.address}:${server.port}`.length))
  for (const server of lab.dnsServers) {
    const where = `${server.address}:${server.port}`.padEnd(width)
    const zones = server.zones.length > 0 ? `serves ${server.zones.join(' ')}` : `serves no zone`
    const mapped = lab.singleAddress ? ` (zone files say ${server.zoneAddress})` : ''
    lines.push(`  ${where}  ${server.name.padEnd(29)} ${zones}${mapped}${server.note ? `  [${server.note}]` : ''}`)
  }
  lines.push('')
  if (lab.localDns.port !== 0) {
    lines.push(`Nearby (local) DNS server (recursive, caching; answers RD=1 questions with RA=1): ${lab.localDns.address}:${lab.localDns.port}`, '')
  }
  if (lab.web.length > 0) {
    lines.push('Web servers (each serves every lab site, chosen by the Host header):')
    for (const web of lab.web) {
      lines.push(`  http://${web.host}:${web.httpPort}/   https://${web.host}:${web.httpsPort}/   (listening on ${web.address})`)
    }
    lines.push(`  Paths: ${SHOWCASE_PATHS.join('  ')}`)
    if (options.caCertificatePath !== undefined) lines.push(`  Lab CA certificate (valid for the lab web hosts only): ${options.caCertificatePath}`)
    lines.push('')
  }
  lines.push('Try:')
  const root = lab.roots[0]
  if (root !== undefined) {
    lines.push(`  dig @${root.address} -p ${root.port} www.lab.cyber.co.kr +norecurse`)
  }
  const labServer = lab.dnsServers.find((server) => server.zones.includes('lab.cyber.co.kr.'))
  if (labServer !== undefined) {
    lines.push(`  dig @${labServer.address} -p ${labServer.port} www.lab.cyber.co.kr +norecurse     (AA=1: the authoritative answer)`)
  }
  if (lab.localDns.port !== 0) {
    lines.push(`  dig @${lab.localDns.address} -p ${lab.localDns.port} www.lab.glasscom.com          (RD=1: the local DNS server recurses)`)
  }
  const first = lab.web[0]
  if (first !== undefined) {
    lines.push(`  curl -v --resolve ${first.host}:${first.httpPort}:${first.address} http://${first.host}:${first.httpPort}/sample.htm`)
    const ca = options.caCertificatePath ?? '<lab-ca.pem>'
    lines.push(`  curl -v --cacert ${ca} --resolve ${first.host}:${first.httpsPort}:${first.address} https://${first.host}:${first.httpsPort}/sample.htm`)
    const rules = lab.web.map((web) => `MAP ${web.host} ${web.address}`).join(', ')
    // --host-resolver-rules: the browser must not ask the system's resolver for lab names.
    lines.push(`  chromium --host-resolver-rules="${rules}, MAP * ~NOTFOUND" http://${first.host}:${first.httpPort}/sample.htm`)
  }
  return `${lines.join('\n')}\n`
}
