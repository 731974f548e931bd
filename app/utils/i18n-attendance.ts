/** UI strings of attendance: unknown location, the post-hoc sheet, meeting-report merges (merged into i18n.ts). */
export const attendanceSheetJa = {
  'form.inCityUnknown': '不明',
  'form.inCityUnknownChoice': '不明・未回答',
  'attendance.changedMeanwhile':
    'シートを開いた後に受付などで出席が変わった次の方は、今の記録のままにしました（{count}名）。確認して、必要なら改めて記録してください:',
  'attendance.changedNowAttended': '出席済み',
  'attendance.changedNowAbsent': '出席なし',
  'attendance.changedMore': 'ほか{count}名',
  'import.merged': '報告の{count}件の参加者を1名にまとめました',
  'import.mergedHint':
    '同じ申込者に一致した報告上の参加者（別の端末や名前で参加した人）は、1名の出席として数え、時間を合計します（同時に接続していた時間は重ねて数えません）。',
  'import.mergedIdentity': '{name}（{minutes}分）',
} as const

export const attendanceSheetEn: Record<keyof typeof attendanceSheetJa, string> = {
  'form.inCityUnknown': 'Unknown',
  'form.inCityUnknownChoice': 'Unknown / not given',
  'attendance.changedMeanwhile':
    'The attendance of these people changed after the sheet was opened (at the door or elsewhere) and was left as it is now ({count}). Check them and record them again if needed:',
  'attendance.changedNowAttended': 'now attended',
  'attendance.changedNowAbsent': 'now not attended',
  'attendance.changedMore': 'and {count} more',
  'import.merged': '{count} report entries merged into one person',
  'import.mergedHint':
    'Report entries that match the same registration (someone who joined from another device or under another name) count as one attendance with their minutes added (time connected twice at once counts once).',
  'import.mergedIdentity': '{name} ({minutes} min)',
}
