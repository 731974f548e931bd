/** UI strings of the second factor, password checks and sign-in steps (merged into i18n.ts). */
export const mfaJa = {
  'field.passwordCommon':
    'よく使われているパスワード、または推測されやすいパスワードです。ほかの人が思いつかない言葉を組み合わせてください。',
  'field.passwordContext':
    'サービス名（実績・jisseki）、メールアドレスや氏名がパスワードの大部分を占めています。関係のない言葉を組み合わせてください。',
  'field.invalidCode': 'コードが正しくありません。認証アプリに表示されている最新の6桁を入力してください。',
  'mfa.signInDelayed': 'ログインの失敗が続いたため、{seconds}秒ほどたってからもう一度お試しください。',
  'mfa.codeTitle': '確認コードの入力',
  'mfa.codeLead':
    '認証アプリ（Google Authenticator、Microsoft Authenticator など）に表示されている6桁のコードを入力してください。',
  'mfa.code': '確認コード',
  'mfa.codeHint':
    'スマートフォンをなくしたときは、控えておいた回復コード（例: k7f3m-2xq9p）を入力できます。各回復コードは1回だけ使えます。',
  'mfa.verify': '確認してログイン',
  'mfa.expired': '時間がたったか、誤りが続いたため、ログインをやり直してください。',
  'mfa.startOver': 'ログインをやり直す',
  'mfa.enrolTitle': '二段階認証の設定',
  'mfa.enrolRequired':
    'この役割のアカウントは、パスワードに加えて認証アプリの確認コードでログインします。設定が終わるまでほかの画面は使えません。',
  'mfa.enrolSteps':
    '1. スマートフォンの認証アプリで下のQRコードを読み取ります（読み取れないときは、キーを手で入力します）。2. アプリに表示された6桁のコードを入力します。',
  'mfa.qrAlt': '認証アプリで読み取るQRコード',
  'mfa.secretText': '手で入力するキー',
  'mfa.confirm': '設定を完了する',
  'mfa.recoveryTitle': '回復コード',
  'mfa.recoveryLead':
    'スマートフォンをなくしたときに、確認コードの代わりに使えます。各コードは1回だけ使えます。この画面を離れると二度と表示されません。印刷するか、安全な場所に控えてください。',
  'mfa.continue': 'コンソールへ進む',
  'mfa.sectionTitle': '二段階認証',
  'mfa.stateOn': '設定済み（{date}から）。未使用の回復コード: {count}個',
  'mfa.stateOff': '設定されていません。',
  'mfa.requiredNote': 'この役割では二段階認証が必須です。',
  'mfa.startEnrol': '認証アプリを設定する',
  'mfa.replace': '認証アプリを設定し直す（回復コードも新しくなります）',
  'mfa.remove': '二段階認証をやめる',
  'mfa.reauthNote': '本人確認のため、現在のパスワードを入力してください。',
  'mfa.passwordForSessions': '現在のパスワード（ほかの端末のログインを終了するとき）',
  'mfa.enrolled': '二段階認証を設定しました。',
  'mfa.removed': '二段階認証をやめました。',
  'mfa.adminResetTitle': '二段階認証',
  'mfa.adminResetLead':
    'スマートフォンをなくした人の二段階認証を解除します。その人のログインはすべて終了し、次のログインで設定し直します。',
  'mfa.adminReset': '二段階認証を解除する',
  'mfa.adminResetDone': '二段階認証を解除しました。次のログインで設定し直します。',
  'mfa.userHasFactor': '設定済み',
  'mfa.userNoFactor': '未設定',
  'accounts.error.INVALID_CODE': 'コードが正しくありません。',
  'accounts.error.SIGN_IN_EXPIRED': '時間がたったか、誤りが続いたため、ログインをやり直してください。',
  'accounts.error.PASSWORD_COMMON':
    'よく使われているパスワード、または推測されやすいパスワードです。ほかの人が思いつかない言葉を組み合わせてください。',
  'accounts.error.PASSWORD_CONTEXT':
    'サービス名（実績・jisseki）、メールアドレスや氏名がパスワードの大部分を占めています。関係のない言葉を組み合わせてください。',
  'accounts.error.SECOND_FACTOR_REQUIRED': 'この役割では二段階認証をやめられません。',
} as const

export const mfaEn: Record<keyof typeof mfaJa, string> = {
  'field.passwordCommon': 'This password is common or easy to guess. Combine words others would not think of.',
  'field.passwordContext':
    'Most of this password is the service name (jisseki), your email address or your name. Combine unrelated words.',
  'field.invalidCode': 'The code is not right. Enter the latest 6 digits shown in your authenticator app.',
  'mfa.signInDelayed': 'Several sign-ins failed. Try again in about {seconds} seconds.',
  'mfa.codeTitle': 'Enter your code',
  'mfa.codeLead':
    'Enter the 6-digit code shown in your authenticator app (Google Authenticator, Microsoft Authenticator…).',
  'mfa.code': 'Code',
  'mfa.codeHint': 'Lost your phone? Enter one of your recovery codes (like k7f3m-2xq9p). Each works once.',
  'mfa.verify': 'Verify and sign in',
  'mfa.expired': 'Time ran out or too many codes were wrong. Sign in again.',
  'mfa.startOver': 'Sign in again',
  'mfa.enrolTitle': 'Set up two-step verification',
  'mfa.enrolRequired':
    'Accounts with this role sign in with a password and a code from an authenticator app. Nothing else can be used until this is set up.',
  'mfa.enrolSteps':
    '1. Scan the QR code below with the authenticator app on your phone (or type in the key). 2. Enter the 6-digit code the app shows.',
  'mfa.qrAlt': 'QR code for your authenticator app',
  'mfa.secretText': 'Key to type in',
  'mfa.confirm': 'Finish setting up',
  'mfa.recoveryTitle': 'Recovery codes',
  'mfa.recoveryLead':
    'Use one instead of a code if you lose your phone. Each works once. They are not shown again once you leave this page: print them or keep them somewhere safe.',
  'mfa.continue': 'Go to the console',
  'mfa.sectionTitle': 'Two-step verification',
  'mfa.stateOn': 'On since {date}. Unused recovery codes: {count}',
  'mfa.stateOff': 'Not set up.',
  'mfa.requiredNote': 'Two-step verification is required for this role.',
  'mfa.startEnrol': 'Set up an authenticator app',
  'mfa.replace': 'Set up the authenticator app again (new recovery codes too)',
  'mfa.remove': 'Turn off two-step verification',
  'mfa.reauthNote': 'To confirm it is you, enter your current password.',
  'mfa.passwordForSessions': 'Current password (to end sessions on other devices)',
  'mfa.enrolled': 'Two-step verification is set up.',
  'mfa.removed': 'Two-step verification is turned off.',
  'mfa.adminResetTitle': 'Two-step verification',
  'mfa.adminResetLead':
    'Removes two-step verification for someone who lost their phone. All their sessions end; they set it up again at their next sign-in.',
  'mfa.adminReset': 'Reset two-step verification',
  'mfa.adminResetDone': 'Two-step verification was reset. They set it up again at their next sign-in.',
  'mfa.userHasFactor': 'On',
  'mfa.userNoFactor': 'Off',
  'accounts.error.INVALID_CODE': 'The code is not right.',
  'accounts.error.SIGN_IN_EXPIRED': 'Time ran out or too many codes were wrong. Sign in again.',
  'accounts.error.PASSWORD_COMMON':
    'This password is common or easy to guess. Combine words others would not think of.',
  'accounts.error.PASSWORD_CONTEXT':
    'Most of this password is the service name (jisseki), your email address or your name. Combine unrelated words.',
  'accounts.error.SECOND_FACTOR_REQUIRED': 'Two-step verification cannot be turned off for this role.',
}
