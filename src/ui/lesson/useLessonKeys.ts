import { useEffect } from 'react';
import { type LessonMove, lessonKeyMove } from '../../view/lessons';

/**
 * Focused controls that use these keys themselves: a lesson key there is theirs, not the lesson's.
 * A focusable widget of the page (a chart's readout, a heatmap) has tabindex 0; a button or a link
 * gives the arrows and the page keys to the lesson, and keeps Space (it presses the button).
 */
const USES_ARROWS = 'input, select, textarea, [role="tab"], [role="slider"], [role="radio"], [tabindex="0"]';
const USES_SPACE = 'button, a[href], input, select, textarea, summary, [role="tab"], [tabindex="0"]';
const USES_PAGE_KEYS = 'input[type="range"], select, textarea, [role="slider"]';
const USES_ESCAPE = 'input, select, textarea, [tabindex="0"]';

function keyIsTheControls(key: string, target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('[contenteditable], dialog')) return true;
  if (key === 'ArrowLeft' || key === 'ArrowRight') return target.matches(USES_ARROWS);
  if (key === ' ') return target.matches(USES_SPACE);
  if (key === 'PageUp' || key === 'PageDown') return target.matches(USES_PAGE_KEYS);
  return target.matches(USES_ESCAPE);
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
