import type { BriefDocument } from '../document.js';
import { buildDocument, formatOf } from '../extract/document.js';
import type { ClaimOptions } from '../extract/claims.js';
import { rules } from '../../rules/index.js';
import type { FileResult, LintResult } from '../types.js';
import { loadConfig, type ResolvedConfig } from './config.js';
import { findFiles, readBrief } from './files.js';
import { fatalDiagnostic, finishFile, lintDocuments } from './linter.js';
import { resolve } from 'node:path';
import { checkLinks, type LinkCheckOptions } from '../net/links.js';
import type { LinkStatus } from '../net/types.js';

/** What a run is asked to do. */
export interface RunOptions {
  paths: string[];
  cwd: string;
  configFile?: string;
  /** Replaces the loaded config (tests, API users). */
  config?: ResolvedConfig;
  /** Check cited URLs over the network (the CLI does unless --offline; the API does not by default). */
  checkLinks?: boolean;
  /** Overrides for link checking from the command line. */
  linkOptions?: LinkCheckOptions;
}

/** Every rule id a config may name. */
export function knownRuleIds(): Set<string> {
  return new Set(rules.map((r) => r.id));
}

/** The outcome of reading and parsing every file, before any rule runs. */
export interface LoadedCorpus {
  config: ResolvedConfig;
  docs: BriefDocument[];
  /** Files that could not be linted, with their one message. */
  failures: FileResult[];
  /** Paths in the order they were found, for stable output. */
  order: string[];
}

/** The extraction options a config implies. */
export function claimOptions(config: ResolvedConfig): ClaimOptions {
  return {
    aliases: (config.claims.aliases as Record<string, string> | undefined) ?? {},
    tolerance: config.claims.tolerance as number | undefined,
  };
}

/** Finds, reads and parses every brief; a file that fails gives one message and the rest go on. */
export async function loadCorpus(options: RunOptions): Promise<LoadedCorpus> {
  const config = options.config ?? loadConfig(options.cwd, options.configFile, knownRuleIds());
  const files = await findFiles(options.paths.length ? options.paths : ['.'], options.cwd, config.extensions);
  const docs: BriefDocument[] = [];
  const failures: FileResult[] = [];
  for (const file of files) {
    const read = await readBrief(file, config.maxFileSize);
    if (!read.ok) {
      failures.push(finishFile(null, file.path, [fatalDiagnostic(file.path, read.message, read.severity)]));
      continue;
    }
    try {
      docs.push(buildDocument(file.path, read.text, formatOf(file.path), claimOptions(config)));
    } catch (err) {
      // An extractor bug must cost one file, not the run; the message says it is ours.
      failures.push(finishFile(null, file.path, [fatalDiagnostic(file.path, `internal error while parsing (please report it): ${(err as Error).message}`)]));
    }
  }
  return { config, docs, failures, order: files.map((f) => f.path) };
}

/** Lints files and folders: read → parse → extract → document rules → project rules → suppressions. */
export async function runLint(options: RunOptions): Promise<LintResult & { corpus: LoadedCorpus }> {
  const corpus = await loadCorpus(options);
  const notices: string[] = [];
  let statuses = new Map<string, LinkStatus>();
  if (options.checkLinks) {
    const fromConfig = corpus.config.links as LinkCheckOptions;
    const checked = await checkLinks(corpus.docs, {
      cacheDir: resolve(options.cwd, corpus.config.cacheDir),
      ...fromConfig,
      ...options.linkOptions,
    });
    statuses = checked.statuses;
    notices.push(...checked.notices);
  }
  const byPath = lintDocuments(corpus.docs, rules, corpus.config, statuses);
  const results = new Map<string, FileResult>();
  for (const doc of corpus.docs) results.set(doc.path, finishFile(doc, doc.path, byPath.get(doc.path) ?? []));
  for (const failure of corpus.failures) results.set(failure.path, failure);
  const files = corpus.order.filter((p) => results.has(p)).map((p) => results.get(p)!);
  return { files, notices, corpus, links: statuses };
}
