import { describe, expect, it } from 'vitest';
import { examplesPart, expectManifestVerdict } from './support.js';

describe('each rule catches the consumer that breaks it and passes the one that keeps it', () => {
  it.each(examplesPart(1 - 1, 3))('%s', (name) => expectManifestVerdict(name, expect));
});
