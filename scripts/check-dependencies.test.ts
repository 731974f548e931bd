import { describe, expect, it } from 'vitest'
import { findVulnerable, readProjectFiles } from './check-dependencies'

describe('dependency advisories (security/advisories.json; README, Security: Dependencies)', () => {
  it('no installed package is affected by a known advisory', () => {
    const { lockfile, advisories } = readProjectFiles()
    expect(advisories.map((a) => a.id)).toContain('GHSA-rcmh-qjqh-p98v')
    expect(findVulnerable(lockfile, advisories)).toEqual([])
  })

  it('finds an affected version wherever the lockfile installs it, nested copies included', () => {
    const { advisories } = readProjectFiles()
    const lockfile = {
      packages: {
        '': { name: 'jisseki' },
        'node_modules/nodemailer': { version: '7.0.10' },
        'node_modules/mailparser/node_modules/nodemailer': { version: '10.3.1' },
        'node_modules/not-nodemailer': { version: '1.0.0' },
      },
    }
    const findings = findVulnerable(lockfile, advisories)
    expect(findings.map((f) => [f.id, f.location])).toEqual([
      ['GHSA-rcmh-qjqh-p98v', 'node_modules/nodemailer'],
      ['GHSA-vvjj-xcjg-gr5g', 'node_modules/nodemailer'],
      ['nodemailer#1820', 'node_modules/nodemailer'],
    ])
  })
})
