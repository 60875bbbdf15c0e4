// What a Wireshark user reaches for beside the packet list: Go to packet (Ctrl+G), Find (Ctrl+F:
// display filter, hex, string), the row's context menu (Apply as Filter, Follow TCP Stream, Copy
// value), the Follow TCP Stream dialog and the Statistics dialog — their text and what they ask the
// engine (the engine's answers themselves are checked against tshark in test/analyzer and test/filter).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WtFollowStream from '../../src-renderer/components/WtFollowStream.vue'
import WtPacketList from '../../src-renderer/components/WtPacketList.vue'
import WtStatistics from '../../src-renderer/components/WtStatistics.vue'
import { findFilter, useAnalysisStore } from '../../src-renderer/stores/analysis.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('packet tools', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('Ctrl+G goes to a packet, and says when the frame does not exist or is filtered out', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context, { attachTo: document.body })
    await flush()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'g', ctrlKey: true }))
    await flush()
    const input = wrapper.get('[data-testid="goto-input"]')
    expect(document.activeElement).toBe(input.element)
    await input.setValue('16')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(useSelectionStore().focusFrame).toBe(16)
    expect(wrapper.get('[data-frame="16"]').attributes('aria-selected')).toBe('true')
    await input.setValue('99')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(wrapper.get('[data-testid="search-message"]').text()).toBe('There is no frame 99: the capture has frames 1–24.')
    await wrapper.get('[data-filter="dns"]').trigger('click')
    await flush()
    await input.setValue('16')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(wrapper.get('[data-testid="search-message"]').text()).toBe('Frame 16 is not shown with the current display filter.')
    await input.trigger('keydown', { key: 'Escape' })
    await flush()
    expect(wrapper.find('[data-testid="goto-bar"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('Ctrl+F finds the next packet a filter, a hex value or a string matches, in the list’s view', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context, { attachTo: document.body })
    await flush()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true }))
    await flush()
    const input = wrapper.get('[data-testid="find-input"]')
    await input.setValue('frame.number == 12')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(context.client.callsOf('capture.find').at(-1)).toEqual([expect.any(String), { view: null, filter: 'frame.number == 12', from: -1, backwards: false }])
    expect(useSelectionStore().focusFrame).toBe(12)
    expect(wrapper.get('[data-testid="search-message"]').text()).toBe('Found frame 12.')
    // From the selected row on; the engine says it wrapped.
    await input.setValue('frame.number == 3')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(context.client.callsOf('capture.find').at(-1)).toEqual([expect.any(String), { view: null, filter: 'frame.number == 3', from: 11, backwards: false }])
    expect(wrapper.get('[data-testid="search-message"]').text()).toBe('Found frame 3 (searched past the end, from the top).')
    await input.setValue('frame.number == 30')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(wrapper.get('[data-testid="search-message"]').text()).toBe('No packet matches.')
    // Hex and string become filters on the frame's bytes.
    await wrapper.get('[data-testid="find-kind"]').setValue('hex')
    await input.setValue('47 45 54 20')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect((context.client.callsOf('capture.find').at(-1)![1] as { filter: string }).filter).toBe('frame contains 47:45:54:20')
    await input.setValue('4 7 5')
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect(wrapper.get('[data-testid="search-message"]').text()).toBe('A hex value is pairs of hex digits, e.g. 47 45 54.')
    await wrapper.get('[data-testid="find-kind"]').setValue('string')
    await input.setValue('GET /sample.htm')
    await input.trigger('keydown', { key: 'Enter', shiftKey: true })
    await flush()
    expect(context.client.callsOf('capture.find').at(-1)![1]).toMatchObject({ filter: 'frame matches "GET /sample\\\\.htm"', backwards: true })
    await wrapper.get('[data-testid="find-case"]').setValue(true)
    await input.trigger('keydown', { key: 'Enter' })
    await flush()
    expect((context.client.callsOf('capture.find').at(-1)![1] as { filter: string }).filter).toBe('frame contains "GET /sample.htm"')
    wrapper.unmount()
  })

  it('makes Find’s filters as Wireshark’s Find modes search the bytes', () => {
    expect(findFilter('string', 'say "hi" \\ now', true)).toEqual({ filter: 'frame contains "say \\"hi\\" \\\\ now"' })
    expect(findFilter('string', 'a.b*c', false)).toEqual({ filter: 'frame matches "a\\\\.b\\\\*c"' })
    expect(findFilter('hex', '0x47:45-54', false)).toEqual({ filter: 'frame contains 47:45:54' })
    expect(findFilter('hex', 'GG', false)).toEqual({ problem: 'hex' })
    expect(findFilter('filter', '  ', false)).toEqual({ problem: 'empty' })
  })

  it('the row’s menu applies the clicked column as a filter, follows its stream, copies the value', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtPacketList, context, { attachTo: document.body })
    await flush()
    await wrapper.get('[data-frame="14"] [data-column="protocol"]').trigger('contextmenu', { clientX: 100, clientY: 200 })
    await flush()
    const menu = wrapper.get('[data-testid="packet-menu"]')
    expect(menu.get('[data-command="apply-filter"]').text()).toBe('Apply as Filterhttp')
    expect(menu.get('[data-command="copy"]').text()).toBe('Copy valueHTTP')
    await menu.get('[data-command="apply-filter"]').trigger('click')
    await flush()
    expect(useSelectionStore().displayFilter).toBe('http')
    expect(wrapper.get<HTMLInputElement>('[data-testid="display-filter"]').element.value).toBe('http')
    expect(context.client.callsOf('capture.view').at(-1)).toEqual([expect.any(String), { filter: 'http' }])
    await wrapper.get('[data-frame="16"] [data-column="length"]').trigger('contextmenu')
    await flush()
    expect(wrapper.get('[data-command="apply-filter"]').attributes('title')).toBe('frame.len == 80')
    await wrapper.get('[data-command="follow"]').trigger('click')
    await flush()
    expect(context.client.callsOf('capture.follow').at(-1)).toEqual([expect.any(String), 0])
    expect(useSelectionStore().displayFilter).toBe('tcp.stream == 0')
    expect(useAnalysisStore().followed?.connection).toBe(0)
    // A DNS frame has no TCP stream: Follow is offered, but disabled.
    await wrapper.get('[data-testid="filter-clear"]').trigger('click')
    await flush()
    await wrapper.get('[data-frame="1"] [data-column="info"]').trigger('contextmenu')
    await flush()
    expect(wrapper.get('[data-command="follow"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-command="apply-filter"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('Follow TCP Stream shows each side in its colour, as ASCII, a hex dump or raw, and saves it', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtFollowStream, context, { attachTo: document.body })
    await useAnalysisStore().follow(0)
    await flush()
    expect(wrapper.get('[data-testid="follow-client"]').text()).toBe('Client 127.53.0.1:50000: 18 bytes')
    const chunks = () => wrapper.findAll('[data-testid="follow-text"] span').map((s) => [s.attributes('data-from'), s.attributes('class'), s.text()])
    expect(chunks()).toEqual([
      ['client', 'client', 'GET / HTTP/1.1'],
      ['server', 'server', 'HTTP/1.1 200 OK\n\nhi'],
    ])
    await wrapper.get('[data-testid="follow-format"]').setValue('hexdump')
    await flush()
    expect(chunks()[0]![2]).toBe(`00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a   GET / HTTP/1.1..\n00000010  0d 0a${' '.repeat(46)}..`)
    // The server's lines indented, as Wireshark's hex dump shows them.
    expect(wrapper.findAll('[data-testid="follow-text"] span')[1]!.element.textContent!.startsWith('    00000000  48 54 54 50')).toBe(true)
    await wrapper.get('[data-testid="follow-format"]').setValue('raw')
    await wrapper.get('[data-testid="follow-side"]').setValue('server')
    await flush()
    expect(chunks()).toEqual([['server', 'server', '485454502f312e3120323030204f4b0d0a0d0a6869']])
    await wrapper.get('[data-testid="follow-save"]').trigger('click')
    await flush()
    const [name, content] = context.client.callsOf('capture.saveFile').at(-1)! as [string, Uint8Array]
    expect(name).toMatch(/-tcp-stream-0\.bin$/)
    expect(new TextDecoder().decode(content)).toBe('HTTP/1.1 200 OK\r\n\r\nhi')
    wrapper.unmount()
  })

  it('Statistics lists the conversations (filter, follow) and the protocol hierarchy with shares', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtStatistics, context, { attachTo: document.body })
    const analysis = useAnalysisStore()
    analysis.openStatistics('conversations')
    await flush()
    const row = wrapper.get('[data-testid="conversations"] tbody tr')
    expect(row.findAll('td').map((td) => td.text()).slice(0, 8)).toEqual(['127.53.0.1:50000', '127.53.4.80:80', '14', '1.5 KiB', '7 / 600', '7 / 900', '0.010000', '0.2000'])
    await row.get('[data-action="filter"]').trigger('click')
    await flush()
    expect(useSelectionStore().displayFilter).toBe('tcp.stream == 0')
    expect(analysis.statistics).toBeNull()
    analysis.openStatistics('hierarchy')
    await flush()
    const lines = wrapper.findAll('[data-testid="protocol-hierarchy"] tbody tr').map((tr) => `${tr.attributes('data-depth')} ${tr.findAll('td').map((td) => td.text()).join(' | ')}`)
    expect(lines).toEqual(['0 eth | 100.0 % | 24 | 100.0 % | 3000', '1 ip | 100.0 % | 24 | 100.0 % | 3000', '2 tcp | 58.3 % | 14 | 66.7 % | 2000', '2 udp | 41.7 % | 10 | 33.3 % | 1000', '3 dns | 41.7 % | 10 | 33.3 % | 1000'])
    wrapper.unmount()
  })
})
