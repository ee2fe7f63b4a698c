package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.huddle.records.ClientKind;
import org.huddle.records.RecordEvent;
import org.huddle.records.RecordEvent.BridgeUsed;
import org.huddle.records.RecordEvent.MeetingEnded;
import org.huddle.records.RecordEvent.MeetingStarted;
import org.huddle.records.RecordEvent.ParticipantJoined;
import org.huddle.records.RecordEvent.ParticipantLeft;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The focus's meeting records from a conference's life, without sockets: what it hands the recorder
 * when the focus joins, participants come and go, a bridge is chosen and the meeting ends.
 */
class MeetingRecordsTest {
  final Harness harness = new Harness();
  final List<RecordEvent> recorded = new ArrayList<>();

  @AfterEach
  void stop() {
    harness.close();
  }

  static Element named(String nick, String displayName) {
    Element p = Harness.presence(nick, null);
    p.addChild("nick", "http://jabber.org/protocol/nick").text(displayName);
    return p;
  }

  @Test
  void aMeetingItsParticipationsAndItsBridgeAreRecordedInOrder() {
    ConferenceEvents events = new ConferenceEvents();
    MeetingRecords.attach(events, recorded::add);
    harness.announce("jvb-1");
    Conference c = new Conference(harness.ctx, events, Harness.ROOM, x -> {});
    c.start();
    c.onPresence(Harness.self());
    c.onPresence(named("alice", "Alice A."));
    c.onPresence(named("bob", "  "));
    c.onPresence(Harness.presence("bob", "unavailable"));
    c.stop("test over");

    assertThat(recorded)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "MeetingStarted",
            "ParticipantJoined",
            "ParticipantJoined",
            "BridgeUsed",
            "ParticipantLeft",
            "ParticipantLeft",
            "MeetingEnded");
    MeetingStarted started = (MeetingStarted) recorded.get(0);
    assertThat(started.meetingId()).isEqualTo(c.meetingId());
    assertThat(started.room()).isEqualTo(Harness.ROOM);
    ParticipantJoined alice = (ParticipantJoined) recorded.get(1);
    assertThat(alice.endpoint()).isEqualTo("alice");
    assertThat(alice.displayName()).isEqualTo("Alice A.");
    assertThat(alice.clientKind())
        .as("the test wire's disco#info names no client")
        .isEqualTo(ClientKind.UNKNOWN);
    ParticipantJoined bob = (ParticipantJoined) recorded.get(2);
    assertThat(((BridgeUsed) recorded.get(3)).bridge())
        .as("the second participant brings the bridge")
        .isEqualTo("jvb-1");
    assertThat(bob.displayName()).as("a blank name is no name").isNull();
    assertThat(((ParticipantLeft) recorded.get(4)).participationId())
        .isEqualTo(bob.participationId());
    assertThat(((ParticipantLeft) recorded.get(5)).participationId())
        .as("the end closes what is still open")
        .isEqualTo(alice.participationId());
    assertThat(((MeetingEnded) recorded.get(6)).meetingId()).isEqualTo(c.meetingId());
  }

  @Test
  void aModeratorsMuteIsAnAuditEntry() {
    ConferenceEvents events = new ConferenceEvents();
    MeetingRecords.attach(events, recorded::add);
    events.fire(
        new ConferenceEvent.ParticipantMuted(
            Harness.ROOM, "m1", Harness.ROOM + "/mod", "bob", "video"));
    assertThat(recorded).hasSize(1);
    RecordEvent.Audit a = (RecordEvent.Audit) recorded.get(0);
    assertThat(a.action()).isEqualTo(org.huddle.records.AuditAction.MUTE);
    assertThat(a.room()).isEqualTo(Harness.ROOM);
    assertThat(a.actor()).isEqualTo(Harness.ROOM + "/mod");
    assertThat(a.target()).isEqualTo("bob");
    assertThat(a.detail()).isEqualTo("video");
  }

  @Test
  void theClientKindComesFromTheDiscoIdentity() {
    Element huddle = new Element("query", "http://jabber.org/protocol/disco#info");
    huddle
        .addChild("identity", "http://jabber.org/protocol/disco#info")
        .attr("category", "client")
        .attr("type", "web")
        .attr("name", "Huddle");
    huddle
        .addChild("feature", "http://jabber.org/protocol/disco#info")
        .attr("var", "http://jitsi.org/tcc");
    assertThat(ClientKinds.of(huddle)).isEqualTo(ClientKind.HUDDLE_WEB);

    Element jitsi = new Element("query", "http://jabber.org/protocol/disco#info");
    jitsi
        .addChild("feature", "http://jabber.org/protocol/disco#info")
        .attr("var", "http://jitsi.org/json-encoded-sources");
    assertThat(ClientKinds.of(jitsi)).isEqualTo(ClientKind.JITSI);
    assertThat(ClientKinds.of(new Element("query", "http://jabber.org/protocol/disco#info")))
        .isEqualTo(ClientKind.UNKNOWN);
    assertThat(ClientKinds.of(null)).isEqualTo(ClientKind.UNKNOWN);
  }
}
