/** UI strings of the mail delivery status panel (console; merged into i18n.ts). */
export const outboxJa = {
  'mailHealth.title': 'メール配信状況',
  'mailHealth.ok': '正常に配信されています。',
  'mailHealth.degraded': '配信に問題があります。',
  'mailHealth.stuck':
    '{minutes}分以上送信されていないメールがあります。メールサーバーへの接続と、アプリのメール送信処理を確認してください。',
  'mailHealth.failing':
    '直近1時間に送信に失敗したメールが、送信できたメールより多くなっています。メールサーバーの設定（認証・送信元）を確認してください。',
  'mailHealth.pending': '送信待ち',
  'mailHealth.oldest': '最も古い送信待ち',
  'mailHealth.failedLastHour': '直近1時間の失敗',
  'mailHealth.sentLastHour': '直近1時間の送信',
  'mailHealth.count': '{count}通',
  'mailHealth.none': 'なし',
  'mailHealth.ageMinutes': '{minutes}分前',
  'mailHealth.ageSeconds': '{seconds}秒前',
}

export const outboxEn: Record<keyof typeof outboxJa, string> = {
  'mailHealth.title': 'Mail delivery',
  'mailHealth.ok': 'Messages are being delivered.',
  'mailHealth.degraded': 'Mail delivery has a problem.',
  'mailHealth.stuck':
    'A message has been waiting for more than {minutes} minutes. Check the connection to the mail server and that the app is sending mail.',
  'mailHealth.failing':
    'More messages failed than were sent in the last hour. Check the mail server settings (authentication, sender address).',
  'mailHealth.pending': 'Waiting',
  'mailHealth.oldest': 'Oldest waiting',
  'mailHealth.failedLastHour': 'Failed, last hour',
  'mailHealth.sentLastHour': 'Sent, last hour',
  'mailHealth.count': '{count}',
  'mailHealth.none': 'none',
  'mailHealth.ageMinutes': '{minutes} min ago',
  'mailHealth.ageSeconds': '{seconds} s ago',
}
