/** "Now", injectable so tests can stand at any instant of the schedule without waiting for it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
