// What to ask before the app closes with recordings that were never saved. Nothing is deleted
// unless the user picks Discard: "Keep for Next Time" leaves them in the unsaved-recordings folder
// (recordings.unsaved lists them on the next start).
import type { Language } from '../shared/api.ts'

export type QuitChoice = 'save' | 'keep' | 'discard' | 'cancel'

export interface QuitPrompt {
  message: string
  detail: string
  buttons: string[]
  choices: QuitChoice[]
  defaultId: number
  cancelId: number
}

export function quitPrompt(language: Language, unsavedCount: number): QuitPrompt {
  const ko = language === 'ko'
  const choices: QuitChoice[] = ['save', 'keep', 'discard', 'cancel']
  return {
    message: ko ? `저장하지 않은 녹화가 ${unsavedCount}개 있습니다.` : `You have ${unsavedCount} unsaved recording${unsavedCount === 1 ? '' : 's'}.`,
    detail: ko
      ? '지금 저장하거나, 다음에 열 수 있도록 보관하거나, 버릴 수 있습니다.'
      : 'Save it now, keep it for next time (the app offers it again when it starts), or discard it.',
    buttons: ko ? ['저장…', '다음을 위해 보관', '버리기', '취소'] : ['Save…', 'Keep for Next Time', 'Discard', 'Cancel'],
    choices,
    defaultId: 1,
    cancelId: 3,
  }
}
