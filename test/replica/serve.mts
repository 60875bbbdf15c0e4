// The internet replica (replica.mts) in the network namespace this process was started in, until
// SIGINT or SIGTERM: for a test that has its own namespace already (the app's end-to-end test runs
// the browser shell and Chromium beside it, test/e2e/internet.test.ts). Prints one JSON line when
// the replica is up — its hints file, CA file, resolv.conf (naming its unbound) and folder — and
// nothing else on stdout.
// (`npm run replica` is run.mts: a namespace of its own, and a shell or a command in it.)
import { startReplica } from './replica.mts'

const replica = await startReplica()
let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  replica.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
process.stdout.write(`${JSON.stringify({ hintsFile: replica.hintsFile, caFile: replica.caFile, resolvConf: replica.resolvConf, dir: replica.dir })}\n`)
