package org.huddle.xmpp.server.api;

/**
 * When a hook runs relative to the others on the same event. Hooks in one phase run in the order
 * they were added.
 *
 * <p>Named phases replace Prosody's numeric priorities: a hook says what it is for, not a number to
 * outbid.
 */
public enum Phase {
  /** Checks that must see everything first: validation, rate limits. */
  GUARD,
  /** Decisions to allow or deny: room policy, authorization. Plugins hook here by default. */
  POLICY,
  /** The normal handling of the event. */
  DEFAULT,
  /** Last resort when nothing else handled it. */
  FALLBACK
}
