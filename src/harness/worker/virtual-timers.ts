/**
 * The handler's timers in virtual time. A sleep, a retry back-off or a polling interval of the
 * handler's own (`setTimeout(resolve, 2000)`, p-retry, `timers/promises`) costs no real time: when
 * nothing else can happen during an invocation (no downstream answer awaited, no immediate
 * pending), the worker moves the virtual clock to the earliest timer and fires it. The handler sees
 * the time pass (`Date.now()`, `getRemainingTimeInMillis()`), the model counts it in the
 * invocation's duration, and a wait longer than the function's timeout times the invocation out,
 * as it would in Lambda. Timers never fire between invocations: Lambda freezes an idle
 * environment, and what fell due meanwhile runs as the next invocation starts (the handler's
 * "background work" resumes when the environment thaws).
 */

interface Clock {
  now(): number;
  set(at: number): void;
}

interface Entry {
  /** Virtual time it is due, epoch ms; undefined until the first invocation of its environment starts. */
  due: number | undefined;
  delay: number;
  /** Insertion order: timers due together fire in the order they were set, as Node's do. */
  seq: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
  repeat: boolean;
  ref: boolean;
  live: boolean;
  handle: VirtualTimeout;
}

/** The most a delay can be: Node runs a larger one (or a non-number) after 1 ms, with a warning. */
const longestDelay = 2 ** 31 - 1;

/** What `setTimeout` and `setInterval` return: the subset of Node's `Timeout` code relies on. */
export class VirtualTimeout {
  readonly #entry: () => Entry;
  readonly #timers: VirtualTimers;
  readonly #id: number;

  constructor(timers: VirtualTimers, entry: () => Entry, id: number) {
    this.#timers = timers;
    this.#entry = entry;
    this.#id = id;
  }

  ref(): this {
    this.#entry().ref = true;
    return this;
  }

  unref(): this {
    this.#entry().ref = false;
    return this;
  }

  hasRef(): boolean {
    return this.#entry().ref;
  }

  /** Starts the same delay again from now (a cleared or fired timeout is set again, as in Node). */
  refresh(): this {
    this.#timers.restart(this.#entry());
    return this;
  }

  close(): this {
    this.#timers.clear(this);
    return this;
  }

  [Symbol.toPrimitive](): number {
    return this.#id;
  }

  [Symbol.dispose](): void {
    this.#timers.clear(this);
  }
}

export class VirtualTimers {
  readonly #clock: Clock;
  #entries: Entry[] = [];
  readonly #byHandle = new WeakMap<VirtualTimeout, Entry>();
  readonly #byId = new Map<number, Entry>();
  #seq = 0;
  #nextId = 1;
  /** Whether timers set now wait for the environment's first invocation to start their delay. */
  #anchored = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  set(callback: (...args: unknown[]) => void, delay: unknown, args: unknown[], repeat: boolean): VirtualTimeout {
    const id = this.#nextId++;
    const ms = coerceDelay(delay);
    const entry: Entry = {
      due: undefined, delay: ms, seq: 0, callback, args, repeat, ref: true, live: false,
      handle: undefined as unknown as VirtualTimeout,
    };
    entry.handle = new VirtualTimeout(this, () => entry, id);
    this.#byHandle.set(entry.handle, entry);
    this.#byId.set(id, entry);
    this.restart(entry);
    return entry.handle;
  }

  /** Whether a handle (or the id it converts to) is one of these timers: cleared here if so. */
  clear(handle: unknown): boolean {
    const entry = typeof handle === 'object' && handle !== null ? this.#byHandle.get(handle as VirtualTimeout) : typeof handle === 'number' || typeof handle === 'string' ? this.#byId.get(Number(handle)) : undefined;
    if (entry === undefined) return false;
    this.#remove(entry);
    return true;
  }

  restart(entry: Entry): void {
    this.#remove(entry);
    entry.due = this.#anchored ? this.#clock.now() + entry.delay : undefined;
    entry.seq = this.#seq++;
    entry.live = true;
    this.#entries.push(entry);
    this.#byId.set(+entry.handle, entry);
  }

  /**
   * An invocation starts at the clock's time: timers set while the environment was loading start
   * their delay now (Lambda initializes an environment right before its first invocation).
   */
  anchor(): void {
    this.#anchored = true;
    for (const entry of this.#entries) entry.due ??= this.#clock.now() + entry.delay;
  }

  /** A new environment: its predecessor's timers are gone, and its own wait for its first invocation. */
  drop(): void {
    for (const entry of this.#entries) entry.live = false;
    this.#entries = [];
    this.#byId.clear();
    this.#anchored = false;
  }

  /**
   * When the next timer is due, if nothing else can happen: the earliest due, provided a timer
   * that keeps the event loop alive is waiting (Node would not wait for unref'd ones alone).
   */
  earliest(): number | undefined {
    return this.earliestTimer()?.due;
  }

  /** The timer `earliest()` names, with its delay and whether it repeats (setInterval): what a message says of it. */
  earliestTimer(): { due: number; delay: number; repeat: boolean } | undefined {
    if (!this.#entries.some((entry) => entry.ref)) return undefined;
    let first: { due: number; delay: number; repeat: boolean } | undefined;
    for (const entry of this.#entries) {
      const due = entry.due ?? this.#clock.now() + entry.delay;
      if (first === undefined || due < first.due) first = { due, delay: entry.delay, repeat: entry.repeat };
    }
    return first;
  }

  /**
   * The timers due by a time, earliest first (set first among equals), each to fire in its own
   * turn as Node's due together do: each moves the clock to its time and runs its callback.
   */
  due(until: number): (() => void)[] {
    const ready = this.#entries.filter((entry) => entry.due !== undefined && entry.due <= until).sort((a, b) => a.due! - b.due! || a.seq - b.seq);
    return ready.map((entry) => {
      const { due, seq } = entry;
      return () => this.#fire(entry, due!, seq);
    });
  }

  /** How many timers are set that do not keep the event loop alive (unref'd). */
  unrefCount(): number {
    return this.#entries.filter((entry) => !entry.ref).length;
  }

  /** The timers still set that keep the event loop alive: work the handler left for later. */
  pending(): { count: number; firstDueInMs: number } | undefined {
    const kept = this.#entries.filter((entry) => entry.ref && entry.due !== undefined);
    if (kept.length === 0) return undefined;
    return { count: kept.length, firstDueInMs: Math.max(0, Math.min(...kept.map((entry) => entry.due!)) - this.#clock.now()) };
  }

  /** Moves the clock to the timer's time (never back) and runs its callback; an interval is set again. */
  #fire(entry: Entry, due: number, seq: number): void {
    // cleared, or set again, by a callback that ran before it
    if (!entry.live || entry.seq !== seq) return;
    this.#clock.set(Math.max(this.#clock.now(), due));
    if (entry.repeat) this.restart(entry);
    else this.#remove(entry);
    entry.callback(...entry.args);
  }

  #remove(entry: Entry): void {
    if (!entry.live) return;
    entry.live = false;
    this.#entries.splice(this.#entries.indexOf(entry), 1);
    this.#byId.delete(+entry.handle);
  }
}

/** Node's coercion: a delay that is not a number from 1 to 2^31-1 ms is 1 ms. */
export function coerceDelay(delay: unknown): number {
  const ms = Number(delay);
  return ms >= 1 && ms <= longestDelay ? Math.trunc(ms) : 1;
}
