import pkg from '../package.json' with { type: 'json' };

/** The tool's name and version, as printed in reports and the user agent. */
export const TOOL = { name: 'cite-lint', version: pkg.version as string };
