import { beforeAll, describe, expect, it } from 'vitest'
import { databaseForRoutes, signedInAs } from '../../../tests/support/routes'
import type { Db } from '~/utils/db.server'
import { formatBytes } from '~/utils/body-limits.server'
import { action as layoutAction } from '~/routes/console.programs_.$programId.certificate'
import { loader as registrationPage } from '~/routes/console.seminars.$id.registrations.$rid._index'
import { createSeminar, participant } from '../../../tests/support/factories'
import { register } from '../registration/registrations.server'
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

describe('the registration page', () => {
  it('offers the issue forms only to roles that may POST them (not to STAFF, who may download)', async () => {
    const seminar = await createSeminar(db, { title: '証明書の役割' })
    const { id } = await register(db, { seminarId: seminar.id, ...participant() })
    const page = async (role: 'ADMIN' | 'STAFF') => {
      const { cookie } = await signedInAs(db, `cert-${role.toLowerCase()}-page@city.example.jp`, role)
      return registrationPage({
        request: new Request(`http://localhost/console/seminars/${seminar.id}/registrations/${id}`, {
          headers: { Cookie: cookie },
        }),
        params: { id: seminar.id, rid: id },
        context: {},
      })
    }
    expect(await page('ADMIN')).toMatchObject({ mayIssue: true, mayDownload: true })
    expect(await page('STAFF')).toMatchObject({ mayIssue: false, mayDownload: true })
  })
})
