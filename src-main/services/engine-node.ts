// The real engine for the services: the analyzer (in its worker), the recorder and its capture
// writers, and the lab, each module loaded on first use so that `wiretrail ui` starts at once and
// a shell that only opens files never loads the recorder or starts the lab. The imports are
// literal so electron-vite bundles them (as chunks) into the Electron main process.
import type { RunningLab } from '../lab/index.ts'
import type { Engine, LabLike } from './engine.ts'

export interface NodeEngineOptions {
  /** The lab's address block (127.<block>.x.y) and ports; tests pass their own. On macOS, where
   * only 127.0.0.1 exists without extra setup, the lab runs every server on it (singleAddress). */
  lab?: { addressBlock?: number; dnsPort?: number; httpPort?: number; httpsPort?: number }
  /** The analyzer's worker script, when the shell knows where it was built (Electron's main:
   * out/worker, unpacked from app.asar); otherwise the analyzer finds it itself. */
  analyzerWorker?: string
}

export function createNodeEngine(options: NodeEngineOptions = {}): Engine {
  // Trying tcpdump costs a process start; the answer does not change while the app runs.
  let kernelSupport: Promise<{ available: boolean; reason?: string }> | null = null
  return {
    async analyzeCapture(path, analyzeOptions) {
      const { analyzeCapture } = await import('../analyzer/index.ts')
      return analyzeCapture(path, options.analyzerWorker !== undefined ? { ...analyzeOptions, workerPath: options.analyzerWorker } : analyzeOptions)
    },
    async recordPageLoad(recordOptions) {
      const { recordPageLoad } = await import('../recorder/index.ts')
      const { lab, ...rest } = recordOptions
      // The services pass back the lab this engine's startLab() made, so it is a RunningLab.
      return recordPageLoad({ ...rest, ...(lab !== undefined ? { lab: lab as RunningLab } : {}) })
    },
    async startLab(): Promise<LabLike> {
      const { startLab } = await import('../lab/index.ts')
      return startLab({ ...options.lab, ...(process.platform === 'darwin' ? { singleAddress: true } : {}) })
    },
    async convertCapture(input, output, format, journal) {
      const { convertCapture } = await import('../recorder/index.ts')
      // The services give the journal (renamed for the new file): inside a pcapng, beside a pcap
      // (they write that one themselves), so it is not copied here.
      await convertCapture(input, output, { format, copyJournal: false, ...(journal ? { journalInside: journal } : {}) })
    },
    async checkRecordTarget(request) {
      const { parseRecordTarget } = await import('../recorder/index.ts')
      parseRecordTarget(request.url, request)
    },
    kernelCaptureAvailable() {
      kernelSupport ??= import('../recorder/index.ts').then(({ kernelCaptureAvailable }) => kernelCaptureAvailable())
      return kernelSupport
    },
  }
}
