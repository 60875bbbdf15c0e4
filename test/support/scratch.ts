// A fresh scratch folder for a test's files (captures, certificates, keys), under the OS's temp
// folder, so tests need nothing prepared on the machine.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wiretrail-${prefix}-`))
}
