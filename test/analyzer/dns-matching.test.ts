// How the DNS tracker (trackers/dns.ts) pairs a response with its query: the oldest open query with
// the same transport, id, client and server (addresses and ports) and question (the name compared
// without regard to case, as a resolver that randomises the case of its names expects), whatever
// order the responses come in. The tracker finds its candidates by numbers (id, ports, transport)
// and checks addresses and question on the stored transaction, so these cases are built to collide
// on the numbers and differ only in what is checked after. Where tshark pairs the same way
// (dns.response_to, which ignores the question), its pairs are compared too.
import { join } from 'node:path'
import dnsPacket from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { ipv4, udp, writePcap } from './frames.ts'
import { tsharkFields } from './tshark.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const dir = scratchDir('dns-matching')
const S = '127.144.7.53'
const C1 = '127.144.7.1'
const C2 = '127.144.7.2'

const query = (id: number, name: string, type: 'A' | 'AAAA' = 'A') => dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] })
const response = (id: number, name: string | null, address: string, type: 'A' | 'AAAA' = 'A') =>
  dnsPacket.encode({
    type: 'response',
    id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: name === null ? [] : [{ type, name }],
    answers: name === null ? [] : type === 'A' ? [{ type: 'A', name, ttl: 60, data: address }] : [{ type: 'AAAA', name, ttl: 60, data: address }],
  })
const toServer = (client: string, port: number, payload: Uint8Array) => ipv4(client, S, 17, udp(port, 53, payload))
const toClient = (client: string, port: number, payload: Uint8Array) => ipv4(S, client, 17, udp(53, port, payload))

async function pairs(name: string, frames: Uint8Array[]) {
  const file = join(dir, name)
  writePcap(file, frames)
  const { walkthrough, reader } = await runAnalysis(file)
  await reader.close()
  const w = withAllWords(walkthrough)
  return { file, dns: w.dns.map((d) => ({ qname: d.qname, qtype: d.qtype, query_frame: d.query_frame, response_frame: d.response_frame, answers: d.answers.map((a) => a.data) })) }
}

describe('DNS responses find their queries', () => {
  it('two clients on the same port with the same id: each response answers its own client, in whatever order', async () => {
    const { file, dns } = await pairs('two-clients.pcap', [
      toServer(C1, 40000, query(0x1234, 'a.lab.test')),
      toServer(C2, 40000, query(0x1234, 'a.lab.test')),
      toClient(C2, 40000, response(0x1234, 'a.lab.test', '127.0.0.2')),
      toClient(C1, 40000, response(0x1234, 'a.lab.test', '127.0.0.1')),
    ])
    expect(dns).toEqual([
      { qname: 'a.lab.test.', qtype: 'A', query_frame: 1, response_frame: 4, answers: ['127.0.0.1'] },
      { qname: 'a.lab.test.', qtype: 'A', query_frame: 2, response_frame: 3, answers: ['127.0.0.2'] },
    ])
    // tshark pairs them the same way.
    const rows = await tsharkFields(file, ['frame.number', 'dns.response_to'], ['-Y', 'dns.flags.response == 1'])
    expect(rows.map(([frame, to]) => [Number(frame), Number(to)])).toEqual([
      [3, 2],
      [4, 1],
    ])
  })

  it('same client, id and ports: the question decides, its name without regard to case', async () => {
    const { dns } = await pairs('questions.pcap', [
      toServer(C1, 40001, query(7, 'WwW.Lab.Test')),
      toServer(C1, 40001, query(7, 'www.lab.test', 'AAAA')),
      toServer(C1, 40001, query(7, 'other.lab.test')),
      toClient(C1, 40001, response(7, 'www.lab.test', '::1', 'AAAA')),
      toClient(C1, 40001, response(7, 'OTHER.lab.TEST', '127.0.0.9')),
      toClient(C1, 40001, response(7, 'www.LAB.test', '127.0.0.8')),
      // No query asked this: a transaction of its own.
      toClient(C1, 40001, response(7, 'www.lab.test', '127.0.0.7')),
    ])
    expect(dns).toEqual([
      { qname: 'WwW.Lab.Test.', qtype: 'A', query_frame: 1, response_frame: 6, answers: ['127.0.0.8'] },
      { qname: 'www.lab.test.', qtype: 'AAAA', query_frame: 2, response_frame: 4, answers: ['::1'] },
      { qname: 'other.lab.test.', qtype: 'A', query_frame: 3, response_frame: 5, answers: ['127.0.0.9'] },
      { qname: 'www.lab.test.', qtype: 'A', query_frame: null, response_frame: 7, answers: ['127.0.0.7'] },
    ])
  })

  it('the same question asked twice is answered oldest first; a response without a question answers the oldest open query', async () => {
    const { dns } = await pairs('oldest.pcap', [
      toServer(C1, 40002, query(9, 'a.lab.test')),
      toServer(C1, 40002, query(9, 'a.lab.test')),
      toServer(C1, 40002, query(9, 'b.lab.test')),
      toClient(C1, 40002, response(9, 'a.lab.test', '127.0.0.1')),
      toClient(C1, 40002, response(9, null, '')),
      toClient(C1, 40002, response(9, null, '')),
      // Another client's question-less response finds nothing of C1's.
      toClient(C2, 40002, response(9, null, '')),
    ])
    expect(dns).toEqual([
      { qname: 'a.lab.test.', qtype: 'A', query_frame: 1, response_frame: 4, answers: ['127.0.0.1'] },
      { qname: 'a.lab.test.', qtype: 'A', query_frame: 2, response_frame: 5, answers: [] },
      { qname: 'b.lab.test.', qtype: 'A', query_frame: 3, response_frame: 6, answers: [] },
      { qname: '', qtype: '', query_frame: null, response_frame: 7, answers: [] },
    ])
  })
})
