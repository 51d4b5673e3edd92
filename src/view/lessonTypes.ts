import type { Lang } from '../i18n';
import type { PresetName } from '../model/presets';

/**
 * A lesson (issue 21): a story as steps a teacher clicks through in front of a class. The words a
 * step states as fact are `facts`, each naming the story claims (storyClaims.ts) whose quotes it
 * contains, so a lesson says nothing as measured that `npm run stories` does not check. Everything
 * else is a question or an instruction. Text may take the figures {steps}, {carry} and {epochs}
 * from the config of the step's preset (lessonText).
 */

export type LessonText = Record<Lang, string>;

/** A fact a step states: its words contain the quote of every claim named (in both languages). */
export interface LessonFact {
  preset: PresetName;
  claims: string[];
  text: LessonText;
}

/** One run a step trains: a preset's config, or a claim's variant of it (the runs it compares). */
export interface LessonRun {
  preset: PresetName;
  /** `STORY_CLAIMS[preset]` claim `claim`'s variant `name` (e.g. the SimpleRNN beside the LSTM). */
  variant?: { claim: string; name: string };
  label: LessonText;
}

/** The panels beside a step's text: the loss chart, the runs overlay, the inside views. */
export type LessonPanel = 'loss' | 'compare' | 'inside';

interface StepBase {
  title: LessonText;
  /** A question or an instruction: never a measured fact (those are `facts`). */
  body: LessonText;
  facts?: LessonFact[];
  /** The preset whose config fills the text's figures. */
  preset: PresetName;
}

/** What we ask. */
export interface AskStep extends StepBase {
  kind: 'ask';
}
/** The class predicts first: 2–4 answers, one right, matching the claim the reveal states. */
export interface PredictStep extends StepBase {
  kind: 'predict';
  choices: LessonText[];
  right: number;
  claim: string;
}
/** The run, in the lesson itself: one Train button per run; Compare runs overlays them. */
export interface RunStep extends StepBase {
  kind: 'run';
  runs: LessonRun[];
}
/** The inside view opened where the evidence is (the preset's `look`, as its story opens it). */
export interface LookStep extends StepBase {
  kind: 'look';
}
/** What it shows and why: the prediction of step `answers` (from 1) beside the right answer. */
export interface RevealStep extends StepBase {
  kind: 'reveal';
  answers: number;
  show: LessonPanel[];
}

export type LessonStep = AskStep | PredictStep | RunStep | LookStep | RevealStep;

export interface Lesson {
  title: LessonText;
  /** The stories it is built on: each story's "Teach this as a lesson" opens it. */
  presets: PresetName[];
  steps: LessonStep[];
}
