import type { Dictionary } from '~/utils/i18n'

/**
 * Strings only the server uses: calendar files, exports, the request-limit page, plain-text
 * answers, and keys no page uses. Never sent to a browser.
 * Japanese (the default language). The English file must have exactly these keys.
 */
export const serverJa = {
  // year-end closing (締め): confirmation, pending differences, adjustments
  'close.pendingIndicators': '指標 {count}件',
  'close.pendingParticipation': '参加実績の数値 {count}か所',
  'close.noteColumn': '備考',
  'close.noteClosed': '締め済み',
  'close.notePending': '締め後の差分 {delta}（未反映）',

  // the request limits: the 413 / 400 page and the import's limits
  'limits.tooLargeTitle': '送信された内容が大きすぎます',
  'limits.malformedTitle': '送信された内容を受け付けられません',
  'limits.tooLarge': '一度に送信できるのは{limit}までです。',
  'limits.tooManyRepeats': '同じ項目を送信できるのは{limit}回までです。',
  'limits.badName': '項目の名前が正しくありません。',
  'limits.unsupportedType': 'この形式の送信は受け付けていません。ページのフォームから送信してください。',
  'limits.nothingSaved': '送信された内容は保存していません。',
  'limits.back': '元のページに戻る',

  'seminar.program': '事業',
  'seminar.notFound': 'セミナーが見つかりません。',
  'ics.sessionSummary': '{title}（第{number}回）',
  'ics.online': 'オンライン',
  'ics.format': '開催形式：{mode}',
  'ics.join': 'オンライン参加用URL：{url}',
  'ics.waitlisted': 'キャンセル待ちです。お席が空きましたら自動で繰り上がり、メールでお知らせします。',
  'ics.manage': 'お申込みの確認・変更・キャンセル：{url}',
  'ics.details': 'セミナーの詳細：{url}',
  'ics.programFeedName': '{program}（{site}）',
  'form.required': '必須',
  'ind.close': '{year}を締める',
  'ind.closeConfirm': '締めると、この年度の実績は確定値として固定されます。',
  'ind.pending': '締め後の差分 {delta}',
  'ind.accept': '調整として反映',
  'ind.noneYet': '－',
  'eval.kind': '種別',
  'eval.unit': '単位',
  'eval.previousActual': '前年度実績',
  'eval.plan': '当年度予定',
  'eval.actual': '当年度実績',
  'eval.nextPlan': '次年度予定',
  'eval.state': '状態',
  // the JSON API (docs/decisions/0055-api.md)
  'api.error.unauthorized': 'APIトークンがないか、無効・失効・期限切れです。',
  'api.error.forbidden': 'このAPIトークンには、この操作に必要な権限（{scope}）がありません。',
  'api.error.rateLimited': '呼び出しが多すぎます。{count}秒後にもう一度お試しください。',
  'api.error.notFound': '見つかりません。',
  'api.error.methodNotAllowed': 'このアドレスはこのメソッドを受け付けません。',
  'api.error.malformedJson': '本文が正しいJSONではありません。',
  'api.error.invalidField': '項目「{field}」の値が正しくありません。',
  'api.error.invalidCursor': 'cursor が正しくありません（改変されたか、別の一覧のものです）。',
  'api.error.tooLarge': '本文が大きすぎます（最大 {limit}）。',
  'api.error.unsupportedType': '本文は application/json で送ってください。',
  'api.error.idempotencyReused': 'この Idempotency-Key は別の内容の呼び出しに使われています。',
  'api.error.idempotencyInProgress':
    '同じ Idempotency-Key の呼び出しを処理中です。少し待ってからもう一度お試しください。',
  'api.error.idempotencyRequired': 'Idempotency-Key ヘッダーが必要です。',
  'api.error.notConfirmed': 'この申込みは確定していないため、出席を記録できません。',
  'api.error.alreadyRegistered': 'この方はすでにこのセミナーに申し込んでいます。',
  'api.error.unavailable': 'データベースに接続できません。少し待ってからもう一度お試しください。',
  'api.error.internal': 'サーバーでエラーが起きました。',
} satisfies Dictionary
