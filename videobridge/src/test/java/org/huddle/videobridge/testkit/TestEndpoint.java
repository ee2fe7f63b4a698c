package org.huddle.videobridge.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.rtp.PacketClass;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.Transport;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.videobridge.colibri2.Colibri2Codec;
import org.huddle.videobridge.dtls.DtlsCertificate;
import org.huddle.videobridge.dtls.DtlsRole;
import org.huddle.videobridge.dtls.DtlsTransport;
import org.huddle.videobridge.ice.Ice4jSettings;
import org.huddle.videobridge.ice.IceCandidate;
import org.huddle.videobridge.ice.IceTransport;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.srtp.SrtpKeys;
import org.huddle.videobridge.srtp.SrtpSession;
import org.huddle.xmpp.codec.Element;

/**
 * A WebRTC-like endpoint for tests: ICE-controlled-side agent on 127.0.0.1 with its own UDP port,
 * DTLS client (it answers the bridge's {@code actpass} with {@code active}), SRTP. What it receives
 * is decrypted on ice4j's thread and queued.
 *
 * <p>Usage: put {@link #colibri2Transport()} in the endpoint's colibri2 request, pass the bridge's
 * answered ICE-UDP transport to {@link #connect}, wait with {@link #awaitConnected}, then send and
 * read packets.
 */
public final class TestEndpoint implements AutoCloseable {
  private static final DtlsCertificate CERTIFICATE =
      DtlsCertificate.generate(DtlsTransport.crypto(), "huddle-test-endpoint", Duration.ofDays(1));

  private final String id;
  private final ActiveTcpHarvester tcp;
  private final IceTransport ice;
  private final DtlsTransport dtls;
  private final BlockingQueue<ReceivedRtp> rtp = new LinkedBlockingQueue<>(20_000);
  private final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>(20_000);
  private final AtomicLong undecryptable = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private volatile SrtpSession srtp;
  private volatile boolean dropIncoming;
  private volatile java.util.function.Consumer<byte[]> rtpListener;
  private volatile RawRtpListener rawRtpListener;
  private volatile org.huddle.videobridge.rtcp.TransportCcRecorder transportCc;
  private java.util.concurrent.ScheduledExecutorService feedbackTimer;

  /** Creates an endpoint bound to a free UDP port on 127.0.0.1. */
  public TestEndpoint(String id) throws IOException {
    this(id, null, false);
  }

  /**
   * An endpoint that sends its ClientHello as soon as its own check to the bridge succeeds, as
   * Chromium (ICE-controlled) does: before the bridge has its transport, or a pair to answer on.
   */
  public static TestEndpoint eager(String id) throws IOException {
    return new TestEndpoint(id, null, true);
  }

  /**
   * Creates an endpoint whose only candidate is an active ICE-TCP one, as a browser behind a
   * firewall that blocks UDP has: it reaches the bridge over ICE-TCP or not at all.
   */
  public static TestEndpoint overTcp(String id) throws IOException {
    return new TestEndpoint(id, new ActiveTcpHarvester(), false);
  }

  private TestEndpoint(String id, ActiveTcpHarvester tcp, boolean eager) throws IOException {
    Ice4jSettings.apply();
    SrtpSession.warmUp();
    this.id = id;
    this.tcp = tcp;
    this.dtls = new DtlsTransport(CERTIFICATE, this::sendRaw, Duration.ofSeconds(20));
    this.ice =
        new IceTransport(
            "test-" + id,
            false,
            List.of(tcp == null ? new LoopbackHarvester() : tcp),
            // the TCP candidate pushes payload; the UDP one has a socket of its own to read
            tcp != null,
            new IceTransport.Listener() {
              @Override
              public void onPacket(byte[] buf, int off, int len, long receivedNanos) {
                receive(buf, off, len);
              }

              @Override
              public void onWritable() {
                if (eager) {
                  dtls.start(DtlsRole.CLIENT);
                }
              }

              @Override
              public void onConnected() {
                dtls.start(DtlsRole.CLIENT);
              }

              @Override
              public void onFailed() {}
            });
    dtls.keys()
        .thenAccept(
            k -> {
              synchronized (this) {
                if (srtp == null) {
                  srtp = new SrtpSession(k);
                }
              }
            });
  }

  public String id() {
    return id;
  }

  /** The colibri2 {@code transport} a focus would send for this endpoint. */
  public Transport colibri2Transport() {
    IceUdpTransport t =
        Colibri2Codec.transport(
            ice.localUfrag(),
            ice.localPassword(),
            ice.localCandidates(),
            CERTIFICATE.fingerprint(),
            null);
    return new Transport(null, t.withFingerprint(t.fingerprint().withSetup("active")));
  }

  /**
   * Starts ICE and DTLS towards the bridge, given its ICE-UDP transport element: to its UDP
   * candidates, or, over TCP, by connecting to its passive TCP host candidates.
   */
  public void connect(Element bridgeIceTransport) throws SignallingException {
    Colibri2Codec.RemoteTransport r =
        Colibri2Codec.transport(IceUdpTransport.parse(bridgeIceTransport));
    dtls.setRemoteFingerprint(r.fingerprintHash(), r.fingerprint());
    String protocol = tcp == null ? "udp" : "tcp";
    List<IceCandidate> usable =
        r.candidates().stream()
            .filter(c -> protocol.equals(c.protocol()) && "host".equals(c.type()))
            .toList();
    if (tcp != null) {
      for (IceCandidate c : usable) {
        try {
          tcp.connect(new java.net.InetSocketAddress(c.ip(), c.port()));
        } catch (IOException e) {
          throw new AssertionError("cannot connect to the bridge's ICE-TCP candidate " + c, e);
        }
      }
    }
    ice.connect(r.ufrag(), r.password(), usable);
  }

  /** Waits for ICE and DTLS; false on timeout or failure. */
  public boolean awaitConnected(Duration timeout) {
    try {
      SrtpKeys k = dtls.keys().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (this) {
        if (k != null && srtp == null) {
          srtp = new SrtpSession(k); // the callback may not have run yet
        }
      }
      return k != null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private void receive(byte[] buf, int off, int len) {
    if (dropIncoming) {
      return;
    }
    PacketClass c = PacketClass.of(buf, off, len);
    if (c == PacketClass.DTLS) {
      dtls.receive(buf, off, len);
      return;
    }
    RawRtpListener raw = rawRtpListener;
    if (raw != null && c == PacketClass.RTP) {
      raw.onPacket(buf, off, len);
      return;
    }
    SrtpSession s = srtp;
    if (s == null || (c != PacketClass.RTP && c != PacketClass.RTCP)) {
      undecryptable.incrementAndGet();
      return;
    }
    Packet p = Packet.copyOf(buf, off, len);
    SrtpSession.Result r;
    synchronized (this) {
      r = c == PacketClass.RTP ? s.unprotectRtp(p) : s.unprotectRtcp(p);
    }
    if (r != SrtpSession.Result.OK) {
      undecryptable.incrementAndGet();
      return;
    }
    if (c == PacketClass.RTP) {
      org.huddle.videobridge.rtcp.TransportCcRecorder tcc = transportCc;
      if (tcc != null) {
        int seq =
            org.huddle.rtp.TransportCc.readSequence(
                p.buffer(), p.offset(), p.length(), MediaFactory.TRANSPORT_CC_ID);
        if (seq >= 0) {
          tcc.record(seq, System.nanoTime());
        }
      }
      java.util.function.Consumer<byte[]> l = rtpListener;
      if (l != null) {
        l.accept(p.toByteArray());
        return;
      }
      rtp.offer(new ReceivedRtp(p.toByteArray()));
    } else {
      rtcp.offer(p.toByteArray());
    }
  }

  /** Packets that could not be protected or sent. */
  public long sendFailures() {
    return sendFailures.get();
  }

  private void sendRaw(byte[] datagram) {
    try {
      ice.send(datagram, 0, datagram.length);
    } catch (IOException e) {
      sendFailures.incrementAndGet();
      // a lossy network; DTLS retransmits
    }
  }

  /** Encrypts and sends an RTP packet. */
  public synchronized void sendRtp(byte[] packet) {
    Packet p = Packet.copyOf(packet, 0, packet.length);
    if (srtp != null && srtp.protectRtp(p)) {
      sendRaw(p.toByteArray());
    } else {
      sendFailures.incrementAndGet();
    }
  }

  /** Encrypts and sends an RTCP compound packet. */
  public synchronized void sendRtcp(byte[] compound) {
    Packet p = Packet.copyOf(compound, 0, compound.length);
    if (srtp != null && srtp.protectRtcp(p)) {
      sendRaw(p.toByteArray());
    }
  }

  /** Encrypts an RTP packet without sending it, so a test can replay the bytes. */
  public synchronized byte[] protect(byte[] packet) {
    Packet p = Packet.copyOf(packet, 0, packet.length);
    if (srtp == null || !srtp.protectRtp(p)) {
      throw new IllegalStateException("not connected");
    }
    return p.toByteArray();
  }

  /** Sends raw bytes on the ICE path, unencrypted: for bad-input tests. */
  public void sendUnprotected(byte[] datagram) {
    sendRaw(datagram);
  }

  /**
   * Hands each decrypted RTP packet to a listener on ice4j's thread instead of queueing it (for
   * load generators, which would otherwise fill the queue).
   */
  public void onRtp(java.util.function.Consumer<byte[]> listener) {
    this.rtpListener = listener;
  }

  /** Takes received SRTP packets as they arrived, still encrypted. */
  @FunctionalInterface
  public interface RawRtpListener {
    /** Called on ice4j's thread; the bytes are valid only during the call. */
    void onPacket(byte[] buf, int off, int len);
  }

  /**
   * Hands each received RTP packet to a listener, still encrypted, instead of decrypting it: for
   * load generators that read only the clear RTP header, so that their receivers cost little. RTCP
   * is still decrypted and queued.
   */
  public void onRawRtp(RawRtpListener listener) {
    this.rawRtpListener = listener;
  }

  /**
   * Sends transport-cc feedback every 100 ms for what arrived, as a browser does, so the bridge can
   * estimate this endpoint's downlink.
   */
  public synchronized void sendTransportCcFeedback() {
    if (feedbackTimer != null) {
      return;
    }
    transportCc = new org.huddle.videobridge.rtcp.TransportCcRecorder();
    feedbackTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    feedbackTimer.scheduleWithFixedDelay(
        () -> {
          byte[] b = new byte[4096];
          int len = transportCc.writeFeedback(b, 0, 1, 0);
          if (len > 0) {
            sendRtcp(java.util.Arrays.copyOf(b, len));
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
  }

  /** Received RTP, in arrival order. */
  public BlockingQueue<ReceivedRtp> rtp() {
    return rtp;
  }

  /** Received RTCP compound packets, decrypted. */
  public BlockingQueue<byte[]> rtcp() {
    return rtcp;
  }

  /** Packets that arrived but could not be decrypted. */
  public long undecryptable() {
    return undecryptable.get();
  }

  /** Simulates an endpoint that stops answering: incoming packets are ignored. */
  public void goSilent() {
    dropIncoming = true;
    ice.close();
  }

  public String fingerprint() {
    return CERTIFICATE.fingerprint();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (feedbackTimer != null) {
        feedbackTimer.shutdownNow();
      }
    }
    dtls.close();
    ice.close();
    SrtpSession s = srtp;
    if (s != null) {
      s.close();
    }
  }
}
