import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import WtPacketList from '../../src-renderer/components/WtPacketList.vue'
import WtTimeline from '../../src-renderer/components/WtTimeline.vue'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { labWalkthrough, LAB_ZONES, tcpdumpWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

const px = (value: string): number => Number.parseFloat(value.replace('px', ''))

describe('WtTimeline', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('draws one bar per socket phase, in phase order, with the phases\' time extents', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtTimeline, context, { props: { fallbackWidth: 1230 } })
    await flush()
    const bars = wrapper.findAll('[data-phase]')
    expect(bars.map((bar) => bar.attributes('data-phase'))).toEqual(['socket', 'connect', 'transfer', 'close'])
    const phases = labWalkthrough.connections[0]!.phases
    const connect = wrapper.get('[data-phase="connect"]')
    const transfer = wrapper.get('[data-phase="transfer"]')
    expect(Number(connect.attributes('data-start'))).toBe(phases.connect!.start)
    expect(Number(transfer.attributes('data-end'))).toBe(phases.transfer!.end)
    // Widths are proportional to durations: transfer lasts 0.0036 s, connect 0.0004 s (9×).
    const ratio = px((transfer.element as HTMLElement).style.width) / px((connect.element as HTMLElement).style.width)
    expect(ratio).toBeCloseTo(9, 1)
    // Positions follow time: close starts after transfer, which starts after connect.
    const left = (selector: string): number => px((wrapper.get(selector).element as HTMLElement).style.left)
    expect(left('[data-phase="connect"]')).toBeLessThan(left('[data-phase="transfer"]'))
    expect(left('[data-phase="transfer"]')).toBeLessThan(left('[data-phase="close"]'))
    // The four labels are on screen, in words.
    expect(wrapper.text()).toContain('socket creation')
    expect(wrapper.text()).toContain('connect')
    expect(wrapper.text()).toContain('send / receive')
    expect(wrapper.text()).toContain('close')
  })

  it('draws the referral chain as hops with data-zone, root first', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    expect(wrapper.findAll('[data-zone]').map((hop) => hop.attributes('data-zone'))).toEqual([...LAB_ZONES])
    const hopLefts = wrapper.findAll('[data-zone]').map((hop) => px((hop.element as HTMLElement).style.left))
    expect([...hopLefts].sort((a, b) => a - b)).toEqual(hopLefts)
  })

  it('shows socket creation of a foreign capture as "not visible on the wire", still data-phase="socket"', async () => {
    await openWalkthrough(context, tcpdumpWalkthrough)
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    const socket = wrapper.get('[data-phase="socket"]')
    expect(socket.classes()).toContain('hidden')
    expect(socket.attributes('title')).toContain('not visible on the wire')
    expect(wrapper.get('[data-phase="connect"]').classes()).not.toContain('hidden')
  })

  it('zooming in widens the bars by the zoom factor and Fit restores them', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    const width = (): number => px((wrapper.get('[data-phase="transfer"]').element as HTMLElement).style.width)
    const before = width()
    // Fitted: the whole capture is in the time column (1000 px minus the 230 px lane titles).
    const close = wrapper.get('[data-phase="close"]').element as HTMLElement
    expect(px(close.style.left) + px(close.style.width)).toBeCloseTo(1000 - 230 - 110, 0) // the right padding leaves room for the last label
    await wrapper.get('button[aria-label="Zoom in"]').trigger('click')
    expect(width() / before).toBeCloseTo(1.5, 5)
    await wrapper.get('button.fit').trigger('click')
    expect(width()).toBeCloseTo(before, 5)
  })

  it('clicking the connect bar selects frames 11–13 and highlights them in the packet list', async () => {
    await openWalkthrough(context, labWalkthrough)
    const Both = defineComponent(() => () => h('div', [h(WtTimeline), h(WtPacketList, { initialHeight: 900 })]))
    const wrapper = mountWith(Both, context)
    await flush()
    await wrapper.get('[data-phase="connect"]').trigger('click')
    await flush()
    const selected = wrapper.findAll('[data-frame][aria-selected="true"]').map((row) => Number(row.attributes('data-frame')))
    expect(selected).toEqual([11, 12, 13])
    expect(useSelectionStore().context.connection).toBe(0)
    expect(useSelectionStore().tab).toBe('socket')
    expect(wrapper.get('[data-phase="connect"]').attributes('aria-pressed')).toBe('true')
  })

  it('clicking the kr. hop selects its query and referral (frames 3–4)', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    await wrapper.get('[data-zone="kr."]').trigger('click')
    expect([...useSelectionStore().frames]).toEqual([3, 4])
    expect(useSelectionStore().context).toMatchObject({ dns: 1, resolution: 0, hop: 1 })
  })

  it('fits the lanes, not packets before them (another tool\'s noise does not squeeze the sockets)', async () => {
    const shifted = {
      ...tcpdumpWalkthrough,
      connections: tcpdumpWalkthrough.connections.map((connection) => ({
        ...connection,
        phases: {
          socket: { ...connection.phases.socket!, start: 1, end: 1 },
          connect: { ...connection.phases.connect!, start: 1, end: 1.0004 },
          transfer: { ...connection.phases.transfer!, start: 1.001, end: 1.0046 },
          close: { ...connection.phases.close!, start: 1.005, end: 1.0056 },
        },
      })),
    }
    await openWalkthrough(context, shifted)
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    const connect = wrapper.get('[data-phase="connect"]').element as HTMLElement
    expect(px(connect.style.left)).toBeCloseTo(16, 5) // the padding: the lane starts at the left edge
    const close = wrapper.get('[data-phase="close"]').element as HTMLElement
    expect(px(close.style.left) + px(close.style.width)).toBeCloseTo(1000 - 230 - 110, 0) // the right padding leaves room for the last label
  })

  it('puts the cursor at the current step\'s time with its index', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    const player = usePlayerStore()
    player.go(9) // connect, t = 0.006
    await flush()
    const cursor = wrapper.get('[data-testid="timeline-cursor"]')
    expect(cursor.attributes('data-step-index')).toBe('9')
    const connectLeft = px((wrapper.get('[data-phase="connect"]').element as HTMLElement).style.left)
    // The cursor sits in the same coordinate system shifted by the lane title column (230 px).
    expect(px((cursor.element as HTMLElement).style.left) - 230).toBeCloseTo(connectLeft, 5)
    expect(wrapper.get('[data-phase="connect"]').classes()).toContain('active')
  })
})

describe('timeline labels', () => {
  it('lay out in bar order without overlapping, wide (Korean) characters counted wider', async () => {
    const { chainLabels, labelWidth } = await import('../../src-renderer/lib/timeline-model.ts')
    expect(chainLabels([{ x: 0, text: '.' }, { x: 2, text: 'kr.' }, { x: 4, text: 'co.kr.' }, { x: 300, text: 'x' }])).toEqual([0, 14.5, 42, 300])
    expect(labelWidth('소켓 작성')).toBeGreaterThan(labelWidth('socket')) // 4 Hangul + space vs 6 Latin
  })
})

describe('the time axis', () => {
  it('writes every tick of one axis in one unit, with the decimals its step needs', async () => {
    const { tickLabel, tickStep } = await import('../../src-renderer/lib/timeline-model.ts')
    // Wireshark's sample (30.4 s) fitted: a tick every 5 s read "0.000 ms, 5000.000 ms, 10.000 s, …".
    const step = tickStep(1100 / 30.4)
    expect(step).toBe(5)
    expect([0, 5, 10, 15, 30].map((t) => tickLabel(t, step, 30.4))).toEqual(['0 s', '5 s', '10 s', '15 s', '30 s'])
    // The lab page's 0.123 s: ms, whole ones for a 10 ms step.
    expect([0, 0.01, 0.02 + 0.01, 0.12].map((t) => tickLabel(t, 0.01, 0.123))).toEqual(['0 ms', '10 ms', '30 ms', '120 ms'])
    // Late in a long capture, a 0.1 s step: seconds with one decimal (not 2280400 ms).
    expect(tickLabel(2280.4000000001, 0.1, 2281.2)).toBe('2280.4 s')
    expect(tickLabel(0.0002, 0.0002, 0.003)).toBe('0.2 ms')
  })
})
