/**
 * Imported first by a benchmark: when DATABASE_URL names a PostgreSQL server, the benchmark runs
 * on it (in databases it creates there and drops afterwards), as JISSEKI_TEST_DB=postgres with
 * TEST_POSTGRES_URL would. Must be evaluated before tests/support/test-db.ts reads them.
 */
const url = process.env.DATABASE_URL
if (url && /^postgres(ql)?:\/\//.test(url)) {
  process.env.JISSEKI_TEST_DB = 'postgres'
  process.env.TEST_POSTGRES_URL ??= url
}
