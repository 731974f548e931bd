/**
 * Creates a staff user (the first admin, or any later one):
 *   npm run user:create -- --email admin@city.example.jp --name "山田 花子" [--role ADMIN|STAFF|ORGANIZER]
 * The password is asked for twice without echo; when stdin is not a terminal, its first line is used.
 * There is never a default password.
 */
import readline from 'node:readline'
import { parseArgs } from 'node:util'
import { passwordWeakness } from '~/modules/accounts/password-strength.server'
import { secondFactorRequired } from '~/modules/accounts/second-factor.server'
import { createConsoleUser } from '~/modules/accounts/console-users.server'
import { createDb } from '~/utils/db.server'
import { parseEnv } from '~/utils/env.server'
import { migrate } from '~/utils/migrate.server'

// Check-in helpers are made from a seminar's page; organizers get their programs on the users page.
const ROLES = ['ADMIN', 'STAFF', 'ORGANIZER'] as const

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true })
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput
    ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.includes(question)) write.call(rl, s)
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    })
  })
}

async function readFirstLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin })
  for await (const line of rl) {
    rl.close()
    return line
  }
  return ''
}

async function main() {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'ADMIN' } },
  })
  if (!values.email) {
    console.error('Usage: npm run user:create -- --email <email> [--name <name>] [--role ADMIN|STAFF|ORGANIZER]')
    process.exit(2)
  }
  const role = values.role?.toUpperCase() as (typeof ROLES)[number]
  if (!ROLES.includes(role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}`)
    process.exit(2)
  }
  let password: string
  if (process.stdin.isTTY) {
    password = await askHidden('Password (12+ characters): ')
    if ((await askHidden('Repeat the password: ')) !== password) {
      console.error('The passwords do not match.')
      process.exit(1)
    }
  } else {
    password = await readFirstLine()
  }
  // Checked like every password set in the app: not a common one, not made of the context.
  const weakness = passwordWeakness(password, { email: values.email, name: values.name })
  if (weakness) {
    console.error(
      weakness === 'common'
        ? 'This password is common or easy to guess: combine words others would not think of.'
        : 'Most of this password is the product name (jisseki), the email or the name: combine unrelated words.',
    )
    process.exit(1)
  }
  const env = parseEnv()
  await migrate(env.DATABASE_URL)
  const db = createDb(env.DATABASE_URL)
  try {
    const user = await createConsoleUser(db, { email: values.email, name: values.name ?? values.email, password, role })
    console.log(`Created ${user.role} ${user.email}. Sign in at ${env.APP_URL}/console/login`)
    if (secondFactorRequired(user.role, env.MFA_REQUIRED_ROLES))
      console.log(
        'At the first sign-in, set up an authenticator app (two-step verification is required for this role).',
      )
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(
      message.includes('Unique constraint') ? `A user with the email ${values.email} already exists.` : message,
    )
    process.exitCode = 1
  } finally {
    await db.$disconnect()
  }
}

await main()
