// vue-i18n (Composition API mode) with the two typed catalogues. vue-i18n 11.4.2 is pinned: it is
// the last release whose engines field still accepts Node 20. Its runtime evaluates messages from
// an AST (no eval / new Function), so it works under the app's CSP (`script-src 'self'`).
import { createI18n } from 'vue-i18n'
import { withParticles } from '../../src-main/shared/korean.ts'
import { en, type MessageSchema } from './en.ts'
import { ko } from './ko.ts'

export type Language = 'en' | 'ko'
export const LANGUAGES: readonly Language[] = ['en', 'ko']

export function createWiretrailI18n(locale: Language = 'en') {
  return createI18n<[MessageSchema], Language, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, ko },
    // Missing keys are a bug caught by the catalogue's type, not something to warn about at run time.
    missingWarn: false,
    fallbackWarn: false,
    // Korean messages write a particle after a placeholder in its both-ways form ("{file}을(를)");
    // once the value is in, the particle its reading takes replaces it (src-main/shared/korean.ts).
    postTranslation: (translated) => (typeof translated === 'string' ? withParticles(translated) : translated),
  })
}

export type WiretrailI18n = ReturnType<typeof createWiretrailI18n>
