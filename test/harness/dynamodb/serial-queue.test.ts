import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../src/harness/dynamodb/serial-queue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SerialQueue', () => {
  it('runs one task at a time, in submission order, whatever each one awaits', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, ticks: number) => async () => {
      events.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await tick();
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 3)), queue.run(task('b', 0)), queue.run(task('c', 1))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('passes a failure to its caller only; the next task still runs', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(() => Promise.reject(new Error('boom')));
    const next = queue.run(async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
