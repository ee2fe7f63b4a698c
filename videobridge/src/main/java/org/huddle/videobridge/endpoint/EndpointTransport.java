package org.huddle.videobridge.endpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.huddle.videobridge.dtls.DtlsCertificate;
import org.huddle.videobridge.dtls.DtlsRole;
import org.huddle.videobridge.dtls.DtlsTransport;
import org.huddle.videobridge.ice.IceCandidate;
import org.huddle.videobridge.ice.IceTransport;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.srtp.SrtpSession;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's media transport: ICE below, DTLS for keys, SRTP once keyed. Received datagrams are
 * copied off ice4j's thread into the endpoint's receive queue at once; the demux by first byte (RFC
 * 7983) happens in the receive pipeline.
 */
public final class EndpointTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointTransport.class);
  private static final int MAX_DATAGRAM = 1500;

  private final IceTransport ice;
  private final DtlsTransport dtls;
  private final PipelineStats stats;
  private volatile SrtpSession srtp;
  private volatile DtlsRole role;
  private volatile boolean iceConnected;
  private volatile boolean writable;

  /**
   * DTLS records written before ICE had a valid pair to send them on (our first flight, as DTLS
   * server, answers a ClientHello that arrived with the peer's first checks): sent the moment a
   * pair is validated, rather than lost until the peer's or our retransmission timer fires, which
   * cost a join 50–600 ms. Guarded by itself; null once writable.
   */
  private List<byte[]> unsent = new ArrayList<>();

  private static final int MAX_UNSENT = 32;
  private final long createdNanos = System.nanoTime();
  private volatile long writableNanos = -1;
  private volatile long iceConnectedNanos = -1;
  private volatile long remoteNanos = -1;
  private volatile Runnable onKeyed = () -> {};

  /**
   * @param ingress takes each received datagram (on ice4j's thread; must not block)
   * @param onFailed called when ICE fails
   */
  public EndpointTransport(
      String name,
      List<CandidateHarvester> harvesters,
      DtlsCertificate certificate,
      Duration handshakeTimeout,
      Consumer<PacketInfo> ingress,
      Runnable onFailed,
      PipelineStats stats)
      throws IOException {
    this.stats = stats;
    this.dtls = new DtlsTransport(certificate, this::sendDtls, handshakeTimeout);
    this.ice =
        new IceTransport(
            name,
            true,
            harvesters,
            new IceTransport.Listener() {
              @Override
              public void onPacket(byte[] buf, int off, int len, long receivedNanos) {
                if (len > MAX_DATAGRAM || len <= 0) {
                  stats.add("ingress.dropped", 1);
                  stats.add("ingress.dropped.oversize", 1);
                  return;
                }
                ingress.accept(new PacketInfo(Packet.copyOf(buf, off, len), receivedNanos));
              }

              @Override
              public void onWritable() {
                writableNanos = System.nanoTime();
                writable = true;
                flushUnsent();
                maybeStartDtls();
              }

              @Override
              public void onConnected() {
                iceConnectedNanos = System.nanoTime();
                iceConnected = true;
                maybeStartDtls();
              }

              @Override
              public void onFailed() {
                onFailed.run();
              }
            });
    dtls.keys()
        .thenAccept(
            keys -> {
              srtp = new SrtpSession(keys);
              onKeyed.run();
            });
  }

  private void sendDtls(byte[] record) {
    synchronized (this) {
      if (unsent != null) { // not writable yet, or its held records are still going out
        if (unsent.size() < MAX_UNSENT) {
          unsent.add(record);
          stats.add("dtls.held", 1);
        } else {
          stats.add("dtls.dropped", 1);
          stats.add("dtls.dropped.unsent-overflow", 1);
        }
        return;
      }
    }
    try {
      ice.send(record, 0, record.length);
    } catch (IOException e) {
      stats.add("dtls.dropped", 1);
      stats.add("dtls.dropped.send-failed", 1);
    }
  }

  /** ICE has a path: the DTLS records held for it go out, in order, and no more are held. */
  private void flushUnsent() {
    List<byte[]> held;
    synchronized (this) {
      held = unsent;
      unsent = null;
      if (held == null) {
        return;
      }
      for (byte[] record : held) {
        try {
          ice.send(record, 0, record.length);
        } catch (IOException e) {
          stats.add("dtls.dropped", 1);
          stats.add("dtls.dropped.send-failed", 1);
        }
      }
    }
    if (!held.isEmpty()) {
      LOG.debug("sent {} DTLS records held until ICE had a valid pair", held.size());
    }
  }

  /** Runs once SRTP keys are in place. */
  public void onKeyed(Runnable r) {
    this.onKeyed = r;
    if (srtp != null) {
      r.run();
    }
  }

  public String ufrag() {
    return ice.localUfrag();
  }

  public String password() {
    return ice.localPassword();
  }

  public List<IceCandidate> localCandidates() {
    return ice.localCandidates();
  }

  /** Applies the remote side's ICE and DTLS parameters (colibri2 transport). */
  public void setRemote(
      String ufrag,
      String password,
      List<IceCandidate> candidates,
      String fingerprintHash,
      String fingerprint,
      String setup) {
    if (fingerprint != null) {
      dtls.setRemoteFingerprint(fingerprintHash == null ? "sha-256" : fingerprintHash, fingerprint);
    }
    if (setup != null && role == null) {
      role = DtlsRole.fromRemoteSetup(setup);
      remoteNanos = System.nanoTime();
    }
    if (ufrag != null || !candidates.isEmpty()) {
      ice.connect(ufrag, password, candidates);
    }
    maybeStartDtls();
  }

  private void maybeStartDtls() {
    DtlsRole r = role;
    // As server we can listen at once (our answer waits in `unsent` for a path); as client we wait
    // for a path to send the ClientHello on.
    if (r == DtlsRole.SERVER || (r == DtlsRole.CLIENT && writable)) {
      dtls.start(r);
    }
  }

  /**
   * How connecting went, for the log: milliseconds from this transport's creation to the remote
   * transport (DTLS role) arriving, to ICE connecting, and to now.
   */
  public String timeline() {
    long now = System.nanoTime();
    return "remote transport at "
        + millisAfterCreation(remoteNanos)
        + ", ICE writable at "
        + millisAfterCreation(writableNanos)
        + ", ICE connected at "
        + millisAfterCreation(iceConnectedNanos)
        + ", keyed at "
        + millisAfterCreation(now)
        + " ms after creation";
  }

  private String millisAfterCreation(long nanos) {
    return nanos < 0 ? "-" : Long.toString((nanos - createdNanos) / 1_000_000);
  }

  /** Takes a received DTLS record (from the receive pipeline's demux). */
  public void receiveDtls(PacketInfo p) {
    if (!dtls.receive(p.packet().buffer(), p.packet().offset(), p.packet().length())) {
      stats.add("dtls.dropped", 1);
      stats.add("dtls.dropped.backlog", 1);
    }
  }

  /** The SRTP session, or null before the handshake completes. */
  public SrtpSession srtp() {
    return srtp;
  }

  /** Sends an encrypted packet on the selected candidate pair. */
  public void send(PacketInfo p) {
    try {
      ice.send(p.packet().buffer(), p.packet().offset(), p.packet().length());
    } catch (IOException e) {
      stats.add("egress.dropped", 1);
      stats.add("egress.dropped.send-failed", 1);
    }
  }

  /**
   * Keyed, with a valid pair to send on. Not the nomination's end (ICE completed), which may come
   * tens of milliseconds after the handshake; media waiting for it would also hold back the key
   * frame requests made for a receiver that has just connected.
   */
  public boolean isConnected() {
    return (writable || iceConnected) && srtp != null;
  }

  /** "udp" or "tcp" once ICE has selected a pair, else null. */
  public String selectedProtocol() {
    return ice.selectedProtocol();
  }

  public boolean iceFailed() {
    return ice.hasFailed();
  }

  /** When we last heard from the peer, in {@link System#nanoTime()} terms. */
  public long lastHeardNanos() {
    return ice.lastHeardNanos();
  }

  @Override
  public void close() {
    dtls.close();
    ice.close();
    SrtpSession s = srtp;
    if (s != null) {
      s.close();
    }
    LOG.debug("transport closed");
  }
}
