import type { PresetName } from '../model/presets';
import { ATTENTION_CLAIMS } from './attentionClaims';
import { CLASSIFIER_CLAIMS } from './classifierClaims';
import { MEMORY_CLAIMS } from './memoryClaims';
import { OVERFIT_CLAIMS } from './overfitClaims';
import type { StoryClaim } from './storyRecord';
import { TRANSLATION_CLAIMS } from './translationClaims';

export { presetStepFlops } from './classifierClaims';
export type { ClaimResult, StoryClaim, StoryRecord, StoryRuns } from './storyRecord';

/**
 * Every claim a story makes to a class, as a check over what a run produced. The quote is the
 * story's own words that the claim holds (a test finds it in the story, in both languages); check
 * returns whether it holds on this run and the measured figure the note and the test print.
 * `npm run stories` trains each story over several seeds and prints every figure; the test
 * (src/cli/storyClaims.test.ts) asserts each claim holds on most seeds.
 */

/** Every story's claims, in the order its text makes them (the compiler holds every preset to one). */
export const STORY_CLAIMS: Record<PresetName, StoryClaim[]> = {
  ...OVERFIT_CLAIMS,
  ...MEMORY_CLAIMS,
  ...ATTENTION_CLAIMS,
  ...CLASSIFIER_CLAIMS,
  ...TRANSLATION_CLAIMS,
};

/** What a story's runs must record for its claims. */
export function claimNeeds(claims: readonly StoryClaim[]) {
  return {
    windows: Math.max(0, ...claims.map((c) => c.windows ?? 0)),
    epochProbes: claims.some((c) => c.epochProbes),
    sentences: [...new Set(claims.flatMap((c) => c.sentences ?? []))],
  };
}
