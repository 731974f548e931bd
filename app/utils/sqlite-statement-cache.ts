import type { Database, Statement } from 'better-sqlite3'

/**
 * Prisma's better-sqlite3 adapter prepares every statement anew (`client.prepare(sql).bind(args)`),
 * and preparing is a good part of the cost of the small statements a request makes. This keeps
 * the prepared statements of the adapter's connection by SQL text and hands the adapter a view
 * that binds the arguments per call (a better-sqlite3 statement can be bound only once). It
 * supports exactly what the adapter uses: `bind(args)` then `reader`, `columns()`, `raw().all()`,
 * `run()`; and `run()` without arguments (BEGIN). Anything else goes to a fresh statement.
 */
const MAX_STATEMENTS = 1000

type BoundView = {
  reader: boolean
  columns: () => ReturnType<Statement['columns']>
  raw: () => { all: () => unknown[] }
  run: () => ReturnType<Statement['run']>
}

export function cachePreparedStatements(client: Database): void {
  const prepare = client.prepare.bind(client)
  const cache = new Map<string, Statement>()
  const cached = (sql: string): Statement => {
    let statement = cache.get(sql)
    if (!statement) {
      statement = prepare(sql)
      // Oldest first out: raw SQL with literals (migrations, scripts) must not grow it forever.
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!)
      cache.set(sql, statement)
    }
    return statement
  }
  ;(client as { prepare: unknown }).prepare = (sql: string) => {
    const statement = cached(sql)
    return {
      bind: (args: unknown[]): BoundView => ({
        reader: statement.reader,
        columns: () => statement.columns(),
        // The adapter reads rows as arrays, always: raw mode can stay on for a reader.
        raw: () => ({ all: () => statement.raw(true).all(args) }),
        run: () => statement.run(args),
      }),
      run: () => statement.run(),
    }
  }
}
