package org.huddle.videobridge.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every endpoint's ICE agent shares, opened once per bridge: the UDP port and the ICE-TCP port
 * on each local address, and the mappings to public addresses. Problems an operator must fix (only
 * loopback, only private addresses, STUN unanswered, TCP port taken) are logged here, once each, at
 * start.
 */
public final class Harvesters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Harvesters.class);

  /**
   * @param bindAddress "0.0.0.0" for every interface, or one address
   * @param udpPort the shared UDP port; 0 picks a free one
   * @param tcpPort the ICE-TCP port, -1 for none, 0 for a free one
   * @param tcpMappedPort a port forwarded to tcpPort, advertised beside it; 0 if none
   * @param advertised public addresses to map the first local address to
   * @param stunServers STUN servers to discover public addresses with
   */
  public record Settings(
      String bindAddress,
      int udpPort,
      int tcpPort,
      int tcpMappedPort,
      List<String> advertised,
      List<String> stunServers) {}

  private final List<UdpPort> udp = new ArrayList<>();
  private final List<TcpPort> tcp = new ArrayList<>();
  private final PublicAddresses publicAddresses;

  /** Opens the ports on the machine's interfaces. */
  public Harvesters(Settings s, Counters counters) throws IOException {
    this(s, LocalAddresses.choose(s.bindAddress()), counters);
  }

  /** Opens the ports on the given local addresses. */
  public Harvesters(Settings s, LocalAddresses locals, Counters counters) throws IOException {
    locals.warning().ifPresent(LOG::warn);
    try {
      int udpPort = s.udpPort();
      for (InetAddress a : locals.addresses()) {
        UdpPort p = new UdpPort(new InetSocketAddress(a, udpPort), counters);
        udp.add(p);
        udpPort = p.localAddress().getPort(); // port 0: the same free port on every address
      }
      if (s.tcpPort() >= 0) {
        openTcp(s, locals.addresses(), counters);
      }
      publicAddresses =
          PublicAddresses.resolve(locals.addresses(), s.advertised(), s.stunServers());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    publicAddresses.warnings().forEach(LOG::warn);
    publicAddresses
        .mappings()
        .forEach(
            m ->
                LOG.info(
                    "advertising {} for {} ({})",
                    m.publicAddress().getHostAddress(),
                    m.local().getHostAddress(),
                    m.source()));
  }

  /**
   * ICE-TCP is the fallback; a port someone else holds costs the fallback, not the bridge (as in
   * jitsi-videobridge, whose TCP harvester failing to start is logged and skipped).
   */
  private void openTcp(Settings s, List<InetAddress> addresses, Counters counters) {
    int port = s.tcpPort();
    try {
      for (InetAddress a : addresses) {
        TcpPort p = new TcpPort(new InetSocketAddress(a, port), s.tcpMappedPort(), counters);
        tcp.add(p);
        port = p.localAddress().getPort();
      }
    } catch (IOException e) {
      tcp.forEach(TcpPort::close);
      tcp.clear();
      LOG.warn(
          "ICE-TCP disabled: cannot listen on TCP port {} ({}); browsers whose UDP is blocked"
              + " need TURN. Free the port or set JVB_TCP_PORT.",
          port,
          e.getMessage());
    }
  }

  /** The harvesters to add to each agent: host ones first, then the mappings. */
  public List<CandidateHarvester> all() {
    List<CandidateHarvester> all = new ArrayList<>(udp);
    all.addAll(tcp);
    all.addAll(publicAddresses.harvesters());
    return all;
  }

  /** The UDP port actually bound (useful when 0 was asked for). */
  public int udpPort() {
    return udp.get(0).localAddress().getPort();
  }

  /** The ICE-TCP port actually bound, or -1 without ICE-TCP. */
  public int tcpPort() {
    return tcp.isEmpty() ? -1 : tcp.get(0).localAddress().getPort();
  }

  /** The local addresses the media ports bound. */
  public List<InetAddress> localAddresses() {
    return udp.stream().map(p -> p.localAddress().getAddress()).toList();
  }

  public PublicAddresses publicAddresses() {
    return publicAddresses;
  }

  @Override
  public void close() {
    udp.forEach(UdpPort::close);
    tcp.forEach(TcpPort::close);
  }
}
