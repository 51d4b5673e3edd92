import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { useT } from './useT';

/** Each panel fails alone: a crash shows a retry button in its place, the rest keeps working. */
export function Safe({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <ErrorBoundary title={t('crashTitle')} retry={t('crashRetry')}>
      {children}
    </ErrorBoundary>
  );
}
