export { main, useColor, REPORT_FILE_NAMES, type CliIo, type OutputStream } from './main.js';
export { parseCliArgs, REPORTER_NAMES, DEFAULT_OUT_DIR, MAX_SEED, type CliArgs, type ReporterName, type ReporterSpec } from './args.js';
export { UsageError } from './usage-error.js';
export { HELP_TEXT } from './help.js';
