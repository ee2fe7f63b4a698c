package org.huddle.videobridge.colibri2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.Test;

/**
 * The candidates a bridge offers: host UDP and advertised addresses. (ice4j's TCP harvester skips
 * loopback addresses, like its UDP host harvester, so the ICE-TCP fallback cannot be shown on a
 * machine that may use loopback only.)
 */
class CandidatesTest {
  @Test
  void advertisedAddressesAreOfferedAsServerReflexiveBesideTheHostCandidate() throws Exception {
    try (Videobridge bridge =
            TestBridges.start("videobridge.ice.advertise-ips = [\"203.0.113.9\"]");
        TestEndpoint e = new TestEndpoint("cand")) {
      XmlElement answer =
          bridge
              .colibri2()
              .handle(
                  Colibri2Requests.createEndpoint(
                      Colibri2Requests.conferenceModify("candidates", true), e, null));
      List<XmlElement> candidates =
          Colibri2Requests.bridgeTransport(answer, "cand").children("candidate");
      assertThat(candidates)
          .anySatisfy(
              c -> {
                assertThat(c.attr("protocol")).isEqualTo("udp");
                assertThat(c.attr("type")).isEqualTo("host");
                assertThat(c.attr("ip")).isEqualTo("127.0.0.1");
                assertThat(Integer.parseInt(c.attr("port"))).isEqualTo(bridge.udpPort());
              });
      assertThat(candidates)
          .anySatisfy(
              c -> {
                assertThat(c.attr("type")).isEqualTo("srflx");
                assertThat(c.attr("ip")).isEqualTo("203.0.113.9");
                assertThat(c.attr("rel-addr")).isEqualTo("127.0.0.1");
                assertThat(Integer.parseInt(c.attr("port"))).isEqualTo(bridge.udpPort());
              });
    }
  }
}
