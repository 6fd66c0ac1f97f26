/**
 * Resolves in the next macrotask: React has committed what a store change scheduled and the page
 * may paint. A MessageChannel task rather than setTimeout, which nests to a 4 ms clamp and which
 * background tabs throttle to once a second; rAF would never come in a hidden tab.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
