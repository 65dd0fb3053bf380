import type { BriefSummary } from '../document.js';
import type { LintResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatHtml, formatHtmlParts } from './html.js';
import { formatJson, formatJsonParts } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif, formatSarifParts } from './sarif.js';
import { formatStylish } from './stylish.js';

/** What a formatter may know beyond the results. */
export interface FormatContext {
  color: boolean;
  cwd: string;
  /** The parsed briefs, for reports that show text around findings and citation tables. */
  docs?: BriefSummary[];
}

/** Turns a run's results into a report. */
export type Formatter = (result: LintResult, ctx: FormatContext) => string;

/** Formatters whose report can be written a piece at a time (an archive's JSON report runs to 50 MB). */
export const formattersInParts: Record<string, (result: LintResult, ctx: FormatContext) => Iterable<string | Uint8Array>> = {
  json: (r) => formatJsonParts(r),
  sarif: (r) => formatSarifParts(r),
  html: (r, ctx) => formatHtmlParts(r, ctx.docs),
};

/** Formatters by `--format` name. */
export const formatters: Record<string, Formatter> = {
  stylish: (r, ctx) => formatStylish(r, { color: ctx.color }),
  json: (r) => formatJson(r),
  sarif: (r) => formatSarif(r),
  github: (r) => formatGithub(r),
  markdown: (r, ctx) => formatMarkdown(r, ctx.docs),
  html: (r, ctx) => formatHtml(r, ctx.docs),
};
