#!/usr/bin/env node
// Compiles server.ts (and the app modules it imports) into build/server.mjs, so production runs
// on plain Node: no TypeScript loader in the serving process (tsx's loader thread costs ~30 MB).
// Packages stay external; `npm run build` runs this after the Remix build.
import path from 'node:path'
import { build } from 'esbuild'

/** `~/…` is the app (tsconfig paths); esbuild would take it for a package and leave it out. */
const appAlias = {
  name: 'app-alias',
  setup(b) {
    b.onResolve({ filter: /^~\// }, (args) =>
      b.resolve(`./${path.posix.join('app', args.path.slice(2))}`, { kind: args.kind, resolveDir: process.cwd() }),
    )
  },
}

await build({
  entryPoints: ['server.ts'],
  outfile: 'build/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [appAlias],
})
