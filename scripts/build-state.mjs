#!/usr/bin/env node
// Whether the build in build/ was made from the sources as they are now, so `npm start` builds
// only when something changed (a fresh checkout, a pull, an edit) and otherwise starts at once.
//
//   node scripts/build-state.mjs record            after a build: writes the sources' fingerprint
//   node scripts/build-state.mjs build-if-needed   runs `npm run build` unless the build is current
//
// The fingerprint is a SHA-256 of the path and content of every file the build reads (app/ with
// the generated Prisma clients, public/, server.ts, the build configuration, package-lock.json):
// content, not modification times, so a checkout that touches files without changing them does
// not rebuild, and going back to an older commit does.
import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** What the build reads, relative to the project folder: folders are read whole. */
export const BUILD_INPUTS = [
  'app',
  'public',
  'server.ts',
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  'scripts/build-server.mjs',
]

/** What a build leaves, relative to the project folder: all of it must be there. */
export const BUILD_OUTPUTS = ['build/server.mjs', 'build/server/index.js', 'build/client']

/** Where `record` writes the fingerprint of the sources a build was made from. */
export const STAMP = 'build/.sources-sha256'

const SKIPPED = new Set(['node_modules', '.DS_Store'])

function filesUnder(root, relative) {
  const full = path.join(root, relative)
  if (!fs.existsSync(full)) return []
  if (!fs.statSync(full).isDirectory()) return [relative]
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((entry) => !SKIPPED.has(entry.name) && !entry.name.endsWith('.test.ts'))
    .flatMap((entry) => filesUnder(root, path.posix.join(relative, entry.name)))
}

/** The SHA-256 (hex) of the build's inputs under `root`: every file's path and content, in order. */
export function sourcesFingerprint(root) {
  const hash = crypto.createHash('sha256')
  for (const file of BUILD_INPUTS.flatMap((input) => filesUnder(root, input)).sort()) {
    hash.update(`${file}\0`)
    hash.update(fs.readFileSync(path.join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/**
 * Why `root` needs a build, or null when its build is current: an output missing, no fingerprint
 * recorded (a build from before this script, or one that failed half way), or sources changed.
 */
export function buildNeeded(root) {
  const missing = BUILD_OUTPUTS.find((output) => !fs.existsSync(path.join(root, output)))
  if (missing) return `${missing} is missing`
  const stamp = path.join(root, STAMP)
  if (!fs.existsSync(stamp)) return 'the build does not say which sources it was made from'
  if (fs.readFileSync(stamp, 'utf8').trim() !== sourcesFingerprint(root)) return 'the sources changed since the build'
  return null
}

/** Writes the fingerprint of the sources as they are now (run right after a successful build). */
export function recordBuild(root) {
  fs.mkdirSync(path.join(root, path.dirname(STAMP)), { recursive: true })
  fs.writeFileSync(path.join(root, STAMP), `${sourcesFingerprint(root)}\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.cwd()
  const command = process.argv[2]
  if (command === 'record') {
    recordBuild(root)
  } else if (command === 'build-if-needed') {
    const reason = buildNeeded(root)
    if (reason === null) {
      console.log('The build is current (made from these sources): starting without rebuilding.')
    } else {
      console.log(`Building: ${reason}.`)
      // A stamp left from an earlier build must not vouch for a build that fails half way.
      fs.rmSync(path.join(root, STAMP), { force: true })
      const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' })
      if (run.status !== 0) process.exit(run.status ?? 1)
    }
  } else {
    console.error('usage: node scripts/build-state.mjs record | build-if-needed')
    process.exit(2)
  }
}
