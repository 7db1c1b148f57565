/** `conformance --help`: fits one 80×24 screen (23 lines, at most 79 columns). */
export const HELP_TEXT = `Usage: conformance [handler[#export]] [options] | conformance merge <json...>
Checks that a Lambda consumer of a DynamoDB or Kinesis stream stays idempotent,
keeps per-key order and reports batchItemFailures correctly.
  -c, --config <file>      config file (default: conformance.config.ts, .mts,
                           .js, .mjs or .json in the current directory)
  --source <name>          dynamodb (default) or kinesis
  --runs <n>               generated cases, shared by the rules (default 100)
  --seed <n>               session seed (default random; always printed)
  --replay <token>         re-run exactly one recorded counterexample
  --rule <id,...>          only these rules
  --reporter <name[=path]> console (default), json, junit, markdown, html,
                           github; repeatable; path - writes to stdout
  --out <dir>              where file reporters write (./conformance-report)
  --timeout <ms>           handler timeout (default function.Timeout, or 3000)
  --workers <n>            cases judged at once (default: one per core)
  --shard <i/n>            only share i of n (a CI matrix; then merge the JSON)
  --quiet                  no console output (file reporters still write)
  --template <file>        read SAM, CloudFormation, CDK or serverless.yml: no
                           handler, every function; a logical id, that one
  -h, --help               this help;   -V, --version   the version
Example: npx conformance src/handler.ts --runs 200 --reporter json
Exit codes: 0 every rule passed (warnings allowed), 1 a rule failed,
            2 the run could not be made (bad arguments, config or handler)
`;
