// The notes' figure (STORY 03 §3) drawn from a real recording "as in the notes" (issue 8 §3): the
// sequence diagram's columns — client, nearby DNS server, root, each TLD and zone server, web server
// — named by role in English and Korean, with the numbered arrows 1–8 of a cold lookup; the
// timeline's DNS lane with the stub query as the outer bar and the walk inside it; clicking a hop
// selects its frames and moves the player to its step; the DNS pane of a cache hit shows that cache
// entry, not some other query's packets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WtDnsMessage from '../../src-renderer/components/WtDnsMessage.vue'
import WtSequenceDiagram from '../../src-renderer/components/WtSequenceDiagram.vue'
import WtTimeline from '../../src-renderer/components/WtTimeline.vue'
import { buildSequence } from '../../src-renderer/lib/sequence-model.ts'
import { buildTimeline } from '../../src-renderer/lib/timeline-model.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { gluelessWalkthrough } from './fixtures/lab-glueless.ts'
import { notesWalkthrough as w } from './fixtures/lab-notes.ts'
import { flush, lessonMaps, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

const roles = ['client', 'nearby DNS server (local DNS server)', 'root (.)', 'kr. (TLD)', 'co.kr. zone server', 'cyber.co.kr. zone server', 'lab.cyber.co.kr. zone server', 'web server']

describe('the notes\' picture', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lays the columns out as the notes\' figure: client, nearby DNS server, root, TLD, zones, web server', () => {
    const model = buildSequence(lessonMaps(w), w.frames)
    expect(model.participants.map((p) => (p.label ? p.label.en : p.role))).toEqual(['client', ...roles.slice(1, 7), 'web'])
    expect(model.participants.map((p) => p.address)).toEqual(['127.0.0.1', '127.53.53.53:10053', ...[0, 1, 2, 3, 4].map((z) => `127.53.${z}.1:10053`), '127.53.4.80:8080'])
  })

  it('numbers the cold lookup\'s arrows 1–8: question, five servers down from the root, answer, connection; the priming before the walk is 0', () => {
    const model = buildSequence(lessonMaps(w), w.frames)
    const marked = model.arrows.filter((a) => a.mark !== undefined).map((a) => `${a.mark}: ${a.from}→${a.to}`)
    expect(marked).toEqual([
      '1: 0→1',
      // The nearby server's priming (RFC 8109): ". NS" to the root and its answer, before step 2.
      '0: 1→2',
      '0: 2→1',
      '2: 1→2',
      '2: 2→1',
      '3: 1→3',
      '3: 3→1',
      '4: 1→4',
      '4: 4→1',
      '5: 1→5',
      '5: 5→1',
      '6: 1→6',
      '6: 6→1',
      '7: 1→0',
      '8: 0→7',
      '8: 7→0',
      '8: 0→7',
    ])
    // The priming arrows are frames 2 and 3, the ". NS" exchange.
    expect(model.arrows.filter((a) => a.mark === 0).map((a) => w.frames[a.frame - 1]!.info)).toEqual([expect.stringMatching(/^Standard query 0x[0-9a-f]{4} NS <Root>/), expect.stringMatching(/^Standard query response 0x[0-9a-f]{4} NS <Root> NS a\.root-servers\.lab/)])
    // The notes' steps in time order, as the notes tell them.
    const order = model.arrows.filter((a) => a.mark !== undefined && a.mark > 0).map((a) => a.mark!)
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })

  it('draws the columns named by role and the numbers, in English and Korean; nothing names the nearby server the root', async () => {
    await openWalkthrough(context, w)
    const en = mountWith(WtSequenceDiagram, context, { props: { initialWidth: 1200, initialHeight: 1200 } })
    await flush()
    expect(en.findAll('.participant strong').map((p) => p.text())).toEqual(roles)
    const nearby = en.findAll('.participant')[1]!
    expect(nearby.text()).toContain('127.53.53.53')
    expect(nearby.text()).not.toMatch(/root|\(\.\)/)
    expect(en.findAll('.mark text').map((m) => m.text())).toEqual(['1', '0', '0', '2', '2', '3', '3', '4', '4', '5', '5', '6', '6', '7', '8', '8', '8'])
    // The priming's mark says what it is, and that it is not one of the notes' steps.
    const priming = en.findAll('.mark.priming')
    expect(priming).toHaveLength(2)
    expect(priming[0]!.find('title').text()).toBe('0 · priming (RFC 8109), before the notes’ steps: the DNS server asks a root server from its root hints for the current list of root servers (. NS), before its first walk')
    expect(en.findAll('.mark:not(.priming) title')[1]!.text()).toBe('Step 2 of the notes’ figure (STORY 03 §3)')
    en.unmount()
    const ko = mountWith(WtSequenceDiagram, context, { language: 'ko', props: { initialWidth: 1200, initialHeight: 1200 } })
    await flush()
    expect(ko.findAll('.participant strong').map((p) => p.text())).toEqual(['클라이언트', '가까운 DNS 서버(로컬 DNS 서버)', '루트(.)', 'kr.(최상위 도메인)', 'co.kr. 도메인의 DNS 서버', 'cyber.co.kr. 도메인의 DNS 서버', 'lab.cyber.co.kr. 도메인의 DNS 서버', '웹 서버'])
    expect(ko.find('.mark.priming title').text()).toBe('0 · 프라이밍(RFC 8109), 노트의 단계 전: DNS 서버가 처음 조회하기 전에 루트 힌트의 루트 서버에 현재 루트 서버 목록(. NS)을 묻는다')
  })

  it('draws the stub query as the outer bar of its DNS lane, the nearby server\'s walk inside it', async () => {
    const lane = buildTimeline({ resolutions: w.resolutions.entries(), connections: w.connections.entries() }).lanes.find((l) => l.kind === 'dns' && l.hops.some((h) => h.leg === 'stub'))!
    expect(lane.kind).toBe('dns')
    if (lane.kind !== 'dns') return
    const [outer, ...walk] = lane.hops
    expect(outer!.leg).toBe('stub')
    for (const hop of walk) {
      expect(hop.start).toBeGreaterThanOrEqual(outer!.start)
      expect(hop.end).toBeLessThanOrEqual(outer!.end)
    }
    await openWalkthrough(context, w)
    const wrapper = mountWith(WtTimeline, context, { props: { fallbackWidth: 1230 } })
    await flush()
    const dnsLane = wrapper.findAll('[data-lane="dns"]')[0]!
    expect(wrapper.text()).toContain('A · nearby DNS server (local DNS server): root hints → (cache) → . → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr.')
    const outerBar = wrapper.find('.bar[data-outer="true"]')
    expect(outerBar.attributes('title')).toMatch(/^nearby DNS server \(local DNS server\) 127\.53\.53\.53:10053 → /)
    const bars = wrapper.findAll('.bar').filter((b) => b.attributes('data-zone') !== undefined && b.attributes('data-outer') === undefined)
    // The priming bar (the root, asked for ". NS") comes first, then the walk from the root.
    // (then the cache hop: the walk starts at the root servers just primed, now in the cache)
    expect(bars.slice(0, 7).map((b) => b.attributes('data-zone'))).toEqual(['.', '(cache)', '.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
    expect(bars[0]!.attributes('title')).toMatch(/^root \(\.\) 127\.53\.0\.1:10053 → answer \(root hints: \. NS\): /)
    const left = (b: { attributes(name: string): string | undefined }): number => Number.parseFloat((b.attributes('style') ?? '').replace(/.*left: ([\d.]+)px.*/, '$1'))
    for (const bar of bars.slice(0, 7)) expect(left(bar)).toBeGreaterThanOrEqual(left(outerBar))
    expect(dnsLane.exists()).toBe(true)
    // Clicking the kr. hop selects its query and referral and moves the player to its step.
    await bars[3]!.trigger('click')
    await flush()
    const kr = w.resolutions[0]!.hops[4]!
    expect(kr.zone).toBe('kr.')
    expect([...useSelectionStore().frames].sort((a, b) => a - b)).toEqual(kr.frames)
    expect(usePlayerStore().current?.refs).toMatchObject({ resolution: 0, hop: 4 })
  })

  it('shows a cache hit\'s entry in the DNS pane, not another query\'s packets', async () => {
    await openWalkthrough(context, w)
    const wrapper = mountWith(WtDnsMessage, context)
    const step = w.steps.find((s) => s.kind === 'dns-cache-hit' && s.title.en.endsWith("from this computer's cache"))!
    usePlayerStore().go(step.index)
    await flush()
    expect(wrapper.find('[data-testid="dns-question"]').exists()).toBe(false)
    const entry = wrapper.find('[data-testid="dns-cache-entry"]')
    expect(entry.text()).toContain("this computer's cache")
    expect(entry.text()).toContain('www.lab.cyber.co.kr. A')
    expect(entry.find('[data-field="value"]').text()).toBe('A 127.53.4.80')
    expect(entry.find('[data-field="ttl-left"]').text()).toBe('300 s')
    expect(wrapper.find('[data-testid="dns-cache"]').text()).toBe('Answered from the cache, 300 s of TTL left: no packet was sent')
  })

  it('shows the cached root servers a glueless NS name\'s lookup starts from, not as its answer', async () => {
    const g = gluelessWalkthrough
    await openWalkthrough(context, g)
    const wrapper = mountWith(WtDnsMessage, context)
    // The glueless NS name's lookup starts from the root servers the nearby server primed.
    const sub = g.resolutions.findIndex((c) => c.qname === 'dns.hosting.cyber.co.kr.')
    const step = g.steps.find((s) => s.kind === 'dns-cache-hit' && s.refs.resolution === sub)!
    expect(step.title.en).toBe('The nearby DNS server starts at the root servers, known from its cache')
    expect(g.resolutions[sub]!.hops[step.refs.hop!]!.cached).toMatchObject({ name: '.', type: 'NS', use: 'delegation' })
    usePlayerStore().go(step.index)
    await flush()
    const entry = wrapper.find('[data-testid="dns-cache-entry"]')
    expect(entry.text()).toContain("the nearby DNS server's cache")
    expect(entry.find('[data-field="entry"]').text()).toBe('. NS')
    expect(entry.find('[data-field="value"]').text()).toBe('NS a.root-servers.lab., NS b.root-servers.lab.')
    expect(wrapper.find('[data-testid="dns-cache"]').text()).toMatch(/^The servers to start from, from the cache \(\d+ s of TTL left\): no packet was sent for them; the queries after them are sent$/)
  })
})
