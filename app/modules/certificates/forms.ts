import { z } from 'zod'
import { checkbox, optionalLine, optionalText } from '~/utils/form-fields'

/*
 * The certificate layout form of a program and the participant's request for a certificate
 * (docs/decisions/0051-certificates.md), shared by the browser and the server.
 */

export const DATE_STYLES = ['ERA', 'WESTERN'] as const
export type DateStyle = (typeof DATE_STYLES)[number]

export const CERTIFICATE_KINDS = ['ATTENDANCE', 'COMPLETION'] as const
export type CertificateKindName = (typeof CERTIFICATE_KINDS)[number]

/** A seal image: PNG or JPEG, at most this many bytes (checked by content, not by name). */
export const SEAL_MAX_BYTES = 1024 * 1024

const title = (fallback: string) => optionalLine(40).transform((v) => v ?? fallback)

export const LayoutActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('save'),
    officeName: optionalLine(100),
    attendanceTitle: title('受講証明書'),
    completionTitle: title('修了証'),
    body: optionalText(400),
    signerTitle: optionalLine(60),
    signerName: optionalLine(60),
    dateStyle: z.enum(DATE_STYLES, { message: 'invalidChoice' }),
    seal: z.instanceof(File).optional(),
    removeSeal: checkbox,
  }),
])

/** The participant asks for a certificate of one kind (/r/:token/certificate). */
export const CertificateRequestSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('certificate'), kind: z.enum(CERTIFICATE_KINDS) }),
])

/** The seminar's setting: mail the certificates after the last session. */
export const CertificateMailSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('certificatesByMail'), enabled: checkbox }),
])
