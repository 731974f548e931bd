import type { Lang } from '~/utils/i18n'
import type { MessageKind } from '~/generated/prisma/client'

/*
 * What each message says, in Japanese and English. Mail texts are longer than UI labels and are
 * read outside the app, so they live here rather than in app/utils/i18n.ts. A message is a list
 * of blocks; render.server.ts turns the same blocks into the plain-text and the HTML part.
 */

export type Block =
  | { type: 'p'; text: string }
  | { type: 'details'; rows: [string, string][] }
  | { type: 'link'; label: string; url: string }
  | { type: 'qr'; code: string; caption: string; /** another slip than the addressee's (a group's) */ cid?: string }

/** Messages to console users about their account; everything else goes to participants. */
export const STAFF_MESSAGE_KINDS = ['STAFF_INVITATION', 'PASSWORD_RESET'] as const satisfies readonly MessageKind[]
export type StaffMessageKind = (typeof STAFF_MESSAGE_KINDS)[number]
export type ParticipantMessageKind = Exclude<MessageKind, StaffMessageKind>

export function isStaffMessageKind(kind: MessageKind): kind is StaffMessageKind {
  return (STAFF_MESSAGE_KINDS as readonly MessageKind[]).includes(kind)
}

export type MessageFacts = {
  kind: ParticipantMessageKind
  name: string
  seminarTitle: string
  /** Each session: when, and where (venue, or "online"). */
  sessions: { label: string; when: string; where: string }[]
  code: string
  manageUrl: string
  seminarUrl: string
  onlineUrl: string | null
  /** CONFIRMED / PROMOTED / REMINDER / CHANGED to a participant holding a seat. */
  confirmed: boolean
  waitlistPosition: number | null
  /** UNCONFIRMED: a lottery winner who did not confirm by the deadline (docs/decisions/0049). */
  cancelledBy: 'PARTICIPANT' | 'ORGANIZER' | 'UNCONFIRMED' | null
  materialsUrl: string | null
  /** REMINDER: the session it is about. */
  reminderSession: { label: string; when: string; where: string } | null
  organizerSubject: string | null
  organizerBody: string | null
  siteName: string
  /**
   * CONFIRMED to a group's contact person: the others of the group still confirmed, each with
   * their code, slip and link (docs/decisions/0036). Empty for everyone else.
   */
  group?: { name: string; code: string; manageUrl: string; cid: string }[]
  /** REGISTRATION_CHANGED: how the person attends now (会場 / オンライン), as worded in their language. */
  mode?: string | null
  /** SURVEY_INVITATION / SURVEY_REMINDER: the private link, until when it takes answers, whether anonymous. */
  survey?: { url: string; closesAt: string; anonymous: boolean } | null
  /**
   * A lottery seminar's facts (docs/decisions/0049-lottery.md), as shown (Japan time): when it is
   * drawn, this registration's number in the draw, and the winner's confirmation deadline (null:
   * nothing to confirm).
   */
  lottery?: { drawAt: string; number: number | null; confirmBy: string | null } | null
  /** REGISTRATION_CHANGED of a lottery application not drawn yet (抽選待ち). */
  applied?: boolean
}

type Texts = {
  subject: Record<ParticipantMessageKind, (f: MessageFacts) => string>
  greeting: (name: string) => string
  lead: Record<ParticipantMessageKind, (f: MessageFacts) => string>
  seminar: string
  sessions: string
  /** The row of one of several sessions, e.g. 日時・会場（第2回） / Date and venue (session 2). */
  sessionOf: (label: string) => string
  code: string
  position: string
  mode: string
  onlineUrl: string
  slipCaption: string
  manage: string
  change: string
  seminarPage: string
  materials: string
  calendarNote: string
  noReply: string
  groupLead: (n: number) => string
  groupName: string
  groupSlipCaption: (name: string) => string
  groupLink: (name: string) => string
  surveyLink: string
  surveyCloses: (date: string) => string
  surveyAnonymous: string
  lotteryNumber: string
  lotteryDrawAt: string
  reservePosition: string
  confirmBy: (date: string) => string
  confirmLink: string
  changedApplied: (f: MessageFacts) => string
}

const ja: Texts = {
  subject: {
    CONFIRMED: (f) => `【お申込み完了】${f.seminarTitle}`,
    WAITLISTED: (f) => `【キャンセル待ち受付】${f.seminarTitle}`,
    PROMOTED: (f) => `【参加確定】${f.seminarTitle}（キャンセル待ちから繰り上げ）`,
    CANCELLED: (f) => `【キャンセル受付】${f.seminarTitle}`,
    REMINDER: (f) => `【開催のご案内】${f.seminarTitle}`,
    CHANGED: (f) => `【日時・会場の変更】${f.seminarTitle}`,
    SEMINAR_CANCELLED: (f) => `【開催中止】${f.seminarTitle}`,
    THANK_YOU: (f) => `【ご参加のお礼】${f.seminarTitle}`,
    CERTIFICATE: (f) => `【受講証明書】${f.seminarTitle}`,
    ORGANIZER: (f) => `${f.organizerSubject ?? ''}（${f.seminarTitle}）`,
    LINK_REISSUED: (f) => `【受付票の再発行】${f.seminarTitle}`,
    ALREADY_REGISTERED: (f) => `【お申込み済みのご案内】${f.seminarTitle}`,
    REGISTRATION_CHANGED: (f) => `【お申込み内容の変更】${f.seminarTitle}`,
    SURVEY_INVITATION: (f) => `【アンケートのお願い】${f.seminarTitle}`,
    SURVEY_REMINDER: (f) => `【再送・アンケートのお願い】${f.seminarTitle}`,
    LOTTERY_APPLIED: (f) => `【抽選お申込み受付】${f.seminarTitle}`,
    LOTTERY_WON: (f) => `【抽選結果・当選】${f.seminarTitle}`,
    LOTTERY_LOST: (f) =>
      f.waitlistPosition !== null ? `【抽選結果・補欠】${f.seminarTitle}` : `【抽選結果】${f.seminarTitle}`,
  },
  greeting: (name) => `${name} 様`,
  lead: {
    CONFIRMED: () =>
      'お申込みを受け付けました。当日は受付でこのメールの受付票（QRコード）または受付番号をお示しください。',
    WAITLISTED: () =>
      '定員に達しているため、キャンセル待ちとして受け付けました。お席が空きしだい、順番に繰り上げてメールでお知らせします。',
    PROMOTED: () =>
      'キャンセルが出たため、キャンセル待ちから参加が確定しました。当日は受付でこのメールの受付票をお示しください。',
    CANCELLED: (f) =>
      f.cancelledBy === 'ORGANIZER'
        ? '主催者により、お申込みを取り消しました。ご不明な点は主催者までお問い合わせください。'
        : f.cancelledBy === 'UNCONFIRMED'
          ? '抽選で当選されましたが、期限までに参加の確定がなかったため、お席を取り消し、次の方にお譲りしました。ご不明な点は主催者までお問い合わせください。'
          : 'お申込みのキャンセルを受け付けました。またのご参加をお待ちしております。',
    REMINDER: () => 'お申込みいただいたセミナーの開催が近づきましたのでご案内します。',
    CHANGED: () => 'お申込みいただいたセミナーの日時または会場が変更になりました。新しい予定は次のとおりです。',
    SEMINAR_CANCELLED: () => 'まことに申し訳ありませんが、お申込みいただいたセミナーは開催を中止することになりました。',
    THANK_YOU: (f) =>
      f.materialsUrl
        ? 'ご参加ありがとうございました。当日の資料は次のリンクからご覧いただけます。'
        : 'ご参加ありがとうございました。今後の事業の参考にさせていただきます。',
    CERTIFICATE: () =>
      'ご受講ありがとうございました。受講証明書（修了条件を満たした方には修了証も）をPDFで添付します。証明書の証明番号と確認用のページは、証明書に記載しています。',
    ORGANIZER: () => '主催者からのお知らせです。',
    LINK_REISSUED: () =>
      'お申込み内容の確認・変更・キャンセル用リンクと受付票（QRコード）を再発行しました。以前のリンクと受付票は使えなくなりました。',
    ALREADY_REGISTERED: () =>
      'このメールアドレスで、このセミナーへのお申込みフォームが再度送信されました。既にお申込みいただいているため、新たなお申込みとしては受け付けていません。お申込み内容の確認・変更・キャンセルは下のリンクから行えます。お心当たりのない場合は、このメールを破棄してください。',
    REGISTRATION_CHANGED: (f) =>
      f.confirmed
        ? 'お申込み内容の変更を受け付けました。変更後の内容は次のとおりです。当日は受付でこのメールの受付票をお示しください。'
        : 'お申込み内容の変更を受け付けました。現在キャンセル待ちです。お席が空きしだい、順番に繰り上げてメールでお知らせします。',
    SURVEY_INVITATION: () =>
      'ご参加ありがとうございました。今後の事業の参考にするため、次のリンクからアンケートにお答えください（数分で終わります）。',
    SURVEY_REMINDER: () =>
      '先日お送りしたアンケートへのご協力のお願いです。まだお答えいただいていない場合は、次のリンクからお答えください。',
    LOTTERY_APPLIED: (f) =>
      `抽選のお申込みを受け付けました（まだお席は確定していません）。抽選は ${f.lottery?.drawAt ?? ''}（日本時間）に行い、結果をメールでお知らせします。お申込み内容の確認・変更・キャンセルは下のリンクから行えます。`,
    LOTTERY_WON: () =>
      '抽選の結果、当選しました。当日は受付でこのメールの受付票（QRコード）または受付番号をお示しください。',
    LOTTERY_LOST: (f) =>
      f.waitlistPosition !== null
        ? `抽選の結果、補欠（${f.waitlistPosition}番目）となりました。キャンセルなどでお席が空きしだい、順番に繰り上げてメールでお知らせします。`
        : '抽選の結果、まことに残念ながら落選となりました。多くのお申込みをいただき、ご希望に添えず申し訳ありません。またのご応募をお待ちしております。',
  },
  seminar: 'セミナー',
  sessions: '日時・会場',
  sessionOf: (label) => `日時・会場（${label}）`,
  code: '受付番号',
  position: 'キャンセル待ち順位',
  mode: '参加方法',
  onlineUrl: 'オンライン参加URL',
  slipCaption: '受付票（受付でお示しください）',
  manage: 'お申込み内容の確認・変更・キャンセル',
  change: 'お申込み内容の変更（参加方法・所属など）',
  seminarPage: 'セミナーの詳細',
  materials: '資料',
  calendarNote: '添付のカレンダーファイル（.ics）で予定表に登録・更新できます。',
  noReply: 'このメールは送信専用のアドレスから送っています。',
  groupLead: (n) =>
    `ご一緒にお申し込みいただいた${n}名の受付票です。メールアドレスをお知らせいただいた方には、ご本人にも受付票をお送りしています。それ以外の方には、このメールを転送するか印刷してお渡しください。各方のリンクから受付票の表示・キャンセルができます。`,
  groupName: '氏名',
  groupSlipCaption: (name) => `${name} 様の受付票`,
  groupLink: (name) => `${name} 様のお申込み内容・受付票`,
  surveyLink: 'アンケートに答える',
  surveyCloses: (date) => `回答の受付は ${date} までです。`,
  surveyAnonymous: 'このアンケートは無記名です。回答はお名前やメールアドレスと結び付けずに保存します。',
  lotteryNumber: '抽選番号',
  lotteryDrawAt: '抽選日時',
  reservePosition: '補欠順位',
  confirmBy: (date) =>
    `参加の確定をお願いします：${date}（日本時間）までに、下のリンクのページで「参加を確定する」を押してください。期限までに確定がないときは、お席は次の方に回ります。`,
  confirmLink: '参加を確定する',
  changedApplied: (f) =>
    `お申込み内容の変更を受け付けました。現在、抽選待ちです。抽選は ${f.lottery?.drawAt ?? ''}（日本時間）に行い、結果をメールでお知らせします。`,
}

const en: Texts = {
  subject: {
    CONFIRMED: (f) => `Registration confirmed: ${f.seminarTitle}`,
    WAITLISTED: (f) => `On the waiting list: ${f.seminarTitle}`,
    PROMOTED: (f) => `Your place is confirmed: ${f.seminarTitle}`,
    CANCELLED: (f) => `Registration cancelled: ${f.seminarTitle}`,
    REMINDER: (f) => `Reminder: ${f.seminarTitle}`,
    CHANGED: (f) => `Date, time or venue changed: ${f.seminarTitle}`,
    SEMINAR_CANCELLED: (f) => `Cancelled: ${f.seminarTitle}`,
    THANK_YOU: (f) => `Thank you for attending: ${f.seminarTitle}`,
    CERTIFICATE: (f) => `Your certificate: ${f.seminarTitle}`,
    ORGANIZER: (f) => `${f.organizerSubject ?? ''} (${f.seminarTitle})`,
    LINK_REISSUED: (f) => `New registration link and slip: ${f.seminarTitle}`,
    ALREADY_REGISTERED: (f) => `You are already registered: ${f.seminarTitle}`,
    REGISTRATION_CHANGED: (f) => `Registration changed: ${f.seminarTitle}`,
    SURVEY_INVITATION: (f) => `Please answer our survey: ${f.seminarTitle}`,
    SURVEY_REMINDER: (f) => `Reminder, survey: ${f.seminarTitle}`,
    LOTTERY_APPLIED: (f) => `Lottery application received: ${f.seminarTitle}`,
    LOTTERY_WON: (f) => `You won a seat in the lottery: ${f.seminarTitle}`,
    LOTTERY_LOST: (f) =>
      f.waitlistPosition !== null
        ? `Lottery result, reserve list: ${f.seminarTitle}`
        : `Lottery result: ${f.seminarTitle}`,
  },
  greeting: (name) => `Dear ${name},`,
  lead: {
    CONFIRMED: () =>
      'Your registration is confirmed. On the day, show the reception slip (QR code) in this email, or your registration code, at the desk.',
    WAITLISTED: () =>
      'The seminar is full, so you are on the waiting list. When a place frees up, people move up in order and we will email you.',
    PROMOTED: () =>
      'A place became free and your registration moved up from the waiting list: your place is confirmed. Show the reception slip in this email at the desk.',
    CANCELLED: (f) =>
      f.cancelledBy === 'ORGANIZER'
        ? 'The organizer has cancelled your registration. Please contact the organizer if you have questions.'
        : f.cancelledBy === 'UNCONFIRMED'
          ? 'You won a seat in the lottery, but it was not confirmed by the deadline, so your seat was released and has gone to the next person. Please contact the organizer if you have questions.'
          : 'Your cancellation has been received. We hope to see you at another seminar.',
    REMINDER: () => 'The seminar you registered for is coming up soon.',
    CHANGED: () => 'The date, time or venue of the seminar you registered for has changed. The new schedule:',
    SEMINAR_CANCELLED: () => 'We are very sorry: the seminar you registered for has been cancelled.',
    THANK_YOU: (f) =>
      f.materialsUrl
        ? 'Thank you for attending. The materials are available at the link below.'
        : 'Thank you for attending. Your participation helps us plan future seminars.',
    CERTIFICATE: () =>
      'Thank you for attending. Your certificate of attendance (and of completion, if you met the completion rule) is attached as PDF. Each carries a verification code and the address of its verification page.',
    ORGANIZER: () => 'A message from the organizer.',
    LINK_REISSUED: () =>
      'Your link to view, change or cancel your registration and your reception slip (QR code) have been reissued. The old link and slip no longer work.',
    ALREADY_REGISTERED: () =>
      'The registration form for this seminar was sent again with this email address. You are already registered, so it was not taken as a new registration. You can view, change or cancel your registration through the link below. If this was not you, you can ignore this email.',
    REGISTRATION_CHANGED: (f) =>
      f.confirmed
        ? 'Your registration has been changed. It now reads as below. Show the reception slip in this email at the desk.'
        : 'Your registration has been changed. You are on the waiting list: when a place frees up, people move up in order and we will email you.',
    SURVEY_INVITATION: () =>
      'Thank you for attending. Please answer our short survey through the link below: it helps us plan future seminars.',
    SURVEY_REMINDER: () =>
      'A reminder of the survey we sent you. If you have not answered yet, please do so through the link below.',
    LOTTERY_APPLIED: (f) =>
      `Your application for the lottery has been received (you do not have a seat yet). The lottery is drawn on ${f.lottery?.drawAt ?? ''} (Japan time) and we will email you the result. You can view, change or cancel your application through the link below.`,
    LOTTERY_WON: () =>
      'You won a seat in the lottery. On the day, show the reception slip (QR code) in this email, or your registration code, at the desk.',
    LOTTERY_LOST: (f) =>
      f.waitlistPosition !== null
        ? `The lottery placed you on the reserve list, number ${f.waitlistPosition}. When a seat frees up, people move up in order and we will email you.`
        : 'We are very sorry: you were not selected in the lottery. There were more applications than seats. We hope you will apply again.',
  },
  seminar: 'Seminar',
  sessions: 'Date and venue',
  sessionOf: (label) => `Date and venue (${label})`,
  code: 'Registration code',
  position: 'Waiting list position',
  mode: 'Attendance',
  onlineUrl: 'Online meeting URL',
  slipCaption: 'Reception slip (show it at the desk)',
  manage: 'View, change or cancel your registration',
  change: 'Change your registration (way of attending, organization and more)',
  seminarPage: 'Seminar details',
  materials: 'Materials',
  calendarNote: 'Add or update the entry in your calendar with the attached .ics file.',
  noReply: 'This email was sent from an address that does not receive replies.',
  groupLead: (n) =>
    `Here are the slips of the ${n} people you registered with you. Those who gave an email address also received their own; please forward or print this email for the others. Each person's link shows their slip and lets them cancel.`,
  groupName: 'Name',
  groupSlipCaption: (name) => `Slip of ${name}`,
  groupLink: (name) => `Registration and slip of ${name}`,
  surveyLink: 'Answer the survey',
  surveyCloses: (date) => `Answers are taken until ${date} (Japan time).`,
  surveyAnonymous: 'This survey is anonymous: your answers are stored without your name or email address.',
  lotteryNumber: 'Lottery number',
  lotteryDrawAt: 'Lottery draw',
  reservePosition: 'Reserve list position',
  confirmBy: (date) =>
    `Please confirm your place: by ${date} (Japan time), press "Confirm my place" on the page of the link below. If you have not confirmed by then, the seat goes to the next person.`,
  confirmLink: 'Confirm my place',
  changedApplied: (f) =>
    `Your application has been changed. You are waiting for the lottery, drawn on ${f.lottery?.drawAt ?? ''} (Japan time); we will email you the result.`,
}

const TEXTS: Record<Lang, Texts> = { ja, en }

/** Kinds whose message carries the reception slip and the calendar entry. */
const WITH_SLIP = new Set<ParticipantMessageKind>([
  'CONFIRMED',
  'PROMOTED',
  'REMINDER',
  'CHANGED',
  'LINK_REISSUED',
  'ALREADY_REGISTERED',
  'REGISTRATION_CHANGED',
  'LOTTERY_WON',
])

/** Kinds sent while the registration holds a place: they carry the link to the change page too. */
const CHANGEABLE = new Set<ParticipantMessageKind>([
  'CONFIRMED',
  'WAITLISTED',
  'PROMOTED',
  'REMINDER',
  'LINK_REISSUED',
  'ALREADY_REGISTERED',
  'REGISTRATION_CHANGED',
  'LOTTERY_APPLIED',
  'LOTTERY_WON',
])

export function composeMessage(f: MessageFacts, lang: Lang): { subject: string; blocks: Block[] } {
  const t = TEXTS[lang]
  const blocks: Block[] = [
    { type: 'p', text: t.greeting(f.name) },
    { type: 'p', text: f.kind === 'REGISTRATION_CHANGED' && f.applied ? t.changedApplied(f) : t.lead[f.kind](f) },
  ]
  // A lottery winner who must confirm: the deadline first, then the link to the page that confirms.
  const confirmBy = f.kind === 'LOTTERY_WON' && f.confirmed ? (f.lottery?.confirmBy ?? null) : null
  if (confirmBy) {
    blocks.push({ type: 'p', text: t.confirmBy(confirmBy) })
    blocks.push({ type: 'link', label: t.confirmLink, url: f.manageUrl })
  }
  if (f.kind === 'ORGANIZER' && f.organizerBody) blocks.push({ type: 'p', text: f.organizerBody })
  if (f.kind === 'THANK_YOU' && f.materialsUrl) blocks.push({ type: 'link', label: t.materials, url: f.materialsUrl })
  const survey = (f.kind === 'SURVEY_INVITATION' || f.kind === 'SURVEY_REMINDER') && f.survey ? f.survey : null
  if (survey) {
    blocks.push({ type: 'link', label: t.surveyLink, url: survey.url })
    blocks.push({ type: 'p', text: t.surveyCloses(survey.closesAt) })
    if (survey.anonymous) blocks.push({ type: 'p', text: t.surveyAnonymous })
  }

  // A reminder, and a survey of one session, are about that session only.
  const sessions = (f.kind === 'REMINDER' || survey) && f.reminderSession ? [f.reminderSession] : f.sessions
  const rows: [string, string][] = [[t.seminar, f.seminarTitle]]
  for (const s of sessions) rows.push([s.label ? t.sessionOf(s.label) : t.sessions, `${s.when} ${s.where}`])
  const holdsSeat = f.confirmed && WITH_SLIP.has(f.kind)
  if (f.kind === 'REGISTRATION_CHANGED' && f.mode) rows.push([t.mode, f.mode])
  const waiting = f.kind === 'WAITLISTED' || (f.kind === 'REGISTRATION_CHANGED' && !f.confirmed && !f.applied)
  const reserve = f.kind === 'LOTTERY_LOST' && f.waitlistPosition !== null
  if (holdsSeat || waiting || reserve || f.kind === 'LOTTERY_APPLIED') rows.push([t.code, f.code])
  if (waiting && f.waitlistPosition !== null) rows.push([t.position, String(f.waitlistPosition)])
  if (reserve) rows.push([t.reservePosition, String(f.waitlistPosition)])
  if (f.kind === 'LOTTERY_APPLIED' && f.lottery) rows.push([t.lotteryDrawAt, f.lottery.drawAt])
  if ((f.kind === 'LOTTERY_WON' || f.kind === 'LOTTERY_LOST') && f.lottery?.number != null) {
    rows.push([t.lotteryNumber, String(f.lottery.number)])
  }
  if (holdsSeat && f.onlineUrl) rows.push([t.onlineUrl, f.onlineUrl])
  blocks.push({ type: 'details', rows })

  if (holdsSeat) blocks.push({ type: 'qr', code: f.code, caption: t.slipCaption })
  if ((f.kind === 'CONFIRMED' || f.kind === 'LOTTERY_WON') && f.group?.length) {
    blocks.push({ type: 'p', text: t.groupLead(f.group.length) })
    for (const m of f.group) {
      blocks.push({
        type: 'details',
        rows: [
          [t.groupName, m.name],
          [t.code, m.code],
        ],
      })
      blocks.push({ type: 'qr', code: m.code, caption: t.groupSlipCaption(m.name), cid: m.cid })
      blocks.push({ type: 'link', label: t.groupLink(m.name), url: m.manageUrl })
    }
  }
  if (holdsSeat || f.kind === 'SEMINAR_CANCELLED' || f.kind === 'CANCELLED') {
    blocks.push({ type: 'p', text: t.calendarNote })
  }
  // A survey's mail carries its own link only: the registration's link would name the person.
  if (f.kind !== 'SEMINAR_CANCELLED' && f.kind !== 'THANK_YOU' && !survey) {
    blocks.push({ type: 'link', label: t.manage, url: f.manageUrl })
  }
  if (CHANGEABLE.has(f.kind) || reserve) blocks.push({ type: 'link', label: t.change, url: `${f.manageUrl}/change` })
  blocks.push({ type: 'link', label: t.seminarPage, url: f.seminarUrl })
  blocks.push({ type: 'p', text: `${f.siteName}\n${t.noReply}` })
  return { subject: t.subject[f.kind](f), blocks }
}

/** The calendar attachment a message carries, if any. */
export function calendarMethod(
  kind: ParticipantMessageKind,
  confirmed: boolean,
  /** A lottery application not drawn yet: it was never sent a calendar entry. */
  applied = false,
): 'PUBLISH' | 'CANCEL' | null {
  if (applied) return null
  if (kind === 'SEMINAR_CANCELLED' || kind === 'CANCELLED') return 'CANCEL'
  // A change that put the person on a waiting list takes the entries of the seat they gave up away.
  if (kind === 'REGISTRATION_CHANGED' && !confirmed) return 'CANCEL'
  return confirmed && WITH_SLIP.has(kind) ? 'PUBLISH' : null
}

export type StaffMessageFacts = {
  kind: StaffMessageKind
  name: string
  email: string
  /** The set-password page with the link's token. */
  url: string
  /** When the link stops working, as shown (Japan time). */
  expiresAt: { ja: string; en: string }
}

/*
 * Account messages: console users have no language setting, so these are in Japanese with a
 * short English paragraph for colleagues who read English.
 */
const STAFF_TEXTS: Record<
  StaffMessageKind,
  {
    subject: string
    lead: string
    action: string
    note: (f: StaffMessageFacts) => string
    en: (f: StaffMessageFacts) => string
  }
> = {
  STAFF_INVITATION: {
    subject: '【Jisseki】主催者コンソールへのご招待 / Invitation to the Jisseki console',
    lead: 'Jisseki セミナーの主催者コンソールに招待されました。次のリンクからパスワードを設定すると、ログインできるようになります。',
    action: 'パスワードを設定する',
    note: (f) =>
      `リンクの有効期限は ${f.expiresAt.ja} までで、一度だけ使えます。期限が過ぎたときは、管理者に招待の再送を依頼してください。心当たりのない場合は、このメールを破棄してください。`,
    en: (f) =>
      `You have been invited to the Jisseki organizer console. Open the link above to set your password; it works once, until ${f.expiresAt.en} (Japan time). If you did not expect this, ignore this email.`,
  },
  PASSWORD_RESET: {
    subject: '【Jisseki】パスワードの再設定 / Password reset',
    lead: '主催者コンソールのパスワードを再設定するためのリンクをお送りします。次のリンクから新しいパスワードを設定してください。設定すると、ほかの端末のログインはすべて終了します。',
    action: 'パスワードを再設定する',
    note: (f) =>
      `リンクの有効期限は ${f.expiresAt.ja} までで、一度だけ使えます。心当たりのない場合は、このメールを破棄してください（パスワードは変わりません）。`,
    en: (f) =>
      `Open the link above to set a new password for the Jisseki console; it works once, until ${f.expiresAt.en} (Japan time). If you did not ask for this, ignore this email: your password stays as it is.`,
  },
}

export function composeStaffMessage(f: StaffMessageFacts): { subject: string; blocks: Block[] } {
  const t = STAFF_TEXTS[f.kind]
  return {
    subject: t.subject,
    blocks: [
      { type: 'p', text: `${f.name} 様` },
      { type: 'p', text: t.lead },
      { type: 'details', rows: [['ログインID（メールアドレス）', f.email]] },
      { type: 'link', label: t.action, url: f.url },
      { type: 'p', text: t.note(f) },
      { type: 'p', text: t.en(f) },
      { type: 'p', text: `${TEXTS.ja.noReply}\n${TEXTS.en.noReply}` },
    ],
  }
}
