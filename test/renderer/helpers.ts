// Shared set-up for component tests: a fresh Pinia, the in-memory client, vue-i18n, and a way to
// open a fixture walkthrough through the store (so the player and selection react as in the app).
import { enableAutoUnmount, mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, vi } from 'vitest'
import { nextTick, type Component } from 'vue'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { setApi } from '../../src-renderer/api/index.ts'
import { createWiretrailI18n, type Language } from '../../src-renderer/i18n/index.ts'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { FakeClient } from './fixtures/fake-client.ts'

// Every mounted component is unmounted after its test, so window listeners never leak into the next.
enableAutoUnmount(afterEach)

export interface TestContext {
  pinia: Pinia
  client: FakeClient
}

/** happy-dom does no layout, so every element measures 0×0 and a virtualised list would show no
 * rows: give the two scroll viewports a height, as a laid-out window would. */
export const VIEWPORT_HEIGHT = 440
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    const id = this.dataset.testid
    return id === 'packet-list' || id === 'sequence' ? VIEWPORT_HEIGHT : 0
  },
})

/** …and a scroll height: the virtual list's spacer's height (what the browser's layout would give). */
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement) {
    const spacer = this.querySelector<HTMLElement>(':scope > .spacer')
    return spacer ? Number.parseFloat(spacer.style.height) || 0 : 0
  },
})

export function setupTest(): TestContext {
  localStorage.clear()
  const pinia = createPinia()
  setActivePinia(pinia)
  const client = new FakeClient()
  setApi(client)
  return { pinia, client }
}

export function mountWith<C extends Component>(
  component: C,
  context: TestContext,
  options: ComponentMountingOptions<C> & { language?: Language } = {},
) {
  const i18n = createWiretrailI18n(options.language ?? 'en')
  return mount(component, {
    attachTo: document.body,
    ...options,
    global: { ...(options.global ?? {}), plugins: [context.pinia, i18n, ...(options.global?.plugins ?? [])] },
  } as ComponentMountingOptions<C>)
}

/** Opens `walkthrough` as if the engine had returned it (via capture.openPath). */
export async function openWalkthrough(context: TestContext, walkthrough: Walkthrough, unsaved = false): Promise<void> {
  context.client.handlers['capture.openPath'] = async () => context.client.opened(walkthrough, unsaved)
  await useCaptureStore().openPath('/fixture')
  await flush()
}

/** A whole walkthrough's conversations by index, as the lesson's window holds them (for the pure
 * models that draw from it). */
export function lessonMaps(walkthrough: Walkthrough): { dns: Map<number, Walkthrough['dns'][number]>; resolutions: Map<number, Walkthrough['resolutions'][number]>; connections: Map<number, Walkthrough['connections'][number]> } {
  return { dns: new Map(walkthrough.dns.entries()), resolutions: new Map(walkthrough.resolutions.entries()), connections: new Map(walkthrough.connections.entries()) }
}

/** Lets promises and Vue's scheduler settle, and the workspace's panes mount (one per task:
 * useMountTurn; a macrotask between rounds gives each its turn). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 8; i++) {
    await Promise.resolve()
    await nextTick()
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0)
    else await new Promise((resolve) => setTimeout(resolve, 0))
  }
  await nextTick()
}
