// Error codes of the app's own operations, of its two shells and of the CLI, which have no area
// errors.ts of their own: services/ (open, save, export, questions), shell/ (the browser shell's
// server and host), electron/ (IPC), cli/, and the renderer's API clients (src-renderer/api/).
// Pure: the words for every code (error-meanings.ts) name them, in every process.
export type AppErrorCode =
  | 'INTERNAL' // an error without a code of ours (shared/errors.ts toErrorJson)
  | 'CANCELLED' // the user cancelled (not shown as an error)
  | 'INVALID_ARGUMENT' // an operation's argument is not what it takes (services/validators.ts)
  | 'UNKNOWN_OPERATION' // an operation name the API does not have
  | 'CAPTURE_NOT_OPEN' // a capture id that no open capture has (closed, or the app restarted)
  | 'CAPTURE_UNREADABLE' // the file exists but cannot be read (permission)
  | 'CAPTURE_NOT_A_FILE' // a folder or a device where a capture file was asked for
  | 'CAPTURE_TOO_LARGE' // a file sent as bytes (the browser shell) larger than the app takes that way
  | 'BODY_TOO_LARGE' // an upload to the browser shell larger than it accepts
  | 'FRAME_NOT_FOUND' // a frame number past the capture's last
  | 'EXCHANGE_NOT_FOUND' // an HTTP exchange number past the capture's last
  | 'FOLLOW_NO_TCP_FRAME' // Follow TCP stream with no TCP frame chosen
  | 'JOURNAL_NOT_FOUND' // the journal asked for, of a capture that has none
  | 'OPEN_JOURNAL_ONLY' // only a journal was given to open, no capture
  | 'NOT_AN_UNSAVED_RECORDING' // discard asked for a file outside the unsaved-recordings folder
  | 'SAVE_EXISTS' // the destination exists and replacing it was not agreed
  | 'SAVE_FAILED' // writing the destination failed (permission, full disk …)
  | 'QUESTIONS_NONE_CHOSEN' // a question set with no question chosen
  | 'QUESTIONS_NOT_ANSWERABLE' // questions the capture cannot answer
  | 'NOT_IN_BROWSER_SHELL' // an operation the browser shell does in the page, not on the server
  | 'SHELL_FORBIDDEN_HOST' // the browser shell refused a request's Host
  | 'SHELL_FORBIDDEN_ORIGIN' // … its Origin
  | 'SHELL_FORBIDDEN_TOKEN' // … a request without the access token
  | 'SHELL_METHOD' // … an HTTP method the route does not take
  | 'SHELL_NOT_FOUND' // … a path it does not serve
  | 'SHELL_CONTENT_TYPE' // … a body of another content type
  | 'SHELL_BAD_JSON' // … a body that is not JSON
  | 'SHELL_HTTP' // the page: the shell answered with something that is not an API result
  | 'SHELL_URL' // the page: opened without the access token in its address
  | 'SHELL_UNREACHABLE' // the page: the shell (wiretrail ui) does not answer
  | 'IPC_FORBIDDEN_SENDER' // the desktop app: a call from a frame that is not the app's window
  | 'PORT_IN_USE' // wiretrail ui --port: the port is taken
  | 'RENDERER_NOT_BUILT' // wiretrail ui: the renderer was not built
  | 'BAD_ENVIRONMENT' // an environment variable the app reads holds a value it cannot use
  | 'APP_NOT_BUILT' // wiretrail start: the app was not built
  | 'ELECTRON_START_FAILED' // wiretrail start: Electron did not start
  | 'SMOKE_WINDOW' // the packaged app's smoke run: the window did not reach the main process
  | 'USAGE' // the CLI: a bad command line (cli/args.ts UsageError)
