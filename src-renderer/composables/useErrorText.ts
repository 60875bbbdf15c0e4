// An error as the UI says it: what its code means in the UI's language first (the one table,
// src-main/shared/error-meanings.ts), then the engine's message with its specifics; an error that
// carries its own explanation in both languages is said with that instead.
import { useI18n } from 'vue-i18n'
import { errorLine } from '../../src-main/shared/error-meanings.ts'

interface ShownError {
  code: string
  message: string
  details?: Record<string, unknown> | undefined
}

export function useErrorText() {
  const { locale } = useI18n()
  /** The meaning and the message as one line (the meaning alone for an error raised in the window
   * itself, whose code says it all). */
  const errorText = (error: ShownError): string => errorLine(error, locale.value === 'ko' ? 'ko' : 'en')
  return { errorText }
}
