import { MAX_REPORT_COLUMNS, MAX_REPORT_ROWS } from '~/modules/attendance/report-limits'

const rows = MAX_REPORT_ROWS.toLocaleString('en-US')

/** UI strings of the request limits: the 413 / 400 page and the import's limits (merged into i18n.ts). */
export const limitsJa = {
  'limits.tooLargeTitle': '送信された内容が大きすぎます',
  'limits.malformedTitle': '送信された内容を受け付けられません',
  'limits.tooLarge': '一度に送信できるのは{limit}までです。',
  'limits.tooManyFields': '一度に送信できる項目は{limit}個までです。',
  'limits.tooManyRepeats': '同じ項目を送信できるのは{limit}回までです。',
  'limits.badName': '項目の名前が正しくありません。',
  'limits.unsupportedType': 'この形式の送信は受け付けていません。ページのフォームから送信してください。',
  'limits.nothingSaved': '送信された内容は保存していません。',
  'limits.back': '元のページに戻る',
  'limits.fileTooLarge': 'ファイルが大きすぎます。読み込めるのは{limit}までのファイルです。',
  'errors.REPORT_TOO_MANY_ROWS': `このレポートは行数が多すぎます。一度に読み込めるのは${rows}行までです。ファイルを分けて読み込んでください。`,
  'errors.REPORT_TOO_MANY_COLUMNS': `このレポートは列が多すぎます。1行は${MAX_REPORT_COLUMNS}列までです。会議システムから出力したままのファイルを選んでください。`,
}

export const limitsEn: Record<keyof typeof limitsJa, string> = {
  'limits.tooLargeTitle': 'What was sent is too large',
  'limits.malformedTitle': 'What was sent cannot be accepted',
  'limits.tooLarge': 'At most {limit} can be sent at once.',
  'limits.tooManyFields': 'At most {limit} fields can be sent at once.',
  'limits.tooManyRepeats': 'One field can be sent at most {limit} times.',
  'limits.badName': 'A field name is not valid.',
  'limits.unsupportedType': 'This kind of submission is not accepted. Please send the form on the page.',
  'limits.nothingSaved': 'Nothing that was sent has been saved.',
  'limits.back': 'Back to the page',
  'limits.fileTooLarge': 'The file is too large. Files up to {limit} can be imported.',
  'errors.REPORT_TOO_MANY_ROWS': `This report has too many rows: at most ${rows} rows can be imported at once. Split the file and import each part.`,
  'errors.REPORT_TOO_MANY_COLUMNS': `This report has too many columns: at most ${MAX_REPORT_COLUMNS} per line. Choose the file as the meeting platform exported it.`,
}
