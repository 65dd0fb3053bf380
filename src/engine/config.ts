import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { ConfigSeverity } from '../types.js';

/** A rule's configured severity and options. */
export interface RuleSetting {
  severity: ConfigSeverity;
  options: Record<string, unknown>;
}

/** Configuration after defaults are applied and every value is checked. */
export interface ResolvedConfig {
  /** Where it came from, or null for the built-in defaults. */
  file: string | null;
  rules: Record<string, RuleSetting>;
  /** Files larger than this many bytes get one message instead of being linted. */
  maxFileSize: number;
  /** File endings linted when walking folders. */
  extensions: string[];
  claims: Record<string, unknown>;
  links: Record<string, unknown>;
  cacheDir: string;
}

const FILE_NAMES = ['cite-lint.config.json', '.citelintrc.json'];
const SEVERITIES: ConfigSeverity[] = ['off', 'info', 'warn', 'error'];
const LINK_KEYS = new Set(['archive', 'include', 'exclude', 'hosts', 'timeout', 'concurrency', 'perHost', 'retries', 'userAgent', 'cacheTtlHours', 'maxBodyBytes', 'maxRedirects']);
const TOP_LEVEL = new Set(['$schema', 'rules', 'maxFileSize', 'extensions', 'claims', 'links', 'cacheDir']);

/** Defaults: every rule at its own severity, 10 MB files, Markdown and text. */
export function defaultConfig(): ResolvedConfig {
  return {
    file: null,
    rules: {},
    maxFileSize: 10 * 1024 * 1024,
    extensions: ['.md', '.markdown', '.txt'],
    claims: {},
    links: {},
    cacheDir: '.cite-lint-cache',
  };
}

/** Line and column of a character offset, for config error messages. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Parses JSON, turning a syntax error into a one-line message with its line and column. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? `:${lineColumn(text, Number(pos[1]))}` : '';
    throw new UserError(`${file}${where}: malformed JSON (${msg.replace(/ in JSON at position \d+.*$/, '')})`);
  }
}

/** Finds the config file for a folder: the nearest one walking up, or null. */
export function findConfigFile(cwd: string): { file: string; key: 'root' | 'package' } | null {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of FILE_NAMES) {
      const file = join(dir, name);
      if (existsSync(file)) return { file, key: 'root' };
    }
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const data = JSON.parse(readFileSync(pkg, 'utf8')) as Record<string, unknown>;
        if (data && typeof data === 'object' && 'cite-lint' in data) return { file: pkg, key: 'package' };
      } catch {
        // A broken package.json that does not mention cite-lint is not ours to report.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Checks a config object and applies defaults. Unknown keys, unknown rule ids and bad
 * severities are errors: a typo must not silently turn a rule off.
 */
export function resolveConfig(raw: unknown, file: string | null, knownRules: Set<string>): ResolvedConfig {
  const where = file ?? 'config';
  const config = defaultConfig();
  config.file = file;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError(`${where}: the configuration must be a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!TOP_LEVEL.has(key)) {
      throw new UserError(`${where}: unknown option "${key}" (known: ${[...TOP_LEVEL].filter((k) => k !== '$schema').join(', ')})`);
    }
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) {
      throw new UserError(`${where}: "rules" must be an object of rule id → severity`);
    }
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!knownRules.has(id)) throw new UserError(`${where}: unknown rule "${id}" in "rules"`);
      const [severity, options] = Array.isArray(value) ? value : [value, {}];
      if (!SEVERITIES.includes(severity as ConfigSeverity)) {
        throw new UserError(`${where}: rule "${id}" has severity ${JSON.stringify(severity)}; use one of ${SEVERITIES.join(', ')}`);
      }
      if (options === null || typeof options !== 'object' || Array.isArray(options)) {
        throw new UserError(`${where}: options of rule "${id}" must be an object`);
      }
      config.rules[id] = { severity: severity as ConfigSeverity, options: options as Record<string, unknown> };
    }
  }
  if (obj.maxFileSize !== undefined) {
    if (typeof obj.maxFileSize !== 'number' || !(obj.maxFileSize > 0)) {
      throw new UserError(`${where}: "maxFileSize" must be a positive number of bytes`);
    }
    config.maxFileSize = obj.maxFileSize;
  }
  if (obj.extensions !== undefined) {
    if (!Array.isArray(obj.extensions) || !obj.extensions.every((e) => typeof e === 'string' && e.startsWith('.'))) {
      throw new UserError(`${where}: "extensions" must be a list such as [".md", ".txt"]`);
    }
    config.extensions = obj.extensions as string[];
  }
  for (const section of ['claims', 'links'] as const) {
    const v = obj[section];
    if (v === undefined) continue;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UserError(`${where}: "${section}" must be an object`);
    config[section] = v as Record<string, unknown>;
  }
  const claims = config.claims;
  if (claims.aliases !== undefined) {
    const a = claims.aliases;
    if (!a || typeof a !== 'object' || Array.isArray(a) || !Object.values(a).every((v) => typeof v === 'string')) {
      throw new UserError(`${where}: "claims.aliases" must map names to subjects, e.g. {"Barkhane": "France"}`);
    }
  }
  if (claims.tolerance !== undefined && (typeof claims.tolerance !== 'number' || claims.tolerance < 0 || claims.tolerance >= 1)) {
    throw new UserError(`${where}: "claims.tolerance" must be a fraction from 0 to 1, e.g. 0.05`);
  }
  if (claims.ignore !== undefined && (!Array.isArray(claims.ignore) || !claims.ignore.every((p) => typeof p === 'string'))) {
    throw new UserError(`${where}: "claims.ignore" must be a list of strings or "/regex/" patterns`);
  }
  for (const p of (claims.ignore as string[] | undefined) ?? []) {
    const re = /^\/(.*)\/([a-z]*)$/.exec(p);
    if (!re) continue;
    try {
      new RegExp(re[1], re[2]);
    } catch (err) {
      throw new UserError(`${where}: "claims.ignore" pattern ${p} is not a valid regular expression (${(err as Error).message})`);
    }
  }
  const links = config.links;
  for (const key of Object.keys(links)) {
    if (!LINK_KEYS.has(key)) throw new UserError(`${where}: unknown option "links.${key}" (known: ${[...LINK_KEYS].join(', ')})`);
  }
  for (const key of ['include', 'exclude'] as const) {
    const list = links[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) throw new UserError(`${where}: "links.${key}" must be a list of regular expressions`);
    for (const p of list as string[]) {
      try {
        new RegExp(p);
      } catch (err) {
        throw new UserError(`${where}: "links.${key}" pattern ${JSON.stringify(p)} is not a valid regular expression (${(err as Error).message})`);
      }
    }
  }
  for (const key of ['timeout', 'concurrency', 'perHost', 'retries', 'cacheTtlHours', 'maxBodyBytes', 'maxRedirects'] as const) {
    const v = links[key];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new UserError(`${where}: "links.${key}" must be a number of 0 or more`);
  }
  if (links.archive !== undefined && links.archive !== null && typeof links.archive !== 'string') throw new UserError(`${where}: "links.archive" must be a Wayback Machine base URL, or null to turn archive lookups off`);
  if (links.userAgent !== undefined && typeof links.userAgent !== 'string') throw new UserError(`${where}: "links.userAgent" must be a string`);
  if (links.hosts !== undefined && (typeof links.hosts !== 'object' || links.hosts === null || Array.isArray(links.hosts))) {
    throw new UserError(`${where}: "links.hosts" must map host names to { concurrency, headers, accept }`);
  }
  if (obj.cacheDir !== undefined) {
    if (typeof obj.cacheDir !== 'string' || !obj.cacheDir) throw new UserError(`${where}: "cacheDir" must be a folder path`);
    config.cacheDir = obj.cacheDir;
  }
  return config;
}

/** Loads the config named on the command line, or the nearest one, or the defaults. */
export function loadConfig(cwd: string, explicit: string | undefined, knownRules: Set<string>): ResolvedConfig {
  if (explicit) {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) throw new UserError(`config file not found: ${explicit}`);
    const raw = parseJson(readFileSync(file, 'utf8'), explicit);
    const isPackage = /(^|[/\\])package\.json$/.test(file);
    return resolveConfig(isPackage ? (raw as Record<string, unknown>)['cite-lint'] ?? {} : raw, explicit, knownRules);
  }
  const found = findConfigFile(cwd);
  if (!found) return defaultConfig();
  const raw = parseJson(readFileSync(found.file, 'utf8'), found.file);
  return resolveConfig(found.key === 'package' ? (raw as Record<string, unknown>)['cite-lint'] : raw, found.file, knownRules);
}
