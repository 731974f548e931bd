import { useT } from '~/utils/use-i18n'

export default function Privacy() {
  const t = useT()
  return (
    <article className="panel">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.body1')}</p>
      <p>{t('privacy.body2')}</p>
      <p>{t('privacy.body3')}</p>
    </article>
  )
}
