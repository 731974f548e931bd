import type { Page } from 'playwright-core'

/** Signs a staff member in through the login form, as a person would. */
export async function signIn(page: Page, appUrl: string, email: string, password: string) {
  await page.goto(`${appUrl}/console/login`)
  await page.locator('[name=email]').fill(email)
  await page.locator('[name=password]').fill(password)
  await page.getByRole('button', { name: 'ログイン' }).click()
  await page.waitForURL(/\/console$/)
}
