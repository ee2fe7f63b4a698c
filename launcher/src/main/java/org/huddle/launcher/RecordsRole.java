package org.huddle.launcher;

import java.util.Optional;
import org.huddle.common.config.Settings;
import org.huddle.records.Records;
import org.huddle.records.RecordsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which processes keep meeting records (docs/records.md). {@code huddle all} does, in PostgreSQL
 * when one is configured, else in its embedded database. The separate roles ({@code huddle focus},
 * {@code huddle web}, {@code huddle xmpp}, {@code huddle videobridge}) do only with PostgreSQL:
 * each runs in a container of its own, and an embedded file per container would split the records
 * where the admin API cannot see them. The bridge's media summaries reach the records the same way:
 * in {@code huddle all}, and from {@code huddle videobridge} with PostgreSQL.
 */
final class RecordsRole {
  private static final Logger LOG = LoggerFactory.getLogger(RecordsRole.class);

  private RecordsRole() {}

  /** The records for {@code huddle all}, unless HUDDLE_RECORDS_ENABLED is false. */
  static Optional<Records> forAll(Settings.Env env) {
    RecordsConfig c = RecordsConfig.fromEnvironment(env);
    if (!c.enabled()) {
      LOG.info("records are off (HUDDLE_RECORDS_ENABLED=false)");
      return Optional.empty();
    }
    return Optional.of(Records.open(c));
  }

  /** The records for one role of several: only in PostgreSQL. */
  static Optional<Records> forRole(Settings.Env env, String role) {
    RecordsConfig c = RecordsConfig.fromEnvironment(env);
    if (!c.enabled()) {
      return Optional.empty();
    }
    if (!c.postgres()) {
      LOG.info(
          "{}: no meeting records: set DATABASE_URL or POSTGRES_HOST to keep them (the separate"
              + " roles share PostgreSQL; only `huddle all` uses the embedded database)",
          role);
      return Optional.empty();
    }
    return Optional.of(Records.open(c));
  }

  /**
   * Keeps the bridge's media summaries (one per endpoint that leaves) as {@code media_quality} rows
   * of the meeting whose id the focus gave the bridge as Colibri2's {@code meeting-id}.
   */
  static void mediaFor(org.huddle.videobridge.Videobridge bridge, Records records) {
    bridge.onMediaSummary(
        s ->
            records.record(
                new org.huddle.records.RecordEvent.MediaQuality(
                    s.meetingId(),
                    s.endpointId(),
                    s.at(),
                    s.packetsReceived(),
                    s.packetsLost(),
                    s.bitrateBps(),
                    (int) Math.min(Integer.MAX_VALUE, s.layerSwitches()))));
  }

  /** Closes the records, if any (queued events are written first, for a few seconds at most). */
  static void close(Records records) {
    if (records != null) {
      records.close();
    }
  }

  /** Lets the focus ask the records which rooms hold a scheduled meeting now. */
  static void scheduleFor(org.huddle.focus.Focus focus, Records records) {
    focus.useSchedule(
        (room, at) ->
            records
                .scheduled(room, at)
                .map(
                    m ->
                        new org.huddle.focus.ScheduledMeetings.Window(
                            m.beginsAt(), m.endsAt(), m.organizer())));
  }
}
