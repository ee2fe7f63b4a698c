package org.huddle.records.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.huddle.records.RecordEvent;
import org.huddle.records.RecordEvent.Audit;
import org.huddle.records.RecordEvent.BridgeUsed;
import org.huddle.records.RecordEvent.MediaQuality;
import org.huddle.records.RecordEvent.MeetingEnded;
import org.huddle.records.RecordEvent.MeetingStarted;
import org.huddle.records.RecordEvent.ParticipantJoined;
import org.huddle.records.RecordEvent.ParticipantLeft;
import org.jdbi.v3.core.Handle;

/**
 * Writes events as rows. Every write is idempotent (an insert checks for its key first, an update
 * sets what the event says), so a batch that failed part-way can simply be written again.
 */
public final class RecordStore {
  private final Database db;

  public RecordStore(Database db) {
    this.db = db;
  }

  public Database database() {
    return db;
  }

  /** Writes the events in one transaction, in order (migrating the schema first if needed). */
  public void write(List<? extends RecordEvent> events) {
    db.migrate();
    db.jdbi()
        .useTransaction(
            h -> {
              for (RecordEvent e : events) {
                apply(h, e);
              }
            });
  }

  private static void apply(Handle h, RecordEvent event) {
    switch (event) {
      case MeetingStarted e -> {
        if (!exists(h, "meeting", "id", e.meetingId())) {
          h.createUpdate("INSERT INTO meeting (id, room, started_at) VALUES (:id, :room, :at)")
              .bind("id", e.meetingId())
              .bind("room", e.room())
              .bind("at", ts(e.at()))
              .execute();
        }
      }
      case MeetingEnded e ->
          h.createUpdate("UPDATE meeting SET ended_at = :at WHERE id = :id")
              .bind("id", e.meetingId())
              .bind("at", ts(e.at()))
              .execute();
      case ParticipantJoined e -> {
        if (!exists(h, "participation", "id", e.participationId())) {
          h.createUpdate(
                  "INSERT INTO participation (id, meeting_id, endpoint, display_name, client_kind,"
                      + " joined_at) VALUES (:id, :meeting, :endpoint, :name, :kind, :at)")
              .bind("id", e.participationId())
              .bind("meeting", e.meetingId())
              .bind("endpoint", e.endpoint())
              .bind("name", e.displayName())
              .bind("kind", e.clientKind())
              .bind("at", ts(e.at()))
              .execute();
        }
        // The peak: how many participations of this meeting are open now, if more than before.
        h.createUpdate(
                "UPDATE meeting SET peak_participants = (SELECT COUNT(*) FROM participation p"
                    + " WHERE p.meeting_id = :id AND p.left_at IS NULL) WHERE id = :id AND"
                    + " peak_participants < (SELECT COUNT(*) FROM participation p"
                    + " WHERE p.meeting_id = :id AND p.left_at IS NULL)")
            .bind("id", e.meetingId())
            .execute();
      }
      case ParticipantLeft e ->
          h.createUpdate("UPDATE participation SET left_at = :at WHERE id = :id")
              .bind("id", e.participationId())
              .bind("at", ts(e.at()))
              .execute();
      case BridgeUsed e -> {
        boolean known =
            h.createQuery(
                        "SELECT COUNT(*) FROM meeting_bridge WHERE meeting_id = :m AND bridge = :b")
                    .bind("m", e.meetingId())
                    .bind("b", e.bridge())
                    .mapTo(Long.class)
                    .one()
                > 0;
        if (!known) {
          h.createUpdate(
                  "INSERT INTO meeting_bridge (meeting_id, bridge, first_used_at)"
                      + " VALUES (:m, :b, :at)")
              .bind("m", e.meetingId())
              .bind("b", e.bridge())
              .bind("at", ts(e.at()))
              .execute();
        }
      }
      case MediaQuality e -> {
        boolean known =
            h.createQuery(
                        "SELECT COUNT(*) FROM media_quality WHERE meeting_id = :m AND endpoint = :e"
                            + " AND recorded_at = :at")
                    .bind("m", e.meetingId())
                    .bind("e", e.endpoint())
                    .bind("at", ts(e.at()))
                    .mapTo(Long.class)
                    .one()
                > 0;
        if (!known) {
          h.createUpdate(
                  "INSERT INTO media_quality (meeting_id, endpoint, recorded_at, packets_received,"
                      + " packets_lost, bitrate_bps, layer_switches)"
                      + " VALUES (:m, :e, :at, :received, :lost, :bitrate, :switches)")
              .bind("m", e.meetingId())
              .bind("e", e.endpoint())
              .bind("at", ts(e.at()))
              .bind("received", e.packetsReceived())
              .bind("lost", e.packetsLost())
              .bind("bitrate", e.bitrateBps())
              .bind("switches", e.layerSwitches())
              .execute();
        }
      }
      case Audit e -> {
        if (!exists(h, "audit_event", "id", e.id())) {
          h.createUpdate(
                  "INSERT INTO audit_event (id, at, room, action, actor, target, detail)"
                      + " VALUES (:id, :at, :room, :action, :actor, :target, :detail)")
              .bind("id", e.id())
              .bind("at", ts(e.at()))
              .bind("room", e.room())
              .bind("action", e.action().name())
              .bind("actor", e.actor())
              .bind("target", e.target())
              .bind("detail", e.detail())
              .execute();
        }
      }
    }
  }

  /** Whether {@code table} has a row whose {@code column} is {@code id} (names are ours). */
  private static boolean exists(Handle h, String table, String column, String id) {
    return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = :id")
            .bind("id", id)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  private static Timestamp ts(Instant at) {
    return Timestamp.from(at);
  }
}
