package org.huddle.focus.jingle;

import java.util.Set;
import org.huddle.xmpp.codec.Element;

/** Jingle names and namespaces, and small builders. */
public final class Jingle {
  /** XEP-0166 §7. */
  public static final String NS = "urn:xmpp:jingle:1";

  /** XEP-0166 §10: Jingle-specific error conditions. */
  public static final String NS_ERRORS = "urn:xmpp:jingle:errors:1";

  /** XEP-0176 ICE-UDP transport. */
  public static final String NS_ICE_UDP = "urn:xmpp:jingle:transports:ice-udp:1";

  /** XEP-0320 DTLS fingerprints. */
  public static final String NS_DTLS = "urn:xmpp:jingle:apps:dtls:0";

  /** XEP-0338 grouping (BUNDLE). */
  public static final String NS_GROUPING = "urn:xmpp:jingle:apps:grouping:0";

  /** XEP-0294 header extensions. */
  public static final String NS_HDREXT = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0";

  /** XEP-0293 RTCP feedback. */
  public static final String NS_RTCP_FB = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0";

  /** Jitsi's focus namespace: {@code bridge-session}, {@code conference}. */
  public static final String NS_FOCUS = "http://jitsi.org/protocol/focus";

  /** The actions XEP-0166 §7.2 defines, plus Jitsi's source-add and source-remove. */
  public static final Set<String> ACTIONS =
      Set.of(
          "content-accept",
          "content-add",
          "content-modify",
          "content-reject",
          "content-remove",
          "description-info",
          "security-info",
          "session-accept",
          "session-info",
          "session-initiate",
          "session-terminate",
          "transport-accept",
          "transport-info",
          "transport-reject",
          "transport-replace",
          "source-add",
          "source-remove",
          "addsource",
          "removesource");

  private Jingle() {}

  /** {@code <jingle xmlns='urn:xmpp:jingle:1' action= sid=/>}. */
  public static Element jingle(String action, String sid) {
    return new Element("jingle", NS).attr("action", action).attr("sid", sid);
  }

  /** XEP-0166 §7.4 {@code <reason><condition/><text/></reason>}. */
  public static Element reason(String condition, String text) {
    Element r = new Element("reason", NS);
    r.addChild(condition, NS);
    if (text != null) {
      r.addChild("text", NS).text(text);
    }
    return r;
  }

  /** A Jingle error condition (XEP-0166 §10), e.g. {@code unknown-session}. */
  public static Element error(String condition) {
    return new Element(condition, NS_ERRORS);
  }
}
