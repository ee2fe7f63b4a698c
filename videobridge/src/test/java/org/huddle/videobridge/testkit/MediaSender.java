package org.huddle.videobridge.testkit;

import java.nio.charset.StandardCharsets;
import org.huddle.rtp.testkit.MediaFactory;

/**
 * Sends a browser-like stream from a test endpoint: Opus audio and up to three VP8 simulcast layers
 * (320x180, 640x360, 1280x720), each layer with its own sequence numbers, timestamps, picture IDs
 * and TL0PICIDX, and one transport-wide sequence for all. Numbering continues across calls, since
 * SRTP rejects a replayed sequence number.
 */
public final class MediaSender {
  private static final int[][] SIZES = {{320, 180}, {640, 360}, {1280, 720}};

  private final TestEndpoint endpoint;
  private final Colibri2Requests.Sources sources;
  private int round;
  private int audioSeq = 1000;
  private long audioTs;
  private final int[] videoSeq = {5000, 15000, 25000};
  private final long[] videoTs = {0, 0, 0};
  private final int[] pictureId = {100, 2000, 9000};
  private final int[] tl0 = {0, 50, 100};
  private int transportSeq;
  private boolean answerKeyframeRequests;
  private final boolean[] keyFramePending = new boolean[3];
  private int[] layerBodyBytes;
  private long sentPackets;
  private long sentBytes;

  public MediaSender(TestEndpoint endpoint, Colibri2Requests.Sources sources) {
    this.endpoint = endpoint;
    this.sources = sources;
  }

  /**
   * Makes the sender answer PLI and FIR as an encoder does: the next frame of the requested layer
   * is a key frame. The sender then consumes the endpoint's received RTCP.
   */
  public MediaSender answeringKeyframeRequests() {
    answerKeyframeRequests = true;
    return this;
  }

  private void readKeyframeRequests() {
    byte[] c;
    while ((c = endpoint.rtcp().poll()) != null) {
      byte[] compound = c;
      org.huddle.rtp.Rtcp.forEach(
          compound,
          0,
          compound.length,
          (type, fmt, off, len) -> {
            long ssrc = -1;
            if (type == org.huddle.rtp.Rtcp.PSFB && fmt == 1) {
              ssrc = org.huddle.rtp.Rtcp.mediaSsrc(compound, off);
            } else if (type == org.huddle.rtp.Rtcp.PSFB && fmt == 4) {
              ssrc = org.huddle.rtp.RtcpFeedback.firTargetSsrc(compound, off, len);
            }
            int layer = sources.simulcast().indexOf(ssrc);
            if (layer >= 0) {
              keyFramePending[layer] = true;
              keyframeRequests++;
            }
          });
    }
  }

  /**
   * Pads each layer's frames to a size, as an encoder's layers differ in bitrate (by default every
   * layer's frames are the same small size, so the bridge measures the same bitrate for each).
   *
   * @param bytes the frame body size of layer 0, 1, 2
   */
  public MediaSender withLayerBodySizes(int... bytes) {
    layerBodyBytes = bytes.clone();
    return this;
  }

  private byte[] videoBody(int layer) {
    byte[] tagged = payload(endpoint.id() + "-v" + layer, round);
    if (layerBodyBytes == null || layerBodyBytes[layer] <= tagged.length) {
      return tagged;
    }
    byte[] b = java.util.Arrays.copyOf(tagged, layerBodyBytes[layer]);
    java.util.Arrays.fill(b, tagged.length, b.length, (byte) 'x');
    return b;
  }

  /** Key frame requests answered so far. */
  public int keyframeRequests() {
    return keyframeRequests;
  }

  private int keyframeRequests;

  /** A payload that names its sender, media and index, so a receiver can check it is intact. */
  public static byte[] payload(String tag, int i) {
    return (tag + "-" + i + "-" + "x".repeat(40)).getBytes(StandardCharsets.UTF_8);
  }

  /** Builds and encrypts the next audio packet without sending it (to replay its bytes). */
  public byte[] protectedAudio(int level, byte[] payload) {
    byte[] b =
        endpoint.protect(
            MediaFactory.audio(
                sources.audioSsrc(),
                audioSeq++ & 0xffff,
                audioTs,
                level,
                transportSeq++ & 0xffff,
                payload));
    audioTs += 960;
    return b;
  }

  /** Sends one 20 ms Opus packet with the given level (0 loud, 127 silent). */
  public void audio(int level, byte[] payload) {
    send(
        MediaFactory.audio(
            sources.audioSsrc(),
            audioSeq++ & 0xffff,
            audioTs,
            level,
            transportSeq++ & 0xffff,
            payload));
    audioTs += 960;
  }

  /**
   * Skips a sequence number on a layer, as if the packet were lost on the way.
   *
   * @return the skipped sequence number
   */
  public int loseNextVideoPacket(int layer) {
    return videoSeq[layer]++ & 0xffff;
  }

  /** Sends one single-packet VP8 frame on a layer. */
  public void video(int layer, boolean keyFrame, byte[] body) {
    send(
        MediaFactory.vp8(
            sources.simulcast().get(layer),
            videoSeq[layer]++ & 0xffff,
            videoTs[layer],
            pictureId[layer]++ & 0x7fff,
            tl0[layer]++ & 0xff,
            keyFrame,
            SIZES[layer][0],
            SIZES[layer][1],
            transportSeq++ & 0xffff,
            body));
    videoTs[layer] += 3000;
  }

  /**
   * Sends {@code n} rounds of one audio packet (level 30, speech) and one frame on each of {@code
   * layers} layers, pacing 5 ms a round. The very first frame of each layer is a key frame.
   * Payloads are tagged "{id}-a"/"{id}-v{layer}" with a round number that continues across calls.
   */
  public void send(int n, int layers) throws InterruptedException {
    send(n, layers, 30);
  }

  /** As {@link #send(int, int)}, with the given audio level (0 loud, 127 silent). */
  public void send(int n, int layers, int audioLevel) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      if (answerKeyframeRequests) {
        readKeyframeRequests();
      }
      audio(audioLevel, payload(endpoint.id() + "-a", round));
      for (int l = 0; l < layers; l++) {
        video(l, round == 0 || keyFramePending[l], videoBody(l));
        keyFramePending[l] = false;
      }
      round++;
      Thread.sleep(5);
    }
  }

  private void send(byte[] rtp) {
    sentPackets++;
    sentBytes += rtp.length;
    endpoint.sendRtp(rtp);
  }

  /** RTP packets sent so far by {@link #audio} and {@link #video}. */
  public long sentPackets() {
    return sentPackets;
  }

  /** Their bytes before SRTP protection (RTP header and payload). */
  public long sentBytes() {
    return sentBytes;
  }

  /** Rounds sent so far. */
  public int rounds() {
    return round;
  }
}
