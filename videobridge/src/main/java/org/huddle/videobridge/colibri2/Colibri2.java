package org.huddle.videobridge.colibri2;

/** Element names and namespaces of Colibri2 and the Jingle extensions it embeds. */
public final class Colibri2 {
  public static final String NS = "jitsi:colibri2";
  public static final String CONFERENCE_MODIFY = "conference-modify";
  public static final String CONFERENCE_MODIFIED = "conference-modified";

  /** XEP-0167 payload types. */
  public static final String NS_RTP = "urn:xmpp:jingle:apps:rtp:1";

  /** XEP-0294 header extensions. */
  public static final String NS_HDREXT = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0";

  /** XEP-0293 rtcp-fb. */
  public static final String NS_RTCP_FB = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0";

  /** XEP-0339 sources and groups. */
  public static final String NS_SSMA = "urn:xmpp:jingle:apps:rtp:ssma:0";

  /** XEP-0176 ICE-UDP. */
  public static final String NS_ICE_UDP = "urn:xmpp:jingle:transports:ice-udp:1";

  /** XEP-0320 DTLS fingerprints. */
  public static final String NS_DTLS = "urn:xmpp:jingle:apps:dtls:0";

  /** Jitsi's colibri namespace, for {@code web-socket} and brewery {@code stats}. */
  public static final String NS_COLIBRI = "http://jitsi.org/protocol/colibri";

  private Colibri2() {}
}
