package org.huddle.signalling;

/**
 * Every namespace of the signalling vocabulary, in one place, with the document that defines it.
 * Element classes name theirs from here; nothing else in the project spells these strings.
 */
public final class WireNamespaces {
  private WireNamespaces() {}

  /** XEP-0166 §7: the {@code jingle} element and its {@code content}. */
  public static final String JINGLE = "urn:xmpp:jingle:1";

  /** XEP-0166 §10: Jingle's own error conditions. */
  public static final String JINGLE_ERRORS = "urn:xmpp:jingle:errors:1";

  /** XEP-0167 §4: RTP descriptions and payload types. */
  public static final String RTP = "urn:xmpp:jingle:apps:rtp:1";

  /** XEP-0167 §11: the disco feature for audio. */
  public static final String RTP_AUDIO = "urn:xmpp:jingle:apps:rtp:audio";

  /** XEP-0167 §11: the disco feature for video. */
  public static final String RTP_VIDEO = "urn:xmpp:jingle:apps:rtp:video";

  /** XEP-0293: RTCP feedback. */
  public static final String RTCP_FB = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0";

  /** XEP-0294: RTP header extensions. */
  public static final String RTP_HDREXT = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0";

  /** XEP-0339: sources and ssrc-groups. */
  public static final String SSMA = "urn:xmpp:jingle:apps:rtp:ssma:0";

  /** XEP-0338: content grouping (BUNDLE). */
  public static final String GROUPING = "urn:xmpp:jingle:apps:grouping:0";

  /** XEP-0176: the ICE-UDP transport. */
  public static final String ICE_UDP = "urn:xmpp:jingle:transports:ice-udp:1";

  /** XEP-0320: DTLS fingerprints in Jingle. */
  public static final String DTLS = "urn:xmpp:jingle:apps:dtls:0";

  /** XEP-0343: the SCTP-over-DTLS feature Jitsi clients announce (docs/wire.md#features). */
  public static final String DTLS_SCTP = "urn:xmpp:jingle:transports:dtls-sctp:1";

  /** Colibri2 (docs/wire.md#colibri2). */
  public static final String COLIBRI2 = "jitsi:colibri2";

  /** Jitsi's colibri namespace: {@code web-socket} and the brewery {@code stats}. */
  public static final String COLIBRI = "http://jitsi.org/protocol/colibri";

  /** Jitsi's focus namespace: the {@code conference} IQ and {@code bridge-session}. */
  public static final String FOCUS = "http://jitsi.org/protocol/focus";

  /** Jitsi's meeting namespace: {@code json-message} and {@code ssrc-info}. */
  public static final String JITMEET = "http://jitsi.org/jitmeet";

  /** A moderator's audio mute request and notice (docs/wire.md#mute). */
  public static final String JITMEET_AUDIO = "http://jitsi.org/jitmeet/audio";

  /** A moderator's video mute request and notice (docs/wire.md#mute). */
  public static final String JITMEET_VIDEO = "http://jitsi.org/jitmeet/video";

  /** Jitsi's bridge health check IQ. */
  public static final String HEALTHCHECK = "http://jitsi.org/protocol/healthcheck";
}
