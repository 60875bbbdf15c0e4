// `npm run replica`: the internet replica (replica.mts) in a private network namespace of its own,
// then a shell (or the command after `--`) inside it, with the replica's hints file, CA and
// /etc/resolv.conf in place, so anyone can try the internet target without the internet:
//   npm run replica                                  (a shell; `exit` stops the replica)
//   npm run replica -- npx wiretrail record https://www.shop.com/ --target internet --root-hints "$REPLICA_HINTS"
// Re-executes itself under `unshare --net --mount` (root needed, as for port 53); inside, the
// replica's resolv.conf is bind-mounted on /etc/resolv.conf, so "the OS's DNS server" is its unbound.
import { spawn, spawnSync } from 'node:child_process'
import { startReplica } from './replica.mts'

const inside = process.env.WIRETRAIL_REPLICA_NS === '1'
const args = process.argv.slice(2)
const command = args[0] === '--' ? args.slice(1) : args

if (!inside) {
  if (process.getuid?.() !== 0) {
    process.stderr.write('npm run replica: the replica needs root (its own network namespace, port 53); run it as root or with sudo\n')
    process.exit(2)
  }
  const child = spawnSync('unshare', ['--net', '--mount', '--propagation', 'private', '--fork', '--kill-child', 'sh', '-c', 'ip link set lo up && exec "$@"', 'replica', process.execPath, ...process.execArgv, import.meta.filename, ...args], {
    stdio: 'inherit',
    env: { ...process.env, WIRETRAIL_REPLICA_NS: '1' },
  })
  process.exit(child.status ?? 1)
}

const replica = await startReplica()
spawnSync('mount', ['--bind', replica.resolvConf, '/etc/resolv.conf'])
const env = { ...process.env, REPLICA_HINTS: replica.hintsFile, NODE_EXTRA_CA_CERTS: replica.caFile, REPLICA_UNBOUND_CONF: `${replica.dir}/unbound.conf`, WIRETRAIL_REPLICA_NS: undefined }
process.stderr.write(
  `replica: up (a private network namespace; nothing leaves it)
  root hints:   ${replica.hintsFile}   ($REPLICA_HINTS)
  replica CA:   ${replica.caFile}   ($NODE_EXTRA_CA_CERTS)
  OS resolver:  /etc/resolv.conf → unbound at 127.100.53.53
  try:          npx wiretrail record https://www.shop.com/ --target internet --root-hints "$REPLICA_HINTS"
                npx wiretrail resolve www.news.org --root-hints "$REPLICA_HINTS"
`,
)
const argv = command.length > 0 ? command : [process.env.SHELL ?? 'bash']
const code = await new Promise<number>((resolve) => {
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit', env })
  child.on('close', (c) => resolve(c ?? 1))
})
await replica.stop()
process.exit(code)
