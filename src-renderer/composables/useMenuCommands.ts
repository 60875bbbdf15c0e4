// One handler for the menu's commands, whether they come from the page's own menu bar (browser
// shell) or from the native menu (Electron sends them as `menu` events).
import { onMounted, onUnmounted } from 'vue'
import type { MenuCommand } from '../../src-main/shared/api.ts'
import { useApi } from '../api/index.ts'
import { useCaptureStore } from '../stores/capture.ts'
import { useLayoutStore } from '../stores/layout.ts'
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
    }
  }

  onMounted(() => {
    unsubscribe = useApi().on('menu', (command) => void run(command))
  })
  onUnmounted(() => unsubscribe?.())

  return { run }
}
