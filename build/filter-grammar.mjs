// Generates the display-filter parser (src-main/filter/grammar.generated.js and its .d.ts) from
// src-main/filter/grammar.peggy with peggy. `npm run build` and `npm run typecheck` run this first,
// so a clean clone builds it (the generated files are not committed). Skips the work when the
// parser is newer than the grammar.
import { existsSync, statSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const grammar = join(root, 'src-main/filter/grammar.peggy')
const output = join(root, 'src-main/filter/grammar.generated.js')
const types = output.replace(/\.js$/, '.d.ts')
const fresh = existsSync(output) && existsSync(types) && statSync(output).mtimeMs >= statSync(grammar).mtimeMs && statSync(output).mtimeMs >= statSync(fileURLToPath(import.meta.url)).mtimeMs
if (!fresh) {
  const peggy = join(root, 'node_modules/peggy/bin/peggy.js')
  execFileSync(process.execPath, [peggy, '--format', 'es', '--dts', '--return-types', JSON.stringify({ Filter: 'import("./ast.ts").RawExpr' }), '-o', output, grammar], { stdio: 'inherit' })
}
