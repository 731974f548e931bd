import { API_SCOPES, type ApiScope } from './scopes'

/*
 * The OpenAPI 3.1 description of /api/v1 (docs/decisions/0055-api.md): exactly the endpoints of
 * app/routes/api.v1.*, with the shapes app/modules/api/resources.server.ts writes. Served at
 * /api/v1/openapi.json and listed on the console's API page; tests/e2e/api.test.ts checks real
 * answers of the built app against these schemas.
 */

type Schema = Record<string, unknown>

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, 'null'], ...extra })
const dateTime = { type: 'string', format: 'date-time' }
const id = { type: 'string', minLength: 1 }

const SCHEMAS: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', description: 'A stable code, e.g. UNAUTHORIZED, INVALID_FIELD, SEMINAR_FULL.' },
          message: { type: 'string', description: 'For people, in Japanese or (Accept-Language: en) English.' },
          field: { type: 'string', description: 'The field, query parameter or header at fault.' },
        },
      },
    },
  },
  Seminar: {
    type: 'object',
    additionalProperties: false,
    required: [
      'id',
      'programId',
      'programCode',
      'title',
      'titleEn',
      'status',
      'mode',
      'category',
      'venueName',
      'capacityInPerson',
      'capacityOnline',
      'seatsTakenInPerson',
      'seatsTakenOnline',
      'waitlistEnabled',
      'lottery',
      'registrationOpensAt',
      'registrationClosesAt',
    ],
    properties: {
      id,
      programId: id,
      programCode: { type: 'string' },
      title: { type: 'string' },
      titleEn: nullable('string'),
      status: { enum: ['DRAFT', 'PUBLISHED', 'CANCELLED'] },
      mode: { enum: ['IN_PERSON', 'ONLINE', 'HYBRID'] },
      category: nullable('string'),
      venueName: nullable('string'),
      capacityInPerson: nullable('integer', { minimum: 0, description: 'null: no limit' }),
      capacityOnline: nullable('integer', { minimum: 0, description: 'null: no limit' }),
      seatsTakenInPerson: { type: 'integer', minimum: 0 },
      seatsTakenOnline: { type: 'integer', minimum: 0 },
      waitlistEnabled: { type: 'boolean' },
      lottery: { type: 'boolean', description: 'Seats are drawn by lottery (抽選) rather than first come.' },
      registrationOpensAt: dateTime,
      registrationClosesAt: dateTime,
    },
  },
  Session: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'number', 'title', 'startsAt', 'endsAt', 'venueName'],
    properties: {
      id,
      number: { type: 'integer', minimum: 1 },
      title: nullable('string'),
      startsAt: dateTime,
      endsAt: dateTime,
      venueName: nullable('string'),
    },
  },
  Person: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'furigana', 'email', 'organizationName', 'phone'],
    properties: {
      name: { type: 'string' },
      furigana: { type: 'string' },
      email: nullable('string'),
      organizationName: nullable('string'),
      phone: nullable('string'),
    },
  },
  Registration: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'seminarId', 'status', 'mode', 'waitlistPosition', 'code', 'source', 'createdAt', 'cancelledAt'],
    properties: {
      id,
      seminarId: id,
      status: { enum: ['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'APPLIED', 'NOT_SELECTED'] },
      mode: { enum: ['IN_PERSON', 'ONLINE'] },
      waitlistPosition: nullable('integer', { minimum: 1 }),
      code: nullable('string', { description: 'The reception slip code; null once personal data was removed.' }),
      source: { enum: ['WEB', 'CONSOLE', 'WALK_IN', 'IMPORT'] },
      createdAt: dateTime,
      cancelledAt: nullable('string', { format: 'date-time' }),
      person: {
        description:
          'Only for a token with registrations:read; null once the personal data was removed (retention, deletion request).',
        oneOf: [ref('Person'), { type: 'null' }],
      },
    },
  },
  NewRegistration: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'email', 'industry', 'inCity', 'mode'],
    properties: {
      name: { type: 'string', maxLength: 100 },
      furigana: { type: 'string', maxLength: 100, description: 'Kana; required when language is ja.' },
      email: { type: 'string', format: 'email', maxLength: 254 },
      organizationName: { type: 'string', maxLength: 200 },
      corporateNumber: { type: 'string', maxLength: 20, description: '法人番号, 13 digits.' },
      industry: { type: 'string', description: 'JSIC major division letter A–T, as the public form.' },
      inCity: { type: 'boolean' },
      mode: { enum: ['IN_PERSON', 'ONLINE'] },
      sessionIds: { type: 'array', items: { type: 'string' }, maxItems: 200 },
      language: { enum: ['ja', 'en'], default: 'ja' },
      answers: {
        type: 'object',
        description: "Answers to the seminar's own questions, by question id.",
        additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      },
    },
  },
  AttendanceRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['registrationId'],
    properties: { registrationId: id },
  },
  Attendance: {
    type: 'object',
    additionalProperties: false,
    required: ['sessionId', 'registrationId', 'attended'],
    properties: {
      sessionId: id,
      registrationId: id,
      attended: { type: 'boolean' },
      recordedNow: { type: 'boolean', description: 'false: it had been recorded before.' },
      checkedInAt: dateTime,
      undone: { type: 'boolean', description: 'Undo only: false when there was nothing to undo.' },
    },
  },
  IndicatorYear: {
    type: 'object',
    additionalProperties: false,
    required: ['fiscalYear', 'closed', 'programs'],
    properties: {
      fiscalYear: { type: 'integer' },
      closed: { type: 'boolean' },
      programs: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['programId', 'programName', 'indicators'],
          properties: {
            programId: id,
            programName: { type: 'string' },
            indicators: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: [
                  'id',
                  'code',
                  'name',
                  'nameEn',
                  'unit',
                  'rule',
                  'cumulative',
                  'plan',
                  'actual',
                  'state',
                  'rate',
                ],
                properties: {
                  id,
                  code: { type: 'string' },
                  name: { type: 'string' },
                  nameEn: nullable('string'),
                  unit: { type: 'string' },
                  rule: { type: 'string' },
                  cumulative: { type: 'boolean' },
                  plan: nullable('number'),
                  actual: nullable('number'),
                  state: { type: 'string' },
                  rate: nullable('number'),
                },
              },
            },
          },
        },
      },
    },
  },
}

const FIGURES = [
  'sessionsHeld',
  'registrations',
  'cancellations',
  'inPerson',
  'online',
  'personTimes',
  'uniquePersons',
  'uniqueOrganizations',
]
const figures = Object.fromEntries(FIGURES.map((k) => [k, { type: 'integer', minimum: 0 }]))
const breakdowns = {
  byIndustry: { type: 'array', items: ref('Breakdown'), description: 'JSIC letter A–T, or "" when unknown.' },
  byLocation: { type: 'array', items: ref('Breakdown'), description: '"in" (市内), "out" (市外), "unknown" (不明).' },
}
SCHEMAS.Breakdown = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'personTimes', 'uniquePersons'],
  properties: { key: { type: 'string' }, personTimes: { type: 'integer' }, uniquePersons: { type: 'integer' } },
}
SCHEMAS.ParticipationYear = {
  type: 'object',
  additionalProperties: false,
  required: ['fiscalYear', 'closed', 'programs', 'total'],
  properties: {
    fiscalYear: { type: 'integer' },
    closed: {
      type: 'boolean',
      description: 'A closed year: the figures as frozen at the close (with accepted adjustments).',
    },
    programs: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...FIGURES, 'programId', 'programName', 'byIndustry', 'byLocation', 'seminars'],
        properties: {
          ...figures,
          ...breakdowns,
          programId: id,
          programName: { type: 'string' },
          seminars: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: [...FIGURES, 'seminarId', 'title', 'category', 'byIndustry', 'byLocation'],
              properties: {
                ...figures,
                ...breakdowns,
                seminarId: id,
                title: { type: 'string' },
                category: { type: 'string' },
              },
            },
          },
        },
      },
    },
    total: {
      description: 'Distinct people across all programs; null for a token limited to programs.',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: [...FIGURES, 'byIndustry', 'byLocation'],
          properties: { ...figures, ...breakdowns },
        },
        { type: 'null' },
      ],
    },
  },
}

const seminar = SCHEMAS.Seminar as { required: string[]; properties: Schema }
SCHEMAS.SeminarWithSessions = {
  ...seminar,
  required: [...seminar.required, 'sessions'],
  properties: { ...seminar.properties, sessions: { type: 'array', items: ref('Session') } },
}

const page = (item: string): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: ['data', 'nextCursor'],
  properties: {
    data: { type: 'array', items: ref(item) },
    nextCursor: nullable('string', { description: 'Pass as `cursor` for the next page; null on the last.' }),
  },
})
const one = (item: string): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: { data: ref(item) },
})

const json = (schema: Schema) => ({ 'application/json': { schema } })
const error = (description: string) => ({ description, content: json(ref('Error')) })

/** The refusals every authenticated endpoint may answer. */
const COMMON_ERRORS = {
  '400': error('A malformed body, query parameter, header or cursor (`field` names it).'),
  '401': error('No token, or one unknown, revoked or expired.'),
  '403': error('The token lacks the scope.'),
  '429': {
    description: "Over the token's calls per minute.",
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until the next window.' } },
    content: json(ref('Error')),
  },
}

const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } })
const queryParam = (name: string, schema: Schema, description?: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  ...(description ? { description } : {}),
})
const paging = [
  queryParam('limit', { type: 'integer', minimum: 1, maximum: 100, default: 50 }),
  queryParam('cursor', { type: 'string' }, 'The `nextCursor` of the previous page; an altered one is refused (400).'),
]
const idempotencyKey = (required: boolean) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  schema: { type: 'string', minLength: 1, maxLength: 200 },
  description:
    'The same call sent again with the same key gets the first answer again (header Idempotency-Replayed: true) and changes nothing; the key with a different call is refused (422).',
})

type Operation = {
  /** Its name in the console's list (`api.op.<key>`) and its operationId. */
  key: string
  method: 'get' | 'post'
  path: string
  summary: string
  scope: ApiScope
  parameters?: unknown[]
  body?: string
  responses: Record<string, unknown>
}

export const API_OPERATIONS: Operation[] = [
  {
    key: 'listSeminars',
    method: 'get',
    path: '/seminars',
    summary: 'List seminars',
    scope: 'seminars:read',
    parameters: [queryParam('status', { enum: ['DRAFT', 'PUBLISHED', 'CANCELLED'] }), ...paging],
    responses: { '200': { description: 'A page of seminars.', content: json(page('Seminar')) } },
  },
  {
    key: 'getSeminar',
    method: 'get',
    path: '/seminars/{id}',
    summary: 'A seminar with its sessions',
    scope: 'seminars:read',
    parameters: [pathParam('id')],
    responses: {
      '200': { description: 'The seminar.', content: json(one('SeminarWithSessions')) },
      '404': error('No such seminar (or not of the programs the token is limited to).'),
    },
  },
  {
    key: 'createRegistration',
    method: 'post',
    path: '/seminars/{id}/registrations',
    summary: 'Register someone, as the public form does',
    scope: 'registrations:write',
    parameters: [pathParam('id'), idempotencyKey(false)],
    body: 'NewRegistration',
    responses: {
      '201': {
        description: 'Registered: CONFIRMED, WAITLISTED (full, with a waiting list) or APPLIED (lottery).',
        content: json(one('Registration')),
      },
      '404': error('No such seminar, or not published.'),
      '409': error('Full without a waiting list, closed, or the person is already registered (ALREADY_REGISTERED).'),
    },
  },
  {
    key: 'listRegistrations',
    method: 'get',
    path: '/registrations',
    summary: 'List registrations',
    scope: 'registrations:read',
    parameters: [
      queryParam('seminarId', { type: 'string' }),
      queryParam('status', { enum: ['CONFIRMED', 'WAITLISTED', 'CANCELLED', 'APPLIED', 'NOT_SELECTED'] }),
      ...paging,
    ],
    responses: {
      '200': { description: 'A page of registrations.', content: json(page('Registration')) },
      '404': error('No such seminar.'),
    },
  },
  {
    key: 'getRegistration',
    method: 'get',
    path: '/registrations/{id}',
    summary: 'A registration',
    scope: 'registrations:read',
    parameters: [pathParam('id')],
    responses: {
      '200': { description: 'The registration.', content: json(one('Registration')) },
      '404': error('No such registration.'),
    },
  },
  {
    key: 'cancelRegistration',
    method: 'post',
    path: '/registrations/{id}/cancel',
    summary: 'Cancel a registration (the seat passes to whoever waits)',
    scope: 'registrations:write',
    parameters: [pathParam('id'), idempotencyKey(false)],
    responses: {
      '200': { description: 'Cancelled.', content: json(one('Registration')) },
      '404': error('No such registration.'),
      '409': error('Already cancelled (ALREADY_CANCELLED).'),
    },
  },
  {
    key: 'recordAttendance',
    method: 'post',
    path: '/sessions/{sessionId}/attendance',
    summary: 'Record that a registered person attended a session',
    scope: 'attendance:write',
    parameters: [pathParam('sessionId'), idempotencyKey(true)],
    body: 'AttendanceRequest',
    responses: {
      '201': { description: 'Recorded.', content: json(one('Attendance')) },
      '200': { description: 'Recorded before: nothing changed.', content: json(one('Attendance')) },
      '404': error('No such session or registration.'),
      '409': error('The registration holds no seat (NOT_CONFIRMED), or the same key is in progress.'),
      '422': error('The Idempotency-Key was used for another call.'),
    },
  },
  {
    key: 'undoAttendance',
    method: 'post',
    path: '/sessions/{sessionId}/attendance/undo',
    summary: 'Take an attendance record back',
    scope: 'attendance:write',
    parameters: [pathParam('sessionId'), idempotencyKey(true)],
    body: 'AttendanceRequest',
    responses: {
      '200': { description: 'Taken back (undone: false when there was nothing).', content: json(one('Attendance')) },
      '404': error('No such session or registration.'),
      '422': error('The Idempotency-Key was used for another call.'),
    },
  },
  {
    key: 'listIndicators',
    method: 'get',
    path: '/indicators',
    summary: 'Plan and actual of the activity indicators for a fiscal year, per program',
    scope: 'indicators:read',
    parameters: [queryParam('fiscalYear', { type: 'integer' }, 'April–March year; default the current one.')],
    responses: { '200': { description: 'The fiscal year.', content: json(one('IndicatorYear')) } },
  },
  {
    key: 'participationExport',
    method: 'get',
    path: '/exports/participation',
    summary: 'Participation totals (参加実績) of a fiscal year, per program and seminar',
    scope: 'exports:read',
    parameters: [queryParam('fiscalYear', { type: 'integer' }, 'April–March year; default the current one.')],
    responses: { '200': { description: 'The fiscal year.', content: json(one('ParticipationYear')) } },
  },
]

/** The whole description; `servers` is relative, so it holds behind any address. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of API_OPERATIONS) {
    paths[op.path] ??= {}
    paths[op.path][op.method] = {
      operationId: op.key,
      summary: op.summary,
      security: [{ bearer: [op.scope] }],
      description: `Scope: \`${op.scope}\`.`,
      parameters: op.parameters ?? [],
      ...(op.body ? { requestBody: { required: true, content: json(ref(op.body)) } } : {}),
      responses: { ...COMMON_ERRORS, ...op.responses },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jisseki API',
      version: '1.0.0',
      description:
        'Read and write Jisseki data from other systems. Authenticate with `Authorization: Bearer jsk_…` (a token an admin makes under API tokens in the console). Errors are `{ "error": { "code", "message", "field"? } }`. A token limited to programs sees nothing of the others (404).',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `Scopes: ${API_SCOPES.join(', ')}.`,
        },
      },
    },
  }
}
