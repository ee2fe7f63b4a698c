package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.MediaType;
import org.huddle.focus.xml.Xml;
import org.huddle.videobridge.Videobridge;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Conferences through Huddle's XMPP server and a real bridge. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConferenceTest {
  HuddleDeployment d;
  Videobridge bridge;
  final List<TestParticipant> participants = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment();
    bridge = d.startBridge("jvb-a");
    d.startFocus("");
    d.awaitBridges(1);
  }

  @AfterEach
  void leaveAll() {
    participants.forEach(TestParticipant::close);
    participants.clear();
  }

  @AfterAll
  void stop() throws Exception {
    d.close();
  }

  String room(String name) {
    return name + "-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
  }

  List<TestParticipant> meeting(String room, int n, boolean json) throws Exception {
    List<TestParticipant> ps = Scenario.meeting(d, room, Deployment.FOCUS_COMPONENT, n, json);
    participants.addAll(ps);
    return ps;
  }

  @Nested
  class Requests {
    @Test
    void theComponentAnswersReadyWithTheFocusJidInLowerCase() throws Exception {
      TestParticipant p = new TestParticipant(d.c2sPort(), room("req"), "r1", 5000, true);
      participants.add(p);
      Element answer = p.requestConference(Deployment.FOCUS_COMPONENT);
      assertThat(answer.attr("type")).isEqualTo("result");
      Element c = Xml.payload(answer);
      assertThat(c.attr("ready")).isEqualTo("true");
      assertThat(c.attr("focusjid")).isEqualTo("focus@auth.meet.jitsi");
      assertThat(d.focus.isComponentConnected()).isTrue();
    }

    @Test
    void theClientConnectionAnswersTooAsBehindAClientProxy() throws Exception {
      TestParticipant p = new TestParticipant(d.c2sPort(), room("req"), "r2", 5100, true);
      participants.add(p);
      Element answer = p.requestConference("focus@auth.meet.jitsi/focus");
      assertThat(Xml.payload(answer).attr("ready")).isEqualTo("true");
    }

    @Test
    void aRequestWithoutRoomIsABadRequest() throws Exception {
      TestParticipant p = new TestParticipant(d.c2sPort(), room("req"), "r3", 5200, true);
      participants.add(p);
      Element answer =
          p.ask(
              Deployment.FOCUS_COMPONENT,
              new Element("conference", "http://jitsi.org/protocol/focus"));
      assertThat(answer.attr("type")).isEqualTo("error");
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }
  }

  @Nested
  class Media {
    @Test
    void threeParticipantsGetSessionsWithEachOthersSourcesAndExchangeMedia() throws Exception {
      List<TestParticipant> ps = meeting(room("three"), 3, true);
      Scenario.awaitSourcesKnown(ps);
      for (TestParticipant p : ps) {
        for (TestParticipant q : ps) {
          if (p != q) {
            EndpointSources seen = p.remote.get(q.nick);
            // Simulcast stripped for receivers: the first layer and its RTX only.
            assertThat(seen.ssrcs())
                .containsExactlyInAnyOrder(
                    q.sources.audioSsrc(), q.sources.simulcast().get(0), q.sources.rtx().get(0));
            assertThat(seen.groups()).noneMatch(g -> g.isSimulcast());
          }
        }
      }
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    }

    @Test
    void participantsWithoutJsonSupportGetStandardSources() throws Exception {
      List<TestParticipant> ps = meeting(room("std"), 2, false);
      Scenario.awaitSourcesKnown(ps);
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    }

    @Test
    void aScreenShareIsAddedToTheOthersAndRemovedAgain() throws Exception {
      List<TestParticipant> ps = meeting(room("share"), 2, true);
      Scenario.awaitSourcesKnown(ps);
      TestParticipant sharer = ps.get(0);
      TestParticipant viewer = ps.get(1);
      long screen = sharer.sources.audioSsrc() + 500;
      Element add = sourceChange("source-add", sharer, screen);
      assertThat(sharer.sendJingle(add).attr("type")).isEqualTo("result");
      viewer.awaitJingle("source-add", Duration.ofSeconds(10));
      assertThat(viewer.remote.get(sharer.nick).ssrcs()).contains(screen);
      assertThat(viewer.remote.get(sharer.nick).sources())
          .anyMatch(s -> s.ssrc() == screen && s.desktop() && s.media() == MediaType.VIDEO);
      Element remove = sourceChange("source-remove", sharer, screen);
      assertThat(sharer.sendJingle(remove).attr("type")).isEqualTo("result");
      viewer.awaitJingle("source-remove", Duration.ofSeconds(10));
      assertThat(viewer.remote.get(sharer.nick).ssrcs()).doesNotContain(screen);
    }

    @Test
    void aParticipantWhoLeavesIsExpiredOnTheBridgeAndRemovedFromTheOthers() throws Exception {
      List<TestParticipant> ps = meeting(room("leave"), 3, true);
      Scenario.awaitSourcesKnown(ps);
      TestParticipant leaver = ps.get(2);
      leaver.leave();
      for (TestParticipant p : ps.subList(0, 2)) {
        Await.until(
            p.nick + " hears that " + leaver.nick + " left",
            Duration.ofSeconds(10),
            () -> {
              try {
                p.pollJingle("source-remove", Duration.ofMillis(100));
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
              return !p.knownOwners().contains(leaver.nick);
            });
      }
      Await.until(
          "the bridge expires the leaver",
          Duration.ofSeconds(10),
          () -> bridge.conferences().endpointCount() == 2);
    }

    @Test
    void theFirstParticipantIsMadeModeratorAndTheNextWhenItLeaves() throws Exception {
      List<TestParticipant> ps = meeting(room("mod"), 2, true);
      TestParticipant first = ps.get(0);
      TestParticipant second = ps.get(1);
      Await.until(
          second.nick + " sees " + first.nick + " as owner",
          Duration.ofSeconds(10),
          () -> "owner".equals(second.affiliationOf(first.nick)));
      assertThat(first.affiliationOf(Deployment.FOCUS_NICK)).isEqualTo("owner");
      first.leave();
      Await.until(
          second.nick + " becomes owner when the moderator leaves",
          Duration.ofSeconds(10),
          () -> "owner".equals(second.affiliationOf(second.nick)));
    }

    @Test
    void transportInfoIsAcceptedAndOneWithoutATransportIsABadRequest() throws Exception {
      List<TestParticipant> ps = meeting(room("trickle"), 2, true);
      TestParticipant p = ps.get(0);
      Element info = org.huddle.focus.jingle.Jingle.jingle("transport-info", p.sid);
      Element t =
          info.addChild("content", org.huddle.focus.jingle.Jingle.NS)
              .attr("creator", "initiator")
              .attr("name", "audio")
              .addChild("transport", org.huddle.focus.jingle.Jingle.NS_ICE_UDP)
              .attr("ufrag", "u1")
              .attr("pwd", "p1");
      t.addChild("candidate", org.huddle.focus.jingle.Jingle.NS_ICE_UDP)
          .attr("component", 1)
          .attr("foundation", "2")
          .attr("generation", 0)
          .attr("id", "c2")
          .attr("ip", "127.0.0.1")
          .attr("network", 0)
          .attr("port", 9)
          .attr("priority", 1)
          .attr("protocol", "udp")
          .attr("type", "host");
      assertThat(p.sendJingle(info).attr("type")).isEqualTo("result");
      Element empty = org.huddle.focus.jingle.Jingle.jingle("transport-info", p.sid);
      Element answer = p.sendJingle(empty);
      assertThat(Xml.errorCondition(answer)).isEqualTo("bad-request");
    }

    @Test
    void noStateIsLeftOnceEveryoneHasLeft() throws Exception {
      String room = room("empty");
      List<TestParticipant> ps = meeting(room, 2, true);
      for (TestParticipant p : ps) {
        p.leave();
      }
      Await.until(
          "the conference is gone",
          Duration.ofSeconds(10),
          () -> d.focus.conferences().get(room) == null);
      Await.until(
          "the Jingle sessions are gone",
          Duration.ofSeconds(10),
          () -> d.focus.jingle().size() == 0);
      Await.until(
          "the bridge conference is expired",
          Duration.ofSeconds(10),
          () -> bridge.conferences().endpointCount() == 0);
    }
  }

  static Element sourceChange(String action, TestParticipant p, long ssrc) {
    Element j = org.huddle.focus.jingle.Jingle.jingle(action, p.sid);
    Element c = j.addChild("content", org.huddle.focus.jingle.Jingle.NS).attr("name", "video");
    Element desc =
        c.addChild("description", org.huddle.focus.source.SourceCodec.NS_RTP)
            .attr("media", "video");
    Element s =
        desc.addChild("source", org.huddle.focus.source.SourceCodec.NS_SSMA)
            .attr("ssrc", ssrc)
            .attr("name", p.nick + "-v1")
            .attr("videoType", "desktop");
    s.addChild("parameter", org.huddle.focus.source.SourceCodec.NS_SSMA)
        .attr("name", "msid")
        .attr("value", p.nick + "-screen track");
    return j;
  }
}
