package org.huddle.videobridge.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.huddle.videobridge.testkit.StunResponder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Address discovery against STUN servers on loopback: coturn (a real server, on 127.0.0.2, which
 * reports the address the request came from) and a test responder that plays a server outside a
 * NAT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StunDiscoveryTest {
  static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  static final InetAddress LOCAL = InetAddress.getLoopbackAddress();
  Process coturn;
  InetSocketAddress coturnAddress;

  @BeforeAll
  void startCoturn(@TempDir Path dir) throws Exception {
    if (!Files.isExecutable(TURNSERVER)) {
      return;
    }
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
      port = probe.getLocalPort();
    }
    coturnAddress = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port);
    coturn =
        new ProcessBuilder(
                TURNSERVER.toString(),
                "-n",
                "--stun-only",
                "--listening-ip=127.0.0.2",
                "--listening-port=" + port,
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--userdb=" + dir.resolve("turndb"),
                "--log-file=stdout",
                "--simple-log")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("coturn.log").toFile())
            .start();
  }

  @AfterAll
  void stopCoturn() {
    if (coturn != null) {
      coturn.destroy();
    }
  }

  @Test
  void coturnReportsTheAddressTheRequestCameFrom() throws Exception {
    assumeThat(coturn).as("coturn's turnserver is installed").isNotNull();
    Optional<InetSocketAddress> mapped = Optional.empty();
    for (int i = 0; i < 20 && mapped.isEmpty(); i++) { // until coturn listens
      mapped = StunDiscovery.mappedAddress(LOCAL, coturnAddress, Duration.ofMillis(600));
    }
    assertThat(mapped).isPresent();
    assertThat(mapped.get().getAddress()).isEqualTo(LOCAL);
    assertThat(mapped.get().getPort()).isPositive();
  }

  @Test
  void anAddressThatIsNotNatedIsNotAdvertised() throws Exception {
    assumeThat(coturn).as("coturn's turnserver is installed").isNotNull();
    coturnReportsTheAddressTheRequestCameFrom(); // coturn is up
    String server = "127.0.0.2:" + coturnAddress.getPort();
    PublicAddresses p = PublicAddresses.resolve(List.of(LOCAL), List.of(), List.of(server));
    assertThat(p.mappings()).isEmpty();
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void theResponderPlaysAServerOutsideANat() throws Exception {
    InetSocketAddress outside = new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 41000);
    try (StunResponder r = new StunResponder(outside)) {
      assertThat(
              StunDiscovery.mappedAddress(
                  LOCAL, StunDiscovery.parseServer(r.hostPort()), Duration.ofSeconds(2)))
          .contains(outside);
      PublicAddresses p = PublicAddresses.resolve(List.of(LOCAL), List.of(), List.of(r.hostPort()));
      assertThat(p.mappings())
          .containsExactly(new PublicAddresses.Mapping(LOCAL, outside.getAddress(), "STUN"));
    }
  }

  @Test
  void aSilentServerGivesNothingWithinTheTimeoutAndAWarning() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, LOCAL)) {
      InetSocketAddress server = new InetSocketAddress(LOCAL, silent.getLocalPort());
      long t0 = System.nanoTime();
      assertThat(StunDiscovery.mappedAddress(LOCAL, server, Duration.ofMillis(1200))).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void serversAreHostPortWith3478AsTheDefaultPort() throws IOException {
    assertThat(StunDiscovery.parseServer("127.0.0.1:19302"))
        .isEqualTo(new InetSocketAddress(LOCAL, 19302));
    assertThat(StunDiscovery.parseServer("127.0.0.1"))
        .isEqualTo(new InetSocketAddress(LOCAL, 3478));
    assertThat(StunDiscovery.parseServer("[::1]:3479"))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 3479));
  }
}
