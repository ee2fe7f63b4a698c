package org.huddle.videobridge.srtp;

import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.huddle.rtp.RtpHeader;
import org.huddle.videobridge.packet.Packet;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Protects and unprotects one endpoint's RTP and RTCP (RFC 3711 §3.3 and §3.4), keeping a crypto
 * context per SSRC. Replay protection (§3.3.2) is on in the receive direction.
 *
 * <p>Contexts are bounded: a context created for a packet that then fails authentication is thrown
 * away, so garbage with random SSRCs cannot grow the maps, and each map holds at most {@value
 * #MAX_CONTEXTS} SSRCs, the oldest evicted first.
 *
 * <p>Thread safety: the receive methods are called from the endpoint's receive queue, the send
 * methods from its send queue; each direction's maps are touched by one thread at a time.
 */
public final class SrtpSession implements AutoCloseable {
  static final int MAX_CONTEXTS = 256;

  private final SrtpContextFactory sendFactory;
  private final SrtpContextFactory receiveFactory;
  private final Map<Long, SrtpCryptoContext> sendRtp = lru();
  private final Map<Long, SrtpCryptoContext> receiveRtp = lru();
  private final Map<Long, SrtcpCryptoContext> sendRtcp = lru();
  private final Map<Long, SrtcpCryptoContext> receiveRtcp = lru();

  /**
   * The first {@value #SEND_SLOTS} send contexts again, found by a scan without boxing the SSRC or
   * reordering the map (its access-ordered lookup was a visible share of the forwarding time, issue
   * 18). Kept even when the map evicts them; touched by the send thread only.
   */
  private static final int SEND_SLOTS = 8;

  private final long[] sendSsrcs = new long[SEND_SLOTS];
  private final SrtpCryptoContext[] sendContexts = new SrtpCryptoContext[SEND_SLOTS];
  private int sendSlots;

  /** Why a packet was not accepted. */
  public enum Result {
    OK,
    MALFORMED,
    AUTH_FAILED,
    REPLAYED
  }

  public SrtpSession(SrtpKeys keys) {
    LoggerImpl log = new LoggerImpl(SrtpSession.class.getName());
    var policy = keys.profile().policy();
    var rtcpPolicy = keys.profile().policy();
    sendFactory =
        new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), policy, rtcpPolicy, log);
    receiveFactory =
        new SrtpContextFactory(
            false,
            keys.remoteKey(),
            keys.remoteSalt(),
            keys.profile().policy(),
            keys.profile().policy(),
            log);
  }

  /**
   * Runs jitsi-srtp's first use at startup rather than in the middle of the first call. Left to
   * itself, that first use benchmarks every AES implementation (about 2 s of CPU, most of the
   * bridge's start-up) to pick the fastest; OpenSSL's is ten to fifty times faster than the Java
   * ones wherever it loads, so when it has loaded it is named and the benchmark is skipped.
   */
  public static synchronized void warmUp() {
    if (warmedUp) {
      return;
    }
    if (JitsiOpenSslProvider.isLoaded()) {
      Aes.setFactoryClassName("OpenSSL");
    }
    for (SrtpProfile profile : SrtpProfile.values()) {
      byte[] material = new byte[SrtpKeys.materialLength(profile)];
      try (SrtpSession a = new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, true));
          SrtpSession b = new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, false))) {
        byte[] rtp = new byte[100];
        RtpHeader.write(rtp, 0, false, 0, 1, 1, 1);
        Packet p = Packet.copyOf(rtp, 0, rtp.length);
        a.protectRtp(p);
        b.unprotectRtp(p);
      }
    }
    warmedUp = true;
  }

  private static boolean warmedUp;

  private static <V> Map<Long, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > MAX_CONTEXTS;
      }
    };
  }

  /** Decrypts and authenticates an SRTP packet in place. */
  public Result unprotectRtp(Packet p) {
    if (!RtpHeader.isValid(p.buffer(), p.offset(), p.length())) {
      return Result.MALFORMED;
    }
    long ssrc = RtpHeader.ssrc(p.buffer(), p.offset());
    boolean fresh = !receiveRtp.containsKey(ssrc);
    try {
      SrtpCryptoContext ctx = receiveRtp.get(ssrc);
      if (ctx == null) {
        ctx = receiveFactory.deriveContext((int) ssrc, 0);
        receiveRtp.put(ssrc, ctx);
      }
      Result r = result(ctx.reverseTransformPacket(new Buf(p), false));
      if (r != Result.OK && fresh) {
        forget(receiveRtp, ssrc);
      }
      return r;
    } catch (GeneralSecurityException | RuntimeException e) {
      if (fresh) {
        forget(receiveRtp, ssrc);
      }
      return Result.MALFORMED;
    }
  }

  /** Encrypts and signs an RTP packet in place; the packet grows by the auth tag. */
  public boolean protectRtp(Packet p) {
    long ssrc = RtpHeader.ssrc(p.buffer(), p.offset());
    try {
      SrtpCryptoContext ctx = sendContext(ssrc);
      return ctx.transformPacket(new Buf(p)) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private SrtpCryptoContext sendContext(long ssrc) throws GeneralSecurityException {
    for (int i = 0; i < sendSlots; i++) {
      if (sendSsrcs[i] == ssrc) {
        return sendContexts[i];
      }
    }
    SrtpCryptoContext ctx = sendRtp.get(ssrc);
    if (ctx == null) {
      ctx = sendFactory.deriveContext((int) ssrc, 0);
      sendRtp.put(ssrc, ctx);
    }
    if (sendSlots < SEND_SLOTS) {
      sendSsrcs[sendSlots] = ssrc;
      sendContexts[sendSlots++] = ctx;
    }
    return ctx;
  }

  /** Authenticates and decrypts an SRTCP compound packet in place. */
  public Result unprotectRtcp(Packet p) {
    if (p.length() < 8 + 4) {
      return Result.MALFORMED;
    }
    long ssrc = org.huddle.rtp.Bytes.u32(p.buffer(), p.offset() + 4);
    boolean fresh = !receiveRtcp.containsKey(ssrc);
    try {
      SrtcpCryptoContext ctx = receiveRtcp.get(ssrc);
      if (ctx == null) {
        ctx = receiveFactory.deriveControlContext((int) ssrc);
        receiveRtcp.put(ssrc, ctx);
      }
      Result r = result(ctx.reverseTransformPacket(new Buf(p)));
      if (r != Result.OK && fresh) {
        forget(receiveRtcp, ssrc);
      }
      return r;
    } catch (GeneralSecurityException | RuntimeException e) {
      if (fresh) {
        forget(receiveRtcp, ssrc);
      }
      return Result.MALFORMED;
    }
  }

  /** Encrypts and signs an RTCP compound packet in place. */
  public boolean protectRtcp(Packet p) {
    long ssrc = org.huddle.rtp.Bytes.u32(p.buffer(), p.offset() + 4);
    try {
      SrtcpCryptoContext ctx = sendRtcp.get(ssrc);
      if (ctx == null) {
        ctx = sendFactory.deriveControlContext((int) ssrc);
        sendRtcp.put(ssrc, ctx);
      }
      return ctx.transformPacket(new Buf(p)) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static <C extends BaseSrtpCryptoContext> void forget(Map<Long, C> map, long ssrc) {
    map.remove(ssrc);
  }

  private static Result result(SrtpErrorStatus s) {
    return switch (s) {
      case OK -> Result.OK;
      case REPLAY_FAIL, REPLAY_OLD -> Result.REPLAYED;
      case AUTH_FAIL -> Result.AUTH_FAILED;
      default -> Result.MALFORMED;
    };
  }

  /** Number of receive contexts held (for tests of the memory bound). */
  public int receiveContextCount() {
    return receiveRtp.size() + receiveRtcp.size();
  }

  @Override
  public void close() {
    java.util.Arrays.fill(sendContexts, null);
    sendSlots = 0;
    sendRtp.clear();
    receiveRtp.clear();
    sendRtcp.clear();
    receiveRtcp.clear();
    sendFactory.close();
    receiveFactory.close();
  }

  /** Adapts a {@link Packet} to jitsi-srtp's buffer interface. */
  private static final class Buf implements ByteArrayBuffer {
    private final Packet p;

    Buf(Packet p) {
      this.p = p;
    }

    @Override
    public byte[] getBuffer() {
      return p.buffer();
    }

    @Override
    public int getOffset() {
      return p.offset();
    }

    @Override
    public int getLength() {
      return p.length();
    }

    @Override
    public void setLength(int len) {
      p.setLength(len);
    }

    @Override
    public void setOffset(int off) {
      p.setOffset(off);
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
      System.arraycopy(p.buffer(), p.offset() + off, outBuff, 0, len);
    }

    @Override
    public void grow(int howMuch) {
      if (p.offset() + p.length() + howMuch > p.buffer().length) {
        p.grow(howMuch);
      }
    }

    @Override
    public void append(byte[] data, int len) {
      int at = p.length();
      grow(len);
      System.arraycopy(data, 0, p.buffer(), p.offset() + at, len);
      p.setLength(at + len);
    }

    @Override
    public void shrink(int len) {
      p.setLength(Math.max(0, p.length() - len));
    }
  }
}
