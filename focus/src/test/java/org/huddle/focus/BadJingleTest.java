package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the focus answers to Jingle it cannot use, and to participants who never answer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadJingleTest {
  HuddleDeployment d;
  final List<TestParticipant> participants = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment();
    d.startBridge("jvb-bad");
    d.startFocus("focus.conference.session-accept-timeout = 3 seconds");
    d.awaitBridges(1);
  }

  @AfterEach
  void leave() {
    participants.forEach(TestParticipant::close);
    participants.clear();
  }

  @AfterAll
  void stop() throws Exception {
    d.close();
  }

  /** Two participants in a room, both with a session-initiate in hand (not yet accepted). */
  List<Element> invited(String name) throws Exception {
    String room = FailoverTest.room(name);
    List<Element> initiates = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TestParticipant p = new TestParticipant(d.c2sPort(), room, "b" + i, 100_000L * (i + 1), true);
      participants.add(p);
      p.requestConference(Deployment.FOCUS_COMPONENT);
      p.join();
    }
    for (TestParticipant p : participants) {
      Element initiate = p.awaitJingle("session-initiate", Duration.ofSeconds(20));
      p.sid = Xml.payload(initiate).attr("sid");
      p.focusOccupant = initiate.attr("from");
      initiates.add(initiate);
    }
    return initiates;
  }

  static String jingleError(Element answer) {
    Element error = answer.child("error", null);
    if (error == null) {
      return null;
    }
    for (Element c : error.elements()) {
      if (c.namespace().equals(WireNamespaces.JINGLE_ERRORS)) {
        return c.name();
      }
    }
    return null;
  }

  @Nested
  class Unknown {
    @Test
    void anUnknownSessionIsItemNotFoundWithUnknownSession() throws Exception {
      invited("unknown");
      TestParticipant p = participants.get(0);
      Element answer = p.sendJingle(Jingle.of("transport-info", "no-such-sid").toElement());
      assertThat(Xml.errorCondition(answer)).isEqualTo("item-not-found");
      assertThat(jingleError(answer)).isEqualTo("unknown-session");
    }

    @Test
    void aRequestWithoutSidIsABadRequest() throws Exception {
      invited("nosid");
      Element j = new Element("jingle", WireNamespaces.JINGLE).attr("action", "session-accept");
      Element answer = participants.get(0).sendJingle(j);
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }

    @Test
    void anUnknownActionIsABadRequest() throws Exception {
      invited("action");
      TestParticipant p = participants.get(0);
      Element answer = p.sendJingle(Jingle.of("teleport", p.sid).toElement());
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }

    @Test
    void anotherParticipantCannotUseASession() throws Exception {
      invited("steal");
      TestParticipant thief = participants.get(1);
      Element answer =
          thief.sendJingle(Jingle.of("session-terminate", participants.get(0).sid).toElement());
      assertThat(Xml.errorCondition(answer)).isEqualTo("item-not-found");
      assertThat(jingleError(answer)).isEqualTo("unknown-session");
    }
  }

  @Nested
  class Malformed {
    @Test
    void anFidGroupOfThreeIsABadRequest() throws Exception {
      invited("fid");
      TestParticipant p = participants.get(0);
      Element j = Jingle.of("session-accept", p.sid).toElement();
      Element d =
          j.addChild("content", WireNamespaces.JINGLE)
              .attr("name", "video")
              .addChild("description", WireNamespaces.RTP)
              .attr("media", "video");
      TestParticipant.source(d, 11, "b0-v0");
      TestParticipant.source(d, 12, "b0-v0");
      TestParticipant.source(d, 13, "b0-v0");
      TestParticipant.group(d, "FID", List.of(11L, 12L, 13L));
      Element answer = p.sendJingle(j);
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }

    @Test
    void anSsrcAlreadyUsedByAnotherParticipantIsABadRequest() throws Exception {
      List<Element> initiates = invited("dup");
      TestParticipant first = participants.get(0);
      TestParticipant second = participants.get(1);
      assertThat(first.accept(initiates.get(0), true).attr("type")).isEqualTo("result");
      Element j = Jingle.of("session-accept", second.sid).toElement();
      Element desc =
          j.addChild("content", WireNamespaces.JINGLE)
              .attr("name", "audio")
              .addChild("description", WireNamespaces.RTP)
              .attr("media", "audio");
      TestParticipant.source(desc, first.sources.audioSsrc(), "b1-a0");
      Element answer = second.sendJingle(j);
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }

    @Test
    void aSecondSessionAcceptIsOutOfOrder() throws Exception {
      List<Element> initiates = invited("twice");
      TestParticipant p = participants.get(0);
      assertThat(p.accept(initiates.get(0), true).attr("type")).isEqualTo("result");
      Element again = Jingle.of("session-accept", p.sid).toElement();
      Element answer = p.sendJingle(again);
      assertThat(Xml.errorCondition(answer)).isEqualTo("unexpected-request");
      assertThat(jingleError(answer)).isEqualTo("out-of-order");
      // The scripted participant's own check: an accept the focus refuses fails the test.
      assertThatThrownBy(() -> p.accept(initiates.get(0), true))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("unexpected-request");
    }

    @Test
    void aSessionInfoTheFocusDoesNotUnderstandIsUnsupportedInfo() throws Exception {
      List<Element> initiates = invited("info");
      TestParticipant p = participants.get(0);
      assertThat(p.accept(initiates.get(0), true).attr("type")).isEqualTo("result");
      Element info = Jingle.of("session-info", p.sid).toElement();
      info.addChild("ringing", "urn:xmpp:jingle:apps:rtp:info:1");
      Element answer = p.sendJingle(info);
      assertThat(Xml.errorCondition(answer)).isEqualTo("feature-not-implemented");
      assertThat(jingleError(answer)).isEqualTo("unsupported-info");
    }
  }

  @Nested
  class Silence {
    @Test
    void aParticipantWhoNeverAcceptsIsTimedOutAndRemoved() throws Exception {
      List<Element> initiates = invited("silent");
      TestParticipant active = participants.get(0);
      TestParticipant silent = participants.get(1);
      active.accept(initiates.get(0), true);
      // The second never answers its session-initiate (accept timeout: 3 s here).
      Await.until(
          silent.nick + " is removed from the room", Duration.ofSeconds(15), () -> silent.removed);
      Await.until(
          "only the active session is left",
          Duration.ofSeconds(10),
          () -> d.focus.jingle().size() == 1);
    }
  }
}
