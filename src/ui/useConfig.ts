import { useCallback } from 'react';
import type { HideableControl } from '../link/urlKeys';
import type { Config } from '../model/config';
import { usePlayground } from '../state/store';

/** The current config and an updater that hands a draft copy to `mutate`. */
export function useConfig(): [Config, (mutate: (draft: Config) => void) => void] {
  const config = usePlayground((s) => s.config);
  const setConfig = usePlayground((s) => s.setConfig);
  const update = useCallback(
    (mutate: (draft: Config) => void) => {
      const draft = structuredClone(usePlayground.getState().config);
      mutate(draft);
      setConfig(draft);
    },
    [setConfig],
  );
  return [config, update];
}

/** Whether a classroom link hid this control. */
export function useShown(): (control: HideableControl) => boolean {
  const hidden = usePlayground((s) => s.hidden);
  return useCallback((control) => !hidden.includes(control), [hidden]);
}
