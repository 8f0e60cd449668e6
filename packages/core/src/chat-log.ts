// A persistent vector (a 32-way trie with a tail, after Clojure's): append
// and update copy at most one 32-slot node per level, so a 10,000-message
// room costs the same per message as a fresh one, and every snapshot stays
// valid and immutable.
const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Node = readonly unknown[];

/**
 * An immutable, append-friendly list used for the chat history in state.
 * `push` and `set` return a new log and never touch the old one.
 */
export class ChatLog<T> implements Iterable<T> {
  static #empty = new ChatLog<never>(0, BITS, [], []);

  /** The empty log. */
  static empty<T>(): ChatLog<T> {
    return ChatLog.#empty;
  }

  /** Builds a log from an array (for tests and hydration). */
  static from<T>(items: Iterable<T>): ChatLog<T> {
    let log = ChatLog.empty<T>();
    for (const item of items) log = log.push(item);
    return log;
  }

  private constructor(
    /** Number of items. */
    readonly size: number,
    private readonly shift: number,
    private readonly root: Node,
    private readonly tail: readonly T[],
  ) {
    Object.freeze(this);
  }

  private get tailOffset(): number {
    return this.size < WIDTH ? 0 : ((this.size - 1) >>> BITS) << BITS;
  }

  /** Item at `index`, or undefined when out of range. Negative indexes count from the end. */
  get(index: number): T | undefined {
    const i = index < 0 ? this.size + index : index;
    if (i < 0 || i >= this.size) return undefined;
    return this.leafFor(i)[i & MASK] as T;
  }

  private leafFor(i: number): readonly unknown[] {
    if (i >= this.tailOffset) return this.tail;
    let node = this.root;
    for (let level = this.shift; level > 0; level -= BITS) node = node[(i >>> level) & MASK] as Node;
    return node;
  }

  /** A new log with `item` appended. */
  push(item: T): ChatLog<T> {
    if (this.size - this.tailOffset < WIDTH) {
      return new ChatLog(this.size + 1, this.shift, this.root, [...this.tail, item]);
    }
    const tailNode: Node = this.tail;
    let root: Node;
    let shift = this.shift;
    if (this.size >>> BITS > 1 << this.shift) {
      root = [this.root, newPath(this.shift, tailNode)];
      shift += BITS;
    } else {
      root = this.pushTail(this.shift, this.root, tailNode);
    }
    return new ChatLog(this.size + 1, shift, root, [item]);
  }

  private pushTail(level: number, parent: Node, tailNode: Node): Node {
    const sub = ((this.size - 1) >>> level) & MASK;
    const copy = parent.slice();
    if (level === BITS) {
      copy[sub] = tailNode;
    } else {
      const child = parent[sub] as Node | undefined;
      copy[sub] = child ? this.pushTail(level - BITS, child, tailNode) : newPath(level - BITS, tailNode);
    }
    return copy;
  }

  /** A new log with the item at `index` replaced. Throws RangeError when out of range. */
  set(index: number, item: T): ChatLog<T> {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} out of range 0..${this.size - 1}`);
    if (index >= this.tailOffset) {
      const tail = this.tail.slice();
      tail[index & MASK] = item;
      return new ChatLog(this.size, this.shift, this.root, tail);
    }
    return new ChatLog(this.size, this.shift, assoc(this.shift, this.root, index, item), this.tail);
  }

  /** Items from `start` (inclusive) to `end` (exclusive) as a fresh array; negative indexes count from the end. */
  slice(start = 0, end = this.size): T[] {
    const s = Math.max(0, start < 0 ? this.size + start : start);
    const e = Math.min(this.size, end < 0 ? this.size + end : end);
    const out: T[] = [];
    for (let i = s; i < e; ) {
      const leaf = this.leafFor(i);
      for (let j = i & MASK; j < leaf.length && i < e; j++, i++) out.push(leaf[j] as T);
    }
    return out;
  }

  /** The last item, if any. */
  get last(): T | undefined {
    return this.get(this.size - 1);
  }

  toArray(): T[] {
    return this.slice();
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.size; i++) yield this.get(i) as T;
  }
}

function newPath(level: number, node: Node): Node {
  return level === 0 ? node : [newPath(level - BITS, node)];
}

function assoc(level: number, node: Node, i: number, item: unknown): Node {
  const copy = node.slice();
  if (level === 0) copy[i & MASK] = item;
  else copy[(i >>> level) & MASK] = assoc(level - BITS, node[(i >>> level) & MASK] as Node, i, item);
  return copy;
}
