// Language and theme, persisted in <config>/preferences.json. The first run follows the OS locale
// for the language (Korean when it starts with "ko") and the OS for the theme.
import { join } from 'node:path'
import type { Language, Preferences, Theme } from '../shared/api.ts'
import { readJsonFile, writeJsonFile } from './json-file.ts'

const LANGUAGES: readonly Language[] = ['en', 'ko']
const THEMES: readonly Theme[] = ['light', 'dark', 'system']

export function defaultLanguage(locale: string): Language {
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}

export class PreferencesStore {
  readonly #file: string
  readonly #locale: string
  #current: Preferences | null = null

  constructor(configDir: string, locale: string) {
    this.#file = join(configDir, 'preferences.json')
    this.#locale = locale
  }

  async get(): Promise<Preferences> {
    if (this.#current === null) {
      const stored = (await readJsonFile(this.#file)) as Partial<Record<keyof Preferences, unknown>> | undefined
      const language = LANGUAGES.find((l) => l === stored?.language) ?? defaultLanguage(this.#locale)
      const theme = THEMES.find((t) => t === stored?.theme) ?? 'system'
      // ??=: a change made while this first read was on its way is newer than what it read.
      this.#current ??= { language, theme }
    }
    return { ...this.#current }
  }

  async update(change: Partial<Preferences>): Promise<Preferences> {
    const next = { ...(await this.get()), ...change }
    this.#current = next
    await writeJsonFile(this.#file, next)
    return { ...next }
  }
}
