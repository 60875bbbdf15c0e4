import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONCEPT_IDS } from '../../src-main/shared/concepts.ts'
import App from '../../src-renderer/App.vue'
import { useSettingsStore } from '../../src-renderer/stores/settings.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('menu bar, theme and menu events', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
    delete document.documentElement.dataset.theme
  })

  it('View → Dark sets the dark theme and tells the shell; System follows the OS again', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    expect(document.documentElement.dataset.theme).toBe('light') // happy-dom prefers light
    await wrapper.get('[data-menu="view"]').trigger('click')
    await wrapper.get('[data-command="theme-dark"]').trigger('click')
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(context.client.callsOf('app.setPreferences')).toContainEqual([{ theme: 'dark' }])
    useSettingsStore().systemPrefersDark = true
    await wrapper.get('[data-menu="view"]').trigger('click')
    await wrapper.get('[data-command="theme-system"]').trigger('click')
    expect(document.documentElement.dataset.theme).toBe('dark')
    useSettingsStore().systemPrefersDark = false
    await flush()
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('the native menu\'s commands (menu events) do the same as the page\'s menu', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    context.client.emit('menu', 'language-ko')
    await flush()
    expect(wrapper.get('[data-menu="file"]').text()).toBe('파일')
    context.client.emit('menu', 'zoom-in')
    await flush()
    expect(document.documentElement.style.getPropertyValue('zoom')).toBe('1.1')
    context.client.emit('menu', 'help-chapters')
    await flush()
    expect(wrapper.find('[data-testid="help-chapters"]').exists()).toBe(true)
  })

  it('the shell\'s stored preferences and its preferences events win over local defaults', async () => {
    context.client.handlers['app.info'] = async () => ({
      version: '0.1.0', shell: 'browser', platform: 'linux', defaultUrl: 'http://www.lab.cyber.co.kr/sample.htm', recent: [], preferences: { language: 'ko', theme: 'dark' },
    })
    const wrapper = mountWith(App, context)
    await flush()
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(wrapper.get('[data-testid="record"]').text()).toContain('기록')
    context.client.emit('preferences', { language: 'en', theme: 'light' })
    await flush()
    expect(wrapper.get('[data-testid="record"]').text()).toContain('Record')
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('Help → chapters lists every concept of the notes by STORY and jumps to a step', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('[data-menu="help"]').trigger('click')
    await wrapper.get('[data-command="help-chapters"]').trigger('click')
    const help = wrapper.get('[data-testid="help-chapters"]')
    expect(help.findAll('[data-concept]')).toHaveLength(CONCEPT_IDS.length)
    const referral = help.get('[data-concept="dns.referral"]')
    expect(referral.findAll('button').map((b) => b.text())).toEqual(['Go to step 4', 'Go to step 5', 'Go to step 6', 'Go to step 7'])
    await referral.findAll('button')[1]!.trigger('click')
    await flush()
    expect(wrapper.find('[data-testid="help-chapters"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="player"]').attributes('data-step-index')).toBe('4')
  })
})
