import { describe, expect, it } from 'vitest';
import { LaneQueue } from '../../src/model/lane-queue.js';

type Lane = { time: number; order: number; name: string };

function drain(lanes: Lane[]): string[] {
  const queue = new LaneQueue<Lane>();
  for (const lane of lanes) queue.push(lane);
  const names: string[] = [];
  for (let lane = queue.pop(); lane !== undefined; lane = queue.pop()) names.push(lane.name);
  return names;
}

describe('LaneQueue', () => {
  it.each([
    { lanes: [], expected: [] },
    { lanes: [{ time: 5, order: 0, name: 'a' }], expected: ['a'] },
    {
      lanes: [{ time: 30, order: 0, name: 'c' }, { time: 10, order: 1, name: 'a' }, { time: 20, order: 2, name: 'b' }, { time: 5, order: 3, name: 'first' }],
      expected: ['first', 'a', 'b', 'c'],
    },
    {
      // ties on time go to the lane created first (lower order), whatever the push order
      lanes: [{ time: 7, order: 3, name: 'd' }, { time: 7, order: 1, name: 'b' }, { time: 7, order: 2, name: 'c' }, { time: 7, order: 0, name: 'a' }],
      expected: ['a', 'b', 'c', 'd'],
    },
  ])('pops by time, then by creation order: $expected', ({ lanes, expected }) => {
    expect(drain(lanes)).toEqual(expected);
  });

  it('keeps the order over many interleaved pushes and pops', () => {
    const queue = new LaneQueue<Lane>();
    const times = [9, 3, 7, 3, 1, 8, 2, 6, 5, 4, 0, 7];
    times.forEach((time, order) => queue.push({ time, order, name: `${time}/${order}` }));
    const first = [queue.pop()!, queue.pop()!, queue.pop()!];
    queue.push({ time: 2, order: 99, name: '2/99' });
    const rest: Lane[] = [];
    for (let lane = queue.pop(); lane !== undefined; lane = queue.pop()) rest.push(lane);
    expect(first.map((l) => l.name)).toEqual(['0/10', '1/4', '2/6']);
    expect(rest.map((l) => l.name)).toEqual(['2/99', '3/1', '3/3', '4/9', '5/8', '6/7', '7/2', '7/11', '8/5', '9/0']);
    expect(queue.size).toBe(0);
  });
});
