#!/usr/bin/env node
// The `wiretrail` command. The engine is TypeScript; tsx compiles it on the fly so the command runs
// straight from a fresh checkout after `npm ci`, with no build step, and always runs the code as it is.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
