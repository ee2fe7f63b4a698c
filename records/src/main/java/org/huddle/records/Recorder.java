package org.huddle.records;

/**
 * Where a role hands in its records. {@link #record} never blocks and never throws for a database
 * problem: an event either queues for writing or is dropped and counted.
 */
public interface Recorder {
  /** Records nothing: the records are off. */
  Recorder NONE = event -> {};

  /** Queues the event for writing. */
  void record(RecordEvent event);
}
