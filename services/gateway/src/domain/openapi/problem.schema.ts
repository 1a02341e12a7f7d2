import { z } from 'zod';

/** RFC 9457 problem details, as packages/errors writes them. */
export const ZProblem = z.object({
  type: z.url(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('stable error code, e.g. LICENCE.DUPLICATE_NUMBER'),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
