import { z } from 'zod'

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['true', '1', 'on', 'yes'].includes(v))

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .default('file:./data/jisseki.db')
    .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), 'must start with file: (SQLite) or postgres:// (PostgreSQL)'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * The address to listen on. Unset: 0.0.0.0 (every interface), but 127.0.0.1 when TRUST_PROXY
   * says a reverse proxy stands in front — then only the proxy (on this machine) may connect, and
   * nobody can reach the app around it with an X-Forwarded-For of their choosing.
   */
  HOST: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  /**
   * Connections the kernel may queue for the app before it accepts them (listen backlog). Node's
   * default of 511 overflows when a thousand people open a popular seminar at once; Linux caps the
   * value at net.core.somaxconn (4096 on kernels since 5.4).
   */
  LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65535).default(4096),
  /**
   * Requests the app works on at once; the others wait their turn in arrival order
   * (app/utils/admission.server.ts, docs/decisions/0052). A few are enough: SQLite runs one
   * statement at a time, and more at once only make each turn of the event loop longer.
   */
  REQUEST_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /**
   * Requests that may wait for their turn; beyond, an answer 503 with Retry-After at once. Each
   * waits with its body already read (up to 64 KB for a public form): the limit bounds that memory.
   */
  REQUEST_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /**
   * App processes serving on PORT (node:cluster); 1 is a single process. On a machine with
   * several cores, their number uses them all (docs/decisions/0052): safe on SQLite (one writer
   * at a time across processes, BEGIN IMMEDIATE) and on PostgreSQL.
   */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** The public address; unset, this machine on PORT (`PORT=4101 npm start` links to :4101). */
  APP_URL: z.string().url().optional(),
  DEMO_DATA: booleanFlag.default('true'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** A session ends after this many minutes without a request (next to SESSION_TTL_HOURS). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /**
   * Roles that must sign in with a second factor (comma-separated ADMIN, STAFF, ORGANIZER).
   * Admins always must, whatever this says.
   */
  MFA_REQUIRED_ROLES: z
    .string()
    .default('ADMIN')
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim().toUpperCase())
        .filter(Boolean),
    )
    .refine(
      (roles) => roles.every((r) => ['ADMIN', 'STAFF', 'ORGANIZER'].includes(r)),
      'must list ADMIN, STAFF, ORGANIZER',
    )
    .transform((roles) => [...new Set(['ADMIN', ...roles])] as ('ADMIN' | 'STAFF' | 'ORGANIZER')[]),
  /** smtp://user:pass@host:587 or smtps://…; unset: messages are written as .eml files to MAIL_DIR. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://'),
  MAIL_FROM: z.string().default('Jisseki <no-reply@localhost>'),
  /** The office's address for questions (accessibility, personal data) on the public policy pages; unset: MAIL_FROM's. */
  CONTACT_EMAIL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^[^\s@<>"]+@[^\s@<>"]+$/.test(v), 'must be an email address'),
  MAIL_DIR: z.string().default('./data/mail'),
  /** Reminders go out at 09:00 Japan time this many days before a session (0: no reminders). */
  REMINDER_DAYS: z.coerce.number().int().min(0).max(30).default(1),
  /** Reverse proxies in front of the app (a number, or true for one): then X-Forwarded-For names the client. */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || /^([0-9]|true|false|yes|no|on|off)$/i.test(v.trim()),
      'must be 0–9 or true/false',
    ),
  /**
   * Key of the pseudonymous identity kept when personal data is removed (HMAC-SHA256). Unset on
   * SQLite: generated once into a file beside the database. Required on PostgreSQL.
   */
  IDENTITY_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters (e.g. openssl rand -base64 48)'),
  /**
   * Webhooks may go to this machine (127.0.0.1, ::1, localhost, also over plain HTTP) in
   * production too; outside production they always may (docs/decisions/0056-webhooks.md).
   */
  WEBHOOK_ALLOW_LOOPBACK: booleanFlag.default('false'),
  /** How long a webhook's receiver has to answer, in milliseconds. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often each process looks for messages to send. */
  MAIL_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
})

/**
 * How many reverse proxies stand in front of the app (TRUST_PROXY: a number of hops, or
 * true/yes/on for one). Unset or 0: X-Forwarded-For is ignored, since anyone can send it.
 */
export function proxyHops(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase()
  if (['true', 'yes', 'on'].includes(v)) return 1
  return /^[0-9]$/.test(v) ? Number(v) : 0
}

const EnvWithHost = EnvSchema.transform((e) => ({
  ...e,
  APP_URL: e.APP_URL ?? `http://localhost:${e.PORT}`,
  HOST: e.HOST ?? (proxyHops(e.TRUST_PROXY) > 0 ? '127.0.0.1' : '0.0.0.0'),
}))

export type Env = z.infer<typeof EnvWithHost>

/** Validates the environment; a missing or malformed variable stops the server naming it. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvWithHost.safeParse(source)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid environment configuration:\n${problems}`)
  }
  return result.data
}

let cached: Env | undefined
export function env(): Env {
  cached ??= parseEnv()
  return cached
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Cookies are Secure over https and in production. The one exception is trying the app on this
 * machine (`npm start` at http://localhost), where no certificate exists.
 */
export function cookiesAreSecure(e: Env = env()): boolean {
  const url = new URL(e.APP_URL)
  if (url.protocol === 'https:') return true
  return e.NODE_ENV === 'production' && !LOCAL_HOSTS.has(url.hostname)
}

/** Warnings worth printing at start. */
export function configurationWarnings(e: Env = env()): string[] {
  const url = new URL(e.APP_URL)
  if (e.NODE_ENV === 'production' && url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    return [
      `APP_URL is ${e.APP_URL}: serve the site over https, or browsers will not send the Secure session cookie and staff cannot sign in.`,
    ]
  }
  return []
}
