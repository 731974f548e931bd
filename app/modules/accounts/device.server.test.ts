import { describe, expect, it } from 'vitest'
import { deviceOf } from './device.server'

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariIpad:
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
}

describe('deviceOf', () => {
  it('names the browser and the system people know', () => {
    expect(deviceOf(UA.chromeWindows)).toEqual({ browser: 'Chrome', system: 'Windows' })
    expect(deviceOf(UA.edgeWindows)).toEqual({ browser: 'Microsoft Edge', system: 'Windows' })
    expect(deviceOf(UA.safariIphone)).toEqual({ browser: 'Safari', system: 'iPhone' })
    expect(deviceOf(UA.safariIpad)).toEqual({ browser: 'Safari', system: 'iPad' })
    expect(deviceOf(UA.safariMac)).toEqual({ browser: 'Safari', system: 'macOS' })
    expect(deviceOf(UA.chromeAndroid)).toEqual({ browser: 'Chrome', system: 'Android' })
  })

  it('knows nothing of a missing or unrecognised string, rather than guessing', () => {
    expect(deviceOf(null)).toEqual({ browser: null, system: null })
    expect(deviceOf('')).toEqual({ browser: null, system: null })
    expect(deviceOf('TestBrowser/1.0')).toEqual({ browser: null, system: null })
  })
})
