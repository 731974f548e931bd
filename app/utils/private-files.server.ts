import fs from 'node:fs'
import path from 'node:path'

/*
 * Files that hold personal data are readable by the app's own user only
 * (docs/decisions/0022-personal-data-hardening.md): the SQLite database and its -wal/-shm/-journal
 * files, the .eml copies in MAIL_DIR, the identity secret. Each is created with an explicit mode
 * rather than by changing the process umask (which would reach every file any library writes).
 */

/** rw for the owner only. */
export const PRIVATE_FILE_MODE = 0o600
/** rwx for the owner only. */
export const PRIVATE_DIR_MODE = 0o700

/** The files SQLite keeps beside a database. */
export const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const

/**
 * Before SQLite opens `file`: its directory is created 0700 when missing, the database file is
 * created 0600 when missing (SQLite then gives its -wal and -shm files the database file's mode),
 * and an existing database and its companion files are set to 0600 — an installation from before
 * this rule is tightened at its next start. A file the app's user does not own is left alone with
 * a warning (chmod would fail; the operator decided its mode).
 */
export function restrictSqliteFiles(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE })
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE))
  for (const f of [file, ...SQLITE_COMPANIONS.map((s) => file + s)]) {
    try {
      if ((fs.statSync(f).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(f, PRIVATE_FILE_MODE)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') continue
      if (code === 'EPERM') console.warn(`[files] ${f} is not the app's own file: its mode is left as it is.`)
      else throw error
    }
  }
}
