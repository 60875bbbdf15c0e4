// "Leave the page?" while an unsaved recording is shown. In the browser shell this is the only
// moment to ask before a tab closes. Under Electron the main process asks natively first (Save /
// Keep / Discard / Cancel) and overrules this veto once answered; when it discards, it says so
// (the `discarded` event) and the store's `unsaved` clears, so nothing vetoes any more.
export function guardLeaving(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, isUnsaved: () => boolean): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (isUnsaved()) event.preventDefault()
  }
  target.addEventListener('beforeunload', onBeforeUnload)
  return () => target.removeEventListener('beforeunload', onBeforeUnload)
}
