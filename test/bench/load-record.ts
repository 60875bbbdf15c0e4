// One recorded page load in a process of its own, for the load benchmark: the recording's peak
// resident memory is then the recorder's alone (not the benchmark's, nor the lab's, which runs in
// its own process too). Prints one JSON line: what was loaded, how long it took, the peak RSS.
//   node --import tsx test/bench/load-record.ts '{"url":…,"output":…,"addressBlock":…,"dnsPort":…,"httpPort":…}'
import { statSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import { labInOtherProcess } from './lab-process.ts'

export interface LoadRecordRequest {
  url: string
  output: string
  addressBlock: number
  dnsPort: number
  httpPort: number
}

export interface LoadRecordReport {
  ok: boolean
  error: string | null
  subresources: number
  failedSubresources: number
  connections: number
  frames: number | null
  captureBytes: number
  elapsedMs: number
  /** process.resourceUsage().maxRSS, in bytes. */
  peakRss: number
  /** The peak RSS before the load (modules loaded, nothing recorded yet). */
  startRss: number
}

const request = JSON.parse(process.argv[2] ?? '') as LoadRecordRequest
const lab = labInOtherProcess(request)
const startRss = process.resourceUsage().maxRSS * 1024
const start = performance.now()
const result = await recordPageLoad({ url: request.url, output: request.output, lab })
const elapsedMs = performance.now() - start
const report: LoadRecordReport = {
  ok: result.ok,
  error: result.error?.message ?? null,
  subresources: result.subresources.length,
  failedSubresources: result.subresources.filter((s) => s.error !== undefined || s.status !== 200).length,
  connections: result.connections,
  frames: result.frames,
  captureBytes: statSync(result.output).size,
  elapsedMs,
  peakRss: process.resourceUsage().maxRSS * 1024,
  startRss,
}
process.stdout.write(`${JSON.stringify(report)}\n`)
