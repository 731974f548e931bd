/**
 * Checks every package installed from package-lock.json against security/advisories.json and
 * exits 1 naming each match. `npm audit` needs an advisory service the project's registry does
 * not offer, so the list of advisories is kept in the repository (README: Security > Dependencies).
 *   npm run deps:check
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import semver from 'semver'

export type Advisory = { id: string; package: string; vulnerable: string; summary: string }
export type Finding = Advisory & { installed: string; location: string }

type Lockfile = { packages?: Record<string, { version?: string; name?: string }> }

/** The package name an entry of the lockfile's `packages` map installs ("node_modules/a/node_modules/@b/c" → "@b/c"). */
function packageName(location: string, entry: { name?: string }): string | null {
  const at = location.lastIndexOf('node_modules/')
  if (at < 0) return null
  return entry.name ?? location.slice(at + 'node_modules/'.length)
}

export function findVulnerable(lockfile: Lockfile, advisories: Advisory[]): Finding[] {
  const findings: Finding[] = []
  for (const [location, entry] of Object.entries(lockfile.packages ?? {})) {
    const name = packageName(location, entry)
    if (!name || !entry.version) continue
    for (const advisory of advisories)
      if (advisory.package === name && semver.satisfies(entry.version, advisory.vulnerable))
        findings.push({ ...advisory, installed: entry.version, location })
  }
  return findings
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export function readProjectFiles(): { lockfile: Lockfile; advisories: Advisory[] } {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as unknown
  return {
    lockfile: read('package-lock.json') as Lockfile,
    advisories: (read('security/advisories.json') as { advisories: Advisory[] }).advisories,
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { lockfile, advisories } = readProjectFiles()
  const findings = findVulnerable(lockfile, advisories)
  for (const f of findings)
    console.error(`${f.id}  ${f.package}@${f.installed} (${f.location}) is affected: ${f.summary}`)
  console.log(
    findings.length
      ? `${findings.length} installed package(s) have known advisories.`
      : `No installed package matches any of the ${advisories.length} known advisories.`,
  )
  process.exit(findings.length ? 1 : 0)
}
