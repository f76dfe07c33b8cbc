/**
 * The last few texts a writer built, kept for reuse: parts of an event's output
 * that depend only on a handful of header numbers (event type, thread, CPU
 * times) repeat from event to event, and only a few such keys interleave at a
 * time, so eight recent entries catch nearly every repeat. Each user compares
 * its own key fields while scanning `entries` (a plain loop over a small
 * array, no hashing) and files a new text with `add`, which replaces the
 * oldest entry once all eight are taken.
 */

/** How many entries are kept (a power of two: the ring index wraps with a mask). */
const SIZE = 8;

export class RecentTexts<E> {
  /** The kept entries, at most SIZE, in no particular order. */
  readonly entries: E[] = [];
  private next = 0;

  /** Keep an entry, replacing the oldest when the ring is full. */
  add(entry: E): void {
    if (this.entries.length < SIZE) this.entries.push(entry);
    else { this.entries[this.next] = entry; this.next = (this.next + 1) & (SIZE - 1); }
  }
}
