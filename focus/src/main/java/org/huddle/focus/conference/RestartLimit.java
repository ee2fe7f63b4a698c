package org.huddle.focus.conference;

import java.time.Duration;
import java.util.Deque;
import java.util.Iterator;

/**
 * How often a participant may ask for a new session (docs/wire.md#jingle; Jicofo's {@code
 * resource-constraint} beyond it): never twice within the minimum interval, and at most so many
 * within the interval.
 */
record RestartLimit(Duration minInterval, int maxRequests, Duration interval) {
  /**
   * Whether a request at {@code now} is allowed; if so it is recorded.
   *
   * @param recent the participant's earlier requests (nanoTime), oldest first
   */
  boolean allow(Deque<Long> recent, long now) {
    Long last = recent.peekLast();
    if (last != null && now - last < minInterval.toNanos()) {
      return false;
    }
    for (Iterator<Long> it = recent.iterator(); it.hasNext(); ) {
      if (now - it.next() > interval.toNanos()) {
        it.remove();
      }
    }
    if (recent.size() >= maxRequests) {
      return false;
    }
    recent.addLast(now);
    return true;
  }
}
