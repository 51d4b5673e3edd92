import { useMemo } from 'react';
import { translator } from '../i18n';
import { usePlayground } from '../state/store';

/** The translate function for the page's current language. */
export function useT() {
  const lang = usePlayground((s) => s.lang);
  return useMemo(() => translator(lang), [lang]);
}
