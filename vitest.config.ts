import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname
const electronMock = { electron: resolve(root, 'test/mocks/electron.ts') }

export default defineConfig({
  test: {
    projects: [
      {
        // Engine, CLI, lab, resolver, recorder, analyzer: Node.
        resolve: { alias: electronMock },
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Vue components and Pinia stores.
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
          // As the node project: a component test that mounts the whole app takes 4–7 s on a
          // loaded 2-core machine, past vitest's 5 s default (a hang still fails).
          testTimeout: 30_000,
        },
      },
      {
        // The app in Debian's Chromium, driven by Playwright. One file at a time: each starts a
        // browser and a lab.
        resolve: { alias: electronMock },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
