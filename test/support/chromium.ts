// Debian's Chromium as the tests and benchmarks start it (../shared/TOOLCHAIN.md): no sandbox (root),
// no GPU, nothing that reaches outside the machine, and no name resolved through the system's
// resolver (it points outside 127/8): lab names are mapped explicitly by whoever needs them.
export const CHROMIUM = '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** --host-resolver-rules: `mappings` ("MAP host address") first, every other name NOTFOUND, and
 * 127.0.0.1 (the app's own server) left alone. */
export function hostResolverRules(mappings: string[] = []): string {
  return `--host-resolver-rules=${[...mappings, 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ')}`
}
