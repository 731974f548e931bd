#!/usr/bin/env node
// Takes the README's screenshots from a running Jisseki with demo data:
//   node scripts/screenshots.mjs http://localhost:3000 admin@city.example.jp '<password>'
// Uses Debian's Chromium (apt-get install chromium fonts-noto-cjk).
import { chromium } from 'playwright-core'

const [base = 'http://localhost:3000', email, password] = process.argv.slice(2)
const out = 'docs/screenshots'
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, locale: 'ja-JP' })
const shot = (name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true })

await page.goto(base)
await shot('01-seminars')
await page.locator('.card', { hasText: '残りわずか' }).first().locator('h2 a').click()
await page.waitForLoadState('networkidle')
await shot('02-seminar')
await page.goto(base)
await page.locator('.card', { hasText: '受付中' }).first().locator('h2 a').click()
await page.getByRole('link', { name: '申し込む' }).click()
await page.waitForURL(/register$/)
await page.locator('[name=name]').fill('札幌 花子')
await page.locator('[name=furigana]').fill('Sapporo')
await page.locator('[name=email]').fill('hanako@example')
await page.getByRole('button', { name: '申し込む' }).click()
await page.locator('.error-summary').waitFor()
await shot('03-form-errors')
await page.locator('[name=furigana]').fill('さっぽろ はなこ')
await page.locator('[name=email]').fill(`hanako.${Date.now()}@example.jp`)
await page.locator('[name=organizationName]').fill('株式会社札幌テック')
await page.locator('[name=industry]').selectOption('G')
await page.getByLabel('市内', { exact: true }).check()
const mode = page.getByLabel('会場で参加')
if (await mode.count()) await mode.check()
await page.locator('[name=consent]').check()
await page.getByRole('button', { name: '申し込む' }).click()
await page.waitForURL(/done$/)
await shot('04-done-qr')
await page.getByRole('link', { name: 'お申込みの確認・キャンセル' }).click()
await page.getByRole('link', { name: 'お申込みをキャンセルする' }).click()
await shot('05-cancel-confirm')
await page.getByRole('button', { name: 'English' }).click()
await page.getByRole('button', { name: '日本語' }).waitFor()
await page.goto(base)
await shot('06-seminars-en')
await page.getByRole('button', { name: '日本語' }).click()
await page.getByRole('button', { name: 'English' }).waitFor()
if (email && password) {
  await page.goto(`${base}/console/login`)
  await page.locator('[name=email]').fill(email)
  await page.locator('[name=password]').fill(password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  await page.waitForURL(/console$/)
  await shot('07-console')
  await page.getByRole('link', { name: /機械学習入門/ }).click()
  await shot('08-console-seminar')
}
await browser.close()
console.log(`Screenshots written to ${out}/`)
