/**
 * Whether an invocation's DynamoDB item writes left the tables as they were, for fast-forward: a
 * failing attempt that rewrites the items it wrote last time (a batch retried until its records
 * expire, with no bisection) changes nothing, and Lambda's identical retries of it can be skipped.
 * Knows the tables' content before an invocation as long as every invocation since the last look
 * either wrote nothing or was looked at.
 */
export class TablesKept {
  /** The tables as the last invocation left them (JSON), when known. */
  private last: string | undefined;

  constructor(private readonly snapshot: () => Promise<unknown>) {}

  async repeatable(verdict: 'yes' | 'if-tables-kept' | 'no'): Promise<boolean> {
    if (verdict === 'yes') return true;
    if (verdict === 'no') {
      this.last = undefined;
      return false;
    }
    const before = this.last;
    this.last = JSON.stringify(await this.snapshot());
    return before === this.last;
  }
}
