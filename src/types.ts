/** A point in a document: 1-based line and column (UTF-16 code units), 0-based offset. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** A span of a document, end exclusive. */
export interface Range {
  start: Point;
  end: Point;
}

/** How loud a finding is in reports. */
export type Severity = 'error' | 'warning' | 'info';

/** A severity as written in config files. */
export type ConfigSeverity = 'off' | 'info' | 'warn' | 'error';

/** A second location that explains a finding (the other side of a conflict, the first definition). */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
  excerpt?: string;
}

/** One text edit; offsets index the document text as read (after a BOM is dropped). */
export interface TextEdit {
  range: Range;
  text: string;
}

/** A suggested repair. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

/** One finding, in the shape every formatter consumes. */
export interface Diagnostic {
  ruleId: string | null;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: RelatedLocation[];
  fix?: Fix | null;
  note?: string;
  url?: string;
  data?: Record<string, unknown>;
  /** Set when the file could not be linted at all. */
  fatal?: boolean;
  /** Set when an inline comment silenced the finding; kept for SARIF `suppressions`. */
  suppressed?: { kind: 'inSource'; justification?: string };
}

/** The findings of one file. */
export interface FileResult {
  path: string;
  messages: Diagnostic[];
  /** Findings silenced by inline comments. */
  suppressed: Diagnostic[];
  /**
   * On a result the last run made and this one found unchanged: its entry of the JSON report and
   * its counts, as written then. Not enumerable, so a result copied with other messages drops it.
   */
  readonly stored?: StoredReport;
}

/** What a result kept from an earlier run carries besides its findings (see `FileResult`). */
export interface StoredReport {
  /** Its entry of the JSON report (`formatFileJson`), as UTF-8. */
  json: Uint8Array;
  errors: number;
  warnings: number;
  infos: number;
}

/** The whole run. */
export interface LintResult {
  files: FileResult[];
  notices: string[];
  /** Link verdicts by checked URL, when links were checked. */
  links?: ReadonlyMap<string, import('./net/types.js').LinkStatus>;
}
