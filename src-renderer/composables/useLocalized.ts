// Picks the current language's half of a {en, ko} pair (concepts, step titles, progress messages).
import { useI18n } from 'vue-i18n'
import type { LocalizedText } from '../../src-main/shared/walkthrough.ts'

export function useLocalized() {
  const { locale } = useI18n()
  const pick = (text: LocalizedText): string => (locale.value === 'ko' ? text.ko : text.en)
  const other = (text: LocalizedText): string => (locale.value === 'ko' ? text.en : text.ko)
  return { pick, other, locale }
}
