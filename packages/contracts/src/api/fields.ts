import { z } from 'zod';

/**
 * Field building blocks with the limits of what is stored, so bad values are a 422 naming the
 * field rather than an error from the database: no NUL characters (Postgres text refuses them),
 * dates with a year Postgres accepts, and amounts with no more decimals than their column keeps.
 */
export const text = () => z.string().refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const isoDate = () =>
  z.iso
    .date({ error: 'must be a date YYYY-MM-DD' })
    .refine((d) => d >= '0001-01-01', 'must be a date YYYY-MM-DD from year 1 on');

/** A number with at most `decimals` decimals (the column's scale): 0.0001 kg is not silently stored as 0. */
export const amount = (decimals: number) =>
  z.number().refine((n) => {
    const scaled = n * 10 ** decimals;
    return Math.abs(scaled - Math.round(scaled)) < 1e-6;
  }, `must have at most ${decimals} decimals`);
