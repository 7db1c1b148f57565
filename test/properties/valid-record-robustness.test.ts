import { validRecordRobustness } from '../../properties/valid-record-robustness.js';
import { evidence, invocation, run, s2, testRule } from './rule-tester.js';

testRule(validRecordRobustness, {
  valid: [
    { name: 'every reference invocation succeeded', input: evidence() },
    { name: 'failures under injected faults are judged by other rules', input: evidence({ adv: run({ invocations: [invocation({ outcome: 'function-error', error: 'throttled' })] }) }) },
  ],
  invalid: [
    {
      name: 'the handler threw on a valid batch with no faults',
      input: evidence({ ref: run({ invocations: [invocation({ outcome: 'function-error', error: "Cannot read properties of undefined (reading 'S')" })] }) }),
      message: /^with no faults at all, the handler failed \(function-error: Cannot read properties of undefined \(reading 'S'\)\) on a batch of 3 valid record\(s\)$/,
    },
    {
      name: 'the handler reported a valid record as failed',
      input: evidence({ ref: run({ invocations: [invocation({ outcome: 'partial', failureIndex: 1 })] }) }),
      message: new RegExp(`^with no faults at all, the handler reported record ${s2} as failed on a batch of 3 valid record\\(s\\)$`),
    },
  ],
});
