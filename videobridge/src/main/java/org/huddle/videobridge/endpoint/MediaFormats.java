package org.huddle.videobridge.endpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huddle.rtp.VideoCodec;
import org.huddle.videobridge.pipeline.RtpParser;

/**
 * An endpoint's negotiated payload types and header extensions (RFC 8285 ids), immutable. Its
 * lookups serve the receive and send pipelines.
 */
public final class MediaFormats implements RtpParser.PayloadTypes {
  public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  public static final String DEPENDENCY_DESCRIPTOR =
      "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
  public static final String TRANSPORT_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

  public static final MediaFormats EMPTY = new MediaFormats(List.of(), List.of(), Map.of());

  private final Map<Integer, PayloadType> audio = new HashMap<>();
  private final Map<Integer, PayloadType> video = new HashMap<>();
  private final Map<String, Integer> extensions;

  /** The ids the pipelines ask for per packet, looked up once (-1: not negotiated). */
  private final int transportCcId;

  private final int audioLevelId;

  /**
   * @param audio audio payload types
   * @param video video payload types (including rtx)
   * @param extensions header extension URI to id
   */
  public MediaFormats(
      List<PayloadType> audio, List<PayloadType> video, Map<String, Integer> extensions) {
    audio.forEach(p -> this.audio.put(p.id(), p));
    video.forEach(p -> this.video.put(p.id(), p));
    this.extensions = Map.copyOf(extensions);
    this.transportCcId = this.extensions.getOrDefault(TRANSPORT_CC, -1);
    this.audioLevelId = this.extensions.getOrDefault(AUDIO_LEVEL, -1);
  }

  /** This one's payload types and extensions, with {@code other}'s for media it lacks. */
  public MediaFormats merge(MediaFormats other) {
    Map<String, Integer> ext = new HashMap<>(other.extensions);
    ext.putAll(extensions);
    return new MediaFormats(
        List.copyOf((audio.isEmpty() ? other.audio : audio).values()),
        List.copyOf((video.isEmpty() ? other.video : video).values()),
        ext);
  }

  @Override
  public RtpParser.Kind kindOf(int pt) {
    if (audio.containsKey(pt)) {
      return RtpParser.Kind.AUDIO;
    }
    PayloadType v = video.get(pt);
    if (v == null) {
      return RtpParser.Kind.UNKNOWN;
    }
    return v.isRtx() ? RtpParser.Kind.RTX : RtpParser.Kind.VIDEO;
  }

  public boolean isVp8(int pt) {
    return codecOf(pt) == VideoCodec.VP8;
  }

  /** The codec of a video payload type; NONE when {@code pt} is not a video payload type. */
  public VideoCodec codecOf(int pt) {
    PayloadType v = video.get(pt);
    return v == null ? VideoCodec.NONE : VideoCodec.of(v.name());
  }

  /**
   * Whether this endpoint can receive video of payload type {@code pt}: it accepted it, or it has
   * not said which video payload types it accepts yet.
   */
  public boolean acceptsVideo(int pt) {
    return video.isEmpty() || video.containsKey(pt);
  }

  /** The apt of an RTX payload type, or -1 when {@code pt} is not RTX. */
  public int associatedPayloadType(int pt) {
    PayloadType v = video.get(pt);
    return v == null ? -1 : v.apt();
  }

  /** The RTX payload type that carries {@code pt}, or -1. */
  public int rtxPayloadTypeFor(int pt) {
    for (PayloadType v : video.values()) {
      if (v.apt() == pt) {
        return v.id();
      }
    }
    return -1;
  }

  /** Whether the video codecs accept "nack pli"; when not, key frames are asked for with FIR. */
  public boolean supportsPli() {
    return video.values().stream()
        .filter(v -> !v.isRtx())
        .anyMatch(v -> v.rtcpFb().contains("nack pli"));
  }

  /** Whether the video codecs accept Generic NACK ("nack" without a subtype). */
  public boolean supportsNack() {
    return video.values().stream()
        .filter(v -> !v.isRtx())
        .anyMatch(v -> v.rtcpFb().contains("nack"));
  }

  /** The id of a header extension, or -1 when not negotiated. */
  public int extensionId(String uri) {
    if (uri == TRANSPORT_CC) { // the constants, asked for per packet: no map lookup
      return transportCcId;
    } else if (uri == AUDIO_LEVEL) {
      return audioLevelId;
    }
    return extensions.getOrDefault(uri, -1);
  }

  public boolean hasVideo() {
    return !video.isEmpty();
  }
}
