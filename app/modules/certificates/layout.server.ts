import type { Db } from '~/utils/db.server'
import { AppError } from '~/utils/errors'
import type { DateStyle } from './forms'
import { checkSeal } from './seal'
import { sealReadable } from './pdf.server'

/*
 * A program's certificate layout (docs/decisions/0051-certificates.md): the office's name, the two
 * titles, the sentence, the signer, an optional seal image and how dates are written.
 */

export type CertificateLayoutData = {
  officeName: string
  attendanceTitle: string
  completionTitle: string
  body: string
  signerTitle: string
  signerName: string
  sealImage: Buffer | null
  sealType: string | null
  dateStyle: DateStyle
}

export const DEFAULT_LAYOUT: CertificateLayoutData = {
  officeName: '',
  attendanceTitle: '受講証明書',
  completionTitle: '修了証',
  body: '',
  signerTitle: '',
  signerName: '',
  sealImage: null,
  sealType: null,
  dateStyle: 'ERA',
}

/** The program's layout, or the defaults when it has none yet. */
export async function certificateLayout(db: Db, programId: string): Promise<CertificateLayoutData> {
  const row = await db.certificateLayout.findUnique({ where: { programId } })
  if (!row) return DEFAULT_LAYOUT
  return {
    officeName: row.officeName,
    attendanceTitle: row.attendanceTitle,
    completionTitle: row.completionTitle,
    body: row.body,
    signerTitle: row.signerTitle,
    signerName: row.signerName,
    sealImage: row.sealImage ? Buffer.from(row.sealImage) : null,
    sealType: row.sealType,
    dateStyle: row.dateStyle === 'WESTERN' ? 'WESTERN' : 'ERA',
  }
}

export type LayoutInput = {
  officeName: string | null
  attendanceTitle: string
  completionTitle: string
  body: string | null
  signerTitle: string | null
  signerName: string | null
  dateStyle: DateStyle
  /** A new seal's bytes (an empty file input sends none), or remove the one there is. */
  seal: Uint8Array | null
  removeSeal: boolean
}

/**
 * Saves the layout. A seal that is not a PNG or JPEG (by its content), or larger than the limit,
 * is refused with nothing saved.
 */
export async function saveCertificateLayout(
  db: Db,
  programId: string,
  input: LayoutInput,
  userId: string | null = null,
): Promise<void> {
  const program = await db.program.findUnique({ where: { id: programId }, select: { id: true } })
  if (!program) throw new AppError('NOT_FOUND')
  let seal: { sealImage: Uint8Array<ArrayBuffer> | null; sealType: string | null } | undefined
  if (input.seal && input.seal.length > 0) {
    const checked = checkSeal(input.seal)
    if (!checked.ok) throw new AppError(checked.error)
    // A file that starts like an image but cannot be drawn is not an image either.
    if (!sealReadable(checked.bytes)) throw new AppError('CERTIFICATE_SEAL_NOT_IMAGE')
    seal = { sealImage: new Uint8Array(checked.bytes), sealType: checked.type }
  } else if (input.removeSeal) {
    seal = { sealImage: null, sealType: null }
  }
  const data = {
    officeName: input.officeName ?? '',
    attendanceTitle: input.attendanceTitle,
    completionTitle: input.completionTitle,
    body: input.body ?? '',
    signerTitle: input.signerTitle ?? '',
    signerName: input.signerName ?? '',
    dateStyle: input.dateStyle,
    ...seal,
  }
  // In the audit trail: what the certificates of the program print, and whether the seal changed.
  await db.$transaction([
    db.certificateLayout.upsert({ where: { programId }, create: { programId, ...data }, update: data }),
    db.auditEvent.create({
      data: {
        actorId: userId,
        action: 'certificate.layout',
        entityType: 'Program',
        entityId: programId,
        detail: JSON.stringify({
          programId,
          seal: seal === undefined ? 'kept' : seal.sealImage ? 'replaced' : 'removed',
        }),
      },
    }),
  ])
}

/** The console's layout page: the program, its layout (the seal as a data URL to show). */
export async function certificateLayoutPage(db: Db, programId: string) {
  const program = await db.program.findUnique({ where: { id: programId }, select: { id: true, name: true } })
  if (!program) throw new AppError('NOT_FOUND')
  const layout = await certificateLayout(db, programId)
  return {
    program,
    layout: {
      ...layout,
      sealImage: undefined,
      seal:
        layout.sealImage && layout.sealType
          ? `data:${layout.sealType};base64,${layout.sealImage.toString('base64')}`
          : null,
    },
  }
}
