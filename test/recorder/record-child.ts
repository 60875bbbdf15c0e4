// One recording in a process of its own, for tests that measure what a recording costs the process
// (its peak resident memory is then the recording's alone, not the test runner's):
//   node --import tsx test/recorder/record-child.ts '<RecordOptions as JSON>'
// prints one JSON line: the result's ok, error and subresource errors, and process.resourceUsage()'s
// maxRSS in bytes.
import { recordPageLoad, type RecordOptions } from '../../src-main/recorder/index.ts'

const options = JSON.parse(process.argv[2] ?? '') as RecordOptions
const result = await recordPageLoad(options)
process.stdout.write(
  `${JSON.stringify({
    ok: result.ok,
    error: result.error ?? null,
    documentErrors: result.document.map((d) => d.error ?? null),
    peakRss: process.resourceUsage().maxRSS * 1024,
    output: result.output,
    journal: result.journal,
  })}\n`,
)
