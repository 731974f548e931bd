import type Mail from 'nodemailer/lib/mailer'
import type { Db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { Lang } from '~/utils/i18n'
import { formatDateTime, formatSessionTime } from '~/utils/time'
import type { OutboxMessage } from '~/generated/prisma/client'
import { openLinkToken } from '../accounts/link-seal.server'
import { hashToken } from '../accounts/console-users.server'
import { registrationCalendar } from '../calendar/ics.server'
import {
  calendarMethod,
  composeMessage,
  composeStaffMessage,
  isStaffMessageKind,
  type Block,
  type MessageFacts,
  type StaffMessageKind,
} from './templates'
import { qrPng } from './qr-png.server'
import { currentTime } from '~/utils/clock.server'
import { invitationForMessage, surveyToken } from '../surveys/surveys.server'
import { certificateAttachments } from '../certificates/mailing.server'

/*
 * Renders an outbox row into a nodemailer message when it is delivered, in the participant's
 * language and from the data as it is now (docs/decisions/0010-outbox-and-calendar.md).
 */

const QR_CID = 'reception-slip@jisseki'

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function blocksToText(blocks: Block[]): string {
  return (
    blocks
      .map((b) => {
        switch (b.type) {
          case 'p':
            return b.text
          case 'details':
            return b.rows.map(([k, v]) => `■ ${k}\n  ${v}`).join('\n')
          case 'link':
            return `${b.label}:\n${b.url}`
          case 'qr':
            return `${b.caption}: ${b.code}`
        }
      })
      .join('\n\n') + '\n'
  )
}

export function blocksToHtml(blocks: Block[], lang: Lang): string {
  const body = blocks
    .map((b) => {
      switch (b.type) {
        case 'p':
          return `<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`
        case 'details':
          return `<table role="presentation" style="border-collapse:collapse">${b.rows
            .map(
              ([k, v]) =>
                `<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`,
            )
            .join('')}</table>`
        case 'link':
          return `<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`
        case 'qr':
          return `<figure style="margin:16px 0"><img src="cid:${escapeHtml(b.cid ?? QR_CID)}" width="200" height="200" alt="${escapeHtml(b.code)}"><figcaption>${escapeHtml(b.caption)}: <strong>${escapeHtml(b.code)}</strong></figcaption></figure>`
      }
    })
    .join('\n')
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.6">\n${body}\n</body></html>`
}

/**
 * An account message (invitation, password reset), or null when it should not go out any more:
 * the user is gone or disabled, or the link was replaced, used or has expired.
 */
async function renderStaffMessage(
  db: Db,
  message: OutboxMessage & { kind: StaffMessageKind },
  now: Date,
): Promise<Mail.Options | null> {
  // `body` holds the link's token, sealed for this user, until the message is sent.
  const token = openLinkToken(message.body, message.consoleUserId)
  if (!message.consoleUserId || !token) return null
  const [user, link] = await Promise.all([
    db.consoleUser.findUnique({
      where: { id: message.consoleUserId },
      select: { name: true, email: true, role: true, disabledAt: true },
    }),
    db.accountToken.findUnique({
      where: { id: hashToken(token) },
      select: { userId: true, usedAt: true, expiresAt: true },
    }),
  ])
  if (!user || user.disabledAt || user.role === 'CHECKIN') return null
  if (!link || link.userId !== message.consoleUserId || link.usedAt || link.expiresAt <= now) return null
  const config = env()
  const { subject, blocks } = composeStaffMessage({
    kind: message.kind,
    name: user.name,
    email: user.email,
    url: new URL(`/console/password/${token}`, config.APP_URL).href,
    expiresAt: { ja: formatDateTime(link.expiresAt, 'ja'), en: formatDateTime(link.expiresAt, 'en') },
  })
  return {
    from: config.MAIL_FROM,
    to: { name: user.name, address: user.email },
    subject,
    text: blocksToText(blocks),
    html: blocksToHtml(blocks, 'ja'),
    messageId: message.messageId,
    date: new Date(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'ja, en' },
  }
}

/**
 * The message as nodemailer sends it, or null when it should not be sent: its registration (or
 * its address) is gone, or for an account message, its link no longer works.
 */
export async function renderMessage(db: Db, message: OutboxMessage, now = currentTime()): Promise<Mail.Options | null> {
  const { kind } = message
  if (isStaffMessageKind(kind)) return renderStaffMessage(db, { ...message, kind }, now)
  if (kind === 'ORGANIZER' && !message.registrationId && message.consoleUserId) return renderOrganizerTest(db, message)
  if (!message.registrationId) return null
  const registration = await db.registration.findUnique({
    where: { id: message.registrationId },
    include: {
      seminar: { include: { sessions: { orderBy: { startsAt: 'asc' } } } },
      chosenSessions: { select: { sessionId: true } },
    },
  })
  if (!registration?.email) return null
  const { seminar } = registration
  const config = env()
  // A survey's mail goes only while its invitation still waits for an answer and the survey is open.
  const surveyMail = kind === 'SURVEY_INVITATION' || kind === 'SURVEY_REMINDER'
  const invitation = surveyMail ? await invitationForMessage(db, message) : null
  if (surveyMail && (!invitation || invitation.answered || invitation.closesAt <= now)) return null
  const lang: Lang = registration.language === 'en' ? 'en' : 'ja'
  const online = registration.mode === 'ONLINE'
  // In English, the seminar's English venue where there is one (docs/decisions/0038).
  const seminarVenue = (lang === 'en' && seminar.venueNameEn) || seminar.venueName
  const where = (venueName: string | null) =>
    online ? (lang === 'en' ? 'Online' : 'オンライン') : (venueName ?? seminarVenue ?? '')
  const several = seminar.sessions.length > 1
  // Where the seminar lets people choose sessions, the ones this person chose (none chosen: all).
  const chosen = new Set(registration.chosenSessions.map((c) => c.sessionId))
  const attended = chosen.size > 0 ? seminar.sessions.filter((s) => chosen.has(s.id)) : seminar.sessions
  const sessions = attended.map((s) => ({
    id: s.id,
    label: several ? (lang === 'en' ? `session ${s.number}` : `第${s.number}回`) : '',
    when: formatSessionTime(s.startsAt, s.endsAt, lang),
    where: where(s.venueName),
  }))
  const confirmed = registration.status === 'CONFIRMED'
  const applied = registration.status === 'APPLIED'
  // A group's contact person is sent everyone's slips with their confirmation (docs/decisions/0036).
  const group =
    (kind === 'CONFIRMED' || kind === 'LOTTERY_WON') && confirmed ? await othersOfGroup(db, registration.id) : []
  // A lottery's draw time, and the winner's deadline as it is now (confirmed meanwhile: none).
  const lottery =
    kind.startsWith('LOTTERY_') || (kind === 'REGISTRATION_CHANGED' && applied)
      ? await db.lottery.findUnique({ where: { seminarId: seminar.id }, select: { drawAt: true } })
      : null
  const facts: MessageFacts = {
    kind,
    name: registration.name,
    seminarTitle: (lang === 'en' && seminar.titleEn) || seminar.title,
    sessions,
    code: registration.code,
    manageUrl: new URL(`/r/${registration.manageToken}`, config.APP_URL).href,
    seminarUrl: new URL(`/seminars/${seminar.id}`, config.APP_URL).href,
    onlineUrl: online ? seminar.onlineUrl : null,
    confirmed,
    waitlistPosition: message.waitlistPosition,
    cancelledBy: registration.cancelledBy,
    materialsUrl: seminar.materialsUrl,
    reminderSession: sessions.find((s) => s.id === message.sessionId) ?? null,
    organizerSubject: message.subject,
    organizerBody: message.body,
    siteName: lang === 'en' ? 'Jisseki seminars' : 'Jisseki セミナー',
    group: group.map((m, i) => ({
      name: m.name,
      code: m.code,
      manageUrl: new URL(`/r/${m.manageToken}`, config.APP_URL).href,
      cid: `slip-${i + 1}@jisseki`,
    })),
    mode: online ? (lang === 'en' ? 'Online' : 'オンライン') : lang === 'en' ? 'In person' : '会場',
    lottery: lottery
      ? {
          drawAt: formatDateTime(lottery.drawAt, lang),
          number: registration.lotteryNumber,
          confirmBy: confirmed && registration.confirmBy ? formatDateTime(registration.confirmBy, lang) : null,
        }
      : null,
    applied,
    survey: invitation
      ? {
          url: new URL(`/s/${surveyToken(invitation.id)}`, config.APP_URL).href,
          closesAt: formatDateTime(invitation.closesAt, lang),
          anonymous: invitation.survey.anonymous,
        }
      : null,
  }
  const { subject, blocks } = composeMessage(facts, lang)
  const attachments: Mail.Attachment[] = []
  if (blocks.some((b) => b.type === 'qr' && !b.cid)) {
    attachments.push({
      filename: `${registration.code}.png`,
      content: qrPng(registration.checkinToken ?? registration.code),
      contentType: 'image/png',
      cid: QR_CID,
    })
  }
  for (const [i, m] of group.entries()) {
    if (!blocks.some((b) => b.type === 'qr' && b.cid === `slip-${i + 1}@jisseki`)) continue
    attachments.push({
      filename: `${m.code}.png`,
      content: qrPng(m.checkinToken ?? m.code),
      contentType: 'image/png',
      cid: `slip-${i + 1}@jisseki`,
    })
  }
  const method = calendarMethod(kind, confirmed, applied)
  const ics = method ? await registrationCalendar(db, registration.id, { method }) : null
  if (ics) {
    // The file says what it is (a seminar cancelled since the message was queued makes it CANCEL).
    const written = /^METHOD:(\w+)/m.exec(ics)?.[1] ?? method
    attachments.push({
      filename: 'seminar.ics',
      content: ics,
      contentType: `text/calendar; charset=utf-8; method=${written}`,
    })
  }
  if (kind === 'CERTIFICATE') {
    // The PDFs stored at issue (docs/decisions/0051-certificates.md); none left (anonymized since): not sent.
    const pdfs = await certificateAttachments(db, registration.id)
    if (pdfs.length === 0) return null
    attachments.push(...pdfs)
  }
  return {
    from: config.MAIL_FROM,
    to: { name: registration.name, address: registration.email },
    subject,
    text: blocksToText(blocks),
    html: blocksToHtml(blocks, lang),
    messageId: message.messageId,
    date: new Date(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': lang },
    attachments,
  }
}

/**
 * The others of the group this registration is the contact of (position 0), still confirmed and
 * not anonymized, in the form's order; none when it is not a group's contact.
 */
async function othersOfGroup(db: Db, registrationId: string) {
  const membership = await db.registrationGroupMember.findUnique({
    where: { registrationId },
    select: { groupId: true, position: true },
  })
  if (!membership || membership.position !== 0) return []
  const members = await db.registrationGroupMember.findMany({
    where: { groupId: membership.groupId, position: { gt: 0 } },
    orderBy: { position: 'asc' },
    select: {
      registration: {
        select: { name: true, code: true, manageToken: true, checkinToken: true, status: true, anonymizedAt: true },
      },
    },
  })
  return members.map((m) => m.registration).filter((r) => r.status === 'CONFIRMED' && r.anonymizedAt === null)
}

/** Where a recipient's own link goes in an organizer's message; a sample shows a note instead. */
const OWN_LINK = 'about:own-link'

const SAMPLE_TEXTS: Record<Lang, { ownLink: string; test: string; testSubject: string; name: string }> = {
  ja: {
    ownLink: '（受け取る方ごとの、お申込みの確認・変更・キャンセル用リンクが入ります）',
    test: 'これはテスト送信です。参加者へのメールでは、宛名とリンクが受け取る方ごとに変わります。',
    testSubject: '【テスト送信】',
    name: '（参加者のお名前）',
  },
  en: {
    ownLink: "(each recipient's own link to view, change or cancel their registration)",
    test: "This is a test. In the participants' emails, the name and links are each recipient's own.",
    testSubject: '[Test] ',
    name: "(participant's name)",
  },
}

/**
 * An organizer's message as a recipient will receive it, before it is sent: the seminar's facts as
 * they are, a stand-in for the recipient's name (or the given one) and a note where their own link
 * goes. The confirmation page shows it, and the test send to oneself mails it.
 */
export async function organizerMessageSample(
  db: Db,
  input: { seminarId: string; subject: string; body: string; lang: Lang; name?: string; test?: boolean },
): Promise<{ subject: string; blocks: Block[] } | null> {
  const seminar = await db.seminar.findUnique({
    where: { id: input.seminarId },
    include: { sessions: { orderBy: { startsAt: 'asc' } } },
  })
  if (!seminar) return null
  const { lang } = input
  const texts = SAMPLE_TEXTS[lang]
  const several = seminar.sessions.length > 1
  const config = env()
  const composed = composeMessage(
    {
      kind: 'ORGANIZER',
      name: input.name ?? texts.name,
      seminarTitle: (lang === 'en' && seminar.titleEn) || seminar.title,
      sessions: seminar.sessions.map((s) => ({
        label: several ? (lang === 'en' ? `session ${s.number}` : `第${s.number}回`) : '',
        when: formatSessionTime(s.startsAt, s.endsAt, lang),
        // As renderMessage words it for a participant attending in person.
        where: s.venueName ?? ((lang === 'en' && seminar.venueNameEn) || seminar.venueName) ?? '',
      })),
      code: '',
      manageUrl: OWN_LINK,
      seminarUrl: new URL(`/seminars/${seminar.id}`, config.APP_URL).href,
      onlineUrl: null,
      confirmed: false,
      waitlistPosition: null,
      cancelledBy: null,
      materialsUrl: null,
      reminderSession: null,
      organizerSubject: input.subject,
      organizerBody: input.body,
      siteName: lang === 'en' ? 'Jisseki seminars' : 'Jisseki セミナー',
    },
    lang,
  )
  const blocks: Block[] = composed.blocks.map((b) =>
    b.type === 'link' && b.url.startsWith(OWN_LINK) ? { type: 'p', text: `${b.label}:\n${texts.ownLink}` } : b,
  )
  if (!input.test) return { subject: composed.subject, blocks }
  return { subject: `${texts.testSubject}${composed.subject}`, blocks: [{ type: 'p', text: texts.test }, ...blocks] }
}

/**
 * The test of an organizer's message (an ORGANIZER row with a console user and no registration):
 * to the staff member who asked for it, and to nobody else. Null once they are gone or disabled.
 */
async function renderOrganizerTest(db: Db, message: OutboxMessage): Promise<Mail.Options | null> {
  if (!message.consoleUserId || !message.seminarId) return null
  const user = await db.consoleUser.findUnique({
    where: { id: message.consoleUserId },
    select: { name: true, email: true, disabledAt: true },
  })
  if (!user || user.disabledAt) return null
  const sample = await organizerMessageSample(db, {
    seminarId: message.seminarId,
    subject: message.subject ?? '',
    body: message.body ?? '',
    lang: 'ja',
    name: user.name,
    test: true,
  })
  if (!sample) return null
  const config = env()
  return {
    from: config.MAIL_FROM,
    to: { name: user.name, address: user.email },
    subject: sample.subject,
    text: blocksToText(sample.blocks),
    html: blocksToHtml(sample.blocks, 'ja'),
    messageId: message.messageId,
    date: new Date(),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'ja' },
  }
}
