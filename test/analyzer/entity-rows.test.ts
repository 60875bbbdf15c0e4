// One shape for the walkthrough's entities (shared/lesson.ts EntityList, analyzer/entity-rows.ts):
// the worker's compact stores (DNS transactions, HTTP exchanges, steps) and the collections still
// kept as arrays (resolutions, connections, TLS sessions) are read the same way — a count, `at` as
// an array's `at` reads an index, iteration — so a reader cannot tell a store from a walkthrough as
// sent. Checked on real captures against the same entities copied into plain arrays.
import { describe, expect, it } from 'vitest'
import { ConnectionList } from '../../src-main/analyzer/connection-list.ts'
import { DnsStore } from '../../src-main/analyzer/dns-store.ts'
import { HttpExchangeStore } from '../../src-main/analyzer/http-exchanges.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { StepColumns } from '../../src-main/analyzer/step-store.ts'
import { entityAt, findEntity, firstEntity, type EntityList, type LessonArrays } from '../../src-main/shared/lesson.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

/** Indexes a reader might pass: inside, the ends, past them, negative, a fraction, no number. */
function probes(length: number): number[] {
  return [0, 1, length - 1, length, length + 1, -1, -2, -length, -length - 1, 1.5, -0.5, Number.NaN, Infinity, -Infinity]
}

/** `list` reads as `array`, the same entities in a plain array, does. */
function readsAsArray<T>(list: EntityList<T>, array: readonly T[]): void {
  expect(list.length).toBe(array.length)
  expect(Array.from(list)).toEqual(array)
  for (const i of probes(array.length)) {
    expect(list.at(i), `at(${i})`).toEqual(array.at(i))
    expect(entityAt(list, i), `entityAt(${i})`).toEqual(array[i])
  }
}

const EACH: (keyof LessonArrays)[] = ['dns', 'resolutions', 'connections', 'http', 'tls']

describe('the walkthrough’s entities are read one way, stores and arrays alike', () => {
  for (const name of ['http-espn-pageload-images-gzip.pcapng', 'null-loopback-ipv6-http-connect-tls.pcap', 'dns-isp-nxdomain-hijack-http.pcapng']) {
    it(`${name}: every collection reads as the array of its entities`, async () => {
      const r = await runAnalysis(`${CORPUS_DIR}/${name}`)
      try {
        const w = r.walkthrough
        // The stores are what the worker keeps: no array of objects for DNS, HTTP or the steps.
        expect(w.dns).toBeInstanceOf(DnsStore)
        expect(w.http).toBeInstanceOf(HttpExchangeStore)
        expect(w.steps).toBeInstanceOf(StepColumns)
        expect(w.http.length).toBeGreaterThan(0)
        for (const key of EACH) {
          const list: EntityList<unknown> = w[key]
          const array = Array.from(list)
          readsAsArray(list, array)
          readsAsArray(list, [...array]) // a copy: equal entities, not the same objects
        }
        readsAsArray(w.steps, Array.from(w.steps))
        // A store makes an entity at each read: equal, never the same object (find it again by its
        // index, not by identity).
        for (const list of [w.dns, w.http, w.steps] as EntityList<object>[]) {
          if (list.length === 0) continue
          expect(list.at(0)).toEqual(list.at(0))
          expect(list.at(0)).not.toBe(list.at(0))
        }
        // find / findIndex over an EntityList, as over the array.
        const http = Array.from(w.http)
        const last = http[http.length - 1]!
        expect(findEntity(w.http, (ex) => ex.request_frame === last.request_frame)).toBe(http.findIndex((ex) => ex.request_frame === last.request_frame))
        expect(firstEntity(w.http, (ex) => ex.request_frame === last.request_frame)).toEqual(last)
        expect(findEntity(w.http, () => false)).toBe(-1)
        // Nothing matches: undefined, never the last entity (at(-1) would be).
        expect(firstEntity(w.http, () => false)).toBeUndefined()
        // What the steps' plan reads of each exchange and connection, from the columns: the fields
        // the whole entity has (frames as views of the store's).
        const store = w.http as HttpExchangeStore
        http.forEach((ex, i) => {
          const { requestFrames, responseFrames, ...rest } = store.planned(i)
          expect(rest).toEqual({ request_frame: ex.request_frame, cause: ex.cause, causedBy: ex.causedBy, status: ex.status, response_frame: ex.response_frame })
          expect(requestFrames && Array.from(requestFrames)).toEqual(ex.requestFrames)
          expect(responseFrames && Array.from(responseFrames)).toEqual(ex.responseFrames)
        })
        const dns = w.dns as DnsStore
        Array.from(dns).forEach((tx, i) => {
          expect(dns.planned(i)).toStrictEqual({ qname: tx.qname, qtype: tx.qtype, rd: tx.rd, aa: tx.aa, tc: tx.tc, rcode: tx.rcode, query_frame: tx.query_frame, response_frame: tx.response_frame })
        })
        const connections = w.connections as ConnectionList
        Array.from(connections).forEach((c, i) => {
          expect(connections.phases(i, Number.POSITIVE_INFINITY)).toEqual(c.phases)
          expect(Array.from(connections.exchanges(i))).toEqual(c.http)
        })
      } finally {
        await r.reader.close()
      }
    })
  }

  it('pages every collection to inspect --json as the array of its entities', async () => {
    const r = await runAnalysis(`${CORPUS_DIR}/http-espn-pageload-images-gzip.pcapng`)
    try {
      const w = r.walkthrough
      for (const key of EACH) {
        const array = Array.from(w[key] as EntityList<unknown>)
        expect(r.lesson.items(key, 0, array.length + 5)).toEqual(array)
        expect(r.lesson.items(key, 3, 4)).toEqual(array.slice(3, 7))
        expect(r.lesson.items(key, -3, 2)).toEqual(array.slice(0, 2))
        expect(r.lesson.items(key, array.length, 10)).toEqual([])
      }
      expect(JSON.stringify(r.lesson.items('http', 0, 100))).toBe(JSON.stringify(Array.from(w.http)))
    } finally {
      await r.reader.close()
    }
  })
})
