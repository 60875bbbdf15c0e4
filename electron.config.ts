// electron-vite configuration: builds the three Electron bundles from the card's folders.
// Build with `electron-vite build -c electron.config.ts` (the name is only found with -c).
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          // The analyzer runs in a worker thread; analyzeCapture() finds this bundle beside its own
          // (src-main/analyzer/index.ts, "Where the worker comes from").
          'analyzer-worker': resolve(root, 'src-main/analyzer/worker.ts'),
        },
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
