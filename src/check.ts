// The check lives with the run stage (its worker pool needs it); this path stays for the API, the CLI and the tests.
export * from './run/check.js';
