// The stable error codes Wiretrail declares: every code literal in src-main (the error code unions
// in each area's errors.ts and the codes thrown where they are declared inline). A rejection
// whose code is not among them — or INTERNAL, what an unknown error turns into — is a finding.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const SRC = join(import.meta.dirname, '..', '..', 'src-main')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

export function knownErrorCodes(): ReadonlySet<string> {
  const codes = new Set<string>()
  for (const path of sources(SRC)) {
    for (const m of readFileSync(path, 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(m[1]!)
  }
  codes.delete('INTERNAL')
  return codes
}
