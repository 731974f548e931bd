import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUILD_OUTPUTS, buildNeeded, recordBuild, sourcesFingerprint } from './build-state.mjs'

let root: string
const write = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
  fs.writeFileSync(path.join(root, file), content)
}

/** A project as a build leaves it: sources, every output, and the recorded fingerprint. */
function builtProject() {
  write('app/root.tsx', 'export default function App() {}\n')
  write('app/generated/prisma/client.ts', 'export {}\n')
  write('server.ts', 'listen()\n')
  write('package-lock.json', '{}\n')
  write('build/server.mjs', '')
  write('build/server/index.js', '')
  fs.mkdirSync(path.join(root, 'build/client'), { recursive: true })
  recordBuild(root)
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'jisseki-build-state-'))
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

describe('npm start rebuilds only when the build is not current', () => {
  it('does not rebuild a build made from the sources as they are', () => {
    builtProject()
    expect(buildNeeded(root)).toBeNull()
  })

  it('does not rebuild when files were only touched, or tests changed', () => {
    builtProject()
    const later = new Date(Date.now() + 60_000)
    fs.utimesSync(path.join(root, 'app/root.tsx'), later, later)
    write('app/root.test.ts', 'it()\n')
    expect(buildNeeded(root)).toBeNull()
  })

  it('rebuilds when a source, the generated client or the lock file changed, or a file was added', () => {
    for (const change of [
      () => write('app/root.tsx', 'export default function App() { return null }\n'),
      () => write('app/generated/prisma/client.ts', 'export const x = 1\n'),
      () => write('package-lock.json', '{"lockfileVersion":3}\n'),
      () => write('app/routes/new-page.tsx', 'export default function Page() {}\n'),
      () => fs.rmSync(path.join(root, 'server.ts')),
    ]) {
      builtProject()
      change()
      expect(buildNeeded(root)).toBe('the sources changed since the build')
    }
  })

  it('builds when there is no build, part of it is missing, or it does not say what it was made from', () => {
    expect(buildNeeded(root)).toMatch(/is missing/)
    for (const output of BUILD_OUTPUTS) {
      builtProject()
      fs.rmSync(path.join(root, output), { recursive: true })
      expect(buildNeeded(root)).toBe(`${output} is missing`)
    }
    builtProject()
    fs.rmSync(path.join(root, 'build/.sources-sha256'))
    expect(buildNeeded(root)).toMatch(/does not say/)
  })

  it('fingerprints paths as well as contents', () => {
    builtProject()
    const before = sourcesFingerprint(root)
    fs.renameSync(path.join(root, 'app/root.tsx'), path.join(root, 'app/root2.tsx'))
    expect(sourcesFingerprint(root)).not.toBe(before)
  })
})
