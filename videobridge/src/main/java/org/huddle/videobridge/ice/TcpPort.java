package org.huddle.videobridge.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateTcpType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.TcpHostCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-TCP port every endpoint shares: passive TCP candidates (RFC 6544 §4.5), RFC 4571 framing.
 * A browser whose UDP is blocked connects here and sends a Binding request first, as RFC 6544 §7.2
 * requires; its USERNAME names the agent, which then owns the connection: ice4j's checks and
 * consent run over it, and DTLS and SRTP go to the endpoint as on the UDP port. A connection that
 * does not start so is closed and counted under "tcp-port.dropped.{reason}". Binding requests
 * without USERNAME before that are answered as a STUN server would ({@link PlainBindings}).
 *
 * <p>Unlike ice4j's TCP harvester this accepts loopback addresses (the UDP side always did), and
 * hands payload to the push API, which the bridge reads.
 */
public final class TcpPort implements CandidateHarvester, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpPort.class);
  static final String NAME = "tcp-port";

  /** How long a new connection has to send its first Binding request. */
  static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(10);

  private final ServerSocket server;
  private final TransportAddress localAddress;
  private final int mappedPort;
  private final Counters counters;
  private final PlainBindings plainBindings;
  private final Map<String, AgentCandidate> byUfrag = new ConcurrentHashMap<>();
  private final HarvestStatistics harvestStatistics = new HarvestStatistics();
  private volatile boolean closed;

  /**
   * @param bind where to listen; port 0 picks a free one
   * @param mappedPort a port a NAT or proxy forwards here, advertised beside the real one; 0 if
   *     none
   */
  public TcpPort(InetSocketAddress bind, int mappedPort, Counters counters) throws IOException {
    this.counters = counters;
    this.plainBindings = new PlainBindings(NAME, counters);
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(bind, 128);
    this.localAddress =
        new TransportAddress(bind.getAddress(), server.getLocalPort(), Transport.TCP);
    this.mappedPort = mappedPort == localAddress.getPort() ? 0 : mappedPort;
    Thread.ofPlatform().daemon().name("tcp-port-" + localAddress).start(this::acceptLoop);
  }

  public TransportAddress localAddress() {
    return localAddress;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().name("ice-tcp-" + s.getRemoteSocketAddress()).start(() -> serve(s));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("TCP port {} stops accepting: {}", localAddress, e.toString());
        }
        return;
      }
    }
  }

  private void serve(Socket socket) {
    FramedConnection c;
    try {
      c = new FramedConnection(socket, localAddress, counters, NAME);
    } catch (IOException e) {
      closeQuietly(socket);
      return;
    }
    byte[] first;
    try {
      socket.setSoTimeout((int) FIRST_FRAME_TIMEOUT.toMillis());
      first = c.readFrame();
      // Plain Binding requests (a reachability check) are answered; the connection may still
      // become an ICE connection afterwards, and waits at most FIRST_FRAME_TIMEOUT per frame.
      while (first != null && PlainBindings.isPlainBindingRequest(first, 0, first.length)) {
        byte[] response =
            plainBindings.answer(
                first, 0, first.length, (InetSocketAddress) socket.getRemoteSocketAddress());
        if (response == null) {
          c.close();
          return;
        }
        c.send(new DatagramPacket(response, response.length));
        first = c.readFrame();
      }
      socket.setSoTimeout(0);
    } catch (SocketTimeoutException e) {
      counters.dropped(NAME, "no-binding-request");
      c.close();
      return;
    } catch (IOException e) {
      counters.dropped(NAME, "truncated");
      c.close();
      return;
    }
    if (first == null) {
      c.close();
      return;
    }
    String ufrag = StunMessages.localUfrag(first, 0, first.length);
    AgentCandidate candidate = ufrag == null ? null : byUfrag.get(ufrag);
    if (candidate == null || !candidate.adopt(c)) {
      counters.dropped(
          NAME,
          ufrag == null ? "no-binding-request" : candidate == null ? "unknown-ufrag" : "refused");
      c.close();
      return;
    }
    c.offerStun(first, 0, first.length);
    c.readLoop(candidate.getParentComponent());
    candidate.release(c);
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    String ufrag = component.getParentStream().getParentAgent().getLocalUfrag();
    List<LocalCandidate> out = new ArrayList<>();
    AgentCandidate c = new AgentCandidate(localAddress, component, ufrag);
    byUfrag.put(ufrag, c);
    out.add(c);
    if (mappedPort > 0) {
      // Where a forwarded port leads here: never connected to directly, so it owns no connections.
      out.add(
          new AgentCandidate(
              new TransportAddress(localAddress.getAddress(), mappedPort, Transport.TCP),
              component,
              null));
    }
    out.forEach(component::addLocalCandidate);
    return out;
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return harvestStatistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  /** One agent's passive TCP candidate; ice4j finds a pair's connection by its remote address. */
  private final class AgentCandidate extends TcpHostCandidate {
    private final String ufrag;
    private int connections;
    private boolean freed;

    AgentCandidate(TransportAddress address, Component component, String ufrag) {
      super(address, component);
      this.ufrag = ufrag;
      setTcpType(CandidateTcpType.PASSIVE);
    }

    synchronized boolean adopt(FramedConnection c) {
      var agent = getParentComponent().getParentStream().getParentAgent();
      if (freed
          || agent.getState() == IceProcessingState.FAILED
          || connections >= UdpPort.MAX_SESSIONS_PER_AGENT) {
        return false;
      }
      connections++;
      addSocket(c);
      getStunStack().addSocket(c, new TransportAddress(c.remote(), Transport.TCP));
      return true;
    }

    /** A connection the peer ended: off the STUN stack, then closed. */
    void release(FramedConnection c) {
      getStunStack().removeSocket(localAddress, new TransportAddress(c.remote(), Transport.TCP));
      c.close();
    }

    @Override
    protected synchronized void free() {
      freed = true;
      if (ufrag != null) {
        byUfrag.remove(ufrag, this);
      }
      super.free(); // closes the connections and takes them off the STUN stack
    }
  }
}
