/** A difference as printed: +1, −2 (the minus sign), ±0. Shared by pages and files. */
export function signedNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded).toLocaleString('ja-JP')}`
}
