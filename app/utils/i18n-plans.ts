/** UI strings of plans, hand-entered actuals, achievement rates and bands (merged into i18n.ts). */
export const plansJa = {
  'field.nonNegativeNumber': '0以上の数値で入力してください。',
  'field.month': '月は0（年度全体）から12までの整数で入力してください。',
  'field.bandOrder': 'A・B・Cの順に小さくなるように入力してください。',
  'plans.hint': '{from}から{to}までの予定を入力できます（空欄は予定なし）。0以上の整数で入力してください。',
  'plans.actualsHintCounted':
    'セミナーの記録がない年度（Jisseki を使う前など）の実績を年度全体で入力できます。入力した年度は、記録の代わりにこの値を使います（記録に足しません）。',
  'plans.actualsHintManual':
    '年度全体（月 = 0）または月ごとに入力します。年度全体の値があれば、それがその年度の実績です。',
  'plans.recorded': '記録では {value}',
  'plans.noRecords': '記録なし',
  'plans.delete': '削除',
  'plans.deleted': '削除しました。',
  'plans.rate': '達成率（%）',
  'plans.band': '達成度区分',
  'plans.handEntered': '手入力',
  'plans.stateHandEntered': '{state}（手入力）',
  'plans.listSeparator': '・',
  'plans.yearPlan': '{year} 予定',
  'plans.yearActual': '{year} 実績',
  'plans.yearRate': '{year} 達成率（%）',
  'plans.yearBand': '{year} 区分',
  'plans.yearState': '{year} 状態',
  'plans.bandsTitle': '達成度区分の設定',
  'plans.bandsLead':
    '事業評価調書と年度別推移に、達成率（実績 ÷ 予定）に応じた区分 A〜D の列を加えます。初期設定では使いません。',
  'plans.bandsEnabled': '達成度区分を出力に含める',
  'plans.bandA': 'A（この値以上、%）',
  'plans.bandB': 'B（この値以上、%）',
  'plans.bandC': 'C（この値以上、%。これ未満は D）',
  'plans.bandsSave': '設定を保存',
  'plans.bandsSaved': '達成度区分の設定を保存しました。',
  'plans.bandsLink': '達成度区分の設定',
  'plans.evaluationTitle': '事業評価調書',
  'plans.multiYearTitle': '年度別推移',
  'plans.reportsLead':
    '出力（CSV・Excel）と同じ内容です。達成率は 実績 ÷ 予定 を小数第1位で四捨五入します。状態は締めた年度だけ「確定」です。',
} as const

export const plansEn: Record<keyof typeof plansJa, string> = {
  'field.nonNegativeNumber': 'Enter a number of 0 or more.',
  'field.month': 'Enter a month from 0 (the whole year) to 12.',
  'field.bandOrder': 'A, B and C must be in decreasing order.',
  'plans.hint':
    'Plans can be entered from {from} to {to} (leave empty for no plan). Enter a whole number of 0 or more.',
  'plans.actualsHintCounted':
    'For a year without seminar records (before the office used Jisseki, for example) the actual can be entered for the whole year. Such a year reports this figure instead of its records (they are not added).',
  'plans.actualsHintManual':
    'Enter the whole year (month = 0) or month by month. A whole-year figure, if there is one, is the actual of that year.',
  'plans.recorded': 'records give {value}',
  'plans.noRecords': 'no records',
  'plans.delete': 'Delete',
  'plans.deleted': 'Deleted.',
  'plans.rate': 'Achievement rate (%)',
  'plans.band': 'Achievement band',
  'plans.handEntered': 'Entered by hand',
  'plans.stateHandEntered': '{state} (entered by hand)',
  'plans.listSeparator': '; ',
  'plans.yearPlan': '{year} plan',
  'plans.yearActual': '{year} actual',
  'plans.yearRate': '{year} rate (%)',
  'plans.yearBand': '{year} band',
  'plans.yearState': '{year} state',
  'plans.bandsTitle': 'Achievement bands',
  'plans.bandsLead':
    'Adds a column grading the achievement rate (actual ÷ plan) as A to D to the evaluation sheet and the multi-year table. Off unless turned on.',
  'plans.bandsEnabled': 'Include achievement bands in the exports',
  'plans.bandA': 'A (at or above, %)',
  'plans.bandB': 'B (at or above, %)',
  'plans.bandC': 'C (at or above, %; below is D)',
  'plans.bandsSave': 'Save settings',
  'plans.bandsSaved': 'The achievement bands were saved.',
  'plans.bandsLink': 'Achievement bands',
  'plans.evaluationTitle': 'Evaluation sheet',
  'plans.multiYearTitle': 'Multi-year table',
  'plans.reportsLead':
    'The same as the exports (CSV, Excel). The achievement rate is actual ÷ plan rounded to one decimal. The state says Final only for a closed year.',
}
