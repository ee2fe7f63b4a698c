package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The same checks with the focus and the bridges against a real Prosody (Debian's package) set up
 * as docker-jitsi-meet sets it up: the focus as the component focus.meet.jitsi and the client
 * focus@auth.meet.jitsi, the bridges in the brewery, anonymous participants.
 */
class ProsodyCompatTest extends PerTestDeployment {

  @Nested
  class Conferences {
    @Test
    void threeParticipantsGetSessionsWithEachOthersSourcesAndExchangeMedia() throws Exception {
      d = new ProsodyDeployment();
      d.startBridge("jvb-p1");
      d.startFocus("");
      d.awaitBridges(1);
      assertThat(d.focus.isComponentConnected()).as("the focus component is connected").isTrue();
      String room = FailoverTest.room("prosody");
      List<TestParticipant> ps = Scenario.meeting(d, room, Deployment.FOCUS_COMPONENT, 3, true);
      participants.addAll(ps);
      Scenario.awaitSourcesKnown(ps);
      Scenario.exchangeMedia(ps, Duration.ofSeconds(30));
    }

    @Test
    void theClientConnectionAnswersConferenceRequestsToo() throws Exception {
      d = new ProsodyDeployment();
      d.startBridge("jvb-p1");
      d.startFocus("");
      d.awaitBridges(1);
      TestParticipant p =
          new TestParticipant(d.c2sPort(), FailoverTest.room("direct"), "d0", 3000, true);
      participants.add(p);
      Element answer = p.requestConference("focus@auth.meet.jitsi/focus");
      assertThat(Xml.payload(answer).attr("ready")).isEqualTo("true");
      assertThat(Xml.payload(answer).attr("focusjid")).isEqualTo("focus@auth.meet.jitsi");
    }
  }

  @Nested
  class Failover {
    @Test
    void aBridgeKilledMidCallMovesTheParticipantsAndMediaResumes() throws Exception {
      d = new ProsodyDeployment();
      d.startBridge("jvb-p1");
      d.startBridge("jvb-p2");
      d.startFocus("");
      d.awaitBridges(2);
      FailoverTest.failoverScenario(d, participants);
    }
  }

  @Nested
  class AllocationHookSelection {
    @Test
    void theHookPicksTheBridge() throws Exception {
      d = new ProsodyDeployment();
      AllocationHookTest.hookPicksTheBridgeScenario(d, participants);
    }
  }
}
