import { memo, useEffect, useRef, useState } from 'react';
import { usePlayground } from '../state/store';
import { shareLink } from '../state/urlSync';
import { useT } from './useT';

/** Copies the page's link; where the clipboard is refused, shows the link selected for copying by hand. */
export const CopyLink = memo(function CopyLink() {
  const t = useT();
  const [shown, setShown] = useState<{ link: string; copied: boolean } | null>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (shown && !shown.copied) field.current?.select();
  }, [shown]);

  const copy = async () => {
    const link = shareLink(usePlayground.getState(), window.location);
    try {
      await navigator.clipboard.writeText(link);
      setShown({ link, copied: true });
    } catch {
      setShown({ link, copied: false });
    }
  };

  return (
    <div className="copy-link">
      <button type="button" onClick={copy} data-testid="copy-link">
        {t('share')}
      </button>
      {shown && (
        <div className="copy-popover" role="status">
          <label htmlFor="share-link">{shown.copied ? t('copied') : t('copyFallback')}</label>
          <input
            id="share-link"
            ref={field}
            readOnly
            value={shown.link}
            data-testid="share-link"
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="dismiss" aria-label={t('dismiss')} onClick={() => setShown(null)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
});
