import type { Db } from '~/utils/db.server'
import type { Prisma } from '~/generated/prisma/client'
import type { Lang } from '~/utils/i18n'
import type { Download } from '../exports/download.server'
import { csvStream, type Row } from '../exports/tabular.server'
import { auditFilterFrom } from './filter'
import { tokyoDate } from '~/utils/time'
import { currentTime } from '~/utils/clock.server'
import { translator } from '~/utils/i18n.server'
import { readPage } from '~/utils/paging'
import { auditActionChoices, describeAuditEvents } from './sentences.server'

/*
 * The audit trail (docs/decisions/0011-security.md): who changed what and when — seminars and their
 * sessions, registrations, attendance, indicators, plans, year closes — and who exported personal
 * data. Admins read and export it.
 * Events are written by the modules that make the changes, in the same transaction.
 */

export type AuditFilter = { action?: string; entityType?: string; from?: Date; to?: Date; actorId?: string }

function where(filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.entityType ? { entityType: filter.entityType } : {}),
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(filter.from || filter.to
      ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  }
}

/** Newest first; `skip` for a later page. */
export function listAuditEvents(db: Db, filter: AuditFilter = {}, take = 200, skip = 0) {
  return db.auditEvent.findMany({
    where: where(filter),
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    skip,
    take,
    select: {
      id: true,
      at: true,
      action: true,
      entityType: true,
      entityId: true,
      detail: true,
      actor: { select: { name: true, email: true } },
    },
  })
}

/** The actions and entity types that occur, for the filter's choices. */
export async function auditFacets(db: Db) {
  const [actions, entityTypes] = await Promise.all([
    db.auditEvent.findMany({ distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } }),
    db.auditEvent.findMany({ distinct: ['entityType'], select: { entityType: true }, orderBy: { entityType: 'asc' } }),
  ])
  return { actions: actions.map((a) => a.action), entityTypes: entityTypes.map((e) => e.entityType) }
}

/**
 * The audit page in the staff's language: a page (50, newest first, `?page=`) of the events its
 * query's filter matches, each as a sentence (with its codes and raw details for auditors), and the
 * filter's actions by name.
 */
export async function auditPage(db: Db, params: URLSearchParams, lang: Lang) {
  const filter = auditFilterFrom(params)
  const [{ rows, paging }, facets] = await Promise.all([
    readPage(
      params,
      () => db.auditEvent.count({ where: where(filter) }),
      ({ skip, take }) => listAuditEvents(db, filter, take, skip),
    ),
    auditFacets(db),
  ])
  const sentences = await describeAuditEvents(db, rows, lang)
  return {
    events: rows.map((e, i) => ({ ...e, sentence: sentences[i] })),
    paging,
    actions: auditActionChoices(translator(lang), facets.actions),
  }
}

/** Every matching event, oldest first, in batches (for the CSV export): the codes, then the sentence in `lang`. */
export async function* auditRows(
  db: Db,
  filter: AuditFilter = {},
  lang: Lang = 'ja',
  batchSize = 1000,
): AsyncGenerator<Row> {
  let cursor: string | undefined
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: where(filter),
      orderBy: { id: 'asc' },
      take: batchSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: {
        id: true,
        at: true,
        action: true,
        entityType: true,
        entityId: true,
        detail: true,
        actor: { select: { name: true, email: true } },
      },
    })
    if (batch.length === 0) return
    cursor = batch[batch.length - 1].id
    const sentences = await describeAuditEvents(db, batch, lang)
    for (const [i, e] of batch.entries())
      yield [
        e.at.toISOString(),
        e.actor?.name ?? '',
        e.actor?.email ?? '',
        e.action,
        e.entityType,
        e.entityId,
        e.detail,
        sentences[i],
      ]
  }
}

export const AUDIT_HEADER = {
  ja: ['日時(UTC)', '操作者', '操作者メール', '操作', '対象の種類', '対象ID', '内容', '説明'],
  en: ['Time (UTC)', 'By', 'By (email)', 'Action', 'Entity type', 'Entity id', 'Detail', 'Description'],
}

/**
 * Records that someone downloaded personal data (names, organizations of participants): what and
 * with which parameters. Written before the download starts.
 */
export function recordExport(db: Db, userId: string, kind: string, detail: Record<string, unknown> = {}) {
  return db.auditEvent.create({
    data: {
      actorId: userId,
      action: `export.${kind}`,
      entityType: 'Export',
      entityId: kind,
      detail: JSON.stringify(detail),
    },
  })
}

/**
 * An admins' log as a CSV file named after the day in Japan (a file taken at 08:00 in Tokyo is
 * today's, not yesterday's); the export is itself recorded, with the filter it was asked with.
 */
export async function logCsvFile(
  db: Db,
  file: { userId: string; kind: string; params: URLSearchParams; now: Date },
  content: { header: string[]; rows: AsyncIterable<Row>; name: string; asciiName: string },
): Promise<Download> {
  await recordExport(db, file.userId, file.kind, Object.fromEntries(file.params))
  const day = tokyoDate(file.now)
  return {
    body: csvStream(content.header, content.rows),
    format: 'csv',
    names: { fileName: `${content.name}_${day}.csv`, asciiName: `${content.asciiName}-${day}.csv` },
  }
}

/** The audit trail as a CSV file: every event matching the page's filter, oldest first. */
export async function auditCsvFile(
  db: Db,
  userId: string,
  params: URLSearchParams,
  lang: Lang,
  now = currentTime(),
): Promise<Download> {
  return logCsvFile(
    db,
    { userId, kind: 'audit', params, now },
    {
      header: AUDIT_HEADER[lang],
      rows: auditRows(db, auditFilterFrom(params), lang),
      name: '操作記録',
      asciiName: 'audit',
    },
  )
}
