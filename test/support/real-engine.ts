// The app's real engine (AppServices with the Node engine: the analyzer's worker, the score book)
// for component tests that want the engine's own answers behind the in-memory client. Typed here,
// with Node's types; a component test (type-checked without Node's modules) imports it at run time
// and sees only the API's shared types.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppServices } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import type { ApiArgs, ApiName, ApiReturn } from '../../src-main/shared/api.ts'
import type { QuestionKind } from '../../src-main/shared/questions.ts'
import { CORPUS_DIR } from './corpus.ts'

export interface RealEngine {
  call<K extends ApiName>(name: K, ...args: ApiArgs<K>): Promise<ApiReturn<K>>
  /** A capture of the shared corpus (../shared/captures), by file name. */
  corpusPath(name: string): string
  /** capture.exportQuestions without the save dialog: written to a new file in the engine's folder. */
  exportQuestions(captureId: string, kinds: QuestionKind[]): Promise<string>
  shutdown(): Promise<void>
}

export async function startRealEngine(): Promise<RealEngine> {
  const work = await mkdtemp(join(tmpdir(), 'wiretrail-real-engine-'))
  const services = new AppServices({ root: join(work, 'state'), engine: createNodeEngine(), version: 't', locale: 'en' })
  const api = services.handlers(createBrowserHost())
  return {
    call: (name, ...args) => (api[name] as (...a: typeof args) => Promise<ApiReturn<typeof name>>)(...args),
    corpusPath: (name) => join(CORPUS_DIR, name),
    exportQuestions: (captureId, kinds) => services.captures.exportQuestions(captureId, kinds, join(work, `${captureId}-${kinds.join('+')}.questions.pcapng`)),
    shutdown: async () => {
      await services.shutdown()
      await rm(work, { recursive: true, force: true })
    },
  }
}
