// Electronegativity (Doyensec's static checker for Electron apps) over the whole repository, as a
// test: 0 high and 0 medium findings. It must see the window's security options where Electron
// takes them, so src-main/electron/window.ts writes webPreferences literally at the BrowserWindow
// call. A second run over a window written wrong proves the checker really reads our sources
// (an empty report is not taken for a clean one).
//
// The tool fetches translations and Electron's release list from the internet when it starts;
// it runs in a network namespace of its own (unshare), where those requests fail at once and
// nothing leaves the machine. Its findings do not depend on them.
//
// Its runner is called directly and the findings written as JSON, not through the CLI's `-o
// report.csv`: the CLI writes the CSV's header and its rows with two concurrent fs.writeFile calls
// (truncate, then append), so on a loaded machine the header could land after the rows and cut
// them — a report with findings lost would read as a clean one.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..', '..')
const RUNNER = join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'runner.js')
// Runs the checker's runner on argv[1] (relative paths, medium severity and above) and writes its findings to argv[2].
const SCAN = `import run from ${JSON.stringify(RUNNER)}
import { writeFileSync } from 'node:fs'
const [input, out] = process.argv.slice(1)
const { issues } = await run({ input, severitySet: 'medium', isRelative: true, isVerbose: false, customScan: [], excludeFromScan: [], parserPlugins: [] })
writeFileSync(out, JSON.stringify(issues.filter((i) => i.severity.value >= 2).map((i) => ({ check: i.id, severity: i.severity.name, file: i.file, line: \`\${i.location.line}:\${i.location.column}\` }))))
`
let work: string

interface Finding {
  check: string
  severity: string
  file: string
  line: string
}

/** Runs the checker on `input` (offline) and returns its findings of medium severity or above. */
async function electronegativity(input: string): Promise<Finding[]> {
  const report = join(work, `report-${Math.random().toString(36).slice(2)}.json`)
  try {
    await promisify(execFile)('unshare', ['--map-root-user', '--net', '--', process.execPath, '--input-type=module', '-e', SCAN, input, report], {
      cwd: ROOT,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    })
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string }
    if (failure.code === 'ENOENT') throw new Error('unshare (util-linux) is missing: the checker must run without network access')
    throw new Error(`electronegativity failed: ${failure.message}\n${failure.stderr ?? ''}`)
  }
  return JSON.parse(await readFile(report, 'utf8')) as Finding[]
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-electronegativity-'))
})
afterAll(() => (work === undefined ? undefined : rm(work, { recursive: true, force: true })))

describe('Electronegativity', () => {
  it('finds nothing of high or medium severity in the app', async () => {
    const findings = await electronegativity(ROOT)
    expect(findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')).toEqual([])
  }, 180_000)

  it('does report a window whose options it cannot see or that turns the sandbox off', async () => {
    const app = join(work, 'app')
    await mkdir(app)
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'probe', devDependencies: { electron: '45.4.1' } }))
    await writeFile(
      join(app, 'main.js'),
      [
        "const { BrowserWindow } = require('electron')",
        'const hidden = new BrowserWindow(makeOptions())',
        "const open = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: false, preload: 'p.js' } })",
        '',
      ].join('\n'),
    )
    const findings = await electronegativity(app)
    const at = (line: number) => findings.filter((f) => f.file.endsWith('main.js') && f.line.startsWith(`${line}:`)).map((f) => f.check)
    expect(at(2)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']))
    expect(at(3)).toContain('SANDBOX_JS_CHECK')
    expect(at(3)).not.toContain('CONTEXT_ISOLATION_JS_CHECK')
  }, 180_000)
})
