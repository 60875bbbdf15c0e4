// The browser shell's stand-in for an open dialog: a hidden <input type=file>. Call it from a
// click or key handler: browsers open pickers only on a user gesture. Resolves null on cancel.
export const CAPTURE_FILE_ACCEPT = '.pcap,.pcapng,.cap,.dmp,application/vnd.tcpdump.pcap'

export function pickCaptureFile(doc: Document = document): Promise<File | null> {
  return new Promise((resolve) => {
    const input = doc.createElement('input')
    input.type = 'file'
    input.accept = CAPTURE_FILE_ACCEPT
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true })
    input.addEventListener('cancel', () => resolve(null), { once: true })
    input.click()
  })
}
