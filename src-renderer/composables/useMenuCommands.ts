// One handler for the menu's commands, whether they come from the page's own menu bar (browser
// shell) or from the native menu (Electron sends them as `menu` events).
import { onMounted, onUnmounted } from 'vue'
import type { MenuCommand } from '../../src-main/shared/api.ts'
import { useApi } from '../api/index.ts'
import { useI18n } from 'vue-i18n'
import { useAnalysisStore } from '../stores/analysis.ts'
import { useCaptureStore } from '../stores/capture.ts'
import { useSelectionStore } from '../stores/selection.ts'
import { useLayoutStore } from '../stores/layout.ts'
import { useQuestionsStore } from '../stores/questions.ts'
import { useSettingsStore } from '../stores/settings.ts'

export interface UseMenuCommandsOptions {
  /** File → New Recording: clear the capture and put the cursor in the address field. */
  focusAddress: () => void
  showHelp: () => void
  showAbout: () => void
}

export function useMenuCommands(options: UseMenuCommandsOptions) {
  const capture = useCaptureStore()
  const settings = useSettingsStore()
  const layout = useLayoutStore()
  const analysis = useAnalysisStore()
  const selection = useSelectionStore()
  const questions = useQuestionsStore()
  const { t } = useI18n()
  let unsubscribe: (() => void) | null = null

  async function run(command: MenuCommand): Promise<void> {
    switch (command) {
      case 'new-recording':
        if (await capture.closeCapture()) options.focusAddress()
        return
      case 'open':
        // Electron's open dialog, or (browser shell) the client's file picker in the page.
        await capture.openDialog()
        return
      case 'save-as-pcap':
      case 'save-as-pcapng':
        await capture.saveAs(command === 'save-as-pcap' ? 'pcap' : 'pcapng')
        return
      case 'export-text':
        await capture.exportText()
        return
      case 'export-html':
        await capture.exportHtml()
        return
      case 'zoom-in':
        return settings.zoomBy(1)
      case 'zoom-out':
        return settings.zoomBy(-1)
      case 'zoom-reset':
        return settings.resetZoom()
      case 'theme-light':
      case 'theme-dark':
      case 'theme-system':
        return settings.setTheme(command === 'theme-light' ? 'light' : command === 'theme-dark' ? 'dark' : 'system')
      case 'language-en':
      case 'language-ko':
        return settings.setLanguage(command === 'language-ko' ? 'ko' : 'en')
      case 'help-chapters':
        return options.showHelp()
      case 'about':
        return options.showAbout()
      case 'presenter':
        return layout.setPresenter(!layout.presenter)
      case 'toggle-outline':
        return layout.setOutline(!layout.outlineOpen)
      case 'go-to-packet':
      case 'find-packet':
        if (capture.hasCapture) analysis.openSearch(command === 'go-to-packet' ? 'goto' : 'find')
        return
      case 'follow-tcp-stream': {
        const frame = selection.firstFrame === null ? undefined : capture.frameSummary(selection.firstFrame)
        if (frame?.connection !== undefined) await analysis.follow(frame.connection)
        else if (capture.hasCapture) capture.showError({ name: 'WiretrailError', code: 'FOLLOW_NO_TCP_FRAME', message: '' }) // its meaning says it all
        return
      }
      case 'questions':
        if (capture.hasCapture) questions.show()
        return
      case 'statistics-conversations':
      case 'statistics-hierarchy':
        if (capture.hasCapture) analysis.openStatistics(command === 'statistics-conversations' ? 'conversations' : 'hierarchy')
        return
    }
  }

  onMounted(() => {
    unsubscribe = useApi().on('menu', (command) => void run(command))
  })
  onUnmounted(() => unsubscribe?.())

  return { run }
}
