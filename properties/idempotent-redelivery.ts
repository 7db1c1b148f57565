import { defineRule } from './rule.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';

export const idempotentRedelivery = defineRule({
  id: 'idempotent-redelivery',
  meaning: 'ends in the same downstream state under at-least-once delivery (retries, partial-batch suffixes, bisected halves, duplicates, timeouts after partial work, cold starts) as under exactly-once delivery',
  production: 'Lambda delivers records more than once (retries, bisection, poller duplicates), so a non-idempotent effect is applied twice: counters drift, messages are sent again, rows are duplicated.',
  fix: {
    dynamodb: 'Make each effect idempotent: a conditional write on the record’s sequence number (stored left-padded to 40 digits as a string, or compared as BigInt), a dedup record in the same TransactWriteItems, or message deduplication ids derived from the record (eventID or sequence number), never from random values.',
    // a sequence number keeps a redelivery out, not a producer's retry (a new sequence number): producer-duplicates
    kinesis: 'Make each effect idempotent on a key taken from the record itself, the same on every delivery of it: a business key in the data (an event id), which also keeps a producer’s retry out, or the record’s own sequence number (compared as BigInt, or stored as a string left-padded to 129 digits, the most a Kinesis sequence number can have), in a conditional write, a dedup record in the same TransactWriteItems, or a message deduplication id; never a random value, and never the sequence number of another record of the batch.',
  },
  searchFix:
    'Search index: give each document an id built from the item\'s key (never `POST /{index}/_doc` with a generated id, which indexes a copy on every redelivery), write whole documents rather than scripted or partial updates, and version them externally so that a redelivered older change is refused with 409 (which is success) instead of overwriting a newer one.',
  judgedBy: 'differential state comparison (SPEC §6)',
  skip: differentialSkip,
  attributions: [{
    precedence: 6,
    /** Whatever no more specific rule explains: an effect applied twice, lost or changed by redelivery. */
    attribute(d) {
      if (d.kind === 'extra') return 'an effect was applied more than once when records were delivered again';
      if (d.kind === 'missing') return 'an effect went missing when records were delivered more than once';
      return 'redelivered records left a different value than exactly-once delivery';
    },
  }],
  judgeCase: (evidence) => judgeDifferences('idempotent-redelivery', evidence),
});
