package org.huddle.videobridge.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.videobridge.ice.Counters;
import org.huddle.videobridge.ice.FramedConnection;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateTcpType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;

/**
 * An active ICE-TCP candidate (RFC 6544 §4.5), as a browser whose UDP is blocked has: it is
 * signalled with the discard port 9 and connects to each passive candidate it is given, then runs
 * ICE checks and media over that connection, framed as RFC 4571 says. The only candidate of a
 * {@link TestEndpoint#overTcp} endpoint, so that no UDP path exists.
 */
final class ActiveTcpHarvester implements CandidateHarvester {
  private static final int DISCARD_PORT = 9;

  private final HarvestStatistics statistics = new HarvestStatistics();
  private volatile ActiveCandidate candidate;

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    ActiveCandidate c =
        new ActiveCandidate(
            new TransportAddress(InetAddress.getLoopbackAddress(), DISCARD_PORT, Transport.TCP),
            component);
    component.addLocalCandidate(c);
    candidate = c;
    return List.of(c);
  }

  /** Opens the connection to a passive candidate before the checks to it start. */
  void connect(InetSocketAddress passive) throws IOException {
    ActiveCandidate c = candidate;
    Socket s = new Socket();
    s.connect(passive, 5000);
    FramedConnection conn =
        new FramedConnection(s, c.getTransportAddress(), Counters.NONE, "test-tcp");
    TransportAddress remote = new TransportAddress(passive, Transport.TCP);
    c.connections.put(passive, conn);
    c.getStunStack().addSocket(conn, remote);
    Thread.ofVirtual()
        .start(
            () -> {
              conn.readLoop(c.getParentComponent());
              c.getStunStack().removeSocket(c.getTransportAddress(), remote);
              conn.close();
            });
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }

  private static final class ActiveCandidate extends HostCandidate {
    final Map<SocketAddress, FramedConnection> connections = new ConcurrentHashMap<>();

    ActiveCandidate(TransportAddress address, Component component) {
      super(address, component);
      setTcpType(CandidateTcpType.ACTIVE);
    }

    @Override
    protected IceSocketWrapper getCandidateIceSocketWrapper(SocketAddress remote) {
      return connections.get(remote);
    }

    @Override
    protected void free() {
      connections.values().forEach(FramedConnection::close);
      super.free();
    }
  }
}
