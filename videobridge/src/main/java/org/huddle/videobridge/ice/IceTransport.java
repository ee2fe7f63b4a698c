package org.huddle.videobridge.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateTcpType;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.util.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's ICE agent with a single component (rtcp-mux, BUNDLE). Payload arrives through
 * ice4j's push API on the harvester's thread and is handed to the {@link Listener} at once; the
 * listener must not block.
 */
public final class IceTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);

  /** What the transport tells its owner. Called from ice4j's threads. */
  public interface Listener {
    void onPacket(byte[] buf, int off, int len, long receivedNanos);

    void onConnected();

    void onFailed();

    /**
     * A candidate pair was validated: payload can be sent (ice4j sends on a valid pair until one is
     * selected). Comes before {@link #onConnected}, which waits for the nomination to complete.
     */
    default void onWritable() {}
  }

  private final Agent agent;
  private final IceMediaStream stream;
  private final Component component;
  private final Listener listener;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean connected;
  private final AtomicBoolean writable = new AtomicBoolean();
  private volatile boolean failed;
  private volatile boolean closed;
  private volatile long lastReceivedNanos = System.nanoTime();

  /**
   * @param name for logs
   * @param controlling whether this agent is ICE-controlling (the bridge is)
   * @param harvesters where local candidates come from
   */
  public IceTransport(
      String name, boolean controlling, List<CandidateHarvester> harvesters, Listener listener)
      throws IOException {
    this(name, controlling, harvesters, true, listener);
  }

  /**
   * As above; with {@code pushApi} false, payload is read from the component's merged socket on a
   * thread of its own, which candidates with sockets of their own (not the single-port harvester's)
   * need.
   */
  public IceTransport(
      String name,
      boolean controlling,
      List<CandidateHarvester> harvesters,
      boolean pushApi,
      Listener listener)
      throws IOException {
    this.listener = listener;
    agent = new Agent();
    agent.setControlling(controlling);
    agent.setUseDynamicPorts(false);
    agent.setPerformConsentFreshness(true);
    harvesters.forEach(agent::addCandidateHarvester);
    stream = agent.createMediaStream(name);
    component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, !pushApi);
    agent.addStateChangeListener(this::onStateChange);
    stream.addPairChangeListener(this::onPairChange);
    if (pushApi) {
      component.setBufferCallback(this::onBuffer);
    } else {
      Thread.ofPlatform().daemon().name("ice-read-" + name).start(this::readLoop);
    }
  }

  private void readLoop() {
    byte[] buf = new byte[1600];
    java.net.DatagramPacket packet = new java.net.DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        packet.setData(buf, 0, buf.length);
        component.getSocket().receive(packet);
        onBuffer(new Buffer(packet.getData(), packet.getOffset(), packet.getLength()));
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.debug("ICE read loop ends: {}", e.toString());
        }
        return;
      }
    }
  }

  private void onBuffer(Buffer b) {
    lastReceivedNanos = System.nanoTime();
    listener.onPacket(b.getBuffer(), b.getOffset(), b.getLength(), lastReceivedNanos);
  }

  private void onPairChange(PropertyChangeEvent e) {
    if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(e.getPropertyName())
        && writable.compareAndSet(false, true)) {
      LOG.debug("ICE {} writable", stream.getName());
      listener.onWritable();
    }
  }

  private void onStateChange(PropertyChangeEvent e) {
    if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
      return;
    }
    IceProcessingState s = (IceProcessingState) e.getNewValue();
    LOG.debug("ICE {} -> {}", stream.getName(), s);
    if (s == IceProcessingState.COMPLETED && !connected) {
      connected = true;
      if (writable.compareAndSet(false, true)) {
        listener.onWritable(); // no validation event came first (it should have)
      }
      listener.onConnected();
    } else if (s == IceProcessingState.FAILED && !failed) {
      failed = true;
      listener.onFailed();
    }
  }

  public String localUfrag() {
    return agent.getLocalUfrag();
  }

  public String localPassword() {
    return agent.getLocalPassword();
  }

  /**
   * The agent's candidates as signalling carries them: host candidates on the shared ports and the
   * server-reflexive ones mapped from them (related address: the host candidate).
   */
  public List<IceCandidate> localCandidates() {
    List<IceCandidate> out = new ArrayList<>();
    int n = 1;
    for (LocalCandidate c : component.getLocalCandidates()) {
      TransportAddress a = c.getTransportAddress();
      boolean tcp = a.getTransport() == Transport.TCP;
      TransportAddress related =
          c.getType() == CandidateType.HOST_CANDIDATE ? null : c.getRelatedAddress();
      String tcpType = null;
      if (tcp) {
        tcpType = c.getTcpType() == null ? "passive" : c.getTcpType().toString();
      }
      out.add(
          new IceCandidate(
              1,
              c.getFoundation(),
              0,
              stream.getName() + "-" + n++,
              a.getHostString(),
              a.getPort(),
              c.getPriority(),
              tcp ? "tcp" : "udp",
              c.getType().toString(),
              related == null ? null : related.getHostString(),
              related == null ? 0 : related.getPort(),
              tcpType));
    }
    return out;
  }

  /**
   * Adds the remote side's credentials and candidates and starts checks. Later calls add candidates
   * (trickle) to the running agent.
   */
  public void connect(String ufrag, String password, List<IceCandidate> candidates) {
    if (ufrag != null) {
      stream.setRemoteUfrag(ufrag);
    }
    if (password != null) {
      stream.setRemotePassword(password);
    }
    List<RemoteCandidate> remote = new ArrayList<>();
    for (IceCandidate c : candidates) {
      if (c.component() != 1) {
        continue;
      }
      try {
        Transport transport = "tcp".equalsIgnoreCase(c.protocol()) ? Transport.TCP : Transport.UDP;
        RemoteCandidate rc =
            new RemoteCandidate(
                new TransportAddress(InetAddress.getByName(c.ip()), c.port(), transport),
                component,
                CandidateType.parse(c.type()),
                c.foundation(),
                c.priority(),
                null);
        if (transport == Transport.TCP && c.tcpType() != null) {
          rc.setTcpType(CandidateTcpType.parse(c.tcpType()));
        }
        remote.add(rc);
      } catch (UnknownHostException | IllegalArgumentException e) {
        LOG.debug("ignoring remote candidate {}: {}", c, e.toString());
      }
    }
    if (remote.isEmpty()) {
      // Candidates may come later (trickle); starting checks with none would fail the check list.
      // Until then the peer's own checks still reach us, as peer-reflexive candidates.
      return;
    }
    if (started.compareAndSet(false, true)) {
      component.addRemoteCandidates(remote);
      agent.startConnectivityEstablishment();
    } else {
      remote.forEach(component::addUpdateRemoteCandidates);
      component.updateRemoteCandidates();
    }
  }

  /** Sends payload on the selected pair. */
  public void send(byte[] buf, int off, int len) throws IOException {
    component.send(buf, off, len);
  }

  public boolean isConnected() {
    return connected && !failed;
  }

  /** Whether a pair has been validated, so that {@link #send} has a path. */
  public boolean isWritable() {
    return writable.get() && !failed;
  }

  /** "udp" or "tcp": the transport of the selected pair, or null before one is selected. */
  public String selectedProtocol() {
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      return null;
    }
    return pair.getLocalCandidate().getTransport() == Transport.TCP ? "tcp" : "udp";
  }

  public boolean hasFailed() {
    return failed;
  }

  /**
   * When we last heard from the peer: payload, or a consent freshness response (RFC 7675), in
   * {@link System#nanoTime()} terms.
   */
  public long lastHeardNanos() {
    long heard = lastReceivedNanos;
    CandidatePair pair = component.getSelectedPair();
    if (pair != null) {
      long consent = pair.getConsentFreshness();
      if (consent > 0) {
        long ageMillis = System.currentTimeMillis() - consent;
        heard = Math.max(heard, System.nanoTime() - ageMillis * 1_000_000L);
      }
    }
    return heard;
  }

  @Override
  public void close() {
    closed = true;
    agent.free();
  }
}
