// Follows the OS's light/dark preference (prefers-color-scheme) into the settings store, and puts
// the resolved theme on <html data-theme> for the stylesheet.
import { onMounted, onUnmounted, watchEffect } from 'vue'
import { useSettingsStore } from '../stores/settings.ts'

export interface UseColorSchemeOptions {
  root?: HTMLElement
}

export function useColorScheme(options: UseColorSchemeOptions = {}) {
  const settings = useSettingsStore()
  const query = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null
  const update = (): void => {
    settings.systemPrefersDark = query?.matches ?? false
  }

  const stop = watchEffect(() => {
    const root = options.root ?? document.documentElement
    root.dataset.theme = settings.resolvedTheme
    root.style.colorScheme = settings.resolvedTheme
  })

  onMounted(() => {
    update()
    query?.addEventListener('change', update)
  })
  onUnmounted(() => {
    query?.removeEventListener('change', update)
    stop()
  })
}
