// The internet target through the app, as a user sets it: in Debian's Chromium against the browser
// shell, target Internet, the Root hints setting pointing at the internet replica's hints file
// (test/replica: BIND 9 roots and TLDs, nginx sites, in this test's private network namespace), the
// replica CA given the standard way (NODE_EXTRA_CA_CERTS in the app's environment). It records the
// replica's main site and reads what the app shows — the steps' titles and explanations, the DNS
// pane — against the replica's own truth: `dig +trace` from the same roots (which zone each server
// was asked as), the authoritative servers' answers, and the headers nginx sends.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { requirePeer } from '../resolver/helpers/peers.ts'
import { requireNamespaces } from '../support/netns.ts'
import { cacheAnswersBeforeFirstAnswer } from '../support/cache-steps.ts'
import { createSandbox, firstLine, openBrowser, screenshot, startShell, waitFor, type Sandbox, type Session } from './harness.ts'

const run = promisify(execFile)

interface ReplicaInfo {
  hintsFile: string
  caFile: string
  /** Names the replica's unbound (iterating from the same hints) as the DNS server. */
  resolvConf: string
  dir: string
}
interface Shown {
  kind: string
  concept: string
  title: string
  detail: string
}

/** Every step the player shows, in order: kind, concept, title and explanation as displayed. */
async function showSteps(page: Page): Promise<Shown[]> {
  const player = page.locator('[data-testid="player"]')
  const count = Number(await player.getAttribute('data-step-count'))
  const shown: Shown[] = []
  for (let index = 0; index < count; index++) {
    if (index > 0) await page.locator('body').press('ArrowRight')
    await page.waitForSelector(`[data-testid="step-explainer"][data-step-index="${index}"]`)
    const explainer = page.locator('[data-testid="step-explainer"]')
    shown.push({
      kind: (await explainer.getAttribute('data-kind')) ?? '',
      concept: (await explainer.getAttribute('data-concept')) ?? '',
      title: (await explainer.locator('.step-title').textContent()) ?? '',
      detail: (await explainer.locator('.step-detail').textContent()) ?? '',
    })
  }
  return shown
}

describe('the internet target in the app, on the internet replica', () => {
  let sandbox: Sandbox
  let session: Session
  let replica: ReplicaInfo
  let steps: Shown[] = []

  /** A command inside the replica's namespace (dig, curl): the replica's truth. Its system resolver
   * (the addresses dig +trace looks up for the root servers' names) is the replica's unbound: a
   * private mount namespace bind-mounts the replica's resolv.conf on /etc/resolv.conf. */
  async function inside(command: string, args: string[]): Promise<string> {
    const script = 'mount --bind "$0" /etc/resolv.conf && exec "$@"'
    const { stdout } = await run('ip', ['netns', 'exec', sandbox.netns!, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, replica.resolvConf, command, ...args], { timeout: 60_000 })
    return stdout
  }

  /** `dig +trace` from a replica root: the zones whose servers were asked, in order, each zone's
   * server addresses (its NS names looked up at the replica's unbound), and the last server's
   * answer lines. */
  async function trace(name: string): Promise<{ zones: string[]; servers: Map<string, string[]>; answer: string[] }> {
    const out = await inside('dig', ['+trace', '+nodnssec', '+time=3', '+tries=1', '@127.100.0.1', name, 'A'])
    const blocks = out.split(/^;; Received .*$/m).map((b) => b.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')).map((l) => l.split(/\s+/)))
    const zones: string[] = []
    const servers = new Map<string, string[]>()
    // Block k is the answer of the server asked k-th (block 0: the root's own `. NS`); the last
    // block with records is the final answer. The zone the k-th server was asked as is the owner
    // of the NS records in block k-1.
    const last = blocks.findLastIndex((b) => b.length > 0)
    for (let k = 1; k <= last; k++) zones.push(blocks[k - 1]!.find((f) => f[3] === 'NS')?.[0] ?? '?')
    for (const block of blocks.slice(0, last)) {
      for (const f of block.filter((r) => r[3] === 'NS')) {
        const found = await Promise.all(['A', 'AAAA'].map((type) => inside('dig', ['+short', '+time=3', '+tries=1', '@127.100.53.53', f[4]!, type])))
        servers.set(f[0]!, [...(servers.get(f[0]!) ?? []), ...found.join('\n').split('\n').filter((a) => a !== '')])
      }
    }
    return { zones, servers, answer: (blocks[last] ?? []).filter((f) => f[0] === `${name}.` && f[3] !== 'NS').map((f) => `${f[3]} ${f[4]}`) }
  }

  beforeAll(async () => {
    requireNamespaces()
    for (const [binary, pkg] of [['named', 'bind9'], ['nginx', 'nginx'], ['unbound', 'unbound'], ['dig', 'bind9-dnsutils'], ['openssl', 'openssl'], ['curl', 'curl']]) requirePeer(binary!, pkg!)
    sandbox = await createSandbox()
    if (sandbox.netns === null) throw new Error('the internet replica needs a network namespace of its own (root, as CI runs)')
    const served = sandbox.spawn(process.execPath, ['--import', 'tsx', 'test/replica/serve.mts'])
    replica = JSON.parse((await firstLine(served, 'the internet replica')).split('\n')[0]!) as ReplicaInfo
    const url = await startShell(sandbox, join(sandbox.dir, 'home'), [], { NODE_EXTRA_CA_CERTS: replica.caFile })
    session = await openBrowser(sandbox, url)
  }, 240_000)
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  it('records http://www.shop.com/ with target Internet and the replica\'s hints as the Root hints setting', async () => {
    const { page } = session
    await page.fill('input[name="url"]', 'http://www.shop.com/')
    await page.selectOption('select[name="target"]', 'internet')
    // Choosing Internet leaves the lab's nearby server: this computer walks from the root itself.
    expect(await page.inputValue('select[name="resolver"]')).toBe('iterative')
    await page.fill('input[name="root-hints"]', replica.hintsFile)
    await page.click('[data-testid="record"]')
    await waitFor(page, '[data-testid="unsaved"]', 'internet-recorded', 120_000)
    await waitFor(page, '[data-testid="record"]:not([disabled])', 'internet-idle')
    await screenshot(page, 'internet-01-recorded')
    expect(await page.locator('[data-testid="capture-summary"]').textContent()).toMatch(/\d+ (frames|packets)/)
    steps = await showSteps(page)
    expect(steps.length).toBeGreaterThan(40)
    expect(session.problems).toEqual([])
  }, 240_000)

  it('shows priming from the replica roots, then each walk down the referral chain that dig +trace finds from the same roots', async () => {
    const hints = steps.find((s) => s.kind === 'dns-root-hints')!
    expect(hints.title).toMatch(/^Root hints: 127\.100\.0\.[12] lists the 2 root servers$/)
    expect(hints.detail).toContain(`(the root hints, ${replica.hintsFile})`)
    // The questions the app shows, in order: "Ask SERVER (ROLE) for NAME TYPE" (priming's ". (root) NS"
    // is the root hints step's).
    const asked = steps.filter((s) => s.kind === 'dns-query')
      .map((s) => /^Ask (\S+) \((.+)\) for (\S+) (\S+)$/.exec(s.title))
      .filter((m): m is RegExpExecArray => m !== null)
    const zoneOf = (role: string): string => (role === 'root (.)' ? '.' : role.replace(/ \(TLD\)$| zone server$/, ''))
    // The main site's CNAME chain crosses com. and net. into the CDN's zone: each name's walk is the
    // trace's, from the root — or, where the cache already holds a zone's servers, from that zone
    // on, and the step before it says so. (Not img.v6.kr: dig +trace looks NS names up with
    // getaddrinfo, which finds no address for an IPv6-only name server in a namespace whose only
    // IPv6 address is loopback; the replica test checks that zone's walk against unbound.)
    for (const name of ['www.shop.com', 'www.shop.com.edgekey.net', 'e42.a.cdnedge.net', 'cdn.nosuch.io']) {
      const truth = await trace(name)
      expect(truth.zones[0], name).toBe('.')
      const walk = asked.filter((m) => m[3] === `${name}.` && m[4] === 'A')
      const zones = walk.map((m) => zoneOf(m[2]!))
      expect(zones.length, name).toBeGreaterThan(0)
      expect(truth.zones.slice(truth.zones.length - zones.length), name).toEqual(zones)
      if (zones[0] !== '.') expect(steps.map((s) => s.title)).toContain(`The resolver starts at the ${zones[0]} servers, known from its cache`)
      // Each server asked is one the zone's referral named (dig's glue), or a hinted root.
      for (const m of walk) {
        const zone = zoneOf(m[2]!)
        if (zone === '.') expect(['127.100.0.1', '127.100.0.2'], name).toContain(m[1])
        else expect(truth.servers.get(zone), `${name} at ${zone}`).toContain(m[1]!.replace(/^\[|\]$/g, ''))
      }
    }
    expect(steps.map((s) => s.title)).toContain('The resolver starts at the root servers, known from its cache')
    // The chain's answers as the authoritative servers give them.
    const cname1 = (await trace('www.shop.com')).answer
    const cname2 = (await trace('www.shop.com.edgekey.net')).answer
    const address = (await trace('e42.a.cdnedge.net')).answer
    expect([cname1, cname2, address]).toEqual([['CNAME www.shop.com.edgekey.net.'], ['CNAME e42.a.cdnedge.net.'], ['A 127.100.9.1']])
    const titles = steps.map((s) => s.title)
    expect(titles).toContain('www.shop.com. is an alias of www.shop.com.edgekey.net.')
    expect(titles).toContain('www.shop.com.edgekey.net. is an alias of e42.a.cdnedge.net.')
    expect(titles).toContain('127.100.3.2 answers e42.a.cdnedge.net.: A 127.100.9.1')
    // Nothing is "answered from this computer's cache" before it was answered.
    expect(cacheAnswersBeforeFirstAnswer(steps.map((s) => ({ kind: s.kind, title: { en: s.title } })))).toEqual([])
  })

  it('shows the 301 redirect to https:// and the HSTS upgrade nginx asked for, with no http:// request for it', async () => {
    // The replica's truth: nginx's answers over http:// and https://.
    const plain = await inside('curl', ['-sS', '-o', '/dev/null', '-D', '-', '--resolve', 'www.shop.com:80:127.100.9.1', 'http://www.shop.com/'])
    expect(plain).toMatch(/^HTTP\/1\.1 301 /)
    expect(plain).toMatch(/^Location: https:\/\/www\.shop\.com\/\r?$/im)
    const secure = await inside('curl', ['-sS', '-o', '/dev/null', '-D', '-', '--cacert', replica.caFile, '--resolve', 'www.shop.com:443:127.100.9.1', 'https://www.shop.com/'])
    expect(secure).toMatch(/^Strict-Transport-Security: max-age=\d+/im)

    const redirect = steps.find((s) => s.kind === 'http-response' && s.title === 'read(): 301 Moved Permanently for /')!
    expect(redirect.concept).toBe('http.redirect')
    expect(redirect.detail).toContain('Location https://www.shop.com/ names where to ask instead')
    const followed = steps.find((s) => s.kind === 'http-redirect')!
    expect(followed.title).toBe('Redirected: GET / to www.shop.com')
    expect(steps.indexOf(followed)).toBeGreaterThan(steps.indexOf(redirect))

    const hsts = steps.find((s) => s.kind === 'hsts-upgrade')!
    expect(hsts.concept).toBe('http.hsts')
    expect(hsts.title).toBe('HSTS: http://www.shop.com/banner.png becomes https://www.shop.com/banner.png with no request')
    expect(hsts.detail).toContain('www.shop.com sent Strict-Transport-Security in its HTTPS response to https://www.shop.com/')
    expect(steps.indexOf(hsts)).toBeGreaterThan(steps.indexOf(followed))
    // The banner is then asked for over TLS only: one request, no second connection to port 80.
    expect(steps.filter((s) => s.title.startsWith('write(): GET /banner.png')).length).toBe(1)
    expect(steps.filter((s) => s.kind === 'connect' && s.title.endsWith('(port 80)')).length).toBe(1)
  })

  it('shows the image host that does not exist as an NXDOMAIN step from the io. server, and the page loading without it', async () => {
    const truth = await inside('dig', ['+norec', '+time=3', '+tries=1', '@127.100.1.5', 'cdn.nosuch.io', 'A'])
    expect(truth).toContain('status: NXDOMAIN')
    expect((await trace('cdn.nosuch.io')).zones).toEqual(['.', 'io.'])
    const nx = steps.find((s) => s.kind === 'dns-nxdomain')!
    expect(nx.title).toBe('cdn.nosuch.io. does not exist (NXDOMAIN)')
    const failed = steps.find((s) => s.kind === 'fetch-failed')!
    expect(failed.title).toBe('The address of cdn.nosuch.io could not be found')
    expect(failed.detail).toContain('GET https://cdn.nosuch.io/app.js: DNS_NXDOMAIN')
    expect(failed.detail).toContain('The page goes on without it.')
    // The page itself and its other files came: the 200 for / and the CDN's logo.
    const titles = steps.map((s) => s.title)
    expect(titles).toContain('read(): 200 OK for /')
    expect(titles).toContain('read(): 200 OK for /logo.png')
    await screenshot(session.page, 'internet-02-last-step')
  })
})
