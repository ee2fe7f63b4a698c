package org.huddle.records;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Something worth keeping: a meeting starting or ending, a participation, a bridge used, a media
 * summary, an audit entry. Events are plain values; text is cut to the column's size here, so a
 * long display name never makes a write fail.
 */
public sealed interface RecordEvent {
  /** When it happened. */
  Instant at();

  /** A meeting began: the focus's meeting id, the room's bare JID. */
  record MeetingStarted(String meetingId, String room, Instant at) implements RecordEvent {
    public MeetingStarted {
      meetingId = checkedId(meetingId);
      room = cut(Objects.requireNonNull(room, "room"), 1024);
      Objects.requireNonNull(at, "at");
    }
  }

  /** A meeting ended (its last participant left, or a moderator ended it). */
  record MeetingEnded(String meetingId, Instant at) implements RecordEvent {
    public MeetingEnded {
      meetingId = checkedId(meetingId);
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * Someone joined a meeting.
   *
   * @param participationId the writer's id for this participation; {@link ParticipantLeft} names it
   * @param endpoint the occupant's nick, which is its endpoint id on the bridge
   * @param displayName what the participant calls itself, or null
   * @param clientKind what it joined with ({@link ClientKind})
   */
  record ParticipantJoined(
      String participationId,
      String meetingId,
      String endpoint,
      String displayName,
      String clientKind,
      Instant at)
      implements RecordEvent {
    public ParticipantJoined {
      participationId = checkedId(participationId);
      meetingId = checkedId(meetingId);
      endpoint = cut(Objects.requireNonNull(endpoint, "endpoint"), 255);
      displayName = displayName == null ? null : cut(displayName, 255);
      clientKind = cut(clientKind == null ? ClientKind.UNKNOWN : clientKind, 64);
      Objects.requireNonNull(at, "at");
    }
  }

  /** The participation {@code participationId} ended. */
  record ParticipantLeft(String participationId, Instant at) implements RecordEvent {
    public ParticipantLeft {
      participationId = checkedId(participationId);
      Objects.requireNonNull(at, "at");
    }
  }

  /** The meeting put participants on this bridge (its brewery nick or id). */
  record BridgeUsed(String meetingId, String bridge, Instant at) implements RecordEvent {
    public BridgeUsed {
      meetingId = checkedId(meetingId);
      bridge = cut(Objects.requireNonNull(bridge, "bridge"), 255);
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The bridge's summary of one endpoint's stay: the packets it received from it, those lost, the
   * mean bitrate received, and how often the layer of a video it forwarded to the endpoint
   * switched.
   */
  record MediaQuality(
      String meetingId,
      String endpoint,
      Instant at,
      long packetsReceived,
      long packetsLost,
      long bitrateBps,
      int layerSwitches)
      implements RecordEvent {
    public MediaQuality {
      meetingId = checkedId(meetingId);
      endpoint = cut(Objects.requireNonNull(endpoint, "endpoint"), 255);
      Objects.requireNonNull(at, "at");
      if (packetsReceived < 0 || packetsLost < 0 || bitrateBps < 0 || layerSwitches < 0) {
        throw new IllegalArgumentException("media counts are never negative");
      }
    }

    /** Lost packets as a fraction of those expected (received plus lost), 0 when none. */
    public double lossFraction() {
      long expected = packetsReceived + packetsLost;
      return expected == 0 ? 0 : (double) packetsLost / expected;
    }
  }

  /**
   * An audit entry.
   *
   * @param id unique, so a retried write keeps one row
   * @param room the room's bare JID, or null for an action outside rooms
   * @param actor who did it (a JID, an occupant JID, or the admin's name)
   * @param target whom or what it was done to, or null
   * @param detail free text (never a password)
   */
  record Audit(
      String id,
      Instant at,
      String room,
      AuditAction action,
      String actor,
      String target,
      String detail)
      implements RecordEvent {
    public Audit {
      id = checkedId(id);
      Objects.requireNonNull(at, "at");
      room = room == null ? null : cut(room, 1024);
      Objects.requireNonNull(action, "action");
      actor = actor == null ? null : cut(actor, 1024);
      target = target == null ? null : cut(target, 1024);
      detail = detail == null ? null : cut(detail, 2000);
    }

    /** An entry with a fresh id. */
    public static Audit of(
        Instant at, String room, AuditAction action, String actor, String target, String detail) {
      return new Audit(UUID.randomUUID().toString(), at, room, action, actor, target, detail);
    }
  }

  private static String checkedId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > 64) {
      throw new IllegalArgumentException("an id has 1 to 64 characters: '" + id + "'");
    }
    return id;
  }

  /** Cuts text to {@code max} characters, never splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }
}
