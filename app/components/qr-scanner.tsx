import { useEffect, useRef, useState } from 'react'
import type { T } from '~/utils/i18n'

type Detector = { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> }
type DetectorConstructor = new (options: { formats: string[] }) => Detector

/**
 * Reads QR codes with the device camera: the browser's BarcodeDetector where it has one,
 * the jsQR decoder (loaded only when needed) otherwise. Calls `onCode` once per code and
 * ignores the same code for a few seconds, so a slip held in front of the camera is one scan.
 */
export function QrScanner({ onCode, t }: { onCode: (code: string) => void; t: T }) {
  // Only with JavaScript: without it the page offers typing the code and searching.
  const [mounted, setMounted] = useState(false)
  useEffect(() => setMounted(true), [])
  const [active, setActive] = useState(false)
  const [error, setError] = useState(false)
  const videoRef = useRef<HTMLVideoElement>(null)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode

  useEffect(() => {
    if (!active) return
    let stopped = false
    let stream: MediaStream | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const last = { code: '', at: 0 }
    const canvas = document.createElement('canvas')

    async function start() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
        const video = videoRef.current!
        video.srcObject = stream
        await video.play()
        const Native = (window as unknown as { BarcodeDetector?: DetectorConstructor }).BarcodeDetector
        const detector = Native ? new Native({ formats: ['qr_code'] }) : null
        const jsQR = detector ? null : (await import('jsqr')).default
        const tick = async () => {
          if (stopped) return
          let value: string | undefined
          if (detector) {
            value = (await detector.detect(video).catch(() => []))[0]?.rawValue
          } else if (jsQR && video.videoWidth > 0) {
            canvas.width = video.videoWidth
            canvas.height = video.videoHeight
            const ctx = canvas.getContext('2d', { willReadFrequently: true })!
            ctx.drawImage(video, 0, 0)
            const image = ctx.getImageData(0, 0, canvas.width, canvas.height)
            value = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data
          }
          const now = Date.now()
          if (value && (value !== last.code || now - last.at > 4000)) {
            last.code = value
            last.at = now
            onCodeRef.current(value)
          }
          timer = setTimeout(tick, 200)
        }
        void tick()
      } catch {
        setError(true)
        setActive(false)
      }
    }
    void start()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [active])

  if (!mounted) return null
  return (
    <div className="scanner">
      <button
        type="button"
        className="button"
        onClick={() => {
          setError(false)
          setActive((a) => !a)
        }}
      >
        {active ? t('checkin.stopScan') : t('checkin.scan')}
      </button>
      {active ? (
        <>
          <p className="hint">{t('checkin.scanHint')}</p>
          <video ref={videoRef} className="scanner-video" muted playsInline data-testid="scanner-video" />
        </>
      ) : null}
      {error ? (
        <p className="notice" role="alert">
          {t('checkin.cameraError')}
        </p>
      ) : null}
    </div>
  )
}
