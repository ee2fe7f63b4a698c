package org.huddle.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.huddle.records.store.Database;

/**
 * The {@code meeting_file} table: a row per file uploaded to a meeting, written by the file server
 * when an upload completes (on the uploader's request, never on a join), and marked deleted by the
 * retention sweeper once the stored object is gone.
 */
public final class MeetingFiles {
  private static final String COLUMNS =
      "SELECT id, meeting_id, room, uploader, name, size_bytes, content_type, stored_key,"
          + " created_at, deleted_at FROM meeting_file";

  private final Database db;

  public MeetingFiles(Database db) {
    this.db = db;
  }

  /**
   * A stored file.
   *
   * @param meetingId the meeting running in its room at upload, or null
   * @param key where the file server keeps it
   * @param deletedAt when the sweeper removed it, or null
   */
  public record StoredFile(
      String id,
      String meetingId,
      String room,
      String uploader,
      String name,
      long size,
      String contentType,
      String key,
      Instant createdAt,
      Instant deletedAt) {}

  /**
   * Records an upload, linked to the meeting that is running in {@code room} (a bare JID), if one
   * is.
   */
  public StoredFile add(
      String room,
      String uploader,
      String name,
      long size,
      String contentType,
      String key,
      Instant at) {
    db.migrate();
    String id = UUID.randomUUID().toString();
    String meeting =
        db.jdbi()
            .inTransaction(
                h -> {
                  String m =
                      h.createQuery(
                              "SELECT id FROM meeting WHERE room = :room AND started_at <= :at"
                                  + " AND (ended_at IS NULL OR ended_at >= :at)"
                                  + " ORDER BY started_at DESC LIMIT 1")
                          .bind("room", room)
                          .bind("at", Timestamp.from(at))
                          .mapTo(String.class)
                          .findFirst()
                          .orElse(null);
                  h.createUpdate(
                          "INSERT INTO meeting_file (id, meeting_id, room, uploader, name,"
                              + " size_bytes, content_type, stored_key, created_at) VALUES (:id,"
                              + " :meeting, :room, :uploader, :name, :size, :type, :key, :at)")
                      .bind("id", id)
                      .bind("meeting", m)
                      .bind("room", room)
                      .bind("uploader", uploader)
                      .bind("name", name)
                      .bind("size", size)
                      .bind("type", contentType)
                      .bind("key", key)
                      .bind("at", Timestamp.from(at))
                      .execute();
                  return m;
                });
    return new StoredFile(id, meeting, room, uploader, name, size, contentType, key, at, null);
  }

  /** A meeting's files, oldest first, deleted ones included. */
  public List<StoredFile> ofMeeting(String meetingId) {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(COLUMNS + " WHERE meeting_id = :m ORDER BY created_at, id")
                    .bind("m", meetingId)
                    .map((rs, ctx) -> file(rs))
                    .list());
  }

  /** The file stored under {@code key}, if it is recorded. */
  public Optional<StoredFile> byKey(String key) {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(COLUMNS + " WHERE stored_key = :k")
                    .bind("k", key)
                    .map((rs, ctx) -> file(rs))
                    .findFirst());
  }

  /**
   * At most {@code limit} files created before {@code before} and not yet deleted, oldest first.
   */
  public List<StoredFile> expired(Instant before, int limit) {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        COLUMNS
                            + " WHERE deleted_at IS NULL AND created_at < :before"
                            + " ORDER BY created_at, id LIMIT :limit")
                    .bind("before", Timestamp.from(before))
                    .bind("limit", limit)
                    .map((rs, ctx) -> file(rs))
                    .list());
  }

  /** Marks a file deleted (its stored object is gone). */
  public void markDeleted(String id, Instant at) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE meeting_file SET deleted_at = :at WHERE id = :id"
                            + " AND deleted_at IS NULL")
                    .bind("at", Timestamp.from(at))
                    .bind("id", id)
                    .execute());
  }

  private static StoredFile file(ResultSet rs) throws SQLException {
    Timestamp deleted = rs.getTimestamp(10);
    return new StoredFile(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getString(7),
        rs.getString(8),
        rs.getTimestamp(9).toInstant(),
        deleted == null ? null : deleted.toInstant());
  }
}
