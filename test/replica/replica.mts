// The internet replica: the shapes of the real internet rebuilt from real software on loopback,
// inside a private network namespace (nothing can leave it; its port 53 and 443 are its own).
//  - BIND 9 serves a replica root zone, the TLDs com. net. org. kr. io. and the sites' zones, one
//    `view` per server address (match-destinations), so each address answers only for its own
//    zones and every referral happens as on the internet; a hints file (named.root format) points
//    at the replica roots;
//  - Debian's nginx serves the sites on ports 80 and 443 (http:// → 301 https://, HSTS, gzip,
//    chunked), with certificates from a replica CA made here by openssl (NODE_EXTRA_CA_CERTS);
//  - unbound iterates from the same hints: the OS's DNS server for stub mode (a private mount
//    namespace's /etc/resolv.conf names it) and the ground truth for every chain;
//  - the faults: an HTTP/2-only server (node:http2, ALPN h2 only), a server that resets mid-body
//    (node:net), an address nothing listens on, an address whose packets vanish (a route into lo
//    for a prefix that is not local: the SYN is dropped), a name server that never answers, one
//    that is not there (ICMP port unreachable), a lame one (it answers as the root), one that
//    answers REFUSED, one behind a middlebox that drops every UDP query carrying an EDNS OPT record
//    (an nftables rule in this namespace, as old firewalls did), certificates that are expired, for
//    another name, or from an unknown CA.
// The names are invented under the replica TLDs; the shapes are public knowledge (a CDN's
// www CNAME chain through an edge-key zone, DNS hosted by another provider under another TLD …).
// startReplica() must run in a namespace of its own (run.mts and the tests start it with unshare).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Server as NetServer, Socket as NetSocket } from 'node:net'
import { createSecureServer, type Http2SecureServer } from 'node:http2'
import { createServer as createTlsServer } from 'node:tls'
import { join } from 'node:path'
import { requirePeer, requireRoot, startPeer, workDir, type Peer } from '../resolver/helpers/peers.ts'

/** Every address the replica uses, by role. 127.100/16 is this namespace's own. */
export const REPLICA = {
  roots: [
    { name: 'a.root-servers.net.', address: '127.100.0.1' },
    { name: 'b.root-servers.net.', address: '127.100.0.2' },
  ],
  gtld: { name: 'a.gtld-servers.net.', address: '127.100.1.1' }, // com. and net.
  org: { name: 'a0.nic.org.', address: '127.100.1.3' },
  kr: { name: 'b.dns.kr.', address: '127.100.1.4' },
  io: { name: 'a.nic.io.', address: '127.100.1.5' },
  shopDns: ['127.100.2.1', '127.100.2.2'],
  edgekeyDns: '127.100.3.1',
  cdnedgeDns: '127.100.3.2',
  dnshostDns: '127.100.4.1', // serves dnshost.io and news.org (glueless: news.org's NS are under io.)
  lameDns: '127.100.5.1', // answers as a root server: an upward referral for lame.com
  lameGoodDns: '127.100.5.2',
  refusedDns: '127.100.5.3', // serves nothing: REFUSED
  refusedGoodDns: '127.100.5.4',
  ednsDropDns: '127.100.5.5', // behind the middlebox: UDP queries with an OPT record are dropped
  ednsDropGoodDns: '127.100.5.6',
  closedDns: '127.100.6.1', // nothing listens on 53: ICMP port unreachable
  silentDns: '10.255.0.53', // packets vanish: never answers
  web: '127.100.9.1', // www.shop.com (via the CDN chain), news.org, lame.com, refused.org
  cdnWeb: '127.100.9.2', // static.cdnedge.net
  refusedWeb: '127.100.9.10', // nothing listens on 443
  badTlsWeb: '127.100.9.11', // expired / wrong name / unknown CA, by SNI
  h2Web: '127.100.9.12',
  resetWeb: '127.100.9.13',
  blackholeWeb: '10.255.0.80',
  unbound: '127.100.53.53',
} as const

/** The main site's page: its images, stylesheet and script come from three other hosts. */
export const MAIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Replica Shop</title>
<link rel="stylesheet" href="https://img.v6.kr/style.css">
<script src="https://cdn.nosuch.io/app.js"></script>
</head><body>
<h1>Replica Shop</h1>
<p>${'Everything a large public site sends, only smaller. '.repeat(40)}</p>
<img src="https://static.cdnedge.net/logo.png" alt="logo">
<img src="http://www.shop.com/banner.png" alt="an old http:// link, made https:// by HSTS">
</body></html>
`

export interface Replica {
  dir: string
  hintsFile: string
  caFile: string
  resolvConf: string
  /** dig @unbound NAME TYPE +short, one line per record (unbound iterating from the same hints). */
  unboundAnswer(name: string, type: string): string[]
  /** Empties unbound's caches (records and what it learnt of servers): its next answer is cold. */
  flushUnbound(): void
  stop(): Promise<void>
}

const TTL = 3600

function zone(origin: string, ns: { name: string; address?: string; address6?: string }[], records: string[]): string {
  const head = [`$ORIGIN ${origin}`, `$TTL ${TTL}`, `@ IN SOA ${ns[0]!.name} hostmaster.${origin === '.' ? '' : origin} 1 7200 3600 1209600 300`]
  const nsLines = ns.map((n) => `@ IN NS ${n.name}`)
  const glue = ns.flatMap((n) => [...(n.address ? [`${n.name} IN A ${n.address}`] : []), ...(n.address6 ? [`${n.name} IN AAAA ${n.address6}`] : [])])
  return [...head, ...nsLines, ...glue, ...records, ''].join('\n')
}

const delegate = (child: string, ns: { name: string; address?: string; address6?: string }[]): string[] => [
  ...ns.map((n) => `${child} IN NS ${n.name}`),
  ...ns.flatMap((n) => (n.name.endsWith(child) ? [...(n.address ? [`${n.name} IN A ${n.address}`] : []), ...(n.address6 ? [`${n.name} IN AAAA ${n.address6}`] : [])] : [])),
]

function zones(): { origin: string; text: string; servers: string[] }[] {
  const R = REPLICA
  const shopNs = [
    { name: 'ns1.shop.com.', address: R.shopDns[0] },
    { name: 'ns2.shop.com.', address: R.shopDns[1] },
  ]
  const bigTxt = Array.from({ length: 24 }, (_, i) => `big IN TXT "replica record ${String(i).padStart(2, '0')}: ${'x'.repeat(60)}"`)
  return [
    {
      origin: '.',
      servers: [...R.roots.map((r) => r.address), R.lameDns],
      text: zone('.', R.roots, [
        ...delegate('com.', [R.gtld]),
        ...delegate('net.', [R.gtld]),
        ...delegate('org.', [R.org]),
        ...delegate('kr.', [R.kr]),
        ...delegate('io.', [R.io]),
        // the glue of names under other TLDs, as the real root zone carries it
        `${R.gtld.name} IN A ${R.gtld.address}`,
        `${R.org.name} IN A ${R.org.address}`,
        `${R.kr.name} IN A ${R.kr.address}`,
        `${R.io.name} IN A ${R.io.address}`,
      ]),
    },
    {
      origin: 'net.',
      servers: [R.gtld.address],
      text: zone('net.', [R.gtld], [
        ...R.roots.map((r) => `${r.name} IN A ${r.address}`),
        ...delegate('edgekey.net.', [{ name: 'ns1.edgekey.net.', address: R.edgekeyDns }]),
        ...delegate('cdnedge.net.', [{ name: 'ns1.cdnedge.net.', address: R.cdnedgeDns }]),
      ]),
    },
    {
      origin: 'com.',
      servers: [R.gtld.address],
      text: zone('com.', [R.gtld], [
        ...delegate('shop.com.', shopNs),
        ...delegate('lame.com.', [
          { name: 'ns1.lame.com.', address: R.lameDns },
          { name: 'ns2.lame.com.', address: R.lameGoodDns },
        ]),
        ...delegate('oldbox.com.', [
          { name: 'ns1.oldbox.com.', address: R.ednsDropDns },
          { name: 'ns2.oldbox.com.', address: R.ednsDropGoodDns },
        ]),
        ...delegate('closed.com.', [{ name: 'ns1.closed.com.', address: R.closedDns }]),
        ...delegate('silent.com.', [{ name: 'ns1.silent.com.', address: R.silentDns }]),
      ]),
    },
    {
      origin: 'org.',
      servers: [R.org.address],
      text: zone('org.', [R.org], [
        // glueless: news.org's name servers are under io.
        'news.org. IN NS ns1.dnshost.io.',
        'news.org. IN NS ns2.dnshost.io.',
        ...delegate('refused.org.', [
          { name: 'ns1.refused.org.', address: R.refusedDns },
          { name: 'ns2.refused.org.', address: R.refusedGoodDns },
        ]),
      ]),
    },
    { origin: 'kr.', servers: [R.kr.address], text: zone('kr.', [R.kr], [...delegate('v6.kr.', [{ name: 'ns.v6.kr.', address6: '::1' }])]) },
    {
      origin: 'io.',
      servers: [R.io.address],
      text: zone('io.', [R.io], [
        ...delegate('dnshost.io.', [
          { name: 'ns1.dnshost.io.', address: R.dnshostDns },
          { name: 'ns2.dnshost.io.', address: R.dnshostDns },
        ]),
      ]),
    },
    {
      origin: 'shop.com.',
      servers: [...R.shopDns],
      text: zone('shop.com.', shopNs, [
        // the CDN shape: www → an edge-key name under net. → the edge server's name, in the CDN's zone
        'www IN CNAME www.shop.com.edgekey.net.',
        '@ IN A 127.100.9.1',
        ...bigTxt,
        `refused IN A ${R.refusedWeb}`,
        `blackhole IN A ${R.blackholeWeb}`,
        `expired IN A ${R.badTlsWeb}`,
        `wrongname IN A ${R.badTlsWeb}`,
        `untrusted IN A ${R.badTlsWeb}`,
        `h2only IN A ${R.h2Web}`,
        `reset IN A ${R.resetWeb}`,
        'v6far IN AAAA 2001:db8::80',
      ]),
    },
    { origin: 'edgekey.net.', servers: [R.edgekeyDns], text: zone('edgekey.net.', [{ name: 'ns1.edgekey.net.', address: R.edgekeyDns }], ['www.shop.com IN CNAME e42.a.cdnedge.net.']) },
    {
      origin: 'cdnedge.net.',
      servers: [R.cdnedgeDns],
      text: zone('cdnedge.net.', [{ name: 'ns1.cdnedge.net.', address: R.cdnedgeDns }], [`e42.a IN A ${R.web}`, `static IN A ${R.cdnWeb}`]),
    },
    { origin: 'v6.kr.', servers: ['::1'], text: zone('v6.kr.', [{ name: 'ns.v6.kr.', address6: '::1' }], ['img IN AAAA ::1']) },
    {
      origin: 'dnshost.io.',
      servers: [R.dnshostDns],
      text: zone('dnshost.io.', [{ name: 'ns1.dnshost.io.', address: R.dnshostDns }], [`ns2 IN A ${R.dnshostDns}`]),
    },
    { origin: 'news.org.', servers: [R.dnshostDns], text: zone('news.org.', [{ name: 'ns1.dnshost.io.' }, { name: 'ns2.dnshost.io.' }], [`www IN A ${R.web}`]) },
    {
      origin: 'lame.com.',
      servers: [R.lameGoodDns],
      text: zone('lame.com.', [{ name: 'ns1.lame.com.', address: R.lameDns }, { name: 'ns2.lame.com.', address: R.lameGoodDns }], [`www IN A ${R.web}`]),
    },
    {
      // Both servers hold the zone; the first sits behind the EDNS-dropping middlebox.
      origin: 'oldbox.com.',
      servers: [R.ednsDropDns, R.ednsDropGoodDns],
      text: zone('oldbox.com.', [{ name: 'ns1.oldbox.com.', address: R.ednsDropDns }, { name: 'ns2.oldbox.com.', address: R.ednsDropGoodDns }], [`www IN A ${R.web}`]),
    },
    {
      origin: 'refused.org.',
      servers: [R.refusedGoodDns],
      text: zone('refused.org.', [{ name: 'ns1.refused.org.', address: R.refusedDns }, { name: 'ns2.refused.org.', address: R.refusedGoodDns }], [`www IN A ${R.web}`]),
    },
  ]
}

/** named.root's format (BIND's hints zone, unbound's root-hints:) for the replica roots. */
export function hintsText(): string {
  const lines = REPLICA.roots.flatMap((r) => [`.                        3600000      NS    ${r.name}`, `${r.name.padEnd(24)} 3600000      A     ${r.address}`])
  return ['; The replica root hints (named.root format)', ...lines, ''].join('\n')
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
}

/** The replica CA and the sites' certificates (good, expired, for another name, self-signed). */
function makeCertificates(dir: string): void {
  const openssl = requirePeer('openssl', 'openssl')
  const ca = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Wiretrail Replica Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']
  run(openssl, ca, dir)
  const leaf = (name: string, sans: string[], opts: { selfSigned?: boolean; expired?: boolean } = {}): void => {
    const san = `subjectAltName=${sans.map((s) => `DNS:${s}`).join(',')}`
    if (opts.selfSigned) {
      run(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${sans[0]}`, '-addext', san], dir)
      return
    }
    run(openssl, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${sans[0]}`], dir)
    writeFileSync(join(dir, `${name}.ext`), `${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`)
    if (opts.expired) {
      // openssl ca takes explicit dates: a certificate that ended in 2021.
      mkdirSync(join(dir, 'ca-db'), { recursive: true })
      writeFileSync(join(dir, 'ca-db', 'index.txt'), '')
      writeFileSync(join(dir, 'ca-db', 'serial'), '1000\n')
      writeFileSync(
        join(dir, 'ca.cnf'),
        `[ca]\ndefault_ca=replica\n[replica]\ndir=${dir}/ca-db\ndatabase=$dir/index.txt\nserial=$dir/serial\nnew_certs_dir=$dir\ncertificate=${dir}/ca.pem\nprivate_key=${dir}/ca.key\ndefault_md=sha256\npolicy=any\nunique_subject=no\n[any]\ncommonName=supplied\n`,
      )
      run(openssl, ['ca', '-batch', '-config', 'ca.cnf', '-in', `${name}.csr`, '-out', `${name}.pem`, '-extfile', `${name}.ext`, '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext'], dir)
      return
    }
    run(openssl, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '30', '-extfile', `${name}.ext`], dir)
  }
  leaf('shop', ['www.shop.com', 'shop.com'])
  leaf('news', ['www.news.org', 'www.lame.com', 'www.refused.org'])
  leaf('cdn', ['static.cdnedge.net'])
  leaf('v6', ['img.v6.kr'])
  leaf('expired', ['expired.shop.com'], { expired: true })
  leaf('wrongname', ['other.shop.com'])
  leaf('untrusted', ['untrusted.shop.com'], { selfSigned: true })
  leaf('h2only', ['h2only.shop.com'])
  leaf('reset', ['reset.shop.com'])
}

function nginxConf(dir: string): string {
  const R = REPLICA
  const tls = (cert: string): string => `ssl_certificate ${dir}/${cert}.pem; ssl_certificate_key ${dir}/${cert}.key;`
  const site = (listen: string, names: string, cert: string, root: string): string => `
  server {
    listen ${listen}:80;
    server_name ${names};
    return 301 https://$host$request_uri;
  }
  server {
    listen ${listen}:443 ssl;
    server_name ${names};
    ${tls(cert)}
    add_header Strict-Transport-Security "max-age=31536000" always;
    root ${dir}/www/${root};
  }`
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr notice;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/nginx-tmp;
  proxy_temp_path ${dir}/nginx-tmp;
  fastcgi_temp_path ${dir}/nginx-tmp;
  uwsgi_temp_path ${dir}/nginx-tmp;
  scgi_temp_path ${dir}/nginx-tmp;
  types { text/html html; text/css css; application/javascript js; image/png png; }
  default_type application/octet-stream;
  gzip on;
  gzip_min_length 64;
  gzip_types text/css application/javascript;
  ssl_protocols TLSv1.2 TLSv1.3;
  ${site(R.web, 'www.shop.com shop.com', 'shop', 'shop')}
  ${site(R.web, 'www.news.org www.lame.com www.refused.org', 'news', 'news')}
  ${site(R.cdnWeb, 'static.cdnedge.net', 'cdn', 'cdn')}
  ${site('[::1]', 'img.v6.kr', 'v6', 'v6')}
  server { listen ${R.badTlsWeb}:443 ssl; server_name expired.shop.com; ${tls('expired')} root ${dir}/www/shop; }
  server { listen ${R.badTlsWeb}:443 ssl; server_name wrongname.shop.com; ${tls('wrongname')} root ${dir}/www/shop; }
  server { listen ${R.badTlsWeb}:443 ssl; server_name untrusted.shop.com; ${tls('untrusted')} root ${dir}/www/shop; }
}
`
}

function writeSites(dir: string): void {
  const www = (site: string, file: string, content: string | Buffer): void => {
    mkdirSync(join(dir, 'www', site), { recursive: true })
    writeFileSync(join(dir, 'www', site, file), content)
  }
  www('shop', 'index.html', MAIN_PAGE)
  www('shop', 'banner.png', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'))
  www('news', 'index.html', '<!doctype html><title>News</title><p>News, served by DNS hosted under another TLD.</p>\n')
  // A 1×1 PNG.
  www('cdn', 'logo.png', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'))
  www('v6', 'style.css', `body { font-family: sans-serif; }\n${'h1 { color: #333; }\n'.repeat(20)}`)
}

/** Starts the whole replica; call inside a private network namespace (as root). */
export async function startReplica(): Promise<Replica> {
  requireRoot('the replica')
  const dir = workDir('replica')
  const R = REPLICA
  // The addresses: 127.100/16 is on lo already (127/8); the vanishing prefix is routed into lo,
  // where a packet to an address that is not local is dropped (the SYN gets no answer).
  run('ip', ['route', 'replace', '10.255.0.0/24', 'dev', 'lo'], dir)
  // BIND listens only on addresses an interface has: each replica address goes on lo.
  const addresses = new Set(JSON.stringify(REPLICA).match(/127\.100\.\d+\.\d+/g))
  for (const address of addresses) run('ip', ['addr', 'replace', `${address}/32`, 'dev', 'lo'], dir)
  const started: Peer[] = []
  const servers: (NetServer | Http2SecureServer)[] = []
  const stop = async (): Promise<void> => {
    for (const s of servers) s.close()
    for (const p of started.reverse()) await p.stop().catch(() => {})
  }
  try {
    // DNS: one BIND, a view per server address.
    const list = zones()
    const byServer = new Map<string, string[]>()
    for (const [i, z] of list.entries()) {
      writeFileSync(join(dir, `zone-${i}.db`), z.text)
      for (const s of z.servers) byServer.set(s, [...(byServer.get(s) ?? []), `    zone "${z.origin}" { type primary; file "zone-${i}.db"; };`])
    }
    byServer.set(R.refusedDns, [])
    const v4 = [...byServer.keys()].filter((a) => !a.includes(':'))
    const views = [...byServer.entries()].map(([address, zs], i) => `view "s${i}" {\n  match-clients { any; };\n  match-destinations { ${address}; };\n${zs.join('\n')}\n};`)
    writeFileSync(
      join(dir, 'named.conf'),
      `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port 53 { ${v4.join('; ')}; };
  listen-on-v6 port 53 { ::1; };
  recursion no;
  dnssec-validation no;
  notify no;
  allow-query { any; };
  minimal-responses no-auth-recursive;
  // RRsets in the zone's order, not shuffled: the lame and the REFUSED server (ns1) are asked first.
  rrset-order { order none; };
};
controls { };
${views.join('\n')}
`,
    )
    const check = spawnSync(requirePeer('named-checkconf', 'bind9-utils'), ['-z', join(dir, 'named.conf')], { encoding: 'utf8' })
    if (check.status !== 0) throw new Error(`named-checkconf rejected the replica:\n${check.stdout}${check.stderr}`)
    started.push(await startPeer(dir, requirePeer('named', 'bind9'), ['-g', '-n', '1', '-c', join(dir, 'named.conf')], /running\n/))
    // The middlebox: before ns1.oldbox.com, every UDP query whose ARCOUNT (the DNS header's bytes
    // 10–11, the UDP payload's 18–19) is not 0 — an EDNS OPT record is an additional record — is
    // dropped, as firewalls that knew only RFC 1035's 512-byte DNS did. Plain queries pass.
    writeFileSync(
      join(dir, 'middlebox.nft'),
      `table inet replica_middlebox {\n  chain input {\n    type filter hook input priority 0; policy accept;\n    ip daddr ${R.ednsDropDns} udp dport 53 @th,144,16 != 0 drop\n  }\n}\n`,
    )
    run(requirePeer('nft', 'nftables'), ['-f', join(dir, 'middlebox.nft')], dir)

    // Web: nginx with the replica CA's certificates.
    makeCertificates(dir)
    writeSites(dir)
    mkdirSync(join(dir, 'nginx-tmp'), { recursive: true })
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir))
    const nginx = requirePeer('nginx', 'nginx')
    run(nginx, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], dir)
    started.push(await startPeer(dir, nginx, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr'], /using the "epoll" event method/, 10_000))

    // HTTP/2 only: ALPN offers h2 and nothing else (allowHTTP1: false), as some CDNs' API hosts do.
    const h2 = createSecureServer({ key: readFileSync(join(dir, 'h2only.key')), cert: readFileSync(join(dir, 'h2only.pem')), allowHTTP1: false }, (_req, res) => res.end('h2 only\n'))
    await new Promise<void>((resolve) => h2.listen(443, R.h2Web, resolve))
    servers.push(h2)
    // A reset mid-body: the head and part of the body, then RST (the TCP socket under the TLS one
    // is reset: SO_LINGER 0, as a crashing server or a middlebox does).
    const raw = new Map<number, NetSocket>()
    const reset = createTlsServer({ key: readFileSync(join(dir, 'reset.key')), cert: readFileSync(join(dir, 'reset.pem')), ALPNProtocols: ['http/1.1'] }, (socket) => {
      socket.on('error', () => {})
      socket.once('data', () => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4000\r\n\r\n${'<p>half</p>'.repeat(100)}`, () => {
          setTimeout(() => raw.get(socket.remotePort ?? 0)?.resetAndDestroy(), 50)
        })
      })
    })
    reset.on('connection', (socket: NetSocket) => {
      raw.set(socket.remotePort ?? 0, socket)
      socket.on('close', () => raw.delete(socket.remotePort ?? 0))
    })
    await new Promise<void>((resolve) => reset.listen(443, R.resetWeb, resolve))
    servers.push(reset)

    // unbound: the OS's DNS server (stub mode) and the ground truth, iterating from the hints.
    writeFileSync(join(dir, 'root.hints'), hintsText())
    writeFileSync(
      join(dir, 'unbound.conf'),
      `server:
  interface: ${R.unbound}
  port: 53
  access-control: 127.0.0.0/8 allow
  do-ip6: yes
  prefer-ip6: no
  do-daemonize: no
  chroot: ""
  username: ""
  directory: "${dir}"
  pidfile: "${dir}/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 1
  root-hints: "${dir}/root.hints"
  do-not-query-localhost: no
  module-config: "iterator"
  qname-minimisation: no
  harden-referral-path: no
  infra-host-ttl: 60
  outbound-msg-retry: 2
remote-control:
  control-enable: yes
  control-interface: ${R.unbound}
  control-port: 8953
  control-use-cert: no
`,
    )
    started.push(await startPeer(dir, requirePeer('unbound', 'unbound'), ['-d', '-c', join(dir, 'unbound.conf')], /start of service/))
    writeFileSync(join(dir, 'resolv.conf'), `nameserver ${R.unbound}\n`)
    writeFileSync(join(dir, 'hints.named.root'), hintsText())
  } catch (error) {
    await stop()
    throw error
  }
  const dig = requirePeer('dig', 'bind9-dnsutils')
  return {
    dir,
    hintsFile: join(dir, 'hints.named.root'),
    caFile: join(dir, 'ca.pem'),
    resolvConf: join(dir, 'resolv.conf'),
    unboundAnswer: (name, type) => {
      const out = spawnSync(dig, [`@${R.unbound}`, name, type, '+short', '+tries=1', '+time=5'], { encoding: 'utf8' })
      return out.stdout.trim().split('\n').filter((l) => l !== '')
    },
    flushUnbound: () => {
      const control = requirePeer('unbound-control', 'unbound')
      for (const args of [['flush_zone', '.'], ['flush_infra', 'all'], ['flush_requestlist']]) run(control, ['-c', join(dir, 'unbound.conf'), ...args], dir)
    },
    stop,
  }
}

