package org.huddle.videobridge.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.huddle.videobridge.srtp.SrtpKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS association for DTLS-SRTP. The handshake runs on its own virtual thread, since
 * BouncyCastle's DTLS API blocks; records reach it through {@link #receive}. The peer's certificate
 * must match the fingerprint signalled for it (RFC 5763 §5); until that fingerprint is known, the
 * check waits for it, up to the handshake timeout.
 *
 * <p>After the handshake the association stays open to answer retransmitted flights; application
 * data (SCTP) is read and discarded, since the bridge channel runs over WebSocket.
 */
public final class DtlsTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DtlsTransport.class);
  private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

  private final DtlsCertificate certificate;
  private final DatagramQueue queue;
  private final CompletableFuture<String> remoteFingerprint = new CompletableFuture<>();
  private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
  private final Duration handshakeTimeout;
  private final AtomicLong dropped = new AtomicLong();
  private volatile DTLSTransport transport;
  private volatile Thread thread;
  private volatile boolean closed;

  /**
   * @param certificate our certificate
   * @param sender sends one DTLS datagram to the peer
   * @param handshakeTimeout how long to wait for the peer's fingerprint and the handshake
   */
  public DtlsTransport(
      DtlsCertificate certificate, Consumer<byte[]> sender, Duration handshakeTimeout) {
    this.certificate = certificate;
    this.queue = new DatagramQueue(sender);
    this.handshakeTimeout = handshakeTimeout;
  }

  /** The crypto provider shared by all associations. */
  public static BcTlsCrypto crypto() {
    return CRYPTO;
  }

  /** Sets the fingerprint the peer's certificate must have (from signalling). */
  public void setRemoteFingerprint(String hash, String fingerprint) {
    if (!DtlsCertificate.HASH.equalsIgnoreCase(hash)) {
      LOG.warn("unsupported fingerprint hash {}; the handshake will fail", hash);
      remoteFingerprint.complete("");
      return;
    }
    remoteFingerprint.complete(fingerprint);
  }

  /** Starts the handshake in the given role; idempotent. */
  public synchronized void start(DtlsRole role) {
    if (thread != null || closed) {
      return;
    }
    thread = Thread.ofVirtual().name("dtls-" + role).start(() -> run(role));
  }

  /** The SRTP keys, once the handshake has completed. */
  public CompletableFuture<SrtpKeys> keys() {
    return keys;
  }

  /**
   * Hands a received DTLS record to the association; false (and counted) when it was dropped
   * because the association is backed up or closed.
   */
  public boolean receive(byte[] buf, int off, int len) {
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    if (!queue.offer(copy)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Records dropped because the association was backed up or closed. */
  public long droppedRecords() {
    return dropped.get();
  }

  private boolean verify(Certificate chain) {
    try {
      String expected = remoteFingerprint.get(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      boolean ok = DtlsCertificate.matches(expected, DtlsCertificate.fingerprint(chain));
      if (!ok) {
        LOG.warn("DTLS peer certificate does not match the signalled fingerprint");
      }
      return ok;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("no fingerprint signalled for the DTLS peer in time");
      return false;
    }
  }

  private void run(DtlsRole role) {
    LOG.debug("DTLS handshake starts as {}", role);
    try {
      if (role == DtlsRole.SERVER) {
        SrtpTlsServer server = new SrtpTlsServer(CRYPTO, certificate, this::verify);
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // ICE has already checked the peer's address, so skip the HelloVerifyRequest round trip,
        // as jitsi-videobridge does.
        protocol.setVerifyRequests(false);
        transport = protocol.accept(server, queue);
        keys.complete(server.keys());
      } else {
        SrtpTlsClient client = new SrtpTlsClient(CRYPTO, certificate, this::verify);
        transport = new DTLSClientProtocol().connect(client, queue);
        keys.complete(client.keys());
      }
      drainApplicationData();
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        LOG.info("DTLS handshake failed: {}", e.toString());
      }
      keys.completeExceptionally(e);
    }
  }

  private void drainApplicationData() {
    byte[] buf = new byte[1500];
    while (!closed) {
      try {
        transport.receive(buf, 0, buf.length, 1000);
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    keys.completeExceptionally(new IOException("closed"));
    remoteFingerprint.complete("");
    DTLSTransport t = transport;
    if (t != null) {
      try {
        t.close();
      } catch (IOException e) {
        LOG.debug("closing DTLS: {}", e.toString());
      }
    }
    queue.close();
  }
}
