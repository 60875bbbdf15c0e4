// What the user chose in View: theme, language and zoom. Theme and language are the shell's
// preferences (app.setPreferences, persisted in the user's config folder, relabelling the native
// menu; the `preferences` event brings changes made there); all three are also kept in
// localStorage so the first paint already has them.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Preferences } from '../../src-main/shared/api.ts'
import { useApi } from '../api/index.ts'
import type { Language } from '../i18n/index.ts'

export type ThemePreference = 'system' | 'light' | 'dark'

const STORAGE_KEY = 'wiretrail.settings'
export const ZOOM_STEPS = [0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const

interface Persisted {
  theme: ThemePreference
  language: Language
  zoom: number
}

function load(): Partial<Persisted> {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (!raw) return {}
    const parsed = JSON.parse(raw) as Partial<Persisted>
    const result: Partial<Persisted> = {}
    if (parsed.theme === 'system' || parsed.theme === 'light' || parsed.theme === 'dark') result.theme = parsed.theme
    if (parsed.language === 'en' || parsed.language === 'ko') result.language = parsed.language
    if (typeof parsed.zoom === 'number' && (ZOOM_STEPS as readonly number[]).includes(parsed.zoom)) result.zoom = parsed.zoom
    return result
  } catch {
    return {} // unreadable settings are not worth an error: start from the defaults
  }
}

function browserLanguage(): Language {
  const language = globalThis.navigator?.language ?? 'en'
  return language.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}

export const useSettingsStore = defineStore('settings', () => {
  const saved = load()
  const theme = ref<ThemePreference>(saved.theme ?? 'system')
  const language = ref<Language>(saved.language ?? browserLanguage())
  const zoom = ref<number>(saved.zoom ?? 1)
  /** What the OS prefers (kept up to date by useColorScheme in App.vue). */
  const systemPrefersDark = ref(false)

  const resolvedTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (systemPrefersDark.value ? 'dark' : 'light') : theme.value,
  )

  /** Tells the shell (which persists it and relabels its menu); a failure keeps the local choice. */
  function share(preferences: Partial<Preferences>): void {
    try {
      useApi()
        .call('app.setPreferences', preferences)
        .catch(() => undefined)
    } catch {
      // no shell client (a component test without one): the choice still applies here
    }
  }
  function setTheme(value: ThemePreference): void {
    if (theme.value === value) return
    theme.value = value
    share({ theme: value })
  }
  function setLanguage(value: Language): void {
    if (language.value === value) return
    language.value = value
    share({ language: value })
  }
  /** The shell's stored preferences (app.info) or a change made in the native menu. */
  function adopt(preferences: Preferences): void {
    theme.value = preferences.theme
    language.value = preferences.language
  }
  /** Follows `preferences` events; returns the function that stops. */
  function listen(): () => void {
    return useApi().on('preferences', adopt)
  }
  function zoomBy(direction: 1 | -1): void {
    const index = ZOOM_STEPS.findIndex((step) => step >= zoom.value)
    const next = Math.min(ZOOM_STEPS.length - 1, Math.max(0, (index === -1 ? ZOOM_STEPS.length - 1 : index) + direction))
    zoom.value = ZOOM_STEPS[next] ?? 1
  }
  function resetZoom(): void {
    zoom.value = 1
  }

  watch([theme, language, zoom], () => {
    try {
      const value: Persisted = { theme: theme.value, language: language.value, zoom: zoom.value }
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(value))
    } catch {
      // storage full or disabled: the setting still applies for this run
    }
  })

  return { theme, language, zoom, systemPrefersDark, resolvedTheme, setTheme, setLanguage, adopt, listen, zoomBy, resetZoom }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
