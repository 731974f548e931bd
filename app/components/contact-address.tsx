import { useT } from '~/utils/use-i18n'

/** The office's address for questions, as a mail link (the accessibility policy, the privacy notice). */
export function ContactAddress({ address }: { address: string }) {
  const t = useT()
  return (
    <p className="contact-address">
      {t('policy.email')}
      <a href={`mailto:${address}`}>{address}</a>
    </p>
  )
}
