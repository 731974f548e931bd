/** UI strings of account-link messages (invitations, password resets) on the sent-mail pages (merged into i18n.ts). */
export const linksJa = {
  'links.bodyHidden':
    '本文は表示されません。このメールには、受け取った本人だけが使うパスワード設定用のリンクが含まれているためです。リンクが届かない場合は、ユーザーの画面から招待またはパスワードの再設定をやり直してください。',
} as const

export const linksEn: Record<keyof typeof linksJa, string> = {
  'links.bodyHidden':
    'The message text is not shown: it holds a set-password link meant only for its recipient. If the link did not arrive, send the invitation or password reset again from the user’s page.',
}
