import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../src-renderer/App.vue'
import { en } from '../../src-renderer/i18n/en.ts'
import { ko } from '../../src-renderer/i18n/ko.ts'
import { useSettingsStore } from '../../src-renderer/stores/settings.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore, type DetailTab } from '../../src-renderer/stores/selection.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

type Tree = { [key: string]: string | Tree }
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const result = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') result.set(`${prefix}${key}`, value)
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) result.set(k, v)
  }
  return result
}

describe('English and Korean', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('the Korean catalogue has every English key and translates the words', () => {
    const english = leaves(en as unknown as Tree)
    const korean = leaves(ko as unknown as Tree)
    expect([...korean.keys()].sort()).toEqual([...english.keys()].sort())
    // Apart from names, numbers and placeholders, every message differs between the languages.
    const same = [...english].filter(([key, text]) => korean.get(key) === text && /[a-z]{4,}/i.test(text.replace(/\{[a-z]+\}/gi, '')))
    // The protocol names a connection's purpose is named by (socket.purposes; 'other' is 기타).
    expect(same.map(([key]) => key).sort()).toEqual(['app.title', 'socket.purposes.http', 'socket.purposes.https', 'tabs.http'])
  })

  // Renders the whole window six times in each language: seconds on a loaded machine.
  it('switching the language changes every label on screen, and the step\'s explanation', { timeout: 30_000 }, async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(App, context)
    await flush()
    usePlayerStore().go(4)
    await flush()
    // Text of the whole window, across every detail tab, leaving out the step explainer's
    // deliberate "in the other language" section.
    const visible = (): string => {
      const copy = wrapper.element.cloneNode(true) as HTMLElement
      copy.querySelectorAll('.other-language').forEach((node) => node.remove())
      return copy.textContent ?? ''
    }
    const texts = async (): Promise<string> => {
      let all = visible()
      for (const tab of ['url', 'http', 'dns', 'ip', 'socket', 'packet'] as DetailTab[]) {
        useSelectionStore().setTab(tab)
        await flush()
        all += visible()
      }
      return all
    }
    await flush()
    const english = await texts()
    expect(english).toContain('A referral to the next level down')
    useSettingsStore().setLanguage('ko')
    await flush()
    const korean = await texts()
    await flush()
    expect(korean).toContain('하위 도메인의 DNS 서버 소개')
    expect(korean).toContain('타임라인')
    expect(korean).toContain('소켓 작성')
    expect(document.documentElement.lang).toBe('ko')
    // No English UI message of more than one word is left on screen (captured data aside).
    const leftovers = [...leaves(en as unknown as Tree).values()]
      .map((text) => text.split(/\{[a-z]+\}/i)[0]!.trim())
      .filter((text) => text.includes(' ') && text.length > 8 && !leaves(ko as unknown as Tree).has(text))
      .filter((text) => korean.includes(text))
    expect(leftovers).toEqual([])
    // And the shell was told, so its native menu and the next start use Korean too.
    expect(context.client.callsOf('app.setPreferences')).toContainEqual([{ language: 'ko' }])
  })
})
