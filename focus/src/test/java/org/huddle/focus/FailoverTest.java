package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.videobridge.Videobridge;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bridges that die, fail their health checks, or do not exist. */
class FailoverTest extends PerTestDeployment {

  static String room(String name) {
    return name + "-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
  }

  /** The bridge whose media port the session-initiate's candidates name. */
  static int candidatePort(Element initiate) {
    Element transport =
        Xml.payload(initiate)
            .elements("content", WireNamespaces.JINGLE)
            .get(0)
            .child("transport", WireNamespaces.ICE_UDP);
    return Integer.parseInt(transport.elements("candidate", null).get(0).attr("port"));
  }

  static Videobridge bridgeOnPort(Deployment d, int port) {
    return d.bridges.stream().filter(b -> b.udpPort() == port).findFirst().orElseThrow();
  }

  @Nested
  class BridgeKilledMidCall {
    @Test
    void theParticipantsMoveToTheOtherBridgeAndMediaResumes() throws Exception {
      d = new HuddleDeployment();
      d.startBridge("jvb-1");
      d.startBridge("jvb-2");
      d.startFocus("");
      d.awaitBridges(2);
      failoverScenario(d, participants);
    }
  }

  @Nested
  class HealthCheckFailed {
    @Test
    void aBridgeThatFailsItsHealthCheckLosesItsConferenceWithin15Seconds() throws Exception {
      movesOffAFlakyBridge("health", flaky -> flaky.unhealthy = true, flaky -> {});
    }

    @Test
    void aBridgeThatStopsAnsweringIsAskedAgainAndLosesItsConferenceWithin15Seconds()
        throws Exception {
      movesOffAFlakyBridge(
          "silent",
          flaky -> flaky.silent = true,
          flaky ->
              assertThat(flaky.unanswered.get())
                  .as("unanswered health checks when the conference moved: one, then its retry")
                  .isEqualTo(2));
    }

    /**
     * A call on a flaky bridge, a healthy one started, the flaky one broken: everyone is re-invited
     * onto the healthy bridge within 15 s, and media flows again. {@code atMove} runs when the
     * first session-terminate arrives.
     */
    void movesOffAFlakyBridge(
        String name,
        java.util.function.Consumer<FlakyBridge> breakIt,
        java.util.function.Consumer<FlakyBridge> atMove)
        throws Exception {
      d = new HuddleDeployment();
      try (FlakyBridge flaky = new FlakyBridge(d, "jvb-flaky")) {
        d.startFocus("");
        d.awaitBridges(1);
        String room = room(name);
        List<TestParticipant> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          TestParticipant p =
              new TestParticipant(d.c2sPort(), room, "h" + i, 120_000L * (i + 1), true);
          participants.add(p);
          ps.add(p);
          p.requestConference(Deployment.FOCUS_COMPONENT);
          p.join();
        }
        for (TestParticipant p : ps) {
          assertThat(candidatePort(p.acceptSession())).isEqualTo(flaky.media.udpPort());
        }
        Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
        Videobridge healthy = d.startBridge("jvb-healthy");
        d.awaitBridges(2);
        long brokenAt = System.nanoTime();
        breakIt.accept(flaky);
        List<Element> again = new ArrayList<>();
        for (TestParticipant p : ps) {
          p.awaitJingle("session-terminate", Duration.ofSeconds(15));
          if (again.isEmpty()) {
            atMove.accept(flaky);
          }
          Element initiate = p.awaitJingle("session-initiate", Duration.ofSeconds(15));
          assertThat(candidatePort(initiate)).isEqualTo(healthy.udpPort());
          again.add(initiate);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - brokenAt))
            .as("moved within 15 s of the bridge failing")
            .isLessThan(Duration.ofSeconds(15));
        for (int i = 0; i < ps.size(); i++) {
          ps.get(i).accept(again.get(i), true);
        }
        Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
      }
    }
  }

  /** Shared with the Prosody test: a call, a bridge killed, everyone re-invited elsewhere. */
  static void failoverScenario(Deployment d, List<TestParticipant> participants) throws Exception {
    String room = room("failover");
    List<TestParticipant> ps = new ArrayList<>();
    List<Element> initiates = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TestParticipant p = new TestParticipant(d.c2sPort(), room, "f" + i, 40_000L * (i + 1), true);
      participants.add(p);
      ps.add(p);
      assertThat(Xml.payload(p.requestConference(Deployment.FOCUS_COMPONENT)).attr("ready"))
          .isEqualTo("true");
      p.join();
    }
    for (TestParticipant p : ps) {
      initiates.add(p.acceptSession());
    }
    Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    Videobridge first = bridgeOnPort(d, candidatePort(initiates.get(0)));
    assertThat(candidatePort(initiates.get(1))).isEqualTo(first.udpPort());

    long killedAt = System.nanoTime();
    first.close();
    for (TestParticipant p : ps) {
      Element terminate = p.awaitJingle("session-terminate", Duration.ofSeconds(15));
      Element reason = Xml.payload(terminate).child("reason", WireNamespaces.JINGLE);
      assertThat(reason).isNotNull();
      Element again = p.awaitJingle("session-initiate", Duration.ofSeconds(15));
      assertThat(candidatePort(again)).isNotEqualTo(first.udpPort());
      p.accept(again, true);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
        .as("re-invited within 15 s")
        .isLessThan(Duration.ofSeconds(15));
    Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
  }

  @Nested
  class NoBridge {
    @Test
    void aConferenceRequestGetsAClearErrorWhenNoBridgeExists() throws Exception {
      d = new HuddleDeployment();
      d.startFocus("");
      TestParticipant p = new TestParticipant(d.c2sPort(), room("nobridge"), "n0", 7000, true);
      participants.add(p);
      Element answer = p.requestConference(Deployment.FOCUS_COMPONENT);
      assertThat(answer.attr("type")).isEqualTo("error");
      assertThat(Xml.errorCondition(answer)).isEqualTo("service-unavailable");
      assertThat(answer.child("error", null).toXml()).containsIgnoringCase("videobridge");
    }

    @Test
    void participantsAreToldWhenTheOnlyBridgeDiesAndInvitedWhenOneAppears() throws Exception {
      d = new HuddleDeployment();
      Videobridge only = d.startBridge("jvb-only");
      d.startFocus("");
      d.awaitBridges(1);
      String room = room("gone");
      List<TestParticipant> ps = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        TestParticipant p =
            new TestParticipant(d.c2sPort(), room, "g" + i, 60_000L * (i + 1), true);
        participants.add(p);
        ps.add(p);
        p.requestConference(Deployment.FOCUS_COMPONENT);
        p.join();
      }
      for (TestParticipant p : ps) {
        p.acceptSession();
      }
      only.close();
      for (TestParticipant p : ps) {
        p.awaitJingle("session-terminate", Duration.ofSeconds(15));
        Await.until(
            p.nick + " sees bridgeNotAvailable in the focus's presence",
            Duration.ofSeconds(15),
            () ->
                p.focusPresences.stream()
                    .anyMatch(pr -> pr.child("bridgeNotAvailable", WireNamespaces.FOCUS) != null));
      }
      d.startBridge("jvb-new");
      for (TestParticipant p : ps) {
        p.accept(p.awaitJingle("session-initiate", Duration.ofSeconds(20)), true);
      }
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    }
  }
}
