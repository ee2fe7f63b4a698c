package org.huddle.focus.jingle;

import java.util.HashSet;
import java.util.Set;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * What a participant's disco#info (XEP-0030) says it supports, with Jicofo's defaults (audio,
 * video, SCTP) when it does not answer.
 */
public record Features(Set<String> values) {
  public static final String AUDIO = WireNamespaces.RTP_AUDIO;
  public static final String VIDEO = WireNamespaces.RTP_VIDEO;
  public static final String RTX = "urn:ietf:rfc:4588";
  public static final String TCC = "http://jitsi.org/tcc";
  public static final String REMB = "http://jitsi.org/remb";
  public static final String JSON_SOURCES = "http://jitsi.org/json-encoded-sources";
  public static final String OPUS_RED = "http://jitsi.org/opus-red";

  public static final Features DEFAULT =
      new Features(Set.of(AUDIO, VIDEO, WireNamespaces.DTLS_SCTP));

  public Features {
    values = Set.copyOf(values);
  }

  /** What a disco#info answer's {@code query} lists (XEP-0030 §3.1); none without one. */
  public static Features of(Element query) {
    Set<String> vars = new HashSet<>();
    if (query != null) {
      for (Element f : query.elements("feature", null)) {
        if (f.attr("var") != null) {
          vars.add(f.attr("var"));
        }
      }
    }
    return new Features(vars);
  }

  public boolean has(String feature) {
    return values.contains(feature);
  }
}
