package org.huddle.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.records.store.Database;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * What the admin API reads: meetings, a meeting's participations and audit entries, all audit
 * entries, and the rows statistics are computed from. Every filter value is a bound parameter; only
 * fixed SQL text of our own is ever concatenated.
 */
public final class RecordQueries {
  /** The most rows one query returns. */
  public static final int MAX_ROWS = 10_000;

  private static final String MEETING_COLUMNS =
      "SELECT id, room, started_at, ended_at, peak_participants FROM meeting";
  private static final String PARTICIPATION_COLUMNS =
      "SELECT id, meeting_id, endpoint, display_name, client_kind, joined_at, left_at"
          + " FROM participation";
  private static final String AUDIT_COLUMNS =
      "SELECT id, at, room, action, actor, target, detail FROM audit_event";

  private final Database db;

  public RecordQueries(Database db) {
    this.db = db;
  }

  /** A meeting row. {@code endedAt} is null while it runs. */
  public record Meeting(
      String id, String room, Instant startedAt, Instant endedAt, int peakParticipants) {}

  /** A participation row. {@code leftAt} is null while it lasts. */
  public record Participation(
      String id,
      String meetingId,
      String endpoint,
      String displayName,
      String clientKind,
      Instant joinedAt,
      Instant leftAt) {}

  /** An audit row. */
  public record AuditEntry(
      String id,
      Instant at,
      String room,
      String action,
      String actor,
      String target,
      String detail) {}

  /** A bridge a meeting used. */
  public record BridgeUse(String bridge, Instant firstUsedAt) {}

  /** A media summary. */
  public record Media(
      String endpoint,
      Instant recordedAt,
      long packetsReceived,
      long packetsLost,
      long bitrateBps,
      int layerSwitches) {}

  /**
   * A filter on time and room: each part optional. {@code from} is inclusive and {@code to}
   * exclusive.
   */
  public record Filter(String room, Instant from, Instant to, int limit, int offset) {
    public Filter {
      if (limit < 1 || limit > MAX_ROWS) {
        throw new IllegalArgumentException("limit: 1 to " + MAX_ROWS);
      }
      if (offset < 0) {
        throw new IllegalArgumentException("offset: not negative");
      }
      if (from != null && to != null && !from.isBefore(to)) {
        throw new IllegalArgumentException("from must be before to");
      }
    }
  }

  /** Meetings that started in the filter's span (and room), newest first. */
  public List<Meeting> meetings(Filter f) {
    db.migrate();
    StringBuilder sql = new StringBuilder(MEETING_COLUMNS + " WHERE 1 = 1");
    where(sql, f, "started_at");
    sql.append(" ORDER BY started_at DESC, id LIMIT :limit OFFSET :offset");
    return db.jdbi()
        .withHandle(
            h -> bind(h.createQuery(sql.toString()), f).map((rs, ctx) -> meeting(rs)).list());
  }

  /**
   * Meetings that overlap [{@code from}, {@code to}): started before its end, not ended before its
   * start.
   */
  public List<Meeting> meetingsOverlapping(Instant from, Instant to) {
    return rows(
        MEETING_COLUMNS
            + " WHERE started_at < :to AND (ended_at IS NULL OR ended_at >= :from)"
            + " ORDER BY started_at LIMIT "
            + MAX_ROWS,
        Map.of("from", Timestamp.from(from), "to", Timestamp.from(to)),
        (rs, ctx) -> meeting(rs));
  }

  /** Participations that overlap [{@code from}, {@code to}), for statistics. */
  public List<Participation> participationsOverlapping(Instant from, Instant to) {
    return rows(
        PARTICIPATION_COLUMNS
            + " WHERE joined_at < :to AND (left_at IS NULL OR left_at >= :from)"
            + " ORDER BY joined_at LIMIT "
            + MAX_ROWS * 10,
        Map.of("from", Timestamp.from(from), "to", Timestamp.from(to)),
        (rs, ctx) -> participation(rs));
  }

  /** One meeting. */
  public Optional<Meeting> meeting(String id) {
    return rows(MEETING_COLUMNS + " WHERE id = :id", Map.of("id", id), (rs, ctx) -> meeting(rs))
        .stream()
        .findFirst();
  }

  /** A meeting's participations, in the order they joined. */
  public List<Participation> participations(String meetingId) {
    return rows(
        PARTICIPATION_COLUMNS + " WHERE meeting_id = :m ORDER BY joined_at, id LIMIT " + MAX_ROWS,
        Map.of("m", meetingId),
        (rs, ctx) -> participation(rs));
  }

  /** The bridges a meeting used. */
  public List<BridgeUse> bridges(String meetingId) {
    return rows(
        "SELECT bridge, first_used_at FROM meeting_bridge WHERE meeting_id = :m"
            + " ORDER BY first_used_at, bridge",
        Map.of("m", meetingId),
        (rs, ctx) -> new BridgeUse(rs.getString(1), instant(rs, 2)));
  }

  /** A meeting's media summaries. */
  public List<Media> media(String meetingId) {
    return rows(
        "SELECT endpoint, recorded_at, packets_received, packets_lost, bitrate_bps,"
            + " layer_switches FROM media_quality WHERE meeting_id = :m"
            + " ORDER BY recorded_at, endpoint LIMIT "
            + MAX_ROWS,
        Map.of("m", meetingId),
        (rs, ctx) ->
            new Media(
                rs.getString(1),
                instant(rs, 2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getInt(6)));
  }

  /** Audit entries in the filter's span and room, optionally of one action, newest first. */
  public List<AuditEntry> audit(Filter f, String action) {
    db.migrate();
    StringBuilder sql = new StringBuilder(AUDIT_COLUMNS + " WHERE 1 = 1");
    where(sql, f, "at");
    if (action != null) {
      sql.append(" AND action = :action");
    }
    sql.append(" ORDER BY at DESC, id LIMIT :limit OFFSET :offset");
    return db.jdbi()
        .withHandle(
            h -> {
              Query q = bind(h.createQuery(sql.toString()), f);
              if (action != null) {
                q.bind("action", action);
              }
              return q.map((rs, ctx) -> audit(rs)).list();
            });
  }

  /** A room's audit entries between two instants (a meeting's timeline), oldest first. */
  public List<AuditEntry> auditOfRoom(String room, Instant from, Instant to) {
    return rows(
        AUDIT_COLUMNS
            + " WHERE room = :room AND at >= :from AND at <= :to ORDER BY at, id LIMIT "
            + MAX_ROWS,
        Map.of("room", room, "from", Timestamp.from(from), "to", Timestamp.from(to)),
        (rs, ctx) -> audit(rs));
  }

  /** Runs a query of our own SQL with bound parameters (the schema brought up to date first). */
  private <T> List<T> rows(String sql, Map<String, ?> params, RowMapper<T> mapper) {
    db.migrate();
    return db.jdbi().withHandle(h -> h.createQuery(sql).bindMap(params).map(mapper).list());
  }

  private static void where(StringBuilder sql, Filter f, String column) {
    if (f.room() != null) {
      sql.append(" AND room = :room");
    }
    if (f.from() != null) {
      sql.append(" AND ").append(column).append(" >= :from");
    }
    if (f.to() != null) {
      sql.append(" AND ").append(column).append(" < :to");
    }
  }

  private static Query bind(Query q, Filter f) {
    if (f.room() != null) {
      q.bind("room", f.room());
    }
    if (f.from() != null) {
      q.bind("from", Timestamp.from(f.from()));
    }
    if (f.to() != null) {
      q.bind("to", Timestamp.from(f.to()));
    }
    return q.bind("limit", f.limit()).bind("offset", f.offset());
  }

  private static Meeting meeting(ResultSet rs) throws SQLException {
    return new Meeting(
        rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getInt(5));
  }

  private static Participation participation(ResultSet rs) throws SQLException {
    return new Participation(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        instant(rs, 6),
        instant(rs, 7));
  }

  private static AuditEntry audit(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getString(1),
        instant(rs, 2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
