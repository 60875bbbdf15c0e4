// Moving through a lesson: clicking a timeline bar, a sequence-diagram arrow or a packet row moves
// the player to its step; arrow keys belong to the focused widget (the field tree opens with →,
// the packet list moves its selection with ↑/↓, the tabs switch with ← →) and the player takes
// ← → only when nothing else does; clicking a hex byte selects the innermost field that covers it,
// also when the decode starts with a "Frame" layer that spans the whole packet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PacketDetail } from '../../src-main/shared/walkthrough.ts'
import App from '../../src-renderer/App.vue'
import WtPacketDetail from '../../src-renderer/components/WtPacketDetail.vue'
import WtPacketList from '../../src-renderer/components/WtPacketList.vue'
import WtSequenceDiagram from '../../src-renderer/components/WtSequenceDiagram.vue'
import WtTimeline from '../../src-renderer/components/WtTimeline.vue'
import { fieldAtOffset } from '../../src-renderer/lib/field-tree.ts'
import { createStepFinder } from '../../src-main/shared/lesson.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { recordedWalkthrough } from './fixtures/lab-recording.ts'
import { dnsQueryDetail } from './fixtures/packet-detail.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

const steps = recordedWalkthrough.steps
const stepOf = (kind: string, nth = 0) => steps.filter((step) => step.kind === kind)[nth]!

describe('which step a click belongs to', () => {
  // The rules the worker answers capture.stepFor with (and the player, when the lesson is all in
  // the window it holds).
  const rules = createStepFinder(recordedWalkthrough.steps, (frame) => recordedWalkthrough.frames[frame - 1])
  const finder = {
    forFrame: (frame: number) => rules.find({ frame }),
    forPhase: (connection: number, phase: 'socket' | 'connect' | 'transfer' | 'close') => rules.find({ connection, phase }),
    forHop: (resolution: number, hop: number) => rules.find({ resolution, hop }),
  }

  it('a packet a step shows goes to that step', () => {
    const referral = stepOf('dns-referral', 1)
    expect(finder.forFrame(referral.frames[0]!)).toBe(referral.index)
    const connect = stepOf('connect')
    for (const frame of connect.frames) expect(finder.forFrame(frame)).toBe(connect.index)
  })

  it('a packet no step names goes to the step of its connection the lesson is at when it passes', () => {
    const named = new Set(steps.flatMap((step) => step.frames))
    const unnamed = recordedWalkthrough.frames.filter((frame) => !named.has(frame.frame) && frame.connection !== undefined)
    expect(unnamed.length).toBeGreaterThan(0)
    for (const frame of unnamed) {
      const found = steps[finder.forFrame(frame.frame)!]!
      expect(found.refs.connection).toBe(frame.connection)
      const first = Math.min(...found.frames)
      expect(first).toBeLessThanOrEqual(frame.frame)
      // No later step of the same connection starts before this packet.
      const later = steps.filter((step) => step.refs.connection === frame.connection && step.frames.length && Math.min(...step.frames) <= frame.frame && Math.min(...step.frames) > first)
      expect(later).toEqual([])
    }
  })

  it('a phase bar goes to its first step, socket creation included (it has no packet)', () => {
    const create = stepOf('socket-create', 1)
    expect(create.frames).toEqual([])
    expect(finder.forPhase(create.refs.connection!, 'socket')).toBe(create.index)
    expect(finder.forPhase(stepOf('close').refs.connection!, 'close')).toBe(stepOf('close').index)
  })

  it('a hop bar goes to the hop\'s first step: the query, or the cache hit', () => {
    const query = stepOf('dns-query', 2)
    expect(finder.forHop(query.refs.resolution!, query.refs.hop!)).toBe(query.index)
    const hit = stepOf('dns-cache-hit')
    expect(finder.forHop(hit.refs.resolution!, hit.refs.hop!)).toBe(hit.index)
  })
})

describe('click to step', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
    await openWalkthrough(context, recordedWalkthrough)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('a packet row: the player moves to its step, the packet is what is selected and shown', async () => {
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    const referral = stepOf('dns-referral', 2)
    const frame = referral.frames[0]!
    await wrapper.get(`[data-frame="${frame}"]`).trigger('click')
    await flush()
    expect(usePlayerStore().index).toBe(referral.index)
    expect([...useSelectionStore().frames]).toEqual([frame])
    expect(useSelectionStore().focusFrame).toBe(frame)
    expect(useSelectionStore().tab).toBe('packet')
  })

  it('a sequence-diagram arrow: the same', async () => {
    const wrapper = mountWith(WtSequenceDiagram, context)
    await flush()
    const send = stepOf('send')
    await wrapper.get(`.row[data-frame="${send.frames[0]}"]`).trigger('click')
    await flush()
    expect(usePlayerStore().index).toBe(send.index)
    expect(useSelectionStore().focusFrame).toBe(send.frames[0])
  })

  it('a timeline bar: a phase goes to its step (socket creation too), a hop to its query', async () => {
    const wrapper = mountWith(WtTimeline, context)
    await flush()
    const create = stepOf('socket-create', 1)
    const lane = wrapper.findAll('.lane').find((candidate) => candidate.find('[data-phase="socket"]').exists() && candidate.text().includes(`Socket ${create.refs.connection! + 1}:`))!
    await lane.get('[data-phase="socket"]').trigger('click')
    await flush()
    expect(usePlayerStore().index).toBe(create.index)
    expect(useSelectionStore().tab).toBe('socket')
    await wrapper.get('[data-zone="co.kr."]').trigger('click')
    await flush()
    const step = steps[usePlayerStore().index]!
    expect(step.kind).toBe('dns-query')
    expect(step.title.en).toContain('co.kr.')
    expect(useSelectionStore().tab).toBe('dns')
  })

  it('a click pauses the player', async () => {
    const wrapper = mountWith(WtPacketList, context)
    await flush()
    usePlayerStore().play()
    await wrapper.get('[data-frame="3"]').trigger('click')
    expect(usePlayerStore().playing).toBe(false)
  })
})

describe('arrow keys belong to the focused widget', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
    await openWalkthrough(context, recordedWalkthrough)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const press = (element: Element, key: string): void => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  }

  it('with nothing focused, ← and → step the player', async () => {
    mountWith(App, context)
    await flush()
    const player = usePlayerStore()
    press(document.body, 'ArrowRight')
    press(document.body, 'ArrowRight')
    expect(player.index).toBe(2)
    press(document.body, 'ArrowLeft')
    expect(player.index).toBe(1)
  })

  it('in the field tree → opens a node and ← closes it; the player stays', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    useSelectionStore().selectFrame(1, 'list')
    useSelectionStore().setTab('packet')
    await flush()
    const player = usePlayerStore()
    const before = player.index
    const dns = wrapper.get('[data-key^="Domain Name System"] > .row')
    ;(dns.element as HTMLElement).focus()
    await flush()
    expect(dns.attributes('aria-selected')).toBe('true')
    // Layers start open: ← closes, → opens again, → then goes into it.
    press(dns.element, 'ArrowLeft')
    await flush()
    expect(dns.attributes('aria-expanded')).toBe('false')
    press(dns.element, 'ArrowRight')
    await flush()
    expect(dns.attributes('aria-expanded')).toBe('true')
    press(dns.element, 'ArrowRight')
    await flush()
    expect(document.activeElement?.closest('[data-key]')?.getAttribute('data-key')).toBe('dns.id')
    // Moving selects: the focused field's bytes are highlighted.
    press(document.activeElement!, 'ArrowDown')
    await flush()
    expect(document.activeElement?.closest('[data-key]')?.getAttribute('data-key')).toBe('dns.flags')
    expect(wrapper.findAll('.byte.selected').map((cell) => Number(cell.attributes('data-offset')))).toEqual([44, 45])
    expect(player.index).toBe(before)
  })

  it('in the packet list ↑/↓ move the selection, and ← → still step the player', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const list = wrapper.get('[data-testid="packet-list"]')
    await wrapper.get('[data-testid="packet-list"] [data-frame="4"]').trigger('click')
    await flush()
    const player = usePlayerStore()
    const at = player.index
    ;(list.element as HTMLElement).focus()
    press(list.element, 'ArrowDown')
    await flush()
    expect(useSelectionStore().focusFrame).toBe(5)
    expect(player.index).toBe(at) // ↓ moves the list's selection only
    press(list.element, 'ArrowUp')
    press(list.element, 'ArrowUp')
    await flush()
    expect(useSelectionStore().focusFrame).toBe(3)
    press(list.element, 'ArrowRight')
    expect(player.index).toBe(at + 1)
  })

  it('on the detail tabs ← → switch tabs, not steps', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const player = usePlayerStore()
    const at = player.index
    const tab = wrapper.get('[data-tab="url"]')
    useSelectionStore().setTab('url')
    await flush()
    ;(tab.element as HTMLElement).focus()
    press(tab.element, 'ArrowRight')
    await flush()
    expect(useSelectionStore().tab).toBe('http')
    press(wrapper.get('[data-tab="http"]').element, 'ArrowLeft')
    await flush()
    expect(useSelectionStore().tab).toBe('url')
    expect(player.index).toBe(at)
  })

  it('in a text field ← → move the caret, not the player', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const at = usePlayerStore().index
    press(wrapper.get('input[name="url"]').element, 'ArrowLeft')
    press(wrapper.get('input[name="outline-search"]').element, 'ArrowRight')
    expect(usePlayerStore().index).toBe(at)
  })
})

/** A decode shaped like the analyzer's: a first "Frame" layer spanning the whole packet with only
 * computed fields, then the real layers. */
function withFrameLayer(detail: PacketDetail): PacketDetail {
  return {
    ...detail,
    layers: [
      {
        name: `Frame 1: ${detail.bytes.length} bytes on wire`,
        offset: 0,
        length: detail.bytes.length,
        fields: [
          { key: 'frame.number', label: 'Frame Number', offset: 0, length: 0, display: 'Frame Number: 1', generated: true },
          { key: 'frame.len', label: 'Frame Length', offset: 0, length: 0, display: `Frame Length: ${detail.bytes.length}`, generated: true },
        ],
      },
      ...detail.layers,
    ],
  }
}

describe('clicking a hex byte selects the innermost field', () => {
  it('past a whole-packet Frame layer, in every layer', () => {
    const detail = withFrameLayer(dnsQueryDetail())
    const at = (offset: number) => {
      const hit = fieldAtOffset(detail.layers, offset)!
      const [layer, ...rest] = hit.path.split('/').map(Number)
      let fields = detail.layers[layer!]!.fields
      let key = detail.layers[layer!]!.name
      for (const index of rest) {
        key = fields[index]!.key
        fields = fields[index]!.children ?? []
      }
      return key
    }
    expect(at(0)).toBe('eth.dst')
    expect(at(13)).toBe('eth.type')
    expect(at(27)).toBe('ip.src')
    expect(at(35)).toBe('udp.srcport')
    expect(at(42)).toBe('dns.id')
    expect(at(44)).toBe('dns.flags')
    expect(at(55)).toBe('dns.qry.name')
  })

  it('in the pane: the field row is selected and its bytes highlighted', async () => {
    const context = setupTest()
    await openWalkthrough(context, recordedWalkthrough)
    context.client.handlers['capture.packet'] = async () => withFrameLayer(dnsQueryDetail())
    useSelectionStore().selectFrame(1, 'list')
    const wrapper = mountWith(WtPacketDetail, context)
    await flush()
    await wrapper.get('.byte[data-offset="28"]').trigger('click')
    await flush()
    expect(wrapper.get('[data-key="ip.src"] > .row').attributes('aria-selected')).toBe('true')
    expect(wrapper.findAll('.byte.selected').map((cell) => Number(cell.attributes('data-offset')))).toEqual([26, 27, 28, 29])
    document.body.innerHTML = ''
  })
})
