import { useEffect } from 'react';
import { type LessonMove, lessonKeyMove } from '../../view/lessons';

/** Controls that use these keys themselves: a lesson key there is theirs, not the lesson's. */
const USES_ARROWS =
  'input, select, textarea, [contenteditable], [role="tab"], [role="slider"], [role="radio"], [tabindex]:not(#lesson-step-title)';
const USES_SPACE =
  'button, a[href], input, select, textarea, summary, [contenteditable], [role="tab"], [tabindex]:not(#lesson-step-title)';
const USES_PAGE_KEYS = 'input[type="range"], select, textarea, [role="slider"]';
const USES_ESCAPE = 'input, select, textarea, dialog, [tabindex]:not(#lesson-step-title)';

function keyIsTheControls(key: string, target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const inside = (selector: string) => target.closest(selector) !== null;
  if (key === 'ArrowLeft' || key === 'ArrowRight') return inside(USES_ARROWS);
  if (key === ' ') return inside(USES_SPACE);
  if (key === 'PageUp' || key === 'PageDown') return inside(USES_PAGE_KEYS);
  return inside(USES_ESCAPE);
}

/**
 * The lesson's keys on the whole page: ArrowRight, PageDown and Space go on, ArrowLeft and PageUp
 * go back (presentation clickers send PageDown / PageUp), Escape leaves. A focused control that
 * uses the key (a text box, a slider, the chart's readout, the choices) keeps it.
 */
export function useLessonKeys(onMove: (move: LessonMove) => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const move = lessonKeyMove(e.key);
      if (!move || keyIsTheControls(e.key, e.target)) return;
      e.preventDefault();
      onMove(move);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onMove]);
}
