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

  it('the quick buttons and a typed display filter make views in the engine', async () => {
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
    expect(wrapper.get<HTMLInputElement>('[data-testid="display-filter"]').element.value).toBe('dns')
    expect(context.client.callsOf('capture.view').at(-1)).toEqual([expect.any(String), { filter: 'dns' }])
    await click('[data-filter="http"]')
    expect(shown()).toEqual([14, 16, 18, 19])
    await click('[data-filter="tcp"]')
    expect(shown()).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    // The same button again: back to every frame.
    await click('[data-filter="tcp"]')
    expect(shown()).toHaveLength(24)
    const input = wrapper.get('[data-testid="display-filter"]')
    await input.setValue('tcp.stream == 0')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(shown()).toHaveLength(14)
    expect(wrapper.get('[data-testid="display-filter"]').element.parentElement!.dataset.state).toBe('valid')
    await input.setValue('dns || http')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(shown()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 16, 18, 19])
  })

  it('a filter with a syntax error is red, its token underlined, and is not applied', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    const before = context.client.callsOf('capture.view').length
    const input = wrapper.get('[data-testid="display-filter"]')
    await input.setValue('tcp.port = 80')
    await flush()
    expect(input.element.parentElement!.dataset.state).toBe('invalid')
    expect(wrapper.get('[data-testid="filter-error"]').text()).toContain('column 10: "=" alone is not an operator: write "==" (or eq)')
    expect(wrapper.get('[data-testid="filter-error-token"]').text()).toBe('=')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(context.client.callsOf('capture.view').length).toBe(before)
    expect(wrapper.findAll('[data-frame]')).toHaveLength(24)
    await input.setValue('ip.dst == 127.53.0.300')
    await flush()
    expect(wrapper.get('[data-testid="filter-error"]').text()).toContain('"127.53.0.300" is not an IPv4 address')
    expect(wrapper.get('[data-testid="filter-error-token"]').text()).toBe('127.53.0.300')
  })

  it('sorts by a column header (ascending, descending, frame order) through the engine', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    await wrapper.get('[data-sort="length"]').trigger('click')
    await flush()
    expect(context.client.callsOf('capture.view').at(-1)).toEqual([expect.any(String), { sort: { column: 'length', descending: false } }])
    expect(wrapper.get('[data-column="length"][role="columnheader"]').attributes('aria-sort')).toBe('ascending')
    await wrapper.get('[data-sort="length"]').trigger('click')
    await flush()
    expect(context.client.callsOf('capture.view').at(-1)).toEqual([expect.any(String), { sort: { column: 'length', descending: true } }])
    expect(wrapper.get('[data-column="length"][role="columnheader"]').attributes('aria-sort')).toBe('descending')
    await wrapper.get('[data-sort="length"]').trigger('click')
    await flush()
    expect(wrapper.get('[data-column="length"][role="columnheader"]').attributes('aria-sort')).toBe('none')
  })

  it('resizes a column with the keyboard and shows the chosen time format', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    const section = wrapper.get('section.packets')
    expect(section.attributes('style')).toContain('--columns: 64px 110px 150px 150px 76px 64px minmax(10em, 1fr)')
    await wrapper.get('[data-resize="src"]').trigger('keydown', { key: 'ArrowRight' })
    await flush()
    expect(section.attributes('style')).toContain('--columns: 64px 110px 160px 150px')
    const time = (frame: number): string => wrapper.get(`[data-frame="${frame}"] [data-column="time"]`).text()
    const w = labWalkthrough
    expect(time(2)).toBe(w.frames[1]!.t.toFixed(6))
    await wrapper.get('[data-testid="time-format"]').setValue('delta')
    await flush()
    expect(time(2)).toBe((w.frames[1]!.t - w.frames[0]!.t).toFixed(6))
    await wrapper.get('[data-testid="time-format"]').setValue('absolute')
    await flush()
    expect(time(1).slice(0, 23)).toBe(new Date(w.source.firstFrameEpoch * 1000).toISOString().replace('T', ' ').slice(0, 23))
    expect(time(1)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)
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
    scroller.dispatchEvent(new Event('scroll')) // happy-dom scrolls without telling anyone
    await flush()
    const row = wrapper.get('[data-frame="150000"]')
    expect(row.attributes('aria-selected')).toBe('true')
    // Centred in the viewport: 200 000 rows of 22 px are taller than the list is laid out
    // (lib/row-window.ts), so the scroll position is mapped, and the row is drawn where the viewport is.
    const spacer = wrapper.get('.spacer').element as HTMLElement
    expect(Number.parseFloat(spacer.style.height)).toBeLessThan(200_000 * 22)
    const drawnAt = Number(/translateY\(([-\d.e]+)px\)/.exec((row.element as HTMLElement).style.transform)![1])
    expect(drawnAt - scroller.scrollTop).toBeCloseTo(VIEWPORT_HEIGHT / 2 - 11, 0)
    // The last frame is reached by scrolling to the end of the range the browser has.
    scroller.scrollTop = Number.parseFloat(spacer.style.height) - VIEWPORT_HEIGHT
    scroller.dispatchEvent(new Event('scroll'))
    await flush()
    const last = wrapper.get('[data-frame="200000"]')
    const lastAt = Number(/translateY\(([-\d.e]+)px\)/.exec((last.element as HTMLElement).style.transform)![1])
    expect(lastAt - scroller.scrollTop).toBeCloseTo(VIEWPORT_HEIGHT - 22, 0)
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
