// The browser shell's stand-in for an open dialog: a hidden <input type=file>. Call it from a
// click or key handler: browsers open pickers only on a user gesture. Several files may be picked:
// a capture and its journal (.wiretrail.jsonl). Resolves [] on cancel.
export const CAPTURE_FILE_ACCEPT = '.pcap,.pcapng,.cap,.dmp,.jsonl,application/vnd.tcpdump.pcap'

export function pickCaptureFiles(doc: Document = document): Promise<File[]> {
  return new Promise((resolve) => {
    const input = doc.createElement('input')
    input.type = 'file'
    input.multiple = true
    input.accept = CAPTURE_FILE_ACCEPT
    input.addEventListener('change', () => resolve(Array.from(input.files ?? [])), { once: true })
    input.addEventListener('cancel', () => resolve([]), { once: true })
    input.click()
  })
}
