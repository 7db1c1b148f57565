/** One way the adversarial run's downstream differs from the reference run's (or from the expectation). */
export interface Difference {
  kind: 'missing' | 'extra' | 'changed' | 'order' | 'custom';
  /** Where the effect lives: `table <name>`, `<service> <target>` for messages, `custom`. */
  where: string;
  id: string;
  expected: unknown;
  actual: unknown;
  /** The source item keys the effect belongs to. */
  keys: string[];
}
