// The window's layout: resizable panes (splitpanes) whose sizes are remembered across runs; the
// presenter view (F5, View menu; Escape leaves) with the timeline, the current step's explanation
// and the bytes it is about; opening another capture resets scroll positions and selection.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../src-renderer/App.vue'
import { DEFAULT_SIZES, useLayoutStore } from '../../src-renderer/stores/layout.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { STEP_BYTES, stepByteRange } from '../../src-renderer/lib/step-bytes.ts'
import { galleryWalkthrough } from './fixtures/lab-gallery.ts'
import { recordedWalkthrough } from './fixtures/lab-recording.ts'
import { dnsQueryDetail } from './fixtures/packet-detail.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

const press = (key: string): void => {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

describe('resizable panes', () => {
  beforeEach(() => {
    setupTest()
  })

  it('remember the sizes the user gave them, and only those', () => {
    const layout = useLayoutStore()
    expect(layout.sizes).toEqual(DEFAULT_SIZES)
    layout.resized('rows', { event: new MouseEvent('mouseup'), panes: [{ size: 40 }, { size: 60 }] })
    layout.resized('columns', { event: new MouseEvent('mouseup'), panes: [{ size: 25 }, { size: 40 }, { size: 35 }] })
    // Splitpanes also reports a resize when a pane comes or goes: not a choice to remember.
    layout.resized('left', { panes: [{ size: 90 }, { size: 10 }] })
    // A new run (a fresh store) starts with them.
    setActivePinia(createPinia())
    const again = useLayoutStore()
    expect(again.sizes.rows).toEqual([40, 60])
    expect(again.sizes.columns).toEqual([25, 40, 35])
    expect(again.sizes.left).toEqual(DEFAULT_SIZES.left)
  })

  it('without the outline, its share goes to the others, and comes back with it', () => {
    const layout = useLayoutStore()
    layout.setOutline(false)
    const [left, right] = layout.columns
    expect(left! + right!).toBeCloseTo(100)
    expect(left! / right!).toBeCloseTo(DEFAULT_SIZES.columns[1] / DEFAULT_SIZES.columns[2])
    layout.resized('columns', { event: new MouseEvent('mouseup'), panes: [{ size: 50 }, { size: 50 }] })
    layout.setOutline(true)
    expect(layout.columns[0]).toBe(DEFAULT_SIZES.columns[0])
    expect(layout.columns[1]).toBeCloseTo(layout.columns[2]!)
    setActivePinia(createPinia())
    expect(useLayoutStore().outlineOpen).toBe(true)
  })

  it('ignores a stored layout it cannot read', () => {
    localStorage.setItem('wiretrail.layout', JSON.stringify({ sizes: { rows: [500, 'x'], columns: [30, 30, 40] }, outlineOpen: 'yes' }))
    const layout = useLayoutStore()
    expect(layout.sizes.rows).toEqual(DEFAULT_SIZES.rows)
    expect(layout.sizes.columns).toEqual([30, 30, 40])
    expect(layout.outlineOpen).toBe(true)
  })

  it('the window is split into timeline, outline, packets and lesson', async () => {
    const context = setupTest()
    await openWalkthrough(context, recordedWalkthrough)
    const wrapper = mountWith(App, context)
    await flush()
    expect(wrapper.findAll('.splitpanes').length).toBe(4)
    for (const id of ['outline', 'sequence', 'packet-list', 'player', 'step-explainer']) expect(wrapper.find(`[data-testid="${id}"]`).exists()).toBe(true)
    await wrapper.get('[data-action="hide-outline"]').trigger('click')
    expect(wrapper.find('[data-testid="outline"]').exists()).toBe(false)
    await wrapper.get('[data-action="show-outline"]').trigger('click')
    await flush() // the outline mounts in a task of its own (useMountTurn)
    expect(wrapper.find('[data-testid="outline"]').exists()).toBe(true)
  })
})

describe('the presenter view', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
    document.documentElement.classList.remove('presenting')
  })

  it('F5 shows the timeline, the step\'s explanation and the bytes it is about; Escape leaves', async () => {
    await openWalkthrough(context, recordedWalkthrough)
    context.client.handlers['capture.packet'] = async (_id, frame) => dnsQueryDetail(frame)
    const wrapper = mountWith(App, context)
    await flush()
    const query = recordedWalkthrough.steps.find((step) => step.kind === 'dns-query')!
    usePlayerStore().go(query.index)
    press('F5')
    await flush()
    const presenter = wrapper.get('[data-testid="presenter"]')
    expect(document.documentElement.classList.contains('presenting')).toBe(true)
    expect(wrapper.find('[data-testid="urlbar"]').isVisible()).toBe(false)
    expect(wrapper.find('[data-testid="packet-list"]').exists()).toBe(false)
    expect(presenter.find('.timeline [data-zone="."]').exists()).toBe(true)
    const explanation = presenter.get('[data-testid="presenter-explanation"]')
    expect(explanation.get('.title').text()).toBe(query.title.en)
    expect(explanation.text()).toContain(query.detail.en)
    expect(explanation.text()).toContain('STORY')
    // The DNS message's bytes, highlighted: the DNS layer of the packet (from byte 42).
    const highlight = presenter.get('[data-testid="presenter-highlight"]')
    expect(highlight.text()).toContain('Domain Name System (query)')
    expect(highlight.attributes('data-offset')).toBe('42')
    const selected = presenter.findAll('.byte.selected').map((cell) => Number(cell.attributes('data-offset')))
    expect(selected[0]).toBe(42)
    expect(selected.length).toBe(Number(highlight.attributes('data-length')))
    // Where those bytes are, said with the length's own form (it said "42–74 (33 bytes)" for every
    // length, so "1 bytes" for one byte).
    const length = Number(highlight.attributes('data-length'))
    expect(length).toBeGreaterThan(1)
    expect(highlight.text()).toContain(`bytes 42–${42 + length - 1} (${length} bytes)`)
    // Large type, 8 bytes a row.
    expect(presenter.get('[data-testid="hex-view"]').classes()).toContain('per-row-8')
    // → steps on in the presenter too; Escape leaves.
    press('ArrowRight')
    await flush()
    expect(presenter.attributes('data-step-index')).toBe(String(query.index + 1))
    press('Escape')
    await flush()
    expect(wrapper.find('[data-testid="presenter"]').exists()).toBe(false)
    expect(document.documentElement.classList.contains('presenting')).toBe(false)
    expect(wrapper.find('[data-testid="packet-list"]').exists()).toBe(true)
  })

  it('a step with no packet says where it happens; the View menu and the player\'s button open it', async () => {
    await openWalkthrough(context, recordedWalkthrough)
    const wrapper = mountWith(App, context, { language: 'ko' })
    await flush()
    await wrapper.get('[data-menu="view"]').trigger('click')
    await wrapper.get('[data-command="presenter"]').trigger('click')
    await flush()
    const create = recordedWalkthrough.steps.find((step) => step.kind === 'socket-create')!
    usePlayerStore().go(create.index)
    await flush()
    expect(wrapper.get('[data-testid="presenter-bytes"]').text()).toContain('No packets: this happens inside the computer.')
    await wrapper.get('[data-action="leave-presenter"]').trigger('click')
    await wrapper.get('[data-action="present"]').trigger('click')
    expect(useLayoutStore().presenter).toBe(true)
  })

  it('each step kind points at its bytes: DNS message, TCP flags, HTTP message, or none', () => {
    const layers = dnsQueryDetail().layers
    expect(stepByteRange('dns-query', layers)?.range).toEqual({ offset: 42, length: layers[3]!.length })
    expect(stepByteRange('socket-create', layers)).toBeNull()
    expect(STEP_BYTES.connect).toEqual({ protocol: 'tcp', field: 'tcp.flags' })
    expect(STEP_BYTES.send).toEqual({ protocol: 'http' })
    // A packet without the layer the step is about has no highlight rather than a wrong one.
    expect(stepByteRange('send', layers)).toBeNull()
  })
})

describe('opening another capture', () => {
  it('resets the selection, the player and the scroll positions', async () => {
    const context = setupTest()
    await openWalkthrough(context, galleryWalkthrough)
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('[data-testid="packet-list"] [data-frame="3"]').trigger('click')
    usePlayerStore().go(60)
    await flush()
    const scrollers = ['[data-testid="packet-list"]', '[data-testid="sequence"]', '[data-testid="timeline-viewport"]', '.panel', '.outline .tree'].map((selector) => wrapper.get(selector).element as HTMLElement)
    for (const element of scrollers) {
      element.scrollTop = 120
      element.scrollLeft = 40
    }
    await openWalkthrough(context, recordedWalkthrough)
    await flush()
    expect(usePlayerStore().index).toBe(0)
    expect(useSelectionStore().focusFrame).toBeNull()
    expect(scrollers.map((element) => [element.className, element.scrollTop, element.scrollLeft])).toEqual(scrollers.map((element) => [element.className, 0, 0]))
    document.body.innerHTML = ''
  })
})
