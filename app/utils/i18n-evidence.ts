/** UI strings of an actual's evidence: distinct persons and organizations (merged into i18n.ts). */
export const evidenceJa = {
  'evidence.range': '{from}から{to}までの累計',
  'evidence.membersPersons': '実人数の内訳（重複を除いた参加者）',
  'evidence.membersOrganizations': '社数の内訳（重複を除いた組織）',
  'evidence.membersLead':
    '同じ人（メールアドレス）・同じ組織（法人番号、または法人格や表記ゆれを除いた名称）は何回参加しても1として数えます。各行に、その人・組織として数えた出席記録と、記録に使われた表記を示します。',
  'evidence.total': '合計',
  'evidence.downloadCsv': '内訳をCSVでダウンロード',
  'evidence.member': '参加者・組織',
  'evidence.spellings': '記録上の表記',
  'evidence.recordCount': '出席回数',
  'evidence.recordsOf': '数えた出席記録',
  'evidence.person': '参加者 #{code}',
  'evidence.organization': '組織 #{code}',
  'evidence.anonymized': '個人情報は削除済み',
  'evidence.corporateNumber': '法人番号 {number}',
  'evidence.noMembers': '数える出席記録はまだありません。',
  'evidence.sessionsTotal': '延べ合計',
  'evidence.sessionsNote':
    '日程ごとの実人数・社数は、その日程の中で重複を除いた数です。複数の日程に参加した人・組織は各行に数えられるため、行を足しても実績にはなりません。実績は上の内訳の合計です。',
} as const

export const evidenceEn: Record<keyof typeof evidenceJa, string> = {
  'evidence.range': 'cumulative from {from} to {to}',
  'evidence.membersPersons': 'Unique persons: who is counted',
  'evidence.membersOrganizations': 'Unique organizations: which are counted',
  'evidence.membersLead':
    'The same person (email address) or organization (corporate number, or the name without its legal form and spelling differences) counts once however often they came. Each row shows the attendance records counted for it and the spellings those records used.',
  'evidence.total': 'Total',
  'evidence.downloadCsv': 'Download the breakdown as CSV',
  'evidence.member': 'Person or organization',
  'evidence.spellings': 'Spellings in the records',
  'evidence.recordCount': 'Attendances',
  'evidence.recordsOf': 'Attendance records counted',
  'evidence.person': 'Participant #{code}',
  'evidence.organization': 'Organization #{code}',
  'evidence.anonymized': 'personal data removed',
  'evidence.corporateNumber': 'Corporate number {number}',
  'evidence.noMembers': 'No attendance counts yet.',
  'evidence.sessionsTotal': 'Person-times in total',
  'evidence.sessionsNote':
    'The persons and organizations of a session are counted once within that session. Someone who came to several sessions appears in each of their rows, so the rows do not add up to the actual: the actual is the total of the list above.',
}
