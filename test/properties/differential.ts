import { skipContext, type RuleTests } from './rule-tester.js';

/** When every differential rule is skipped, and when it applies. */
export const differentialSkips: RuleTests['skips'] = [
  { name: 'nothing observable downstream', input: skipContext({ observable: false }), reason: /^no observable downstream state: the handler wrote nothing the suite can see \(declare downstream\.dynamodb\.tables, downstream\.search, downstream\.http or downstream\.custom for what it writes\)$/ },
  {
    name: 'nothing observable in the tables the config declares: they are named, and not asked for again',
    input: skipContext({ observable: false, declared: { tables: ['orders'], search: false, http: true, custom: false } }),
    reason: /^no observable downstream state: the handler left the declared table orders as it started and sent no message; declare downstream\.search or downstream\.custom for what else it writes$/,
  },
  {
    name: 'no downstream call at all, with items the config does not describe: the generated items may be none the handler acts on',
    input: skipContext({ observable: false, called: false, itemsDescribed: false, declared: { tables: ['stats'], search: false, http: false, custom: false } }),
    reason: /^no observable downstream state: the handler made no downstream call at all, and the config does not describe the items \(if it acts only on some, describe them in items: samples, or attributes with required: true\); the handler left the declared table stats as it started/,
  },
  {
    name: 'no downstream call at all, with described items: no advice on items',
    input: skipContext({ observable: false, called: false, itemsDescribed: true }),
    reason: /^no observable downstream state: the handler wrote nothing the suite can see/,
  },
  { name: 'every reference run failed', input: skipContext({ compared: false }), reason: /^every reference run failed, so redelivery could not be compared \(see valid-record-robustness\)$/ },
  { name: 'every reference run failed before writing anything: the failure is the cause, not the declarations', input: skipContext({ compared: false, observable: false }), reason: /^every reference run failed, so redelivery could not be compared/ },
  { name: 'state seen and compared', input: skipContext(), reason: undefined },
];
