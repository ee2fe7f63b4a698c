package org.huddle.videobridge.colibri2;

import static org.huddle.videobridge.colibri2.Colibri2.NS_DTLS;
import static org.huddle.videobridge.colibri2.Colibri2.NS_HDREXT;
import static org.huddle.videobridge.colibri2.Colibri2.NS_ICE_UDP;
import static org.huddle.videobridge.colibri2.Colibri2.NS_RTCP_FB;
import static org.huddle.videobridge.colibri2.Colibri2.NS_RTP;
import static org.huddle.videobridge.colibri2.Colibri2.NS_SSMA;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.PayloadType;
import org.huddle.videobridge.ice.IceCandidate;

/**
 * Reads and writes the Jingle pieces Colibri2 carries: {@code media} (XEP-0167 payload types,
 * XEP-0293 rtcp-fb, XEP-0294 header extensions), ICE-UDP transports (XEP-0176) with DTLS
 * fingerprints (XEP-0320), and sources with SIM and FID groups (XEP-0339).
 */
public final class Colibri2Codec {
  private Colibri2Codec() {}

  /** The remote side of an ICE-UDP transport. */
  public record RemoteTransport(
      String ufrag,
      String password,
      List<IceCandidate> candidates,
      String fingerprintHash,
      String fingerprint,
      String setup) {}

  static int intAttr(XmlElement e, String name, int dflt) throws Colibri2Exception {
    String v = e.attr(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException ex) {
      throw badRequest("<" + e.name() + "> " + name + " is not a number: " + v);
    }
  }

  static long longAttr(XmlElement e, String name) throws Colibri2Exception {
    String v = e.attr(name);
    try {
      return v == null ? 0 : Long.parseLong(v.trim());
    } catch (NumberFormatException ex) {
      throw badRequest("<" + e.name() + "> " + name + " is not a number: " + v);
    }
  }

  static long ssrcAttr(XmlElement e) throws Colibri2Exception {
    String v = e.attr("ssrc");
    try {
      long ssrc = Long.parseLong(v == null ? "" : v.trim());
      if (ssrc < 0 || ssrc > 0xffffffffL) {
        throw badRequest("ssrc out of range: " + v);
      }
      return ssrc;
    } catch (NumberFormatException ex) {
      throw badRequest("<" + e.name() + "> has no valid ssrc: " + v);
    }
  }

  static Colibri2Exception badRequest(String text) {
    return new Colibri2Exception("bad-request", null, text);
  }

  /** Reads {@code media} children into formats; null when there are none. */
  public static MediaFormats media(List<XmlElement> mediaElements) throws Colibri2Exception {
    if (mediaElements.isEmpty()) {
      return null;
    }
    List<PayloadType> audio = new ArrayList<>();
    List<PayloadType> video = new ArrayList<>();
    Map<String, Integer> extensions = new HashMap<>();
    for (XmlElement m : mediaElements) {
      String type = m.attr("type");
      if (!"audio".equals(type) && !"video".equals(type)) {
        throw badRequest("media type must be audio or video, not " + type);
      }
      List<PayloadType> into = "audio".equals(type) ? audio : video;
      for (XmlElement pt : m.children("payload-type", NS_RTP)) {
        Map<String, String> params = new LinkedHashMap<>();
        // XEP-0167 §5 requires a parameter's value and an rtcp-fb's type (XEP-0293 §4); without
        // them the request is bad, not a null in the formats (found by Colibri2CodecFuzzTest).
        for (XmlElement p : pt.children("parameter")) {
          if (p.attr("value") == null) {
            throw badRequest("parameter " + p.attr("name") + " has no value");
          }
          params.put(p.attr("name") == null ? "" : p.attr("name"), p.attr("value"));
        }
        List<String> fb = new ArrayList<>();
        for (XmlElement f : pt.children("rtcp-fb", NS_RTCP_FB)) {
          String fbType = f.attr("type");
          if (fbType == null) {
            throw badRequest("rtcp-fb without a type");
          }
          String sub = f.attr("subtype");
          fb.add(sub == null ? fbType : fbType + " " + sub);
        }
        int id = intAttr(pt, "id", -1);
        if (id < 0 || id > 127) {
          throw badRequest("payload-type id out of range: " + pt.attr("id"));
        }
        into.add(
            new PayloadType(
                id,
                pt.attr("name") == null ? "" : pt.attr("name"),
                intAttr(pt, "clockrate", 0),
                intAttr(pt, "channels", 1),
                params,
                fb));
      }
      for (XmlElement h : m.children("rtp-hdrext", NS_HDREXT)) {
        int id = intAttr(h, "id", -1);
        if (h.attr("uri") != null && id > 0 && id < 256) {
          extensions.put(h.attr("uri"), id);
        }
      }
    }
    return new MediaFormats(audio, video, extensions);
  }

  /** Reads an inner ICE-UDP transport element. */
  public static RemoteTransport transport(XmlElement ice) throws Colibri2Exception {
    List<IceCandidate> candidates = new ArrayList<>();
    for (XmlElement c : ice.children("candidate")) {
      candidates.add(
          new IceCandidate(
              intAttr(c, "component", 1),
              c.attr("foundation") == null ? "1" : c.attr("foundation"),
              intAttr(c, "generation", 0),
              c.attr("id"),
              c.attr("ip"),
              intAttr(c, "port", 0),
              longAttr(c, "priority"),
              c.attr("protocol") == null ? "udp" : c.attr("protocol"),
              c.attr("type") == null ? "host" : c.attr("type"),
              c.attr("rel-addr"),
              intAttr(c, "rel-port", 0),
              c.attr("tcptype")));
    }
    String hash = null;
    String fingerprint = null;
    String setup = null;
    var fp = ice.child("fingerprint", NS_DTLS);
    if (fp.isPresent()) {
      hash = fp.get().attr("hash");
      fingerprint = fp.get().text();
      setup = fp.get().attr("setup");
    }
    return new RemoteTransport(
        ice.attr("ufrag"), ice.attr("pwd"), candidates, hash, fingerprint, setup);
  }

  /** Writes our ICE-UDP transport. */
  public static XmlElement transport(
      String ufrag,
      String password,
      List<IceCandidate> candidates,
      String fingerprint,
      String webSocketUrl) {
    XmlElement t =
        new XmlElement("transport", NS_ICE_UDP).attr("ufrag", ufrag).attr("pwd", password);
    for (IceCandidate c : candidates) {
      t.add("candidate", NS_ICE_UDP)
          .attr("component", c.component())
          .attr("foundation", c.foundation())
          .attr("generation", c.generation())
          .attr("id", c.id())
          .attr("ip", c.ip())
          .attr("network", 0)
          .attr("port", c.port())
          .attr("priority", c.priority())
          .attr("protocol", c.protocol())
          .attr("type", c.type())
          .attr("rel-addr", c.relAddr())
          .attr("rel-port", c.relAddr() == null ? null : c.relPort())
          .attr("tcptype", c.tcpType());
    }
    t.add("rtcp-mux", NS_ICE_UDP);
    t.add("fingerprint", NS_DTLS)
        .attr("hash", "sha-256")
        .attr("setup", "actpass")
        .text(fingerprint);
    if (webSocketUrl != null) {
      t.add("web-socket", Colibri2.NS_COLIBRI).attr("url", webSocketUrl);
    }
    return t;
  }

  /** Reads {@code sources} > {@code media-source} into source descriptions. */
  public static List<MediaSourceDesc> sources(XmlElement sources, String owner)
      throws Colibri2Exception {
    List<MediaSourceDesc> out = new ArrayList<>();
    for (XmlElement ms : sources.children("media-source")) {
      String type = ms.attr("type");
      boolean video = "video".equals(type);
      if (!video && !"audio".equals(type)) {
        throw badRequest("media-source type must be audio or video");
      }
      List<Long> ssrcs = new ArrayList<>();
      String videoType = null;
      for (XmlElement s : ms.children("source", NS_SSMA)) {
        ssrcs.add(ssrcAttr(s));
        if (s.attr("videoType") != null) {
          videoType = s.attr("videoType");
        }
      }
      List<Long> sim = new ArrayList<>();
      Map<Long, Long> rtx = new HashMap<>();
      for (XmlElement g : ms.children("ssrc-group", NS_SSMA)) {
        List<Long> members = new ArrayList<>();
        for (XmlElement s : g.children("source")) {
          members.add(ssrcAttr(s));
        }
        if ("SIM".equals(g.attr("semantics"))) {
          sim = members;
        } else if ("FID".equals(g.attr("semantics"))) {
          if (members.size() != 2) {
            throw badRequest("an FID group has two sources");
          }
          rtx.put(members.get(0), members.get(1));
        }
      }
      List<Long> layers = new ArrayList<>(sim);
      if (layers.isEmpty()) {
        for (long ssrc : ssrcs) {
          if (!rtx.containsValue(ssrc)) {
            layers.add(ssrc);
            break;
          }
        }
      }
      if (layers.isEmpty()) {
        continue;
      }
      String name =
          ms.attr("id") == null ? owner + (video ? "-v" : "-a") + out.size() : ms.attr("id");
      out.add(new MediaSourceDesc(name, owner, video, layers, rtx, videoType));
    }
    return out;
  }

  /** Writes the bridge's own feedback sources (owner "jvb" to the focus). */
  public static XmlElement feedbackSources(long audioSsrc, long videoSsrc) {
    XmlElement s = new XmlElement("sources", Colibri2.NS);
    s.add("media-source", null)
        .attr("type", "audio")
        .attr("id", "jvb-a0")
        .add("source", NS_SSMA)
        .attr("ssrc", audioSsrc)
        .attr("name", "jvb-a0");
    s.add("media-source", null)
        .attr("type", "video")
        .attr("id", "jvb-v0")
        .add("source", NS_SSMA)
        .attr("ssrc", videoSsrc)
        .attr("name", "jvb-v0");
    return s;
  }
}
