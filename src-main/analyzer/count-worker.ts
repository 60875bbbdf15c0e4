// The counting thread's entry (count-thread.ts starts it): each message is one batch of held
// compressed bodies in a shared arena, counted by count-thread.ts countBatch (the one counting
// function, http/content-coding.ts countHeldBody, body by body); the results go back in order.
// Bundled as its own entry (out/worker/count-worker.mjs, beside the analyzer's worker) by
// electron.config.ts; run from source through tsx otherwise.
import { parentPort } from 'node:worker_threads'
import { countBatch, type CountRequest } from './count-thread.ts'

const port = parentPort!
port.on('message', (request: CountRequest) => port.postMessage(countBatch(request)))
