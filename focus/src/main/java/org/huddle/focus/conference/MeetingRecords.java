package org.huddle.focus.conference;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.focus.conference.ConferenceEvent.BridgeChosen;
import org.huddle.focus.conference.ConferenceEvent.ConferenceEnded;
import org.huddle.focus.conference.ConferenceEvent.ConferenceStarted;
import org.huddle.focus.conference.ConferenceEvent.ParticipantDescribed;
import org.huddle.focus.conference.ConferenceEvent.ParticipantLeft;
import org.huddle.records.AuditAction;
import org.huddle.records.RecordEvent;
import org.huddle.records.Recorder;

/**
 * The focus's part of the meeting records (docs/records.md): meetings (start, end, the bridges they
 * used) and participations (display name, client kind, join and leave), from the conference events.
 * Handing an event to the {@link Recorder} never blocks the conference.
 */
public final class MeetingRecords {
  private final Recorder recorder;

  /** Open participations: "meetingId/endpoint" to the participation's id. */
  private final Map<String, String> open = new ConcurrentHashMap<>();

  /** The meetings by room, so that a leave (which names the room) finds its meeting. */
  private final Map<String, String> meetingOfRoom = new ConcurrentHashMap<>();

  private MeetingRecords(Recorder recorder) {
    this.recorder = recorder;
  }

  /** Subscribes a recorder to the conferences' events. */
  public static void attach(ConferenceEvents events, Recorder recorder) {
    MeetingRecords r = new MeetingRecords(recorder);
    events.on(ConferenceStarted.class, r::started);
    events.on(ConferenceEnded.class, r::ended);
    events.on(BridgeChosen.class, r::bridge);
    events.on(ParticipantDescribed.class, r::joined);
    events.on(ParticipantLeft.class, r::left);
    events.on(ConferenceEvent.ParticipantMuted.class, r::muted);
  }

  private void started(ConferenceStarted e) {
    meetingOfRoom.put(e.room(), e.meetingId());
    recorder.record(new RecordEvent.MeetingStarted(e.meetingId(), e.room(), Instant.now()));
  }

  private void ended(ConferenceEnded e) {
    meetingOfRoom.remove(e.room(), e.meetingId());
    Instant now = Instant.now();
    String prefix = e.meetingId() + "/";
    for (Map.Entry<String, String> p : open.entrySet()) {
      if (p.getKey().startsWith(prefix) && open.remove(p.getKey(), p.getValue())) {
        recorder.record(new RecordEvent.ParticipantLeft(p.getValue(), now));
      }
    }
    recorder.record(new RecordEvent.MeetingEnded(e.meetingId(), now));
  }

  private void bridge(BridgeChosen e) {
    recorder.record(new RecordEvent.BridgeUsed(e.meetingId(), e.bridge(), Instant.now()));
  }

  private void joined(ParticipantDescribed e) {
    String id = UUID.randomUUID().toString();
    open.put(e.meetingId() + "/" + e.participant(), id);
    recorder.record(
        new RecordEvent.ParticipantJoined(
            id, e.meetingId(), e.participant(), e.displayName(), e.client(), e.joinedAt()));
  }

  private void muted(ConferenceEvent.ParticipantMuted e) {
    recorder.record(
        RecordEvent.Audit.of(
            Instant.now(), e.room(), AuditAction.MUTE, e.actor(), e.participant(), e.media()));
  }

  private void left(ParticipantLeft e) {
    String meeting = meetingOfRoom.get(e.room());
    String id = meeting == null ? null : open.remove(meeting + "/" + e.participant());
    if (id != null) {
      recorder.record(new RecordEvent.ParticipantLeft(id, Instant.now()));
    }
  }
}
