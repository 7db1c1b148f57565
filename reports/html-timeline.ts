import type { CounterexampleRecord } from './report.js';
import type { DestinationDelivery, Outcome, TimelineEvent } from '../src/model/types.js';
import { ellipsizeEnd, ellipsizeStart, escapeHtml as esc } from './html-escape.js';
import { batchInfoOf, requestContextOf, type DrawnInvocation, type DrawnTrace } from './html-trace.js';
import { endedAfterText, skippedLine, workLeftText } from './timeline.js';

/**
 * The counterexample's trace as an inline SVG: a lane per shard (and sub-stream), one box per
 * invocation laid out by invocation order along x (virtual time is a label: many invocations
 * happen at the same virtual instant), and markers between boxes for what the mapping did
 * (checkpoint moves, bisection splits, discards with their OnFailure deliveries, throttles).
 */

export const OUTCOME_LABELS: Record<Outcome, { word: string; legend: string }> = {
  success: { word: 'success', legend: 'success' },
  partial: { word: 'partial', legend: 'partial failure (batchItemFailures)' },
  'invalid-response': { word: 'invalid resp.', legend: 'invalid response' },
  'function-error': { word: 'error', legend: 'function error' },
  timeout: { word: 'timeout', legend: 'timeout' },
};

const REASON_LABELS: Record<DrawnInvocation['reason'], string> = {
  first: 'first',
  retry: 'retry',
  bisect: 'bisected half',
  'partial-suffix': 'partial suffix',
  duplicate: 'duplicate',
};

/** At most this many boxes are drawn; the text timeline has every invocation. */
export const MAX_DRAWN_ITEMS = 150;
/** At most this many records are listed in a box; the rest is counted. */
const MAX_CHIPS = 6;

const LABEL_W = 170;
const BOX_W = 148;
const COL_GAP = 18;
const EVENT_W = 92;
const END_W = 132;
const AXIS_H = 30;
const LANE_PAD_TOP = 22;
const LANE_PAD_BOTTOM = 14;
const BOX_HEAD = 22;
const CHIP_H = 16;
const BOX_PAD = 6;
const KEY_COLOURS = ['#2563eb', '#db2777', '#0d9488', '#9333ea', '#ea580c', '#4d7c0f', '#0891b2', '#a16207'];

interface Lane {
  key: string;
  shardId: string;
  subStream: number | undefined;
  top: number;
  height: number;
}

interface Column {
  /** Indices into the drawn items. */
  items: number[];
  /** Events drawn in the gap before this column. */
  events: TimelineEvent[];
  x: number;
  gapX: number;
}

export interface TimelineOptions {
  /** Unique within the page, for ids. */
  id: string;
  records: readonly CounterexampleRecord[];
}

export interface TimelinePicture {
  /** The lanes, boxes and markers (scrolls sideways). */
  svg: string;
  /** The lane labels, drawn beside the picture so they stay in view. */
  labelSvg: string;
  /** Lanes drawn (shards × sub-streams). */
  lanes: number;
  /** The boxes drawn (at most MAX_DRAWN_ITEMS). */
  items: DrawnItem[];
  /** Invocations drawn. */
  drawn: number;
  /** How many invocations were left out. */
  omitted: number;
}

/**
 * Sequence numbers are long: the shortest tail (at least 4 digits) that still tells the records
 * of each shard apart (records of different shards are never confused: they sit in other lanes).
 */
export function shortener(seqs: Iterable<{ shardId: string; sequenceNumber: string }>): (seq: string) => string {
  const byShard = new Map<string, Set<string>>();
  for (const { shardId, sequenceNumber } of seqs) {
    if (!byShard.has(shardId)) byShard.set(shardId, new Set());
    byShard.get(shardId)!.add(sequenceNumber);
  }
  let digits = 4;
  for (const set of byShard.values()) {
    const all = [...set];
    while (digits < 40 && new Set(all.map((s) => s.slice(-digits))).size < all.length) digits++;
  }
  return (seq) => (seq.length > digits + 1 ? `…${seq.slice(-digits)}` : seq);
}

/** A shard id as a lane label: the part that differs between shards. */
export function shortShardId(shardId: string): string {
  const ddb = /^shardId-\d+-([0-9a-zA-Z]+)$/.exec(shardId);
  if (ddb) return `shard …${ddb[1]!.slice(-8)}`;
  const kinesis = /^shardId-(\d+)$/.exec(shardId);
  if (kinesis) return `shard ${String(Number(kinesis[1]!))}`;
  return ellipsizeStart(shardId, 22);
}

/** Virtual time relative to the start of the trace. */
export function relativeTime(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 120_000) return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 2 * 3_600_000) return `+${(ms / 60_000).toFixed(1)} min`;
  return `+${(ms / 3_600_000).toFixed(2)} h`;
}

function keyText(key: unknown): string {
  if (key === null || key === undefined) return '';
  if (typeof key !== 'object') return String(key);
  const values = Object.values(key as Record<string, unknown>).map((v) => (typeof v === 'object' || (typeof v === 'string' && (v.trim() !== v || v === '')) ? JSON.stringify(v) : String(v)));
  return values.join('/');
}

function eventLetter(eventName: string): string {
  if (eventName === 'INSERT' || eventName === 'MODIFY' || eventName === 'REMOVE') return eventName[0]!;
  return '';
}

function conditionWord(condition: string): string {
  return condition === 'RetryAttemptsExhausted' ? 'retries used up' : condition === 'RecordAgeExceeded' ? 'too old' : condition === 'RetentionExpired' ? 'retention' : condition;
}

/** The lanes of an event: checkpoints move a whole shard; other events happen on one sub-stream. */
function laneKeysOfEvent(event: TimelineEvent, trace: DrawnTrace, lanesOfShard: Map<string, Lane[]>): string[] {
  const lanes = lanesOfShard.get(event.shardId) ?? [];
  if (lanes.length <= 1 || event.type === 'checkpoint') return lanes.map((l) => l.key);
  const invs = trace.invocations;
  const find = (pred: (i: DrawnInvocation) => boolean, from: number, dir: 1 | -1): DrawnInvocation | undefined => {
    for (let k = from; k >= 0 && k < invs.length; k += dir) if (invs[k]!.shardId === event.shardId && pred(invs[k]!)) return invs[k];
    return undefined;
  };
  let inv: DrawnInvocation | undefined;
  if (event.type === 'bisect') {
    const first = event.left[0];
    inv = find((i) => i.sequenceNumbers[0] === first, event.invocationsBefore, 1) ?? find((i) => i.sequenceNumbers.includes(first ?? ''), event.invocationsBefore - 1, -1);
  } else {
    const first = event.sequenceNumbers[0] ?? '';
    inv = find((i) => i.sequenceNumbers.includes(first), event.invocationsBefore - 1, -1) ?? find((i) => i.sequenceNumbers.includes(first), event.invocationsBefore, 1);
  }
  const lane = inv === undefined ? lanes[0] : lanes.find((l) => l.subStream === inv.subStream);
  return lane ? [lane.key] : [];
}

/**
 * Which records a box lists when they do not all fit: the first ones and the last one, and for a
 * partial response the reported failure and the record before it, with the gaps counted.
 */
export function chipRows(count: number, failureIndex?: number): ({ index: number; gap?: undefined } | { gap: number })[] {
  if (count <= MAX_CHIPS) return Array.from({ length: count }, (_, index) => ({ index }));
  const picks =
    failureIndex === undefined || failureIndex < MAX_CHIPS - 2
      ? [...Array.from({ length: MAX_CHIPS - 2 }, (_, i) => i), count - 1]
      : [0, failureIndex - 1, failureIndex, count - 1].filter((v, i, all) => all.indexOf(v) === i && v < count);
  const rows: ({ index: number; gap?: undefined } | { gap: number })[] = [];
  picks.forEach((index, n) => {
    const previous = n === 0 ? -1 : picks[n - 1]!;
    if (index - previous > 1) rows.push({ gap: index - previous - 1 });
    rows.push({ index });
  });
  return rows;
}

const laneKeyOf = (shardId: string, subStream: number | undefined) => (subStream === undefined ? shardId : `${shardId}#${subStream}`);

function boxHeight(count: number): number {
  return BOX_HEAD + Math.max(1, Math.min(count, MAX_CHIPS)) * CHIP_H + BOX_PAD * 2 - 2;
}

/**
 * Invocations as drawn: one box each, except that a run of at least MIN_RUN attempts of the same
 * batch with the same outcome (a poison record retried for hours) is one stacked box.
 */
export interface DrawnItem {
  /** Index of the first invocation of the run in the trace. */
  first: number;
  /** Index of the last. */
  last: number;
  count: number;
  inv: DrawnInvocation;
  lastAt: number;
  lastAttempt: number;
}

const MIN_RUN = 3;

const sameBatch = (a: DrawnInvocation, b: DrawnInvocation) =>
  a.shardId === b.shardId && a.subStream === b.subStream && a.outcome === b.outcome && a.error === b.error && a.failureIndex === b.failureIndex &&
  a.sequenceNumbers.length === b.sequenceNumbers.length && a.sequenceNumbers.every((s, k) => s === b.sequenceNumbers[k]);

export function groupInvocations(trace: DrawnTrace): DrawnItem[] {
  const items: DrawnItem[] = [];
  const lastOfLane = new Map<string, DrawnItem>();
  const eventsOfShard = new Map<string, number[]>();
  for (const e of trace.events) {
    if (!eventsOfShard.has(e.shardId)) eventsOfShard.set(e.shardId, []);
    eventsOfShard.get(e.shardId)!.push(e.invocationsBefore);
  }
  trace.invocations.forEach((inv, k) => {
    const lane = laneKeyOf(inv.shardId, inv.subStream);
    const prev = lastOfLane.get(lane);
    const quiet = prev !== undefined && !(eventsOfShard.get(inv.shardId) ?? []).some((n) => n > prev.last && n <= k);
    if (prev && quiet && sameBatch(prev.inv, inv) && inv.attempt === prev.lastAttempt + 1 && inv.reason !== 'duplicate') {
      prev.last = k;
      prev.count++;
      prev.lastAt = inv.at;
      prev.lastAttempt = inv.attempt;
      return;
    }
    const item: DrawnItem = { first: k, last: k, count: 1, inv, lastAt: inv.at, lastAttempt: inv.attempt };
    items.push(item);
    lastOfLane.set(lane, item);
  });
  // Short runs read better as separate boxes.
  return items.flatMap((item) => {
    if (item.count === 1 || item.count >= MIN_RUN) return [item];
    const singles: DrawnItem[] = [];
    for (let k = item.first; k <= item.last; k++) {
      const inv = trace.invocations[k]!;
      if (laneKeyOf(inv.shardId, inv.subStream) === laneKeyOf(item.inv.shardId, item.inv.subStream) && sameBatch(inv, item.inv)) {
        singles.push({ first: k, last: k, count: 1, inv, lastAt: inv.at, lastAttempt: inv.attempt });
      }
    }
    return singles;
  }).sort((a, b) => a.first - b.first);
}

export function renderTimeline(trace: DrawnTrace, options: TimelineOptions): TimelinePicture {
  const grouped = groupInvocations(trace);
  const items = grouped.slice(0, MAX_DRAWN_ITEMS);
  const limit = grouped[MAX_DRAWN_ITEMS]?.first ?? trace.invocations.length;
  const invocations = items.map((item) => item.inv);
  const events = trace.events.filter((e) => e.invocationsBefore <= limit);
  const recordOf = new Map(options.records.map((r) => [`${r.shardId} ${r.sequenceNumber}`, r] as const));
  const keyColour = new Map<string, string>();
  for (const r of options.records) {
    const k = keyText(r.key);
    if (!keyColour.has(k)) keyColour.set(k, KEY_COLOURS[keyColour.size % KEY_COLOURS.length]!);
  }
  const allSeqs: { shardId: string; sequenceNumber: string }[] = options.records.map((r) => ({ shardId: r.shardId, sequenceNumber: r.sequenceNumber }));
  const add = (shardId: string, list: readonly string[]) => {
    for (const sequenceNumber of list) allSeqs.push({ shardId, sequenceNumber });
  };
  for (const i of invocations) add(i.shardId, i.sequenceNumbers);
  for (const e of events) add(e.shardId, e.type === 'checkpoint' ? [e.sequenceNumber] : e.type === 'bisect' ? [...e.left, ...e.right] : e.sequenceNumbers);
  for (const [shardId, s] of Object.entries(trace.checkpoints)) if (s !== null) add(shardId, [s]);
  const short = shortener(allSeqs);
  let seqChars = 4;
  for (const i of invocations) for (const q of i.sequenceNumbers) seqChars = Math.max(seqChars, short(q).length);
  const chipLayout = { letterX: 19 + Math.ceil(seqChars * 6.4) + 5, keyX: 19 + Math.ceil(seqChars * 6.4) + 17 };

  // Lanes: shards in order of first appearance, sub-streams in numeric order.
  const shardOrder: string[] = [];
  const subStreams = new Map<string, Set<number | undefined>>();
  const see = (shardId: string, sub?: number) => {
    if (!subStreams.has(shardId)) {
      shardOrder.push(shardId);
      subStreams.set(shardId, new Set());
    }
    if (sub !== undefined || subStreams.get(shardId)!.size === 0) subStreams.get(shardId)!.add(sub);
  };
  for (const i of invocations) see(i.shardId, i.subStream);
  for (const e of events) see(e.shardId);
  for (const shardId of Object.keys(trace.checkpoints)) see(shardId);
  const lanes: Lane[] = [];
  const lanesOfShard = new Map<string, Lane[]>();
  for (const shardId of shardOrder) {
    const subs = [...subStreams.get(shardId)!];
    // A shard seen only through events gets one lane; `undefined` goes away once sub-streams are known.
    const defined = subs.filter((s): s is number => s !== undefined).sort((a, b) => a - b);
    const keys = subs.includes(undefined) && invocations.some((i) => i.shardId === shardId && i.subStream === undefined) ? [undefined, ...defined] : defined.length > 0 ? defined : [undefined];
    const list = keys.map((subStream) => ({ key: laneKeyOf(shardId, subStream), shardId, subStream, top: 0, height: 0 }));
    lanes.push(...list);
    lanesOfShard.set(shardId, list);
  }
  const laneByKey = new Map(lanes.map((l) => [l.key, l] as const));
  const laneOfInvocation = (i: DrawnInvocation): Lane => laneByKey.get(laneKeyOf(i.shardId, i.subStream)) ?? lanesOfShard.get(i.shardId)![0]!;

  // Vertical layout.
  let y = AXIS_H;
  for (const lane of lanes) {
    const tallest = Math.max(0, ...invocations.filter((i) => laneOfInvocation(i) === lane).map((i) => i.sequenceNumbers.length));
    lane.top = y;
    lane.height = LANE_PAD_TOP + boxHeight(tallest) + LANE_PAD_BOTTOM + (items.some((it) => it.count > 1 && laneOfInvocation(it.inv) === lane) ? 14 : 0);
    y += lane.height;
  }
  const height = y + 8;

  // Columns: one per box, in invocation order; consecutive boxes that start at the same virtual
  // instant on different lanes, with nothing happening between them, share a column. The events
  // that happened between two boxes sit in the gap before the second.
  const columns: Column[] = [];
  let eventIndex = 0;
  const sortedEvents = [...events].sort((a, b) => a.invocationsBefore - b.invocationsBefore);
  items.forEach((item, n) => {
    const before: TimelineEvent[] = [];
    while (eventIndex < sortedEvents.length && sortedEvents[eventIndex]!.invocationsBefore <= item.first) before.push(sortedEvents[eventIndex++]!);
    const last = columns.at(-1);
    const lastItem = last ? items[last.items.at(-1)!]! : undefined;
    const canShare =
      last !== undefined && lastItem !== undefined && before.length === 0 && lastItem.inv.at === item.inv.at && !last.items.some((k) => laneOfInvocation(items[k]!.inv) === laneOfInvocation(item.inv));
    if (canShare) last.items.push(n);
    else columns.push({ items: [n], events: before, x: 0, gapX: 0 });
  });
  const trailing = sortedEvents.slice(eventIndex);

  // Horizontal layout: each gap is as wide as the most events one lane has in it.
  const parts: string[] = [];
  const slotted = (evs: TimelineEvent[]) => {
    const next = new Map<string, number>();
    const placed = evs.map((event) => {
      const keys = laneKeysOfEvent(event, trace, lanesOfShard);
      const slot = Math.max(0, ...keys.map((k) => next.get(k) ?? 0));
      for (const k of keys) next.set(k, slot + 1);
      return { event, keys, slot };
    });
    return { placed, slots: Math.max(0, ...next.values()) };
  };
  const destinationsLeft = [...trace.destinations];
  let x = LABEL_W;
  const drawGap = (evs: TimelineEvent[]) => {
    const { placed, slots } = slotted(evs);
    const gapX = x;
    x += COL_GAP + slots * EVENT_W;
    for (const p of placed) parts.push(marker(p.event, p.keys.map((k) => laneByKey.get(k)!), gapX + COL_GAP / 2 + p.slot * EVENT_W, short, destinationsLeft, trace.origin));
    return gapX;
  };
  for (const column of columns) {
    column.gapX = drawGap(column.events);
    column.x = x;
    x += BOX_W + (column.items.some((n) => items[n]!.count > 1) ? 10 : 0);
  }
  drawGap(trailing);
  const endX = x + 4;
  x += END_W;
  const width = x + 8;

  // Background: lanes, their labels, the time axis. The labels are a picture of their own, so
  // they stay in view while the lanes scroll sideways.
  const back: string[] = [];
  const labels: string[] = [];
  lanes.forEach((lane, n) => {
    const firstOfShard = lanesOfShard.get(lane.shardId)![0] === lane;
    const sep = (w: number, x0: number) => (firstOfShard && n > 0 ? `<line class="shard-sep" x1="${x0}" x2="${x0 + w}" y1="${lane.top}" y2="${lane.top}"/>` : '');
    back.push(
      `<g class="lane" data-lane="${esc(lane.shardId)}"${lane.subStream === undefined ? '' : ` data-substream="${lane.subStream}"`}>` +
        `<title>${esc(lane.shardId)}${lane.subStream === undefined ? '' : ` sub-stream ${lane.subStream}`}</title>` +
        `<rect class="lane-bg${n % 2 ? ' odd' : ''}" x="${LABEL_W}" y="${lane.top}" width="${width - LABEL_W}" height="${lane.height}"/>` +
        sep(width - LABEL_W, LABEL_W) +
        `</g>`,
    );
    labels.push(
      `<g class="lane-head"><title>${esc(lane.shardId)}${lane.subStream === undefined ? '' : ` sub-stream ${lane.subStream}`}</title>` +
        `<rect class="lane-bg${n % 2 ? ' odd' : ''}" x="0" y="${lane.top}" width="${LABEL_W}" height="${lane.height}"/>` +
        sep(LABEL_W, 0) +
        `<text class="lane-label" x="12" y="${lane.top + 26}">${esc(shortShardId(lane.shardId))}</text>` +
        (lane.subStream === undefined ? '' : `<text class="lane-sub" x="12" y="${lane.top + 42}">sub-stream ${lane.subStream}</text>`) +
        `<text class="lane-sub" x="12" y="${lane.top + (lane.subStream === undefined ? 42 : 58)}">${items.filter((i) => laneOfInvocation(i.inv) === lane).reduce((sum, i) => sum + i.count, 0)} invocation(s)</text>` +
        `</g>`,
    );
  });
  labels.push(`<text class="axis-title" x="12" y="19">virtual time →</text>`);
  for (const column of columns) {
    const at = items[column.items[0]!]!.inv.at;
    back.push(`<line class="guide" x1="${column.x + BOX_W / 2}" x2="${column.x + BOX_W / 2}" y1="${AXIS_H - 6}" y2="${height - 8}"/>`);
    back.push(`<text class="axis" x="${column.x + BOX_W / 2}" y="19" text-anchor="middle">${esc(relativeTime(at - trace.origin))}</text>`);
  }

  // Invocation boxes.
  const boxes: string[] = [];
  for (const column of columns) {
    for (const n of column.items) {
      const item = items[n]!;
      boxes.push(box(item, column.x, laneOfInvocation(item.inv), short, recordOf, keyColour, chipLayout, trace.origin));
    }
  }

  // End of the run: the checkpoint each shard committed last.
  const ends: string[] = [];
  for (const shardId of shardOrder) {
    const shardLanes = lanesOfShard.get(shardId)!;
    const top = shardLanes[0]!.top;
    const bottom = shardLanes.at(-1)!.top + shardLanes.at(-1)!.height;
    const seq = trace.checkpoints[shardId];
    const text = seq === undefined ? 'not reported' : seq === null ? 'nothing' : short(seq);
    ends.push(
      `<g class="end" data-end="${esc(shardId)}"><title>${esc(shardId)}: final checkpoint ${esc(seq ?? 'none')}</title>` +
        `<line class="end-line" x1="${endX}" x2="${endX}" y1="${top + 6}" y2="${bottom - 6}"/>` +
        `<text class="end-title" x="${endX + 8}" y="${top + 22}">end: committed</text>` +
        `<text class="mono end-seq" x="${endX + 8}" y="${top + 38}">${esc(text)}</text></g>`,
    );
  }

  const lanesWord = `${lanes.length} lane${lanes.length === 1 ? '' : 's'} (${lanes.map((l) => `${shortShardId(l.shardId)}${l.subStream === undefined ? '' : ` sub-stream ${l.subStream}`}`).join(', ')})`;
  const titleId = `${options.id}-title`;
  const svg =
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width - LABEL_W}" height="${height}" viewBox="${LABEL_W} 0 ${width - LABEL_W} ${height}" role="img" aria-labelledby="${titleId}" data-timeline="${esc(options.id)}">` +
    `<title id="${titleId}">Invocation timeline: ${items.reduce((sum, i) => sum + i.count, 0)} invocation(s) on ${lanesWord}</title>` +
    back.join('') +
    ends.join('') +
    boxes.join('') +
    parts.join('') +
    `</svg>`;
  const labelSvg =
    `<svg class="timeline-labels" xmlns="http://www.w3.org/2000/svg" width="${LABEL_W}" height="${height}" viewBox="0 0 ${LABEL_W} ${height}" aria-hidden="true">` +
    labels.join('') +
    `</svg>`;
  const drawn = items.reduce((sum, i) => sum + i.count, 0);
  return { svg, labelSvg, items, lanes: lanes.length, drawn, omitted: trace.invocations.length - drawn };
}

function box(
  item: DrawnItem,
  x: number,
  lane: Lane,
  short: (s: string) => string,
  recordOf: Map<string, CounterexampleRecord>,
  keyColour: Map<string, string>,
  layout: { letterX: number; keyX: number },
  origin: number,
): string {
  const inv = item.inv;
  const run = item.count > 1;
  const h = boxHeight(inv.sequenceNumbers.length);
  const y = lane.top + LANE_PAD_TOP;
  const tries = run ? `, tries ${inv.attempt}–${item.lastAttempt}` : inv.attempt > 1 ? `, try ${inv.attempt}` : '';
  const label = inv.window?.final ? 'window final' : run && inv.reason === 'first' ? 'first + retries' : REASON_LABELS[inv.reason];
  const reason = `${label}${tries}`;
  const number = run ? `#${item.first + 1}–${item.last + 1}` : `#${item.first + 1}`;
  const details = [
    run
      ? `${number}: ${item.count} attempts of the same batch (${inv.reason}, attempts ${inv.attempt}–${item.lastAttempt}), each → ${inv.outcome}, from ${relativeTime(inv.at - origin)} to ${relativeTime(item.lastAt - origin)}`
      : `${number} ${inv.reason} delivery, attempt ${inv.attempt} → ${inv.outcome}`,
    inv.outcome === 'partial' && inv.failureIndex !== undefined ? `lowest reported failure: ${inv.sequenceNumbers[inv.failureIndex] ?? '?'}` : '',
    inv.error ? `error: ${inv.error}` : '',
    inv.window?.final
      ? `final invocation of tumbling window ${new Date(inv.window.start).toISOString()} – ${new Date(inv.window.end).toISOString()}${inv.window.terminatedEarly ? ' (terminated early: state over 1 MB)' : ''}, no records`
      : `${inv.sequenceNumbers.length} record(s): ${inv.sequenceNumbers.join(', ')}`,
    `virtual duration ${inv.durationMs} ms, IteratorAge ${inv.iteratorAgeMs} ms`,
    inv.timersLeft ? `returned with ${inv.timersLeft.count} timer(s) still set, the first due in ${inv.timersLeft.firstDueInMs} ms: they run only if this execution environment is invoked again` : '',
    inv.workLeft ? workLeftText(inv.workLeft) : '',
    inv.endedAfter ? endedAfterText(inv.endedAfter) : '',
    inv.requestId && !run ? `request ${inv.requestId}` : '',
  ].filter((l) => l !== '');
  const parts: string[] = [];
  parts.push(
    `<g class="inv o-${inv.outcome}${inv.reason === 'duplicate' ? ' dup' : ''}${run ? ' run' : ''}" data-invocation="${item.first}" data-count="${item.count}" data-outcome="${inv.outcome}" data-reason="${inv.reason}">`,
    `<title>${esc(details.join('\n'))}</title>`,
    `<text class="reason${inv.reason === 'first' ? '' : ' reason-strong'}" x="${x + 2}" y="${y - 7}">${esc(reason)}</text>`,
  );
  if (run) {
    parts.push(`<rect class="box stack" x="${x + 8}" y="${y + 8}" width="${BOX_W}" height="${h}" rx="6"/>`, `<rect class="box stack" x="${x + 4}" y="${y + 4}" width="${BOX_W}" height="${h}" rx="6"/>`);
  }
  parts.push(
    `<rect class="box" x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6"/>`,
    `<path class="box-head" d="M${x} ${y + BOX_HEAD} v-${BOX_HEAD - 6} a6 6 0 0 1 6 -6 h${BOX_W - 12} a6 6 0 0 1 6 6 v${BOX_HEAD - 6} z"/>`,
    `<text class="head-n" x="${x + 8}" y="${y + 15}">${esc(number)}</text>`,
    `<text class="head-o" x="${x + BOX_W - 8}" y="${y + 15}" text-anchor="end">${esc(OUTCOME_LABELS[inv.outcome].word)}</text>`,
  );
  if (run) parts.push(`<text class="run-until" x="${x + 2}" y="${y + h + 22}">×${item.count} until ${esc(relativeTime(item.lastAt - origin))}</text>`);
  if (inv.reason === 'duplicate') parts.push(`<rect class="dup-frame" x="${x - 3}" y="${y - 3}" width="${BOX_W + 6}" height="${h + 6}" rx="8"/>`);
  const seqs = inv.sequenceNumbers;
  chipRows(seqs.length, inv.outcome === 'partial' ? inv.failureIndex : undefined).forEach((row, r) => {
    const cy = y + BOX_HEAD + BOX_PAD + r * CHIP_H;
    if (row.gap !== undefined) {
      parts.push(`<text class="more" x="${x + 19}" y="${cy + 11}">⋯ ${row.gap} more ⋯</text>`);
      return;
    }
    const k = row.index;
    const seq = seqs[k]!;
    const record = recordOf.get(`${inv.shardId} ${seq}`);
    const state = inv.outcome === 'partial' && inv.failureIndex !== undefined ? (k < inv.failureIndex ? ' committed' : k === inv.failureIndex ? ' failed' : '') : '';
    const key = record ? keyText(record.key) : '';
    const letter = record ? eventLetter(record.eventName) : '';
    parts.push(
      `<g class="chip${state}" data-seq="${esc(seq)}"><title>${esc(`record ${k + 1} of ${seqs.length}: ${seq}${record ? ` ${record.eventName} key ${JSON.stringify(record.key)}` : ''}${state === ' committed' ? ' (committed by the partial response)' : state === ' failed' ? ' (lowest reported failure)' : ''}`)}</title>`,
      `<rect x="${x + 5}" y="${cy}" width="${BOX_W - 10}" height="${CHIP_H - 2}" rx="3"/>`,
      record ? `<circle cx="${x + 12}" cy="${cy + 7}" r="3.5" fill="${keyColour.get(key) ?? '#64748b'}"/>` : '',
      `<text class="mono chip-seq" x="${x + 19}" y="${cy + 11}">${esc(short(seq))}</text>`,
      letter ? `<text class="mono chip-ev" x="${x + layout.letterX}" y="${cy + 11}">${letter}</text>` : '',
      key && BOX_W - layout.keyX > 24 ? `<text class="mono chip-key" x="${x + layout.keyX}" y="${cy + 11}">${esc(ellipsizeEnd(key, Math.floor((BOX_W - layout.keyX - 6) / 6.1)))}</text>` : '',
      `</g>`,
    );
  });
  parts.push(`</g>`);
  return parts.join('');
}

function marker(event: TimelineEvent, lanes: Lane[], x: number, short: (s: string) => string, destinations: DestinationDelivery[], origin: number): string {
  if (lanes.length === 0) return '';
  const top = lanes[0]!.top + 6;
  const bottom = lanes.at(-1)!.top + lanes.at(-1)!.height - 6;
  const lx = x + 6;
  const tx = x + 16;
  const common = `data-event="${event.type}" data-shard="${esc(event.shardId)}"`;
  switch (event.type) {
    case 'checkpoint':
      return (
        `<g class="ev ev-checkpoint" ${common}><title>${esc(`checkpoint of ${event.shardId} moved to ${event.sequenceNumber}`)}</title>` +
        `<line x1="${lx}" x2="${lx}" y1="${top}" y2="${bottom}"/>` +
        `<path class="flag" d="M${lx} ${top} l14 5 l-14 5 z"/>` +
        `<text class="ev-title" x="${tx + 2}" y="${top + 24}">checkpoint</text>` +
        `<text class="mono ev-text" x="${tx + 2}" y="${top + 38}">→ ${esc(short(event.sequenceNumber))}</text></g>`
      );
    case 'bisect': {
      const mid = (top + bottom) / 2;
      return (
        `<g class="ev ev-bisect" ${common}><title>${esc(`bisected: left ${event.left.join(', ')} | right ${event.right.join(', ')}`)}</title>` +
        `<line class="cut" x1="${lx}" x2="${lx}" y1="${top}" y2="${bottom}"/>` +
        `<path class="fork" d="M${lx} ${mid} l14 -10 M${lx} ${mid} l14 10"/>` +
        `<text class="ev-title" x="${tx + 2}" y="${top + 18}">bisect</text>` +
        `<text class="ev-text" x="${tx + 2}" y="${top + 32}">${event.left.length} | ${event.right.length}</text></g>`
      );
    }
    case 'throttle':
      return (
        `<g class="ev ev-throttle" ${common}><title>${esc(`throttled (not counted as an attempt): ${event.sequenceNumbers.join(', ')}`)}</title>` +
        `<line class="cut" x1="${lx}" x2="${lx}" y1="${top}" y2="${bottom}"/>` +
        `<text class="ev-title" x="${tx}" y="${top + 18}">throttled</text>` +
        `<text class="ev-text" x="${tx}" y="${top + 32}">${event.sequenceNumbers.length} rec.</text></g>`
      );
    case 'discard': {
      const first = event.sequenceNumbers[0];
      const di = destinations.findIndex((d) => {
        const info = batchInfoOf(d);
        return info.shardId === event.shardId && info.startSequenceNumber === first;
      });
      const delivery = di >= 0 ? destinations.splice(di, 1)[0] : undefined;
      const cy = top + 12;
      const destination = delivery
        ? `<g class="dest" data-destination="${delivery.type}"><title>${esc(`OnFailure → ${delivery.type.toUpperCase()} ${delivery.arn} (approximateInvokeCount ${requestContextOf(delivery).approximateInvokeCount ?? '?'})`)}</title>` +
          `<rect class="env" x="${lx - 5}" y="${top + 48}" width="16" height="11" rx="1.5"/><path class="env-flap" d="M${lx - 5} ${top + 48} l8 6 l8 -6"/>` +
          `<text class="ev-text" x="${tx + 2}" y="${top + 58}">→ ${delivery.type.toUpperCase()}</text></g>`
        : `<text class="ev-text muted" x="${tx}" y="${top + 58}">no destination</text>`;
      return (
        `<g class="ev ev-discard" ${common}><title>${esc(`discarded (${event.condition}): ${event.sequenceNumbers.join(', ')}`)}</title>` +
        `<path class="x" d="M${lx - 5} ${cy - 5} l10 10 M${lx + 5} ${cy - 5} l-10 10"/>` +
        `<text class="ev-title" x="${tx}" y="${top + 16}">discarded</text>` +
        `<text class="ev-text" x="${tx}" y="${top + 30}">${event.sequenceNumbers.length} rec. ${esc(first ? short(first) : '')}</text>` +
        `<text class="ev-text" x="${tx}" y="${top + 43}">${esc(conditionWord(event.condition))}</text>` +
        destination +
        `</g>`
      );
    }
    case 'skipped':
      return (
        `<g class="ev ev-skipped" ${common}><title>${esc(skippedLine(event, origin))}</title>` +
        `<text class="ev-title" x="${tx}" y="${top + 18}">… ${event.count} identical</text>` +
        `<text class="ev-text" x="${tx}" y="${top + 32}">attempts skipped …</text></g>`
      );
  }
}

/** CSS for the picture (part of the page's stylesheet). */
export const TIMELINE_CSS = `
.timeline, .timeline-labels { display: block; font-family: var(--sans); font-size: 12px; flex: none; }
.timeline .mono { font-family: var(--mono); }
.timeline-labels { border-right: 1px solid #cbd5e1; }
:is(.timeline, .timeline-labels) .lane-bg { fill: #ffffff; }
:is(.timeline, .timeline-labels) .lane-bg.odd { fill: #f7f8fb; }
:is(.timeline, .timeline-labels) .shard-sep { stroke: #94a3b8; stroke-width: 1.5; }
.timeline-labels .lane-label { font-weight: 700; font-size: 13px; fill: #0f172a; }
.timeline-labels .lane-sub { font-size: 11px; fill: #64748b; }
.timeline-labels .axis-title { font-size: 11px; fill: #64748b; font-style: italic; }
.timeline .axis { font-size: 11px; fill: #475569; font-family: var(--mono); }
.timeline .guide { stroke: #e2e8f0; stroke-dasharray: 2 4; }
.timeline .reason { font-size: 10.5px; fill: #64748b; }
.timeline .reason-strong { fill: #1e293b; font-weight: 600; }
.timeline .box { stroke-width: 1.5; }
.timeline .head-n, .timeline .head-o { fill: #fff; font-size: 11.5px; font-weight: 700; }
.timeline .head-n { font-family: var(--mono); }
.timeline .chip rect { fill: rgba(255,255,255,.75); stroke: none; }
.timeline .chip.committed rect { fill: #bbf7d0; }
.timeline .chip.failed rect { fill: #fecaca; stroke: #b91c1c; stroke-width: 1.2; }
.timeline .chip-seq { font-size: 10.5px; fill: #0f172a; }
.timeline .chip-ev { font-size: 10px; fill: #64748b; font-weight: 700; }
.timeline .chip-key { font-size: 10px; fill: #334155; }
.timeline .box.stack { opacity: .55; }
.timeline .run-until { font-size: 10.5px; fill: #334155; font-weight: 700; }
.timeline .more { font-size: 10.5px; fill: #475569; font-style: italic; }
.timeline .dup-frame { fill: none; stroke: #0f172a; stroke-width: 1.4; stroke-dasharray: 5 3; }
${(Object.keys(OUTCOME_LABELS) as Outcome[]).map((o) => `.timeline .o-${o} .box { fill: var(--${o}-bg); stroke: var(--${o}); } .timeline .o-${o} .box-head { fill: var(--${o}); }`).join('\n')}
.timeline .ev-title { font-size: 11px; font-weight: 700; }
.timeline .ev-text { font-size: 10.5px; fill: #334155; }
.timeline .ev-text.muted { fill: #94a3b8; font-style: italic; }
.timeline .ev-checkpoint line { stroke: var(--checkpoint); stroke-width: 2; }
.timeline .ev-checkpoint .flag { fill: var(--checkpoint); }
.timeline .ev-checkpoint .ev-title { fill: var(--checkpoint); }
.timeline .ev-bisect .cut { stroke: var(--bisect); stroke-width: 2; stroke-dasharray: 6 4; }
.timeline .ev-bisect .fork { stroke: var(--bisect); stroke-width: 2; fill: none; stroke-linecap: round; }
.timeline .ev-bisect .ev-title { fill: var(--bisect); }
.timeline .ev-throttle .cut { stroke: #64748b; stroke-width: 2; stroke-dasharray: 2 3; }
.timeline .ev-throttle .ev-title { fill: #475569; }
.timeline .ev-discard .x { stroke: var(--discard); stroke-width: 2.5; stroke-linecap: round; }
.timeline .ev-discard .ev-title { fill: var(--discard); }
.timeline .env { fill: #fff; stroke: var(--destination); stroke-width: 1.4; }
.timeline .env-flap { fill: none; stroke: var(--destination); stroke-width: 1.4; }
.timeline .dest .ev-text { fill: var(--destination); font-weight: 700; }
.timeline .end-line { stroke: #0f172a; stroke-width: 3; }
.timeline .end-title { font-size: 11px; fill: #475569; }
.timeline .end-seq { font-size: 11px; font-weight: 700; fill: var(--checkpoint); }
`;
