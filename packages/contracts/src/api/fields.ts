import { z } from 'zod';

/**
 * JSON can spell half a surrogate pair (`"\ud800"`), which is no character: UTF-8 cannot encode
 * it, so the driver would store U+FFFD instead and a JSON column would refuse it.
 */
const LONE_SURROGATE = /\p{Cs}/u;
export const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/**
 * Field building blocks with the limits of what is stored, so bad values are a 422 naming the
 * field rather than an error from the database: no NUL characters (Postgres text refuses them),
 * dates with a year Postgres accepts, and amounts with no more decimals than their column keeps.
 */
export const text = () =>
  z
    .string()
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine(isWellFormed, 'must be valid Unicode text (a lone surrogate is not a character)');

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
