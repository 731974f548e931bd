import { beforeAll, describe, expect, it } from 'vitest'
import { databaseForRoutes, signedInAs } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { formatBytes } from '~/utils/body-limits.server'
import { action as layoutAction } from '~/routes/console.programs_.$programId.certificate'
import { SEAL_MAX_BYTES } from './forms'

/*
 * The certificate routes called directly (docs/decisions/0051-certificates.md, review fixes): what
 * the module tests cannot see — how much of an upload is read.
 */

const database = databaseForRoutes()
let db: Db
let cookie: string
let programId: string

beforeAll(async () => {
  db = database.db
  ;({ cookie } = await signedInAs(db, 'cert-admin@city.example.jp', 'ADMIN'))
  programId = (await db.program.create({ data: { code: 'CERT', name: '証明書事業' } })).id
})

function layoutForm(seal: Uint8Array<ArrayBuffer>): FormData {
  const form = new FormData()
  form.set('intent', 'save')
  form.set('attendanceTitle', '受講証明書')
  form.set('completionTitle', '修了証')
  form.set('dateStyle', 'ERA')
  form.set('officeName', '横浜市')
  form.set('seal', new File([seal], 'seal.png', { type: 'image/png' }))
  return form
}

describe('the layout page', () => {
  it('stops reading a seal upload at the seal limit (1 MB), not the general 10 MB upload limit', async () => {
    const reply = (await layoutAction({
      request: new Request(`http://localhost/console/programs/${programId}/certificate`, {
        method: 'POST',
        headers: { Cookie: cookie },
        body: layoutForm(new Uint8Array(SEAL_MAX_BYTES + 512 * 1024)),
      }),
      params: { programId },
      context: {},
    })) as unknown as { init: { status: number; headers: Record<string, string> } }
    expect(reply.init.status).toBe(413)
    // Refused while reading the upload, at the seal's own limit.
    expect(reply.init.headers['X-Limit']).toBe(formatBytes(SEAL_MAX_BYTES))
    expect(await db.certificateLayout.count({ where: { programId } })).toBe(0)
  })
})
