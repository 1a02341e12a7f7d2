/**
 * The SQL twin of @lmp/spreadsheet's neutraliseFormula (packages/spreadsheet/src/write/formula.ts),
 * for files that PostgreSQL writes itself (the CSV export through COPY): a text value that a
 * spreadsheet would run as a formula gets a leading apostrophe, anything else is unchanged.
 *
 * The same rule, spelled for PostgreSQL's regular expressions: optional leading white space (the
 * characters JavaScript's `\s` matches with the `u` flag, listed one by one because PostgreSQL's
 * `\s` depends on the database's locale, plus the ideographic space) then `=`, `+`, `-`, `@` or
 * their fullwidth forms; or a tab or carriage return first. test/neutralise-formula-sql.test.ts
 * runs one table of cases through both functions, so the two cannot drift apart.
 */
const WHITE_SPACE =
  '\\u0009\\u000a\\u000b\\u000c\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const FORMULA_START_SQL = `'^[${WHITE_SPACE}]*[=+@\\uff1d\\uff0b\\uff0d\\uff20-]|^[\\u0009\\u000d]'`;

/** `expr` (a text expression) neutralised, as one SQL expression; NULL stays NULL. */
export function neutraliseFormulaSql(expr: string): string {
  return `CASE WHEN ${expr} ~ ${FORMULA_START_SQL} THEN '''' || ${expr} ELSE ${expr} END`;
}
