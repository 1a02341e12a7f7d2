/** "Now", injectable so tests can stand at any instant (the stale rule counts days from it). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
