package org.huddle.videobridge.colibri2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.StunResponder;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The candidates a bridge offers in its Colibri2 transport: host candidates on the UDP port and the
 * passive ICE-TCP port, and for each public address (DOCKER_HOST_ADDRESS, JVB_ADVERTISE_IPS, or one
 * JVB_STUN_SERVERS found) a server-reflexive twin of each, same port, the host as related address.
 */
class CandidatesTest {
  @TempDir Path dir;

  static List<Element> candidates(Videobridge bridge, String meeting) throws Exception {
    try (TestEndpoint e = new TestEndpoint("cand")) {
      Element answer =
          bridge
              .colibri2()
              .handle(
                  Colibri2Requests.createEndpoint(
                      Colibri2Requests.conferenceModify(meeting, true), e, null));
      return Colibri2Requests.bridgeTransport(answer, "cand").elements("candidate", null);
    }
  }

  /** A loopback test bridge configured from the environment, as {@code huddle videobridge} is. */
  Videobridge fromEnvironment(Map<String, String> extra) throws Exception {
    Path file = dir.resolve("vb.conf");
    Files.writeString(file, "videobridge.xmpp.enabled = false\n");
    Map<String, String> env = new HashMap<>(extra);
    env.put(VideobridgeConfig.FILE_VARIABLE, file.toString());
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("JVB_PORT", "0");
    env.put("JVB_TCP_PORT", "0");
    env.put("HUDDLE_JVB_WS_PORT", "0");
    env.put("HUDDLE_JVB_REST_PORT", "0");
    return Videobridge.start(VideobridgeConfig.fromEnvironment(Settings.Env.of(env)));
  }

  static void assertMapped(List<Element> candidates, String publicIp, Videobridge bridge) {
    assertThat(candidates)
        .anySatisfy(
            c -> {
              assertThat(c.attr("protocol")).isEqualTo("udp");
              assertThat(c.attr("type")).isEqualTo("srflx");
              assertThat(c.attr("ip")).isEqualTo(publicIp);
              assertThat(Integer.parseInt(c.attr("port"))).isEqualTo(bridge.udpPort());
              assertThat(c.attr("rel-addr")).isEqualTo("127.0.0.1");
              assertThat(Integer.parseInt(c.attr("rel-port"))).isEqualTo(bridge.udpPort());
            });
    assertThat(candidates)
        .anySatisfy(
            c -> {
              assertThat(c.attr("protocol")).isEqualTo("tcp");
              assertThat(c.attr("type")).isEqualTo("srflx");
              assertThat(c.attr("ip")).isEqualTo(publicIp);
              assertThat(Integer.parseInt(c.attr("port"))).isEqualTo(bridge.tcpPort());
              assertThat(c.attr("tcptype")).isEqualTo("passive");
            });
  }

  @Test
  void hostCandidatesAreOnTheUdpPortAndThePassiveTcpPort() throws Exception {
    try (Videobridge bridge = TestBridges.start("")) {
      List<Element> candidates = candidates(bridge, "hosts");
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
                assertThat(c.attr("protocol")).isEqualTo("tcp");
                assertThat(c.attr("type")).isEqualTo("host");
                assertThat(c.attr("tcptype")).isEqualTo("passive");
                assertThat(Integer.parseInt(c.attr("port"))).isEqualTo(bridge.tcpPort());
              });
      assertThat(candidates).noneMatch(c -> "srflx".equals(c.attr("type")));
    }
  }

  @Test
  void aForwardedTcpPortIsAdvertisedBesideTheRealOne() throws Exception {
    try (Videobridge bridge = TestBridges.start("videobridge.ice.tcp-mapped-port = 443")) {
      assertThat(candidates(bridge, "mapped-port"))
          .anySatisfy(
              c -> {
                assertThat(c.attr("protocol")).isEqualTo("tcp");
                assertThat(c.attr("port")).isEqualTo("443");
              });
    }
  }

  @Test
  void withTheTcpHarvesterDisabledThereIsNoTcpCandidate() throws Exception {
    try (Videobridge bridge = fromEnvironment(Map.of("JVB_TCP_HARVESTER_DISABLED", "true"))) {
      assertThat(bridge.tcpPort()).isEqualTo(-1);
      assertThat(candidates(bridge, "no-tcp")).noneMatch(c -> "tcp".equals(c.attr("protocol")));
    }
  }

  @Test
  void dockerHostAddressIsMappedFromTheLocalAddressAndTheHostCandidatesStay() throws Exception {
    try (Videobridge bridge = fromEnvironment(Map.of("DOCKER_HOST_ADDRESS", "198.51.100.4"))) {
      List<Element> candidates = candidates(bridge, "docker-host");
      assertMapped(candidates, "198.51.100.4", bridge);
      assertThat(candidates)
          .anyMatch(c -> "host".equals(c.attr("type")) && "127.0.0.1".equals(c.attr("ip")));
    }
  }

  @Test
  void eachAdvertisedIpIsMapped() throws Exception {
    try (Videobridge bridge =
        fromEnvironment(Map.of("JVB_ADVERTISE_IPS", "203.0.113.9, 192.0.2.77"))) {
      List<Element> candidates = candidates(bridge, "advertised");
      assertMapped(candidates, "203.0.113.9", bridge);
      assertMapped(candidates, "192.0.2.77", bridge);
    }
  }

  @Test
  void theAddressAStunServerReportsIsMapped() throws Exception {
    try (StunResponder stun =
            new StunResponder(new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 41000));
        Videobridge bridge = fromEnvironment(Map.of("JVB_STUN_SERVERS", stun.hostPort()))) {
      assertThat(stun.requests()).isPositive();
      assertMapped(candidates(bridge, "stun"), "203.0.113.5", bridge);
    }
  }
}
