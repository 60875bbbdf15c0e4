// Handing a lesson out, the renderer's side: recordings left from earlier runs are one line with
// one action for all of them (keep or delete), however many there are; Open Recent in the page's
// own menu (browser shell) lists what was opened or saved and reopens it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../src-renderer/App.vue'
import type { UnsavedRecording } from '../../src-main/shared/api.ts'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { flush, mountWith, setupTest, type TestContext } from './helpers.ts'

const leftovers = (n: number): UnsavedRecording[] =>
  Array.from({ length: n }, (_, i) => ({
    path: `/home/u/.config/wiretrail/unsaved-recordings/wiretrail-2026-11-2${i}-page.pcapng`,
    url: `http://www.lab.cyber.co.kr:8080/page-${i}.htm`,
    recordedAt: `2026-11-2${i}T10:00:00.000Z`,
    sizeBytes: 4000 + i,
    captureId: null,
  }))

describe('recordings left from earlier runs', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  async function mounted(count: number) {
    let stored = leftovers(count)
    context.client.handlers['recordings.unsaved'] = async () => stored
    context.client.handlers['recordings.keepAll'] = async () => {
      const kept = stored.map((item) => item.path.replace('unsaved-recordings', 'kept-recordings'))
      stored = []
      return kept
    }
    context.client.handlers['recordings.discardAll'] = async () => {
      stored = []
    }
    const wrapper = mountWith(App, context)
    await flush()
    return wrapper
  }

  it('are one line with their count, whatever the count; the list opens on request', async () => {
    const wrapper = await mounted(7)
    const banner = wrapper.get('[data-testid="leftover-recordings"]')
    expect(banner.attributes('data-count')).toBe('7')
    expect(banner.get('.title').text()).toBe('7 recordings from earlier runs were never saved.')
    expect(banner.findAll('li')).toHaveLength(0)
    await banner.get('[data-action="list"]').trigger('click')
    expect(banner.findAll('li')).toHaveLength(7)
    expect(banner.findAll('li')[0]!.text()).toContain('http://www.lab.cyber.co.kr:8080/page-0.htm')
    expect([banner.get('[data-action="keep-all"]').text(), banner.get('[data-action="discard-all"]').text()]).toEqual(['Keep all', 'Delete all'])
  })

  it('names one recording as one: "Keep it", "Delete it"', async () => {
    const wrapper = await mounted(1)
    const banner = wrapper.get('[data-testid="leftover-recordings"]')
    expect(banner.get('.title').text()).toBe('One recording from an earlier run was never saved.')
    expect([banner.get('[data-action="keep-all"]').text(), banner.get('[data-action="discard-all"]').text()]).toEqual(['Keep it', 'Delete it'])
  })

  it('"Keep all" keeps every one in one call and the banner goes; Open Recent is refreshed', async () => {
    const wrapper = await mounted(3)
    context.client.handlers['recent.list'] = async () => ['/home/u/.config/wiretrail/kept-recordings/wiretrail-2026-11-22-page.pcapng']
    await wrapper.get('[data-action="keep-all"]').trigger('click')
    await flush()
    expect(context.client.callsOf('recordings.keepAll')).toEqual([[]])
    expect(context.client.callsOf('recordings.discardPath')).toEqual([])
    expect(wrapper.find('[data-testid="leftover-recordings"]').exists()).toBe(false)
    expect(useCaptureStore().recent).toEqual(['/home/u/.config/wiretrail/kept-recordings/wiretrail-2026-11-22-page.pcapng'])
  })

  it('"Delete all" deletes every one in one call and the banner goes', async () => {
    const wrapper = await mounted(4)
    await wrapper.get('[data-action="discard-all"]').trigger('click')
    await flush()
    expect(context.client.callsOf('recordings.discardAll')).toEqual([[]])
    expect(wrapper.find('[data-testid="leftover-recordings"]').exists()).toBe(false)
  })

  it('says it in Korean with the count', async () => {
    context.client.handlers['recordings.unsaved'] = async () => leftovers(2)
    const info = context.client.handlers['app.info']!
    context.client.handlers['app.info'] = async () => ({ ...(await info()), preferences: { language: 'ko', theme: 'system' } })
    const wrapper = mountWith(App, context, { language: 'ko' })
    await flush()
    expect(wrapper.get('[data-testid="leftover-recordings"] .title').text()).toBe('이전 실행에서 저장하지 않은 기록이 2개 있습니다.')
    expect(wrapper.get('[data-action="keep-all"]').text()).toBe('모두 보관')
    expect(wrapper.get('[data-action="discard-all"]').text()).toBe('모두 삭제')
  })
})

describe('Open Recent in the page menu (browser shell)', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists files by name with their path as tooltip, follows what was opened, reopens one, and clears', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('[data-menu="file"]').trigger('click')
    expect(wrapper.findAll('[data-recent]').map((item) => [item.text(), item.attributes('title')])).toEqual([['old.pcapng', '/tmp/old.pcapng']])

    // Opening a file (here a picked file's bytes) refreshes the list from the engine.
    const copy = '/home/u/.config/wiretrail/recent-copies/4b1d/lab-sample.pcapng'
    context.client.handlers['recent.list'] = async () => [copy, '/tmp/old.pcapng']
    await useCaptureStore().openBytes('lab-sample.pcapng', Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a]))
    await flush()
    await wrapper.get('[data-menu="file"]').trigger('click')
    await wrapper.get('[data-menu="file"]').trigger('click')
    expect(wrapper.findAll('[data-recent]').map((item) => item.text())).toEqual(['lab-sample.pcapng', 'old.pcapng'])

    await wrapper.get(`[data-recent="${copy}"]`).trigger('click')
    await flush()
    expect(context.client.callsOf('capture.openPath')).toEqual([[copy]])

    context.client.handlers['recent.list'] = async () => []
    await wrapper.get('[data-menu="file"]').trigger('click')
    await wrapper.get('[data-action="clear-recent"]').trigger('click')
    await flush()
    expect(context.client.callsOf('recent.clear')).toEqual([[]])
    await wrapper.get('[data-menu="file"]').trigger('click')
    expect(wrapper.findAll('[data-recent]')).toHaveLength(0)
    expect(wrapper.text()).toContain('No recent files')
  })
})
