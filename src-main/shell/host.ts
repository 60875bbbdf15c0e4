// The browser shell's side of ShellHost: no native dialogs (the page's client picks files and
// downloads them through the server's files/ route), no native menu (the renderer draws one from
// `app.menu`), no theme to follow (the page's CSS follows the OS and the preference event).
import type { ShellHost } from '../services/shell-host.ts'
import { WiretrailError } from '../shared/errors.ts'

export function createBrowserHost(): ShellHost {
  return {
    shell: 'browser',
    menuPlatform: 'browser',
    chooseCaptureToOpen() {
      return Promise.reject(
        new WiretrailError('NOT_IN_BROWSER_SHELL', 'The browser shell has no open dialog on the server: the page picks the file (api.call("capture.openDialog") does this in the page)'),
      )
    },
    chooseSavePath() {
      return Promise.reject(
        new WiretrailError('NOT_IN_BROWSER_SHELL', 'The browser shell saves through a download: api.call("capture.saveAs") does this in the page'),
      )
    },
    stateChanged() {
      // Nothing native to update; the page asks for app.menu / app.info when it needs them.
    },
  }
}
