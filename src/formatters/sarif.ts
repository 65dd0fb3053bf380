import { rules } from '../../rules/index.js';
import type { Diagnostic, LintResult, Range } from '../types.js';
import { TOOL } from '../version.js';
import { nested } from './json.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
const DOCS = 'https://github.com/cite-lint/cite-lint/blob/main/rules';

function region(r: Range) {
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

function location(file: string, r: Range) {
  return { physicalLocation: { artifactLocation: { uri: encodeURI(file) }, region: region(r) } };
}

function result(d: Diagnostic, ruleIndex: Map<string, number>) {
  const out: Record<string, unknown> = {
    ...(d.ruleId ? { ruleId: d.ruleId, ruleIndex: ruleIndex.get(d.ruleId) } : {}),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [location(d.file, d.range)],
  };
  if (d.related?.length) {
    out.relatedLocations = d.related.map((r, i) => ({ id: i + 1, ...location(r.file, r.range), message: { text: r.excerpt ? `${r.message}: ${r.excerpt}` : r.message } }));
  }
  if (d.fix) {
    out.fixes = [
      {
        description: { text: d.fix.description },
        artifactChanges: [
          {
            artifactLocation: { uri: encodeURI(d.file) },
            replacements: d.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.text } })),
          },
        ],
      },
    ];
  }
  if (d.suppressed) out.suppressions = [{ kind: 'inSource', ...(d.suppressed.justification ? { justification: d.suppressed.justification } : {}) }];
  return out;
}

/** `--format sarif`: SARIF 2.1.0 with rule metadata, related locations, fixes and in-source suppressions. */
export function formatSarif(res: LintResult): string {
  return [...formatSarifParts(res)].join('');
}

// Stands for the results while the rest of the log is stringified, then cut out.
const RESULTS = '\u0000results';

/**
 * `formatSarif`'s text in pieces, a result at a time: the same bytes as one
 * `JSON.stringify(log, null, 2)`, without holding an archive's log (70 MB) as objects and as one
 * string (on 10,000 briefs, that put the run over 1 GiB).
 */
export function* formatSarifParts(res: LintResult): Generator<string> {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const any = res.files.some((f) => f.messages.length + f.suppressed.length > 0);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            informationUri: 'https://github.com/cite-lint/cite-lint',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.summary },
              helpUri: `${DOCS}/${r.id}/README.md`,
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity === 'warn' ? 'warning' : r.meta.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: any ? [RESULTS] : [],
      },
    ],
  };
  const text = JSON.stringify(log, null, 2) + '\n';
  if (!any) {
    yield text;
    return;
  }
  // The results are the elements of an array four levels down: eight spaces in.
  const placeholder = `        ${JSON.stringify(RESULTS)}`;
  const at = text.indexOf(placeholder);
  yield text.slice(0, at);
  let first = true;
  for (const f of res.files) {
    for (const d of [...f.messages, ...f.suppressed]) {
      yield `${first ? '' : ',\n'}        ${nested(result(d, ruleIndex), 4)}`;
      first = false;
    }
  }
  yield text.slice(at + placeholder.length);
}
