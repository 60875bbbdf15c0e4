import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WtPacketDetail from '../../src-renderer/components/WtPacketDetail.vue'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { DNS_QUERY_OFFSETS } from './fixtures/packet-detail.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('field tree ↔ hex view', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
    await openWalkthrough(context, labWalkthrough)
    useSelectionStore().selectFrame(1, 'list')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  async function mounted() {
    const wrapper = mountWith(WtPacketDetail, context)
    await flush()
    return wrapper
  }
  const highlighted = (wrapper: Awaited<ReturnType<typeof mounted>>): number[] =>
    wrapper.findAll('.byte.selected').map((cell) => Number(cell.attributes('data-offset')))

  it('selecting a field highlights exactly its bytes', async () => {
    const wrapper = await mounted()
    expect(wrapper.text()).toContain('Packet 1')
    await wrapper.get('[data-key="ip.src"] > .row').trigger('click')
    expect(highlighted(wrapper)).toEqual([26, 27, 28, 29])
    // The ASCII column follows the same range.
    expect(wrapper.findAll('.char.selected')).toHaveLength(4)
    await wrapper.get('[data-key="udp.srcport"] > .row').trigger('click')
    expect(highlighted(wrapper)).toEqual([DNS_QUERY_OFFSETS.udpSrcPort, DNS_QUERY_OFFSETS.udpSrcPort + 1])
  })

  it('clicking a byte selects the deepest field that covers it, opening the tree to it', async () => {
    const wrapper = await mounted()
    expect(wrapper.find('[data-key="dns.qry.name"]').exists()).toBe(false) // closed at first
    await wrapper.get(`.byte[data-offset="${DNS_QUERY_OFFSETS.qname + 6}"]`).trigger('click')
    await flush()
    const name = wrapper.get('[data-key="dns.qry.name"] > .row')
    expect(name.attributes('aria-selected')).toBe('true')
    expect(highlighted(wrapper)[0]).toBe(DNS_QUERY_OFFSETS.qname)
    expect(highlighted(wrapper)).toHaveLength(21) // 3www3lab5cyber2co2kr0
    // A byte of the flags word selects the Flags field: its bit fields all span the same two
    // bytes, so the outermost of equal ranges is the one the byte belongs to.
    await wrapper.get(`.byte[data-offset="${DNS_QUERY_OFFSETS.dnsFlags + 1}"]`).trigger('click')
    await flush()
    expect(wrapper.get('[data-key="dns.flags"] > .row').attributes('aria-selected')).toBe('true')
    expect(highlighted(wrapper)).toEqual([44, 45])
    // The first byte of IPv4 holds two fields (version, header length): the first is chosen.
    await wrapper.get('.byte[data-offset="14"]').trigger('click')
    await flush()
    expect(wrapper.get('[data-key="ip.version"] > .row').attributes('aria-selected')).toBe('true')
    expect(highlighted(wrapper)).toEqual([14])
  })

  it('hovering a field previews its bytes; Escape clears the selection', async () => {
    const wrapper = await mounted()
    await wrapper.get('[data-key="eth.type"] > .row').trigger('mouseenter')
    expect(wrapper.findAll('.byte.hovered').map((cell) => Number(cell.attributes('data-offset')))).toEqual([12, 13])
    await wrapper.get('[data-key="eth.type"] > .row').trigger('click')
    expect(highlighted(wrapper)).toEqual([12, 13])
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flush()
    expect(highlighted(wrapper)).toEqual([])
  })

  it('a computed field (length 0) highlights no bytes', async () => {
    const wrapper = await mounted()
    await wrapper.get('[data-key="User Datagram Protocol"] > .row').trigger('click')
    expect(highlighted(wrapper)).toEqual([34, 35, 36, 37, 38, 39, 40, 41])
    await wrapper.get('[data-key="udp.stream"] > .row').trigger('click')
    expect(highlighted(wrapper)).toEqual([])
    expect(wrapper.get('[data-key="udp.stream"]').text()).toContain('[computed]')
  })

  it('shows a decode failure in plain words: what its code means, then the engine\'s message', async () => {
    // What services/captures.ts says of a capture id no open capture has.
    context.client.handlers['capture.packet'] = async () => {
      throw { name: 'WiretrailError', code: 'CAPTURE_NOT_OPEN', message: 'No open capture has the id c9 (it was closed, or the app restarted)' }
    }
    useSelectionStore().selectFrame(2, 'list')
    const wrapper = await mounted()
    expect(wrapper.get('[role="alert"]').text()).toBe('CAPTURE_NOT_OPEN: This capture is no longer open (it was closed, or the app restarted). Open it again. No open capture has the id c9 (it was closed, or the app restarted)')
  })
})
