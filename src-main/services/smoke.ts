// The first-run smoke test: the stages a fresh install must get through, run the same way by the
// packaged Electron app (`wiretrail --smoke`, started by `npm run smoke:electron`) and, in CI, by
// the browser shell (test/shell/smoke.test.ts). One line per stage, "smoke <stage> ok|FAILED …";
// the first failure stops the run.
//   window   the app's page is up and talks to the engine (Electron: the sandboxed renderer's
//            first call through the preload; browser shell: the page served with its token)
//   lab      the embedded lab network starts (DNS hierarchy and web servers on loopback)
//   record   the notes' sample page is recorded from the lab (a capture and its journal)
//   open     the recording is opened again in the analyzer's worker thread and a packet decoded
//   save     Save As writes it out as pcap (converted), with its journal
//   quit     every capture is closed
import type { ApiArgs, ApiName, ApiReturn } from '../shared/api.ts'
import { toErrorJson } from '../shared/errors.ts'
import { DEFAULT_LAB_URL } from './app-services.ts'

export const SMOKE_STAGES = ['window', 'lab', 'record', 'open', 'save', 'quit'] as const
export type SmokeStage = (typeof SMOKE_STAGES)[number]

/** What a shell gives the smoke run: its calls into the engine and the few things only it can do. */
export interface SmokeTarget {
  /** Waits until the app's page runs and has reached the engine; says what was seen. */
  window(): Promise<string>
  /** Starts the lab (the one recordings then use). */
  startLab(): Promise<void>
  call<K extends ApiName>(name: K, ...args: ApiArgs<K>): Promise<ApiReturn<K>>
  /** Saves the capture as pcap where the shell saves (a path it chose, or a download) and returns
   * the bytes written, to be checked. */
  save(captureId: string): Promise<{ where: string; bytes: Uint8Array }>
}

const PCAP_MAGIC_LE = 'd4c3b2a1'

/** Runs every stage in order; returns true when all passed. */
export async function runSmoke(target: SmokeTarget, print: (line: string) => void): Promise<boolean> {
  let recorded: ApiReturn<'capture.record'> | null = null
  let reopened: ApiReturn<'capture.openPath'> | null = null
  const steps: Record<SmokeStage, () => Promise<string>> = {
    window: () => target.window(),
    lab: async () => {
      await target.startLab()
      return 'the lab network runs on loopback'
    },
    record: async () => {
      recorded = await target.call('capture.record', { url: DEFAULT_LAB_URL, target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
      const w = recorded.walkthrough
      if (w.packets === 0) throw new Error('the recording holds no packets')
      const chain = recorded.lesson.resolutions[0]?.hops.map((h) => h.zone).join(' → ') ?? 'no resolution'
      return `${w.packets} packets, ${w.counts.steps} steps, resolution ${chain}`
    },
    open: async () => {
      reopened = await target.call('capture.openPath', recorded!.path)
      if (reopened.walkthrough.packets !== recorded!.walkthrough.packets) {
        throw new Error(`reopened with ${reopened.walkthrough.packets} packets, recorded ${recorded!.walkthrough.packets}`)
      }
      const detail = await target.call('capture.packet', reopened.captureId, 1)
      return `${reopened.walkthrough.packets} packets again; frame 1 decoded (${detail.bytes.length} bytes)`
    },
    save: async () => {
      const saved = await target.save(reopened!.captureId)
      const magic = Buffer.from(saved.bytes.subarray(0, 4)).toString('hex')
      if (magic !== PCAP_MAGIC_LE) throw new Error(`the saved file starts with ${magic}, not a pcap header`)
      return `${saved.where} (${saved.bytes.length} bytes, pcap)`
    },
    quit: async () => {
      for (const capture of [reopened, recorded]) if (capture !== null) await target.call('capture.close', capture.captureId)
      return 'captures closed'
    },
  }
  for (const stage of SMOKE_STAGES) {
    try {
      print(`smoke ${stage} ok ${await steps[stage]()}`)
    } catch (error) {
      const json = toErrorJson(error)
      print(`smoke ${stage} FAILED ${json.code}: ${json.message}`)
      return false
    }
  }
  return true
}
