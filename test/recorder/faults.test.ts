// When the files cannot be written (issue 12 §3): a full disk, a folder the user may not write, a
// capture or journal deleted or moved away while it is written. Each ends in a coded error, the
// recording stops cleanly, and nothing recorded before is lost: the capture reads whole up to its
// last packet, the journal is whole lines.
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import { readPackets } from './flows.ts'
import { scratchDir, tshark } from './peers.ts'

const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups']

interface Ran {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[], cwd?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 120_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, HOME: '/tmp' } }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${command} is not installed (util-linux): this test needs it`))
      else resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** Whole records only: our reader finds no cut-off record and tshark reads every frame. */
async function readsWhole(capture: string): Promise<number> {
  expect((await readPackets(capture)).problems).toEqual([])
  const numbers = (await tshark(['-r', capture, '-T', 'fields', '-e', 'frame.number'])).trim()
  return numbers === '' ? 0 : numbers.split('\n').length
}

function journalRecords(path: string): { type: string; frame?: number; ok?: boolean; error?: { code: string } }[] {
  const text = readFileSync(path, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { type: string })
}

describe('a recording whose files cannot be written', () => {
  it('stops on a full disk (a 64 KiB tmpfs) with RECORD_DISK_FULL, keeping every whole packet that fit', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root (it mounts a small tmpfs in its own mount namespace), as CI runs it')
    const dir = scratchDir('disk-full')
    const disk = join(dir, 'small-disk')
    const kept = join(dir, 'kept')
    mkdirSync(disk)
    mkdirSync(kept)
    // The tmpfs lives in a mount namespace of its own (gone when the command ends): the recording
    // runs there, then the files are copied out to be read.
    const script = [
      `mount -t tmpfs -o size=64k wiretrail-full "${disk}" || exit 99`,
      `cd "${disk}" && "${process.execPath}" "${WIRETRAIL}" record http://www.lab.cyber.co.kr/gallery.html -o gallery.pcap --address-block 188`,
      'status=$?',
      `cp -a "${disk}/." "${kept}/"`,
      `stat -f -c '%b %S' "${disk}" > "${kept}/disk-size"`,
      'exit $status',
    ].join('; ')
    const ran = await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script])
    expect(ran.code, ran.stderr).toBe(1)
    const capture = join(kept, 'gallery.pcap')
    const journal = `${capture}.wiretrail.jsonl`
    expect(ran.stderr).toMatch(new RegExp(`wiretrail record: the recording stopped: writing the (capture|journal) .*gallery\\.pcap(\\.wiretrail\\.jsonl)? failed because the disk is full; the first \\d+ bytes \\(every whole record before it\\) are kept \\[RECORD_DISK_FULL\\]`))
    // What fit is whole and readable, the walkthrough of it was printed, and the disk was used to
    // the end (nothing was dropped before the disk was full).
    const frames = await readsWhole(capture)
    expect(frames).toBeGreaterThan(10)
    expect(ran.stdout).toContain('Steps (')
    const records = journalRecords(journal)
    expect(records[0]?.type).toBe('recording')
    expect(Math.max(...records.map((r) => r.frame ?? 0))).toBeLessThanOrEqual(frames)
    const [blocks = 0, blockSize = 0] = readFileSync(join(kept, 'disk-size'), 'utf8').trim().split(' ').map(Number)
    const used = statSync(capture).size + statSync(journal).size
    expect(used).toBeGreaterThan(blocks * blockSize - 3 * 4096)
    // The load stopped: the 23 requests of the page were not all sent.
    const requests = (await readPackets(capture)).packets.filter((p) => p.payload.toString('latin1').startsWith('GET '))
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.length).toBeLessThan(23)
  })

  it('refuses a folder the user may not write before it starts anything, and leaves no file', async () => {
    const dir = scratchDir('unwritable')
    const closed = join(dir, 'not-yours')
    mkdirSync(closed, { mode: 0o755 }) // root's: an ordinary user may not create files in it
    chmodSync(dir, 0o755)
    const output = join(closed, 'x.pcap')
    const ran = await run('setpriv', [...NOBODY, process.execPath, WIRETRAIL, 'record', 'http://www.lab.cyber.co.kr/sample.htm', '-o', output, '--address-block', '189'], '/')
    // Checked with the other arguments (src-main/recorder/record-options.ts): a usage error.
    expect(ran.code).toBe(2)
    expect(ran.stderr).toContain(`the folder ${closed} is not writable, so the capture file ${output} cannot be created`)
    // Nothing was loaded, nothing was written.
    expect(ran.stderr).not.toContain('starting-lab')
    expect(ran.stdout).not.toContain('Recorded')
    expect(readdirSync(closed)).toEqual([])
  })

  it('stops before the first packet with RECORD_DISK_FULL when the disk is already full, and leaves no file', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root (it mounts a small tmpfs in its own mount namespace), as CI runs it')
    const dir = scratchDir('disk-full-at-start')
    const disk = join(dir, 'small-disk')
    const kept = join(dir, 'kept')
    mkdirSync(disk)
    mkdirSync(kept)
    const script = [
      `mount -t tmpfs -o size=64k wiretrail-full "${disk}" || exit 99`,
      // Fill it: the capture can be created (an inode) but not even its header written.
      `dd if=/dev/zero of="${disk}/filler" bs=4k 2>/dev/null`,
      `cd "${disk}" && "${process.execPath}" "${WIRETRAIL}" record http://www.lab.cyber.co.kr/sample.htm -o sample.pcap --address-block 188`,
      'status=$?',
      `ls -A "${disk}" > "${kept}/listing"`,
      'exit $status',
    ].join('; ')
    const ran = await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script])
    expect(ran.code, ran.stderr).toBe(1)
    expect(ran.stderr).toContain('wiretrail record: cannot create the capture sample.pcap: the disk is full [RECORD_DISK_FULL]')
    expect(ran.stdout).not.toContain('Recorded')
    expect(readFileSync(join(kept, 'listing'), 'utf8').trim().split('\n')).toEqual(['filler'])
  })

  describe('a file deleted or moved away while it is written', () => {
    let server: Server
    let port = 0
    let imageRequests = 0
    beforeAll(async () => {
      // A page whose images take 3 s: the recording is still running when its file goes.
      server = createServer((req, res) => {
        if (req.url === '/slow.html') {
          res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><img src="a.png"><img src="b.png"><img src="c.png">')
          return
        }
        imageRequests += 1
        const timer = setTimeout(() => res.writeHead(200, { 'Content-Type': 'image/png' }).end('png'), 3000)
        res.on('close', () => clearTimeout(timer))
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
      port = (server.address() as { port: number }).port
    })
    afterAll(async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    })

    for (const [what, gone, how] of [
      ['capture', (output: string) => rmSync(output), 'was deleted'],
      ['journal', (output: string) => renameSync(`${output}.wiretrail.jsonl`, `${output}.moved`), 'was moved away or replaced'],
    ] as const) {
      it(`stops with RECORD_FILE_VANISHED when its ${what} ${how}, and writes what it held back`, async () => {
        const output = join(scratchDir('vanish'), `slow-${what}.pcap`)
        const before = imageRequests
        let removed = false
        const result = await recordPageLoad({
          url: `http://127.0.0.1:${port}/slow.html`,
          output,
          target: 'internet',
          onProgress: (p) => {
            // The images have been asked for (their SYNs and requests are in the files): now it goes.
            if (!removed && p.stage === 'transferring' && p.message.endsWith('c.png')) {
              removed = true
              setTimeout(() => gone(output), 50)
            }
          },
        })
        expect(removed).toBe(true)
        expect(result.ok).toBe(false)
        expect(result.error?.code).toBe('RECORD_FILE_VANISHED')
        const path = what === 'capture' ? output : `${output}.wiretrail.jsonl`
        expect(result.error?.message).toMatch(new RegExp(`^the recording stopped: the ${what} ${path.replaceAll('.', '\\.')} ${how} while it was being written; the ${what} \\(\\d+ bytes\\) was written back to ${path.replaceAll('.', '\\.')}$`))
        // Stopped, not waiting 3 s for the images.
        expect(result.durationMs).toBeLessThan(2500)
        expect(imageRequests - before).toBe(3)
        // Written back where it was: whole, with everything up to the stop, the journal's end record
        // saying why.
        expect(result.output).toBe(output)
        const requests = (await readPackets(output)).packets.filter((p) => p.payload.toString('latin1').startsWith('GET '))
        expect(requests.map((p) => p.payload.toString('latin1').split(' ')[1])).toEqual(['/slow.html', '/a.png', '/b.png', '/c.png'])
        expect(await readsWhole(output)).toBeGreaterThan(10)
        const records = journalRecords(`${output}.wiretrail.jsonl`)
        expect(records[0]?.type).toBe('recording')
        expect(records.at(-1)).toMatchObject({ type: 'end', ok: false, error: { code: 'RECORD_FILE_VANISHED' } })
        if (what === 'journal') expect(existsSync(`${output}.moved`)).toBe(true)
      })
    }
  })
})
