import type { LintResult } from '../types.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

/** What a formatter may know beyond the results. */
export interface FormatContext {
  color: boolean;
  cwd: string;
}

/** Turns a run's results into a report. */
export type Formatter = (result: LintResult, ctx: FormatContext) => string;

/** Formatters by `--format` name. */
export const formatters: Record<string, Formatter> = {
  stylish: (r, ctx) => formatStylish(r, { color: ctx.color }),
  json: (r) => formatJson(r),
};
