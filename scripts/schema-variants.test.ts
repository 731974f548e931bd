import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { postgresVariant } from './schema-variants.mjs'

describe('schema variants', () => {
  it('the committed PostgreSQL schema is exactly the one derived from prisma/schema.prisma (no drift)', () => {
    const expected = postgresVariant(fs.readFileSync('prisma/schema.prisma', 'utf8'))
    expect(fs.readFileSync('prisma/postgres/schema.prisma', 'utf8')).toBe(expected)
  })
  it('both migration histories exist and name the same migrations', () => {
    const names = (dir: string) =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    expect(names('prisma/postgres/migrations')).toEqual(names('prisma/migrations'))
  })
})
