package org.huddle.videobridge.testkit;

import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.Vp8Descriptor;

/**
 * An RTP packet a test endpoint received and decrypted.
 *
 * @param bytes the whole decrypted packet
 */
public record ReceivedRtp(byte[] bytes) {
  public long ssrc() {
    return RtpHeader.ssrc(bytes, 0);
  }

  public int sequenceNumber() {
    return RtpHeader.sequenceNumber(bytes, 0);
  }

  public long timestamp() {
    return RtpHeader.timestamp(bytes, 0);
  }

  public int payloadType() {
    return RtpHeader.payloadType(bytes, 0);
  }

  public int payloadOffset() {
    return RtpHeader.headerLength(bytes, 0, bytes.length);
  }

  /** The payload, without header or padding. */
  public byte[] payload() {
    int off = payloadOffset();
    return java.util.Arrays.copyOfRange(
        bytes, off, off + RtpHeader.payloadLength(bytes, 0, bytes.length));
  }

  /** The VP8 picture ID, or -1. */
  public int pictureId() {
    return Vp8Descriptor.pictureId(bytes, payloadOffset(), bytes.length - payloadOffset());
  }

  public boolean isKeyFrame() {
    return Vp8Descriptor.isKeyFrame(bytes, payloadOffset(), bytes.length - payloadOffset());
  }

  /** Height from a VP8 key frame, or -1. */
  public int keyFrameHeight() {
    return Vp8Descriptor.keyFrameHeight(bytes, payloadOffset(), bytes.length - payloadOffset());
  }
}
