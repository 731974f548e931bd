import type { TestProject } from 'vitest/node'
import { createTemplateDatabase } from '../support/test-db'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database that createTestDb copies (tests/support/test-db.ts). */
    jissekiTemplateDatabase: string
  }
}

/**
 * Migrates one database per test run and project; each test file's database is a copy of it
 * instead of running every migration again (a file copy on SQLite, CREATE DATABASE … TEMPLATE on
 * PostgreSQL, where the 20 migrations cost about a second a file).
 */
export default async function setup(project: TestProject) {
  // This runs in Vitest's main process: the project's database kind comes from its env setting.
  const kind = project.config.env?.JISSEKI_TEST_DB === 'postgres' ? 'postgres' : 'sqlite'
  const template = await createTemplateDatabase(kind)
  project.provide('jissekiTemplateDatabase', template.url)
  return template.dropDatabase
}
