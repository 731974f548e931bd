import type { Dictionary } from '~/utils/i18n'

/**
 * The page frame (header, footer, language switch) and the error pages. Sent with every page; the
 * Japanese file is also in the browser bundle, for a page rendered without the root loader (an unknown URL).
 * Japanese (the default language). The English file must have exactly these keys.
 */
export const shellJa = {
  // a database outage: the 503 page and plain-text answer
  'dbfaults.title': 'ただいま一時的にご利用いただけません',
  'dbfaults.unavailable': 'ただいま一時的に保存や表示ができない状態です。しばらくしてから、もう一度お試しください。',
  'dbfaults.notSaved':
    'フォームを送信された場合、その内容は保存されていない可能性があります。少し時間をおいてから、もう一度送信してください。',
  'dbfaults.retry': 'もう一度読み込む',

  'site.name': 'Jisseki セミナー',
  'site.tagline': '産業振興セミナーのお申込み',
  // The console's pages' titles: 「セミナー一覧 | Jisseki 管理」
  'site.consoleName': 'Jisseki 管理',
  'nav.seminars': 'セミナー一覧',
  'nav.console': '主催者',
  'nav.skip': '本文へ移動',
  'nav.main': 'メインメニュー',
  'lang.switchTo': 'English',
  'lang.switchLabel': '表示言語を英語に切り替える',
  'footer.privacy': '個人情報の取扱い',
  'footer.accessibility': 'ウェブアクセシビリティ方針',
  'footer.note': 'お申込みにアカウントは不要です。',
  'seminar.back': 'セミナー一覧へ戻る',
  'field.tooLong': '{max}文字以内で入力してください。',
  'errors.INVALID_CREDENTIALS': 'メールアドレスまたはパスワードが正しくありません。',
  'errors.TOO_MANY_ATTEMPTS': 'ログインの失敗が続いたため、しばらくたってからお試しください。',
  'errors.notFound': 'ページが見つかりません。',
  'errors.notFoundTitle': 'ページが見つかりません',
  'errors.generic': '問題が発生しました。しばらくしてからもう一度お試しください。',
  'errors.title': 'エラー',
  // 403: what is not allowed, and who may (the roles come worded from the server)
  'errors.forbiddenTitle': 'このページを開く権限がありません',
  'errors.forbiddenRoles': 'このページは「{roles}」の役割の人が開けます。',
  'errors.forbiddenScope': 'このページは、担当として割り当てられた事業・セミナーのものだけ開けます。',
  'errors.forbiddenAsk': '必要なときは、管理者に役割や担当の変更を依頼してください。',
  'errors.forbiddenHome': '主催者コンソールのトップへ',
} satisfies Dictionary
