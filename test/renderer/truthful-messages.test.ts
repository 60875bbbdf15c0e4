// What the app says must be true: a capture with packets but nothing the steps explain is not
// "open or record a capture"; a URL that cannot be recorded is refused before the user is asked
// to give up an unsaved recording.
import { overviewOf } from '../../src-main/shared/lesson.ts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../src-renderer/App.vue'
import WtPlayer from '../../src-renderer/components/WtPlayer.vue'
import WtStepExplainer from '../../src-renderer/components/WtStepExplainer.vue'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { useSettingsStore } from '../../src-renderer/stores/settings.ts'
import { labWalkthrough, tcpdumpWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('the player when there are no steps', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('with nothing open, asks to open or record a capture', async () => {
    const player = mountWith(WtPlayer, context)
    const explainer = mountWith(WtStepExplainer, context)
    await flush()
    expect(player.get('.position').text()).toBe('No steps: open or record a capture.')
    expect(explainer.get('[data-testid="no-steps"]').attributes('data-reason')).toBe('no-capture')
  })

  it('with a capture whose packets show no step, says so and how many packets it has', async () => {
    const packets = tcpdumpWalkthrough.packets
    expect(packets).toBeGreaterThan(0)
    await openWalkthrough(context, { ...tcpdumpWalkthrough, steps: [] })
    const player = mountWith(WtPlayer, context)
    const explainer = mountWith(WtStepExplainer, context, { language: 'ko' })
    await flush()
    const text = player.get('.position').text()
    expect(text).not.toContain('open or record')
    expect(text).toContain(`none of this capture’s ${packets} packets is a DNS message or part of a TCP connection`)
    expect(explainer.get('[data-testid="no-steps"]').attributes('data-reason')).toBe('nothing-to-explain')
    expect(explainer.get('[data-testid="no-steps"]').text()).toContain(`패킷 ${packets}개 가운데`)
  })

  it('with an empty capture, says it holds no packets', async () => {
    await openWalkthrough(context, { ...tcpdumpWalkthrough, steps: [], frames: [], packets: 0 })
    const player = mountWith(WtPlayer, context)
    await flush()
    expect(player.get('.position').text()).toBe('No steps: this capture holds no packets.')
  })

  it('with an empty capture, the packet list says the capture holds no frames, not that a filter matched none (empty-header-only.pcap)', async () => {
    await openWalkthrough(context, { ...tcpdumpWalkthrough, steps: [], frames: [], packets: 0 })
    const wrapper = mountWith(App, context)
    await flush()
    expect(wrapper.get('[data-testid="packets-empty"]').text()).toBe('This capture holds no frames.')
    useSettingsStore().setLanguage('ko')
    await flush()
    expect(wrapper.get('[data-testid="packets-empty"]').text()).toBe('이 캡처에는 프레임이 하나도 없습니다.')
    expect(wrapper.text()).not.toContain('이 필터에 맞는 프레임이 없습니다')
  })
})

describe('a URL that cannot be recorded', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('is refused before the question about the unsaved recording, which stays open', async () => {
    await openWalkthrough(context, labWalkthrough, true)
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('input[name="url"]').setValue('ftp://ftp.lab.cyber.co.kr/pub/file.txt')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.checkRequest')).toEqual([[expect.objectContaining({ url: 'ftp://ftp.lab.cyber.co.kr/pub/file.txt' })]])
    expect(useCaptureStore().confirmPending).toBe(false)
    expect(wrapper.find('[data-testid="confirm-discard"]').exists()).toBe(false)
    expect(context.client.callsOf('capture.record')).toEqual([])
    expect(wrapper.get('[data-testid="error"]').attributes('data-code')).toBe('URL_OTHER_ACCESS_METHOD')
    expect(useCaptureStore().unsaved).toBe(true)
    expect(useCaptureStore().walkthrough).toEqual(overviewOf(labWalkthrough))
  })

  it('a URL that can be recorded is checked, then the unsaved recording is asked about', async () => {
    await openWalkthrough(context, labWalkthrough, true)
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.checkRequest')).toHaveLength(1)
    expect(useCaptureStore().confirmPending).toBe(true)
    useCaptureStore().answer('cancel')
    await flush()
    expect(context.client.callsOf('capture.record')).toEqual([])
  })
})
