import { AppError } from './app-error';
import { fromBodyParser, fromMalformedUrl } from './body-parser-errors';
import { fromDataException, fromUnavailableDependency } from './dependency-errors';
import { toProblem, type Problem } from './problem';
import type { ProblemTypes } from './problem-types';

export interface LoggerLike {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  fatal?(obj: object, msg?: string): void;
}

/** Turns what was thrown into the error the platform answers with (body parser, database, …). */
export function toAppError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  return (
    fromBodyParser(error) ??
    fromMalformedUrl(error) ??
    fromUnavailableDependency(error) ??
    fromDataException(error) ??
    error
  );
}

/**
 * The one error path: requests, messages and process hooks all report through it, so a failure
 * is classified and logged the same way wherever it happens (5xx and unknown errors at error
 * level with the stack, client errors at warn with their code).
 */
export function reportError(
  logger: LoggerLike,
  error: unknown,
  options: {
    where: string;
    instance?: string;
    problemTypes?: ProblemTypes;
    /** A failure that ends the process (start, process hooks, shutdown): always fatal, with the error. */
    fatal?: boolean;
  },
): { mapped: unknown; problem: Problem } {
  const mapped = toAppError(error);
  const problem = toProblem(mapped, options.instance, options.problemTypes);
  if (options.fatal)
    (logger.fatal ?? logger.error).call(
      logger,
      { err: error, where: options.where },
      `${options.where} failed`,
    );
  else if (problem.status >= 500)
    logger.error({ err: error, where: options.where }, `${options.where} failed`);
  else logger.warn({ code: problem.code, status: problem.status, where: options.where }, problem.detail);
  return { mapped, problem };
}
