// The analyzer bench's own side, in a process of its own: `node --import tsx analyzer-open.ts
// <capture>` opens the capture as the app does (analyzeCapture, the bundled worker), measures what
// analyzer.bench.ts reports (open, first screen, peak memory, views, clicks, search, filters) and
// prints those figures as JSON on its last line. analyzer.bench.ts runs it as a child, so the
// opening is not measured in the process that has just written the capture (see openInFreshProcess).
import { analyse } from './analyzer.bench.ts'

const path = process.argv[2]
if (!path) {
  console.error('usage: node --import tsx analyzer-open.ts <capture>')
  process.exit(2)
}
process.stdout.write(`${JSON.stringify(await analyse(path))}\n`)
// The worker is closed by analyse; nothing else keeps this process, but a stray handle must not.
process.exit(0)
