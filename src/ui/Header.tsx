import { memo } from 'react';
import { LANG_NAMES, LANGS, type Lang } from '../i18n';
import { usePlayground } from '../state/store';
import { BackendBadge } from './BackendBadge';
import { CopyLink } from './CopyLink';
import { ExportMenu } from './ExportMenu';
import { SelectField } from './fields';
import { useT } from './useT';

export const Header = memo(function Header() {
  const t = useT();
  const lang = usePlayground((s) => s.lang);
  const setLang = usePlayground((s) => s.setLang);
  const offlineReady = usePlayground((s) => s.offlineReady);
  return (
    <header className="app-header">
      <div className="brand">
        <h1>{t('appTitle')}</h1>
        <p className="tagline">{t('appTagline')}</p>
      </div>
      <div className="header-tools">
        {offlineReady && (
          <span className="offline-badge" title={t('offlineReadyHint')} data-testid="offline-ready">
            <span aria-hidden="true">✓</span> {t('offlineReady')}
          </span>
        )}
        <BackendBadge />
        <CopyLink />
        <ExportMenu />
        <SelectField<Lang>
          label={t('language')}
          value={lang}
          options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
          testId="lang"
          onChange={setLang}
        />
      </div>
    </header>
  );
});
