/** UI strings of a database outage: the 503 page and plain-text answer (merged into i18n.ts). */
export const dbfaultsJa = {
  'dbfaults.title': 'ただいま一時的にご利用いただけません',
  'dbfaults.unavailable': 'ただいま一時的に保存や表示ができない状態です。しばらくしてから、もう一度お試しください。',
  'dbfaults.notSaved':
    'フォームを送信された場合、その内容は保存されていない可能性があります。少し時間をおいてから、もう一度送信してください。',
  'dbfaults.retry': 'もう一度読み込む',
}

export const dbfaultsEn: Record<keyof typeof dbfaultsJa, string> = {
  'dbfaults.title': 'Briefly unavailable',
  'dbfaults.unavailable': 'The service is briefly unable to save or show data. Please try again shortly.',
  'dbfaults.notSaved': 'If you sent a form, it may not have been saved. Please wait a moment and send it again.',
  'dbfaults.retry': 'Load the page again',
}
