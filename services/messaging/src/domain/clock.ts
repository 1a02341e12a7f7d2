/** "Now", injectable so tests can stand at any instant (the weekly reminder) without waiting for it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
