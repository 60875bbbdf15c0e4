import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WtPacketList from '../../src-renderer/components/WtPacketList.vue'
import type { FrameSummary, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, VIEWPORT_HEIGHT, type TestContext } from './helpers.ts'

describe('WtPacketList', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('filters DNS / TCP / HTTP / one connection, through views made by the engine', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    const shown = (): number[] => wrapper.findAll('[data-frame]').map((row) => Number(row.attributes('data-frame')))
    const click = async (selector: string) => {
      await wrapper.get(selector).trigger('click')
      await flush()
    }
    await click('[data-filter="dns"]')
    expect(shown()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(wrapper.get('[data-testid="packet-count"]').text()).toBe('10 of 24 frames')
    expect(context.client.callsOf('capture.view').at(-1)).toEqual([expect.any(String), { protocols: ['dns'] }])
    await click('[data-filter="http"]')
    expect(shown()).toEqual([14, 16, 18, 19])
    await click('[data-filter="tcp"]')
    expect(shown()).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    await click('[data-filter="all"]')
    expect(shown()).toHaveLength(24)
    await wrapper.get('select[data-filter="connection"]').setValue('0')
    await flush()
    expect(shown()).toHaveLength(14)
    expect(context.client.callsOf('capture.view').at(-1)).toEqual([expect.any(String), { connection: 0 }])
    await click('[data-filter="dns"]')
    expect(shown()).toEqual([])
    expect(wrapper.text()).toContain('No frames match this filter.')
  })

  it('clicking a row selects that frame for the detail panes', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    await wrapper.get('[data-frame="16"]').trigger('click')
    const selection = useSelectionStore()
    expect(selection.focusFrame).toBe(16)
    expect(selection.context).toEqual({ connection: 0 })
    expect(selection.tab).toBe('packet')
    expect(wrapper.get('[data-frame="16"]').attributes('aria-selected')).toBe('true')
    await wrapper.get('[data-testid="packet-list"]').trigger('keydown', { key: 'ArrowDown' })
    await flush()
    expect(selection.focusFrame).toBe(17)
  })

  it('keeps only the rows in view in the DOM for a 200 000-frame capture', async () => {
    const frames: FrameSummary[] = Array.from({ length: 200_000 }, (_, i) => ({
      frame: i + 1, t: i / 1000, length: 60, capturedLength: 60, src: '127.0.0.1:1', dst: '127.0.0.2:2', protocol: 'TCP', info: `segment ${i + 1}`, connection: 0,
    }))
    const big: Walkthrough = { ...labWalkthrough, frames, packets: frames.length, steps: [] }
    await openWalkthrough(context, big)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    const rows = wrapper.findAll('[data-frame]')
    expect(rows.length).toBeGreaterThan(VIEWPORT_HEIGHT / 22 - 1)
    expect(rows.length).toBeLessThan(100)
    expect(wrapper.get('[data-testid="packet-count"]').text()).toBe('200000 of 200000 frames')
    // Selecting a frame far down (from the timeline) scrolls it into view.
    useSelectionStore().selectFrames([150_000], 'timeline')
    await flush()
    const scroller = wrapper.get('[data-testid="packet-list"]').element as HTMLElement
    // Centred: the row's top minus half the viewport (rows are 22 px).
    expect(scroller.scrollTop).toBeCloseTo(149_999 * 22 - VIEWPORT_HEIGHT / 2 + 11, -1)
    scroller.dispatchEvent(new Event('scroll')) // happy-dom scrolls without telling anyone
    await flush()
    expect(wrapper.get('[data-frame="150000"]').attributes('aria-selected')).toBe('true')
  })

  it('lists every frame of a capture whose walkthrough carries only the first ones, fetching the rest as they come into view', async () => {
    const total = 100_000
    const line = (n: number): FrameSummary => ({ frame: n, t: n / 1000, length: 60, capturedLength: 60, src: '127.0.0.1', dst: '127.0.0.2', protocol: 'TCP', info: `segment ${n}`, connection: 0, ...(n % 1000 === 7 ? { flagged: true, info: `segment ${n} [Malformed: TCP header length 4 is less than 20]` } : {}) })
    const big: Walkthrough = { ...labWalkthrough, frames: Array.from({ length: 1000 }, (_, i) => line(i + 1)), packets: total, framesTruncated: true, steps: [] }
    context.client.handlers['capture.frames'] = async (_id, start, count) => Array.from({ length: Math.min(count, total - start + 1) }, (_, i) => line(start + i))
    await openWalkthrough(context, big)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    expect(wrapper.get('[data-testid="packet-count"]').text()).toBe('100000 of 100000 frames')
    expect(context.client.callsOf('capture.frames')).toEqual([]) // the first rows came with the walkthrough
    // A frame far past the inline ones: fetched (a page around it) and shown.
    useSelectionStore().selectFrames([60_007], 'timeline')
    await flush()
    const scroller = wrapper.get('[data-testid="packet-list"]').element as HTMLElement
    scroller.dispatchEvent(new Event('scroll'))
    await flush()
    await flush()
    expect(context.client.callsOf('capture.frames').length).toBeGreaterThan(0)
    for (const [, start, count] of context.client.callsOf('capture.frames') as [string, number, number][]) expect(count).toBeLessThanOrEqual(200)
    const row = wrapper.get('[data-frame="60007"]')
    expect(row.text()).toContain('segment 60007 [Malformed: TCP header length 4 is less than 20]')
    expect(row.attributes('data-malformed')).toBe('true')
    expect(row.classes()).toContain('malformed')
    expect(wrapper.get('[data-frame="60008"]').attributes('data-malformed')).toBeUndefined()
  })
})
