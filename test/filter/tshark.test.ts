// Display filters keep the frames tshark's -Y keeps for the same filter: a table of filters (the
// issue's, the protocols, flags, ports and addresses read from the frame index, DNS/HTTP/TLS fields
// read by dissecting the frame, sets, ranges, networks, functions, contains, matches, not/and/or),
// run on several corpus captures of different link types and protocols, through the analyzer's
// views (the path the packet list and the worker take). test/analyzer/filter-scan.test.ts checks
// the column scan under them against the per-frame test, and DNS names in mDNS against tshark.
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from '../analyzer/tshark.ts'

const FILES = [
  'dns-iterative-lab-a-aaaa-referrals.pcap', // Ethernet, iterative DNS with referrals
  'http-espn-pageload-images-gzip.pcapng', // a page load: 25 connections, gzip, images
  'linux-sll-mixed-dns-http.pcap', // Linux cooked capture, DNS, mDNS, HTTP, ARP, ICMP
  'null-loopback-ipv6-http-connect-tls.pcap', // BSD loopback, IPv6, CONNECT tunnel with TLS
]

// Written so that tshark 4.0 reads them too (sets with commas; type numbers, not names).
const FILTERS = [
  // The issue's.
  'dns.qry.name == "pc3.oru.fi"',
  'tcp.flags.syn == 1 && ip.dst == 192.168.0.5',
  'http.response.code >= 400',
  'frame.number in {1..20}',
  // From the frame index.
  'ip.addr == 192.168.0.0/16',
  'ipv6.addr == ::1',
  'tcp.port == 80',
  'tcp.port in {80, 443, 8080}',
  'udp.port == 53 or udp.port == 5353',
  'tcp.flags.syn == 1 and tcp.flags.ack == 0',
  'tcp.flags == 0x012',
  'tcp.flags.reset == 1 || tcp.flags.fin == 1',
  'tcp.srcport > 1024 && tcp.dstport < 1024',
  'tcp.stream == 3',
  'frame.len > 1000',
  'frame.number >= 5 and frame.number <= 9',
  'frame.time_delta > 0.1',
  'not tcp',
  '!(udp || tcp)',
  'ip.src != 127.0.0.1',
  'ip.src == ip.dst',
  // Dissected on demand.
  'dns.flags.response == 1 && dns.count.answers == 0',
  'dns.flags.response eq 0',
  'dns.flags.authoritative == 1',
  'dns.flags.rcode != 0',
  'dns.qry.type == 28',
  'dns.a',
  'dns.ns',
  'dns.id == 0',
  'dns.qry.name contains "local"',
  'dns.qry.name matches "^PC[0-9]\\\\.oru"',
  'len(dns.qry.name) > 15',
  'mdns || llmnr',
  'http.request.method == "GET"',
  'http.request.method in {"GET", "POST"}',
  'http.host contains "espn"',
  'lower(http.host) contains "www"',
  'http.request.uri contains ".js"',
  'http.content_type contains "image"',
  'http.request || http.response',
  'frame contains "HTTP/1.1 200"',
  'tls.handshake.type == 1',
  'tls.handshake.extensions_server_name contains "."',
  'ip.ttl < 64',
  'ip.flags.df == 1',
  'ip.proto == 17',
  'eth.type == 0x0800',
  'tcp.len > 0',
  'tcp.window_size_value < 1000',
  'tcp.options.mss_val == 1460',
  'udp.length > 100',
  'icmp || arp',
  // Over the index a column at a time (analyzer/filter-scan.ts): names taken down by the pass, fields
  // with two values (tcp.port, ip.addr) under != and negated sets, networks, times (tshark 4.0 has no xor).
  'dns.qry.name contains "espn"',
  'dns.qry.name != "pc3.oru.fi"',
  '!(dns.qry.name in {"pc3.oru.fi", "daisy.ubuntu.com", "www.espn.com"})',
  'dns.qry.name == "www.ynet.co.il" || dns.qry.name == "dnsfi.fi"',
  'tcp.port != 80',
  'ip.addr != 192.168.0.5 && !(udp.port in {53, 5353})',
  'frame.time_relative > 1.5 && !(tcp.srcport in {1024..65535})',
  '(ip.dst == 192.168.0.0/24 && !tcp) || (!(ip.dst == 192.168.0.0/24) && tcp)',
]

describe('display filters agree with tshark -Y', () => {
  for (const file of FILES) {
    it(file, async () => {
      const path = `${CORPUS_DIR}/${file}`
      const r = await runAnalysis(path, { previewAfterFrames: 0 })
      try {
        let nonEmpty = 0
        // tshark runs three at a time (each reads the file once).
        const expected = new Map<string, number[]>()
        for (let k = 0; k < FILTERS.length; k += 3) {
          await Promise.all(FILTERS.slice(k, k + 3).map(async (filter) => expected.set(filter, (await tsharkFields(path, ['frame.number'], ['-Y', filter])).map(([n = '']) => Number(n)))))
        }
        for (const filter of FILTERS) {
          const { view, count } = await r.views.filtered({ filter })
          const ours = (await r.views.rows(view, 0, count)).map((row) => row.frame)
          expect(ours, `${file}: ${filter}`).toEqual(expected.get(filter))
          if (ours.length > 0) nonEmpty++
        }
        // Each capture answers a good part of the table with frames (not only empty sets).
        expect(nonEmpty, file).toBeGreaterThanOrEqual(12)
      } finally {
        await r.reader.close()
      }
    }, 240_000)
  }
})
