import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import WtSequenceDiagram from '../../src-renderer/components/WtSequenceDiagram.vue'
import { buildSequence } from '../../src-renderer/lib/sequence-model.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { nearbyWalkthrough } from './fixtures/lab-nearby.ts'
import { flush, lessonMaps, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('sequence diagram', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('has the client, the DNS servers root first, and the web server, and one arrow per packet', () => {
    const model = buildSequence(lessonMaps(labWalkthrough), labWalkthrough.frames)
    expect(model.participants.map((p) => [p.role, p.zone ?? p.address])).toEqual([
      ['client', '127.0.0.1'],
      ['dns', '.'],
      ['dns', 'kr.'],
      ['dns', 'co.kr.'],
      ['dns', 'cyber.co.kr.'],
      ['dns', 'lab.cyber.co.kr.'],
      ['web', '127.53.4.80:10080'],
    ])
    expect(model.arrows).toHaveLength(24)
    expect(model.arrows[0]).toEqual({ frame: 1, from: 0, to: 1 }) // query to the root
    expect(model.arrows[3]).toEqual({ frame: 4, from: 2, to: 0 }) // kr.'s referral back
    expect(model.arrows[11]).toEqual({ frame: 12, from: 6, to: 0 }) // SYN-ACK from the web server
  })

  it('gives the nearby DNS server one lifeline: its questions up the hierarchy leave from its own column', () => {
    const model = buildSequence(lessonMaps(nearbyWalkthrough), nearbyWalkthrough.frames)
    expect(model.participants.map((p) => [p.role, p.address])).toEqual([
      ['client', '127.0.0.1'],
      ['dns', '127.53.53.53:10053'],
      ['dns', '127.53.0.1:10053'],
      ['dns', '127.53.1.1:10053'],
      ['dns', '127.53.2.1:10053'],
      ['dns', '127.53.3.1:10053'],
      ['dns', '127.53.4.1:10053'],
      ['web', '127.53.4.80:8080'],
    ])
    const toRoot = nearbyWalkthrough.dns.findIndex((tx) => tx.server === '127.53.0.1:10053')
    const query = nearbyWalkthrough.dns[toRoot]!.query_frame!
    expect(model.arrows[query - 1]).toEqual({ frame: query, from: 1, to: 2 })
    const first = nearbyWalkthrough.dns[0]!
    expect(model.arrows[first.query_frame! - 1]).toEqual({ frame: first.query_frame, from: 0, to: 1 })
  })

  it('places packets whose summaries carry bare addresses (no ports) by address', () => {
    const bare: Walkthrough = {
      ...labWalkthrough,
      dns: [],
      frames: labWalkthrough.frames.map((f) => ({ ...f, src: f.src.split(':')[0]!, dst: f.dst.split(':')[0]!, dns: undefined })),
    }
    const model = buildSequence(lessonMaps(bare), bare.frames)
    expect(model.participants.map((p) => p.role)).toEqual(['client', 'dns', 'dns', 'dns', 'dns', 'dns', 'web'])
    expect(model.arrows[2]).toEqual({ frame: 3, from: 0, to: 2 })
    expect(model.arrows[13]).toEqual({ frame: 14, from: 0, to: 6 })
  })

  it('highlights the current step\'s arrows', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtSequenceDiagram, context)
    usePlayerStore().go(9)
    await flush()
    expect(wrapper.findAll('.row.selected').map((row) => Number(row.attributes('data-frame')))).toEqual([11, 12, 13])
    expect(wrapper.findAll('[data-role="dns"]').map((p) => p.attributes('data-zone'))).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
  })

  it('heads each column with its name and address, which wrap after a dot in a narrow column, in one grid row', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtSequenceDiagram, context, { props: { initialWidth: 420 } })
    await flush()
    const zone = wrapper.get('.participant[data-zone="cyber.co.kr."]')
    expect(zone.get('strong').text()).toBe('cyber.co.kr. zone server') // named by role (issue 8 §1), not 'DNS cyber.co.kr.'
    // Where a line may break: '|' for each <wbr>.
    const breaks = (element: Element): string => [...element.childNodes].map((node) => (node.nodeName === 'WBR' ? '|' : node.textContent)).join('')
    expect(breaks(zone.get('strong').element)).toBe('cyber.|co.|kr.| zone server|')
    expect(breaks(zone.get('.host').element)).toBe('127.|53.|3.|1|')
    // Each column is a grid cell in order (a row as tall as the longest name), not a box of fixed height.
    const header = wrapper.get('.participants')
    const columns = wrapper.findAll('.participant').map((p) => (p.element as HTMLElement).style.gridColumn)
    expect(columns).toEqual(['2', '3', '4', '5', '6', '7', '8'])
    expect((header.element as HTMLElement).style.gridTemplateColumns).toMatch(/^44px repeat\(7, [\d.]+px\)$/)
  })
})
