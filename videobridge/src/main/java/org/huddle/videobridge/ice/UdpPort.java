package org.huddle.videobridge.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP port every endpoint shares, as ice4j's single-port harvester does it, but with every
 * datagram accounted for. A datagram from an address with an ICE session goes to that agent: a
 * well-formed STUN message to its STUN stack, anything else to its component (the push API), where
 * the endpoint's pipeline classifies and counts it. From any other address, only a Binding request
 * whose USERNAME names an agent here opens a session (RFC 8445 §7.3: the peer's checks are how we
 * learn its address); a Binding request without USERNAME is answered as a STUN server would ({@link
 * PlainBindings}); everything else is dropped and counted under "udp-port.dropped.{reason}".
 */
public final class UdpPort implements CandidateHarvester, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpPort.class);
  static final String NAME = "udp-port";

  /** Remote addresses one agent may have sessions with: a browser has a handful of candidates. */
  static final int MAX_SESSIONS_PER_AGENT = 16;

  private static final int BUFFER = 2048;

  private final DatagramSocket socket;
  private final TransportAddress localAddress;
  private final Counters counters;
  private final PlainBindings plainBindings;
  private final Map<String, AgentCandidate> byUfrag = new ConcurrentHashMap<>();
  private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();
  private final HarvestStatistics harvestStatistics = new HarvestStatistics();
  private volatile boolean closed;

  public UdpPort(InetSocketAddress bind, Counters counters) throws IOException {
    this.counters = counters;
    this.plainBindings = new PlainBindings(NAME, counters);
    this.socket = new DatagramSocket(bind);
    this.localAddress =
        new TransportAddress(bind.getAddress(), socket.getLocalPort(), Transport.UDP);
    Thread.ofPlatform().daemon().name("udp-port-" + localAddress).start(this::readLoop);
  }

  public TransportAddress localAddress() {
    return localAddress;
  }

  private void readLoop() {
    byte[] buf = new byte[BUFFER];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        p.setData(buf, 0, buf.length);
        socket.receive(p);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("UDP port {} stops reading: {}", localAddress, e.toString());
        }
        return;
      }
      counters.add(NAME + ".in", 1);
      try {
        dispatch((InetSocketAddress) p.getSocketAddress(), buf, p.getOffset(), p.getLength());
      } catch (RuntimeException e) {
        counters.dropped(NAME, "exception");
        LOG.debug("datagram from {} dropped: {}", p.getSocketAddress(), e.toString());
      }
    }
  }

  private void dispatch(InetSocketAddress from, byte[] b, int off, int len) {
    boolean stun = StunMessages.isWellFormed(b, off, len);
    Session s = sessions.get(from);
    if (s != null) {
      if (!stun) {
        s.candidate.deliver(b, off, len, from, localAddress);
      } else if (!s.offerStun(b, off, len)) {
        counters.dropped(NAME, "stun-queue-full");
      }
      return;
    }
    if (stun && PlainBindings.isPlainBindingRequest(b, off, len)) {
      answer(plainBindings.answer(b, off, len, from), from);
      return;
    }
    String ufrag = stun ? StunMessages.localUfrag(b, off, len) : null;
    if (ufrag == null) {
      counters.dropped(NAME, "unknown-source");
      return;
    }
    AgentCandidate c = byUfrag.get(ufrag);
    if (c == null) {
      counters.dropped(NAME, "unknown-ufrag");
      return;
    }
    s = c.open(from);
    if (s == null) {
      counters.dropped(NAME, "session-refused");
      return;
    }
    s.offerStun(b, off, len);
  }

  private void answer(byte[] response, InetSocketAddress to) {
    if (response == null) {
      return;
    }
    try {
      socket.send(new DatagramPacket(response, response.length, to));
    } catch (IOException e) {
      LOG.debug("Binding response to {} not sent: {}", to, e.toString());
    }
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    var agent = component.getParentStream().getParentAgent();
    AgentCandidate c = new AgentCandidate(component, agent.getLocalUfrag());
    byUfrag.put(c.ufrag, c);
    component.addLocalCandidate(c);
    return List.of(c);
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
    socket.close();
    sessions.values().forEach(Session::close);
  }

  /** One agent's host candidate on this port, with a socket per remote address that checked in. */
  private final class AgentCandidate extends HostCandidate {
    private final String ufrag;
    private final Map<SocketAddress, Session> mine = new ConcurrentHashMap<>();
    private volatile boolean freed;

    AgentCandidate(Component component, String ufrag) {
      super(localAddress, component);
      this.ufrag = ufrag;
    }

    synchronized Session open(InetSocketAddress remote) {
      var agent = getParentComponent().getParentStream().getParentAgent();
      if (freed
          || agent.getState() == IceProcessingState.FAILED
          || mine.size() >= MAX_SESSIONS_PER_AGENT) {
        return null;
      }
      Session s = new Session(this, remote);
      mine.put(remote, s);
      sessions.put(remote, s);
      getStunStack().addSocket(s, new TransportAddress(remote, Transport.UDP));
      return s;
    }

    void deliver(byte[] b, int off, int len, InetSocketAddress from, TransportAddress to) {
      Buffer buffer = new Buffer(b, off, len);
      buffer.setRemoteAddress(from);
      buffer.setLocalAddress(to);
      getParentComponent().handleBuffer(buffer);
    }

    /**
     * The session last looked up for sending, by the remote address object ice4j passed: ice4j asks
     * for every packet it sends, with the selected pair's remote address, and a map lookup per
     * packet showed in profiles (issue 18).
     */
    private volatile Session lastSent;

    @Override
    protected IceSocketWrapper getCandidateIceSocketWrapper(SocketAddress remote) {
      Session last = lastSent;
      if (last != null && last.lookedUpAs == remote && !last.isClosed()) {
        return last;
      }
      Session s = mine.get(remote);
      if (s != null) {
        s.lookedUpAs = remote;
        lastSent = s;
      }
      return s;
    }

    @Override
    protected synchronized void free() {
      freed = true;
      lastSent = null;
      byUfrag.remove(ufrag, this);
      for (Session s : mine.values()) {
        getStunStack().removeSocket(localAddress, new TransportAddress(s.remote(), Transport.UDP));
        s.close();
      }
      mine.clear();
      super.free();
    }
  }

  /** One remote address's STUN messages for ice4j, and sends to it on the shared socket. */
  private final class Session extends QueuedStunSocket {
    private final AgentCandidate candidate;

    /** The address object this session was last found by (see {@code lastSent}). */
    private volatile SocketAddress lookedUpAs;

    Session(AgentCandidate candidate, InetSocketAddress remote) {
      super(localAddress, remote);
      this.candidate = candidate;
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
      socket.send(p);
    }

    @Override
    public void close() {
      super.close();
      sessions.remove(remote(), this);
    }

    /** Marks this wrapper as UDP for ice4j, which tells transports apart by this being non-null. */
    @Override
    public DatagramSocket getUDPSocket() {
      return socket;
    }

    @Override
    public java.net.Socket getTCPSocket() {
      return null;
    }
  }
}
