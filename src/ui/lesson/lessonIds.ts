/** The story's "Teach this as a lesson" button: leaving a lesson gives it the focus back. */
export const TEACH_BUTTON_ID = 'teach-lesson';
