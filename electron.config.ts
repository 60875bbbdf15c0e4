// electron-vite configuration: builds the three Electron bundles from the card's folders, and the
// analyzer's worker thread as a fourth, separate bundle.
// Build with `electron-vite build -c electron.config.ts` (the name is only found with -c).
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { build, type Plugin } from 'vite'

const root = import.meta.dirname

/** Where the analyzer's worker is built: its own folder, holding nothing but the worker's entry
 * (`analyzer-worker.mjs`) and whatever chunks it needs. electron-builder.yml unpacks this whole
 * folder (and pcap-parser) out of app.asar, and main starts the worker from app.asar.unpacked
 * (src-main/electron/asar-paths.ts, `analyzer-worker.mjs`): Electron documents no ES-module worker thread inside app.asar
 * (ESM inside asar has broken before: electron/electron#40211, #45896), whereas unpacked files are
 * ordinary files that Node's own loader reads. Its own bundle, so it shares no chunk with main's
 * (which stays inside app.asar); `.mjs`, so Node needs no package.json to know it is a module
 * (app.asar.unpacked has none). */
const WORKER_OUT_DIR = 'out/worker'

/** Builds the worker once main's bundle is written (electron-vite builds only main, preload and
 * renderer; the worker is a separate Node bundle with the same externals as main). */
function analyzerWorker(): Plugin {
  return {
    name: 'wiretrail:analyzer-worker',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        build: {
          ssr: true,
          target: 'node20',
          outDir: resolve(root, WORKER_OUT_DIR),
          emptyOutDir: true,
          minify: false,
          sourcemap: false,
          rollupOptions: {
            input: { 'analyzer-worker': resolve(root, 'src-main/analyzer/worker.ts') },
            // Node's modules and the runtime dependencies (pcap-parser) are loaded from where the
            // worker runs: node_modules beside it (unpacked in app.asar.unpacked, or a checkout).
            external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), /^pcap-parser(\/|$)/, /^dns-packet(\/|$)/],
            output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
          },
        },
      })
    },
  }
}

export default defineConfig({
  main: {
    plugins: [analyzerWorker()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/electron/main.ts') },
        // Chunks (the engine modules the services load on first use) sit beside index.js, not in
        // a subfolder: the lab finds assets/lab two folders above its own file, as in a checkout.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload is not an ES module and cannot require() node_modules: bundle it into
      // one CommonJS file that requires only 'electron' (which the sandbox provides).
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
})
