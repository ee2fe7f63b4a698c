package org.huddle.focus.conference;

/** Where a conference stands: joining its room, running, or ended (docs/focus.md#a-conference). */
public enum Phase {
  JOINING,
  RUNNING,
  ENDED
}
