package org.huddle.videobridge.ice;

/**
 * Where the shared ports count what arrives and what they drop, under "{port}.in" and
 * "{port}.dropped" plus "{port}.dropped.{reason}". The bridge adds them to its pipeline counters,
 * which {@code /metrics} exports.
 */
@FunctionalInterface
public interface Counters {
  Counters NONE = (name, n) -> {};

  void add(String name, long n);

  /** Counts one drop: the port's total and the reason. */
  default void dropped(String port, String reason) {
    add(port + ".dropped", 1);
    add(port + ".dropped." + reason, 1);
  }
}
