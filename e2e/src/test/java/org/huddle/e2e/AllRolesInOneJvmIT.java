package org.huddle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.Scenario;
import org.huddle.focus.TestParticipant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code huddle all}, as a newcomer runs it: the XMPP server, the videobridge, the focus and the
 * web app in one JVM (sharing Smack's static provider registry). The focus must see the bridge in
 * the brewery, and two scripted Jitsi participants must get a session-initiate from it and exchange
 * media through the bridge.
 */
class AllRolesInOneJvmIT {
  @TempDir Path dir;

  @Test
  void twoParticipantsGetASessionFromTheFocusAndExchangeMediaThroughTheBridge() throws Exception {
    List<TestParticipant> call = new ArrayList<>();
    try (HuddleAll all = HuddleAll.start(dir)) {
      try {
        for (int i = 0; i < 2; i++) {
          TestParticipant t =
              new TestParticipant(
                  all.xmppPort, "daily-standup@muc.meet.jitsi", "all" + i, 90_000L * (i + 1), true);
          call.add(t);
          assertThat(t.requestConference("focus.meet.jitsi").attr("type")).isEqualTo("result");
          t.join();
        }
        for (TestParticipant t : call) {
          t.acceptSession();
        }
        Scenario.exchangeMedia(call, Duration.ofSeconds(30));
        for (TestParticipant t : call) {
          assertThat(t.knownOwners()).as("%s knows the other's sources", t.nick).isNotEmpty();
        }
      } finally {
        call.forEach(TestParticipant::close);
      }
    }
  }
}
