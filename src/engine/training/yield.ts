/**
 * Gives the event loop a turn (so pause/stop messages are seen between training steps) without
 * the 4 ms clamp that nested setTimeout(0) gets in browsers and workers.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
