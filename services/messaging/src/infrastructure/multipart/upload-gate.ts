/**
 * How many multipart uploads one process reads at once: each holds its files in memory until
 * its message is stored, so the cap bounds that memory. A request over the cap is turned away
 * before its body is read, never queued (a queue would hold the connections and their bodies).
 */
export interface UploadGate {
  readonly max: number;
  /** A slot and the function that gives it back (once; calling it again does nothing), or undefined when all are taken. */
  tryEnter(): (() => void) | undefined;
}

export function uploadGate(max: number): UploadGate {
  let inUse = 0;
  return {
    max,
    tryEnter() {
      if (inUse >= max) return undefined;
      inUse += 1;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inUse -= 1;
      };
    },
  };
}

const gates = new WeakMap<object, UploadGate>();

/**
 * The one gate of `owner` (the service's Express app), made on first use: every route that takes
 * uploads counts against the same cap, however the routers were built.
 */
export function uploadGateOf(owner: object, max: number): UploadGate {
  let gate = gates.get(owner);
  if (!gate) {
    gate = uploadGate(max);
    gates.set(owner, gate);
  }
  return gate;
}
