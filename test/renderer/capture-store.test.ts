import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../src-renderer/App.vue'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { labWalkthrough, tcpdumpWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, setupTest, type TestContext } from './helpers.ts'
import { LESSON_WINDOW, lessonWindow, overviewOf } from '../../src-main/shared/lesson.ts'

describe('recording, saving and the unsaved-recording question', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('starts with the resolver "as in the notes" (the nearby DNS server), the lab\'s; the internet target switches it to iterative', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const resolver = wrapper.get('select[name="resolver"]')
    expect((resolver.element as HTMLSelectElement).value).toBe('nearby')
    expect(wrapper.findAll('select[name="resolver"] option').map((o) => o.text())).toEqual([
      'As in the notes: ask the nearby DNS server',
      'Iterative from this computer (like dig +trace)',
      'Stub to another DNS server (its answer only)',
    ])
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.record')[0]?.[0]).toMatchObject({ target: 'lab', resolverMode: 'nearby' })
    await wrapper.get('select[name="target"]').setValue('internet')
    await flush()
    expect((resolver.element as HTMLSelectElement).value).toBe('iterative')
    expect((wrapper.get('select[name="resolver"] option[value="nearby"]').element as HTMLOptionElement).disabled).toBe(true)
  })

  it('the internet target, iterative, takes a root hints file (the app\'s setting); empty means IANA\'s, and other choices hide it', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    expect(wrapper.find('input[name="root-hints"]').exists()).toBe(false)
    await wrapper.get('select[name="target"]').setValue('internet')
    await flush()
    const hints = wrapper.get('input[name="root-hints"]')
    expect(hints.attributes('placeholder')).toBe('IANA’s named.root (built in)')
    // Empty: nothing is sent (the recorder's default, IANA's named.root).
    const form = await import('../../src-renderer/stores/record-form.ts')
    expect(form.useRecordFormStore().request).toEqual({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'internet', resolverMode: 'iterative', format: 'pcapng' })
    await hints.setValue('/etc/wiretrail/named.root')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.record')[0]?.[0]).toEqual({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'internet', resolverMode: 'iterative', format: 'pcapng', rootHints: '/etc/wiretrail/named.root' })
    await wrapper.get('select[name="resolver"]').setValue('stub')
    await flush()
    expect(wrapper.find('input[name="root-hints"]').exists()).toBe(false)
  })

  it('Record sends the URL bar\'s choices, filled with the lab page from app.info', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const url = wrapper.get('input[name="url"]').element as HTMLInputElement
    expect(url.value).toBe('http://www.lab.cyber.co.kr/sample.htm')
    await wrapper.get('select[name="resolver"]').setValue('stub')
    await wrapper.get('select[name="format"]').setValue('pcap')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.record')).toEqual([[{ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'stub', format: 'pcap' }]])
    expect(wrapper.get('[data-testid="unsaved"]').text()).toContain('unsaved recording')
    expect(wrapper.findAll('[data-phase]')).toHaveLength(4)
  })

  it('offers kernel capture only where tcpdump may capture, and says why not', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const kernel = wrapper.get('select[name="packets"] option[value="kernel"]')
    expect((kernel.element as HTMLOptionElement).disabled).toBe(true)
    expect(kernel.attributes('title')).toBe("Kernel capture is not available here: lo: You don't have permission to capture on that device")
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.record')[0]?.[0]).not.toHaveProperty('packets')
  })

  it('records the kernel\'s packets when tcpdump may capture and the user chooses it', async () => {
    context.client.handlers['capture.kernelCapture'] = async () => ({ available: true })
    const wrapper = mountWith(App, context)
    await flush()
    expect((wrapper.get('select[name="packets"] option[value="kernel"]').element as HTMLOptionElement).disabled).toBe(false)
    await wrapper.get('select[name="packets"]').setValue('kernel')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.record')).toEqual([[{ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'nearby', format: 'pcapng', packets: 'kernel' }]])
  })

  it('shows progress while recording, with the stage in words', async () => {
    let finish: (() => void) | null = null
    context.client.handlers['capture.record'] = () =>
      new Promise((resolve) => {
        finish = () => resolve(context.client.opened(labWalkthrough, true))
      })
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(wrapper.get('[data-testid="record"]').text()).toContain('Recording…')
    context.client.emit('progress', { operation: 'record', stage: 'resolving' })
    await flush()
    expect(wrapper.get('[data-testid="progress"]').text()).toContain('resolving the name')
    context.client.emit('progress', { operation: 'open', stage: 'reading', bytesRead: 512, totalBytes: 2048, frames: 7 })
    await flush()
    expect(wrapper.get('[data-testid="progress"]').text()).toContain('25%')
    expect(wrapper.get('[data-testid="progress-frames"]').text()).toBe('7 frames read so far')
    finish!()
    await flush()
    expect(wrapper.find('[data-testid="progress"]').exists()).toBe(false)
  })

  it('shows the part already read while a large capture opens, then the whole walkthrough', async () => {
    let finish: (() => void) | null = null
    context.client.handlers['capture.openPath'] = () =>
      new Promise((resolve) => {
        finish = () => resolve(context.client.opened(labWalkthrough, false))
      })
    const wrapper = mountWith(App, context)
    await flush()
    void useCaptureStore().openPath('/captures/big.pcap')
    await flush()
    // The analyzer's preview: the first frames of the file (only DNS so far, no connection yet).
    const partial = { ...labWalkthrough, packets: 12, frames: labWalkthrough.frames.slice(0, 12), connections: [] }
    context.client.emit('progress', { operation: 'open', stage: 'reading', bytesRead: 1024, totalBytes: 4096, frames: 12, preview: { walkthrough: overviewOf(partial), lesson: lessonWindow(partial, 0, LESSON_WINDOW) } })
    await flush()
    expect(wrapper.get('[data-testid="progress-preview"]').text()).toBe('showing the first 12 frames while the rest is read')
    expect(useCaptureStore().walkthrough?.packets).toBe(12)
    expect(wrapper.findAll('[data-phase="connect"]')).toHaveLength(0)
    expect(wrapper.findAll('[data-zone]').length).toBeGreaterThan(0)
    // No packet detail for a preview: the capture is not open yet.
    expect(await useCaptureStore().loadPacket(1)).toBeNull()
    expect(context.client.callsOf('capture.packet')).toEqual([])
    finish!()
    await flush()
    expect(wrapper.find('[data-testid="progress"]').exists()).toBe(false)
    expect(useCaptureStore().previewing).toBe(false)
    expect(useCaptureStore().walkthrough?.packets).toBe(labWalkthrough.packets)
    expect(wrapper.findAll('[data-phase="connect"]')).toHaveLength(1)
  })

  it('asks before an unsaved recording is replaced; Cancel keeps it, Discard deletes it', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    const first = useCaptureStore().opened!
    expect(first.unsaved).toBe(true)
    // Opening a file now asks first.
    const opening = useCaptureStore().openBytes('curl.pcap', Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))
    await flush()
    expect(wrapper.find('[data-testid="confirm-discard"]').exists()).toBe(true)
    await wrapper.get('[data-answer="cancel"]').trigger('click')
    expect(await opening).toBe(false)
    expect(useCaptureStore().opened).toBe(first)
    expect(context.client.callsOf('capture.openBytes')).toHaveLength(0)
    // Again, and discard.
    const again = useCaptureStore().openBytes('curl.pcap', Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))
    await flush()
    await wrapper.get('[data-answer="discard"]').trigger('click')
    expect(await again).toBe(true)
    expect(useCaptureStore().walkthrough).toEqual(overviewOf(tcpdumpWalkthrough))
    expect(context.client.callsOf('capture.discard')).toEqual([[first.captureId]])
    // A saved capture is replaced without a question, and only released.
    const second = useCaptureStore().opened!
    await useCaptureStore().openPath('/tmp/x.pcapng')
    await flush()
    expect(wrapper.find('[data-testid="confirm-discard"]').exists()).toBe(false)
    expect(context.client.callsOf('capture.close')).toEqual([[second.captureId]])
  })

  it('"Save as .pcapng first" saves, marks it saved, then goes on', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    const recorded = useCaptureStore().opened!
    const opening = useCaptureStore().openPath('/tmp/old.pcapng')
    await flush()
    await wrapper.get('[data-answer="save"]').trigger('click')
    expect(await opening).toBe(true)
    expect(context.client.callsOf('capture.saveAs')).toEqual([[recorded.captureId, 'pcapng']])
    expect(context.client.callsOf('capture.discard')).toEqual([])
  })

  it('File → Save As .pcap saves and says so; the capture is no longer unsaved', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    await wrapper.get('[data-menu="file"]').trigger('click')
    await wrapper.get('[data-command="save-as-pcap"]').trigger('click')
    await flush()
    expect(context.client.callsOf('capture.saveAs')).toEqual([[useCaptureStore().opened!.captureId, 'pcap']])
    expect(wrapper.get('[data-testid="notice"]').text()).toContain('Saved: lab-sample.pcap')
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false)
    // The recent list was refreshed from the shell.
    await wrapper.get('[data-menu="file"]').trigger('click')
    expect(wrapper.find('[data-recent="/tmp/lab-sample.pcapng"]').exists()).toBe(true)
  })
})
