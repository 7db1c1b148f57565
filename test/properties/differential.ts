import { skipContext, type RuleTests } from './rule-tester.js';

/** When every differential rule is skipped, and when it applies. */
export const differentialSkips: RuleTests['skips'] = [
  { name: 'nothing observable downstream', input: skipContext({ observable: false }), reason: /^no observable downstream state: the handler wrote nothing the suite can see/ },
  { name: 'every reference run failed', input: skipContext({ compared: false }), reason: /^every reference run failed, so redelivery could not be compared \(see valid-record-robustness\)$/ },
  { name: 'every reference run failed before writing anything: the failure is the cause, not the declarations', input: skipContext({ compared: false, observable: false }), reason: /^every reference run failed, so redelivery could not be compared/ },
  { name: 'state seen and compared', input: skipContext(), reason: undefined },
];
