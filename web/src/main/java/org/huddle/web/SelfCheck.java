package org.huddle.web;

/**
 * The checks {@code /about/doctor} runs ({@code huddle doctor}'s, which the launcher provides: they
 * read every role's config, which this module does not depend on).
 */
@FunctionalInterface
public interface SelfCheck {
  Result run();

  /**
   * @param failed whether any check failed
   * @param text one line per check
   * @param json the same as JSON
   */
  record Result(boolean failed, String text, String json) {}
}
