package org.huddle.videobridge.testkit;

import java.util.ArrayList;
import java.util.List;
import org.huddle.rtp.Rtcp;
import org.huddle.rtp.testkit.MediaFactory;

/**
 * Sends VP9 K-SVC as Chrome does for Jitsi (L3T1_KEY, on the first SSRC of the signalled group): in
 * a key picture S1 and S2 refer to the layer below and S0 carries the scalability structure; in
 * delta pictures each layer refers only to its own previous frame. Each layer frame is one packet,
 * tagged "{id}-s{sid}-{picture}". Like an encoder under load, the sender can stop its upper layers
 * (still announcing them, or announcing fewer in the structure of its next key picture), and it
 * answers PLI and FIR with a key picture.
 */
public final class Vp9SvcSender {
  private static final int[] HEIGHTS = {180, 360, 720};

  private final TestEndpoint endpoint;
  private final long ssrc;
  private int seq = 30_000;
  private long ts;
  private int pictureId = 500;
  private int tl0;
  private int picture;
  private int layers = 3;
  private int announcedLayers = 3;
  private boolean keyPending = true;
  private int keyframeRequests;

  public Vp9SvcSender(TestEndpoint endpoint, Colibri2Requests.Sources sources) {
    this.endpoint = endpoint;
    this.ssrc = sources.simulcast().get(0);
  }

  /**
   * Makes the stream start with delta pictures, which carry no scalability structure, as a stream
   * joined mid-way does; the first key picture comes when one is asked for.
   */
  public Vp9SvcSender startingWithDeltaPictures() {
    keyPending = false;
    return this;
  }

  /**
   * From now on sends layers S0 to S{@code sent - 1}, and announces {@code announced} layers in the
   * structure of each key picture.
   */
  public void layers(int sent, int announced) {
    layers = sent;
    announcedLayers = announced;
  }

  /** Makes the next picture a key picture, as a new encoder configuration does. */
  public void keyPicture() {
    keyPending = true;
  }

  /** Key frame requests answered so far. */
  public int keyframeRequests() {
    return keyframeRequests;
  }

  /** The number the next picture's tags carry. */
  public int picture() {
    return picture;
  }

  /** Sends {@code n} pictures, 5 ms apart, reading key frame requests before each. */
  public void send(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      readKeyframeRequests();
      boolean key = keyPending;
      keyPending = false;
      List<Integer> structure = new ArrayList<>();
      for (int s = 0; s < announcedLayers; s++) {
        structure.add(HEIGHTS[s]);
      }
      for (int sid = 0; sid < layers; sid++) {
        boolean top = sid == layers - 1;
        MediaFactory.Vp9 d =
            new MediaFactory.Vp9(
                pictureId,
                tl0,
                0,
                false,
                sid,
                key && sid > 0,
                !key,
                true,
                true,
                !key || top,
                key && sid == 0 ? structure : List.of());
        byte[] body = MediaSender.payload(endpoint.id() + "-s" + sid + "-" + picture, 0);
        endpoint.sendRtp(MediaFactory.vp9(ssrc, seq++ & 0xffff, ts, top, d, body));
      }
      pictureId = (pictureId + 1) & 0x7fff;
      tl0 = (tl0 + 1) & 0xff;
      ts += 3000;
      picture++;
      Thread.sleep(5);
    }
  }

  private void readKeyframeRequests() {
    byte[] c;
    while ((c = endpoint.rtcp().poll()) != null) {
      byte[] compound = c;
      Rtcp.forEach(
          compound,
          0,
          compound.length,
          (type, fmt, off, len) -> {
            boolean pli = type == Rtcp.PSFB && fmt == 1 && Rtcp.mediaSsrc(compound, off) == ssrc;
            boolean fir =
                type == Rtcp.PSFB
                    && fmt == 4
                    && org.huddle.rtp.RtcpFeedback.firTargetSsrc(compound, off, len) == ssrc;
            if (pli || fir) {
              keyPending = true;
              keyframeRequests++;
            }
          });
    }
  }
}
