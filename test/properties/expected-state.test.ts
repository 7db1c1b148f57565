import { expectedState } from '../../properties/expected-state.js';
import { difference, evidence, skipContext, testRule } from './rule-tester.js';

testRule(expectedState, {
  valid: [
    { name: 'no expectation configured', input: evidence() },
    { name: 'both runs end with the expected tables', input: evidence({ expectation: { reference: [], adversarial: [] } }) },
  ],
  invalid: [
    {
      name: 'the reference run lacks an expected item',
      input: evidence({ expectation: { reference: [difference()], adversarial: [] } }),
      message: /^after the reference run, table out lacks \["a"\]$/,
    },
    {
      name: 'the adversarial run holds an unexpected item',
      input: evidence({ expectation: { reference: [], adversarial: [difference({ kind: 'extra' })] } }),
      message: /^after the adversarial run, table out holds an unexpected \["a"\]$/,
    },
  ],
  skips: [
    { name: 'no expectation', input: skipContext(), reason: /^no expectation configured: set downstream\.expect\.mirror or downstream\.expect\.state$/ },
    { name: 'a mirror of a Kinesis stream', input: skipContext({ source: 'kinesis', expects: { mirror: true, state: false } }), reason: /needs a DynamoDB source table; use downstream\.expect\.state$/ },
    { name: 'a stated expectation on Kinesis', input: skipContext({ source: 'kinesis', expects: { mirror: false, state: true } }), reason: undefined },
    { name: 'a mirror of a DynamoDB table', input: skipContext({ expects: { mirror: true, state: false } }), reason: undefined },
  ],
});
