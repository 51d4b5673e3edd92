import { usePlayground } from './store';
import { requestWorker } from './workerClient';

/**
 * The own-sentence box: the worker runs the current weights on the text (a forward pass there, not
 * on this thread). The last answer stays shown while a new one is worked on, and when a sentence
 * is refused (empty, too long, no words): the views keep their last state.
 */
export async function askSentence(text: string): Promise<void> {
  const set = usePlayground.setState;
  const current = () => usePlayground.getState().sentence;
  set({ sentence: { answer: current()?.answer ?? null, refusal: null, working: true } });
  let reply: Awaited<ReturnType<typeof requestWorker>>;
  try {
    reply = await requestWorker({ type: 'sentence', text });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply = { type: 'reply', id: 0, ok: false, message };
  }
  const answer = current()?.answer ?? null;
  if (reply.ok && 'sentence' in reply) {
    set({ sentence: { answer: reply.sentence, refusal: null, working: false } });
  } else if (!reply.ok) {
    const key = reply.code?.startsWith('sentence') ? reply.code : 'sentenceFailed';
    set({
      sentence: {
        answer,
        refusal: { key, vars: { ...(reply.vars ?? {}), message: reply.message } },
        working: false,
      },
    });
  }
}
