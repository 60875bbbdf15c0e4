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

  it('filters DNS / TCP / HTTP / one connection', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    const shown = (): number[] => wrapper.findAll('[data-frame]').map((row) => Number(row.attributes('data-frame')))
    await wrapper.get('[data-filter="dns"]').trigger('click')
    expect(shown()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(wrapper.get('[data-testid="packet-count"]').text()).toBe('10 of 24 frames')
    await wrapper.get('[data-filter="http"]').trigger('click')
    expect(shown()).toEqual([14, 16, 18, 19])
    await wrapper.get('[data-filter="tcp"]').trigger('click')
    expect(shown()).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    await wrapper.get('[data-filter="all"]').trigger('click')
    await wrapper.get('select[data-filter="connection"]').setValue('0')
    expect(shown()).toHaveLength(14)
    await wrapper.get('[data-filter="dns"]').trigger('click')
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
})
