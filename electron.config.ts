// electron-vite configuration: builds the three Electron bundles from the card's folders, and the
// analyzer's worker thread as a fourth, separate bundle.
// Build with `electron-vite build -c electron.config.ts` (the name is only found with -c).
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { build, type Plugin } from 'vite'

const root = import.meta.dirname

/** Where the analyzer's worker is built: its own folder, holding the worker's entry
 * (`analyzer-worker.mjs`) and whatever chunks it needs, with every package it uses bundled in,
 * so it imports nothing but Node's own modules. electron-builder.yml
 * unpacks this folder out of app.asar, and main starts the worker from app.asar.unpacked
 * (src-main/electron/asar-paths.ts): Electron documents no ES-module worker thread inside app.asar
 * (ESM inside asar has broken before: electron/electron#40211, #45896), whereas unpacked files are
 * ordinary files that Node's own loader reads. Self-contained, because a package it imported from
 * node_modules would have to be unpacked too, with its own dependencies, and a new one would break
 * the installed app only; `.mjs`, because app.asar.unpacked has no package.json saying "module". */
const WORKER_OUT_DIR = 'out/worker'

/** Builds the worker once main's bundle is written (electron-vite builds only main, preload and
 * renderer; the worker is a separate Node bundle). */
function analyzerWorker(): Plugin {
  return {
    name: 'wiretrail:analyzer-worker',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        ssr: { noExternal: true },
        build: {
          ssr: true,
          target: 'node20',
          outDir: resolve(root, WORKER_OUT_DIR),
          emptyOutDir: true,
          minify: false,
          sourcemap: false,
          rollupOptions: {
            // The analyzer's thread and the one it counts compressed bodies on (count-thread.ts
            // finds count-worker.mjs beside its own chunk).
            input: { 'analyzer-worker': resolve(root, 'src-main/analyzer/worker.ts'), 'count-worker': resolve(root, 'src-main/analyzer/count-worker.ts') },
            external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
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
