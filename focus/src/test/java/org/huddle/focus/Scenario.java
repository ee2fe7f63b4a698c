package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;

/** Steps shared by the tests against Huddle's server and against Prosody. */
public final class Scenario {
  private Scenario() {}

  /**
   * Each participant's first SSRC, unique in the JVM: several meetings in one room (and one test
   * class's rooms) must not draw the same sources, as a time-derived base once did.
   */
  private static final AtomicLong NEXT_SSRC_BASE = new AtomicLong(1_000_000);

  /** Participants that asked for the conference, joined, and accepted their sessions. */
  static List<TestParticipant> meeting(
      Deployment d, String room, String focusAddress, int count, boolean json) throws Exception {
    List<TestParticipant> ps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TestParticipant p =
          new TestParticipant(
              d.c2sPort(),
              room,
              "p" + i + "x" + Long.toHexString(System.nanoTime() & 0xffff),
              NEXT_SSRC_BASE.getAndAdd(1000),
              json);
      ps.add(p);
      Element answer = p.requestConference(focusAddress);
      assertThat(answer.attr("type")).as("conference request answer").isEqualTo("result");
      assertThat(Xml.payload(answer).attr("ready")).isEqualTo("true");
      p.join();
    }
    for (TestParticipant p : ps) {
      p.acceptSession(); // fails unless the focus answers the session-accept with a result
    }
    return ps;
  }

  /** Everyone sends media until everyone heard everyone else. */
  public static void exchangeMedia(List<TestParticipant> ps, Duration timeout) throws Exception {
    for (TestParticipant p : ps) {
      p.awaitMediaConnected();
    }
    for (TestParticipant p : ps) {
      p.receivedTags.clear();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (TestParticipant p : ps) {
        p.sender.send(5, 3);
      }
      if (everyoneHeardEveryone(ps)) {
        return;
      }
    }
    for (TestParticipant p : ps) {
      assertThat(p.receivedTags).as(p.nick + " received").isNotEmpty();
    }
    StringBuilder heard = new StringBuilder();
    for (TestParticipant p : ps) {
      heard.append(p.nick).append(" heard ").append(p.receivedTags).append("; ");
    }
    assertThat(everyoneHeardEveryone(ps)).as("everyone heard everyone: " + heard).isTrue();
  }

  private static boolean everyoneHeardEveryone(List<TestParticipant> ps) {
    for (TestParticipant p : ps) {
      for (TestParticipant q : ps) {
        if (p != q && !p.heard(q.nick)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Waits until each participant knows the others' sources (and the bridge's). */
  static void awaitSourcesKnown(List<TestParticipant> ps) throws Exception {
    for (TestParticipant p : ps) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!p.knownOwners().containsAll(othersOf(p, ps)) && System.nanoTime() < deadline) {
        p.pollJingle("source-add", Duration.ofMillis(200));
      }
      assertThat(p.knownOwners())
          .as(p.nick + " knows the others' sources")
          .containsAll(othersOf(p, ps));
      assertThat(p.knownOwners()).contains("jvb");
    }
  }

  static List<String> othersOf(TestParticipant p, List<TestParticipant> ps) {
    return ps.stream().filter(q -> q != p).map(q -> q.nick).toList();
  }
}
