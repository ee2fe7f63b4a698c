package org.huddle.focus.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.xmpp.codec.Element;

/**
 * Sources on the wire (shared/WIRE.md §2–§3): XEP-0339 elements inside Jingle {@code description},
 * Jitsi's compact {@code json-message} form, and Colibri2 {@code media-source}.
 */
public final class SourceCodec {
  /** XEP-0339: Source-Specific Media Attributes. */
  public static final String NS_SSMA = "urn:xmpp:jingle:apps:rtp:ssma:0";

  /** XEP-0167: Jingle RTP sessions. */
  public static final String NS_RTP = "urn:xmpp:jingle:apps:rtp:1";

  /** Jitsi's {@code ssrc-info} and {@code json-message} namespace. */
  public static final String NS_JITMEET = "http://jitsi.org/jitmeet";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SourceCodec() {}

  /** A malformed or unacceptable source description. */
  public static final class InvalidSources extends Exception {
    public InvalidSources(String message) {
      super(message);
    }
  }

  /**
   * Reads the sources of Jingle contents: {@code content > description > source|ssrc-group}, the
   * media taken from the description (or the content's name).
   */
  public static EndpointSources fromJingle(List<Element> contents) throws InvalidSources {
    Set<Source> sources = new LinkedHashSet<>();
    Set<SsrcGroup> groups = new LinkedHashSet<>();
    for (Element content : contents) {
      Element desc = content.child("description", NS_RTP);
      String mediaName =
          desc != null && desc.attr("media") != null ? desc.attr("media") : content.attr("name");
      MediaType media = MediaType.parse(mediaName);
      List<Element> holders = desc == null ? List.of(content) : List.of(desc, content);
      for (Element holder : holders) {
        for (Element s : holder.elements("source", NS_SSMA)) {
          if (media == null) {
            throw new InvalidSources(
                "a source in content '" + content.attr("name") + "' has no media type");
          }
          sources.add(source(s, media));
        }
        for (Element g : holder.elements("ssrc-group", NS_SSMA)) {
          if (media == null) {
            throw new InvalidSources("an ssrc-group has no media type");
          }
          groups.add(group(g, media));
        }
      }
    }
    return new EndpointSources(sources, groups);
  }

  private static Source source(Element s, MediaType media) throws InvalidSources {
    String msid = null;
    for (Element p : s.elements("parameter", null)) {
      if ("msid".equals(p.attr("name"))) {
        msid = p.attr("value");
      }
    }
    return new Source(ssrc(s.attr("ssrc")), media, s.attr("name"), msid, s.attr("videoType"));
  }

  private static SsrcGroup group(Element g, MediaType media) throws InvalidSources {
    String semantics = g.attr("semantics");
    List<Long> ssrcs = new ArrayList<>();
    for (Element s : g.elements("source", null)) {
      ssrcs.add(ssrc(s.attr("ssrc")));
    }
    return new SsrcGroup(semantics == null ? "" : semantics, ssrcs, media);
  }

  static long ssrc(String value) throws InvalidSources {
    try {
      long v = Long.parseLong(value == null ? "" : value.trim());
      if (v <= 0 || v > 0xffffffffL) {
        throw new InvalidSources("ssrc out of range: " + value);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidSources("not an ssrc: " + value);
    }
  }

  /** Writes sources in the standard form, one list of elements per media, owners in ssrc-info. */
  public static Map<MediaType, List<Element>> toJingle(SourceMap map) {
    Map<MediaType, List<Element>> out = new EnumMap<>(MediaType.class);
    map.owners()
        .forEach(
            (owner, set) -> {
              for (Source s : set.sources()) {
                Element e =
                    new Element("source", NS_SSMA)
                        .attr("ssrc", s.ssrc())
                        .attr("name", s.name())
                        .attr("videoType", s.videoType());
                if (s.msid() != null) {
                  e.addChild("parameter", NS_SSMA).attr("name", "msid").attr("value", s.msid());
                }
                e.addChild("ssrc-info", NS_JITMEET).attr("owner", owner);
                out.computeIfAbsent(s.media(), m -> new ArrayList<>()).add(e);
              }
              for (SsrcGroup g : set.groups()) {
                Element e = new Element("ssrc-group", NS_SSMA).attr("semantics", g.semantics());
                g.ssrcs().forEach(ssrc -> e.addChild("source", NS_SSMA).attr("ssrc", ssrc));
                out.computeIfAbsent(g.media(), m -> new ArrayList<>()).add(e);
              }
            });
    return out;
  }

  /**
   * Jitsi's compact JSON: {@code {"sources":{owner:[videoSources, videoGroups, audioSources,
   * audioGroups]}}}, a source as {@code {"s":ssrc,"n":name,"m":msid,"v":"d"}} ({@code v} only for
   * desktop), a group as {@code ["s"|"f", ssrc...]}.
   */
  public static String toJson(SourceMap map) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode owners = root.putObject("sources");
    map.owners()
        .forEach(
            (owner, set) -> {
              ArrayNode a = owners.putArray(owner);
              a.add(sourcesJson(set, MediaType.VIDEO));
              a.add(groupsJson(set, MediaType.VIDEO));
              a.add(sourcesJson(set, MediaType.AUDIO));
              ArrayNode audioGroups = groupsJson(set, MediaType.AUDIO);
              if (!audioGroups.isEmpty()) {
                a.add(audioGroups);
              }
            });
    return root.toString();
  }

  private static ArrayNode sourcesJson(EndpointSources set, MediaType media) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Source s : set.sources()) {
      if (s.media() != media) {
        continue;
      }
      ObjectNode o = a.addObject();
      o.put("s", s.ssrc());
      if (s.name() != null) {
        o.put("n", s.name());
      }
      if (s.msid() != null) {
        o.put("m", s.msid());
      }
      if (s.desktop()) {
        o.put("v", "d");
      }
    }
    return a;
  }

  private static ArrayNode groupsJson(EndpointSources set, MediaType media) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (SsrcGroup g : set.groups()) {
      if (g.media() != media || !(g.isSimulcast() || g.isFid())) {
        continue;
      }
      ArrayNode ga = a.addArray();
      ga.add(g.isSimulcast() ? "s" : "f");
      g.ssrcs().forEach(ga::add);
    }
    return a;
  }

  /** Reads the compact JSON form back (the inverse of {@link #toJson}). */
  public static SourceMap fromJson(String json) throws InvalidSources {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new InvalidSources("json-message is not JSON: " + e.getMessage());
    }
    JsonNode owners = root.path("sources");
    if (!owners.isObject()) {
      throw new InvalidSources("json-message has no sources object");
    }
    Map<String, EndpointSources> out = new LinkedHashMap<>();
    for (var it = owners.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode a = e.getValue();
      Set<Source> sources = new LinkedHashSet<>();
      Set<SsrcGroup> groups = new LinkedHashSet<>();
      readSources(a.path(0), MediaType.VIDEO, sources);
      readGroups(a.path(1), MediaType.VIDEO, groups);
      readSources(a.path(2), MediaType.AUDIO, sources);
      readGroups(a.path(3), MediaType.AUDIO, groups);
      out.put(e.getKey(), new EndpointSources(sources, groups));
    }
    return new SourceMap(out);
  }

  private static void readSources(JsonNode a, MediaType media, Set<Source> into)
      throws InvalidSources {
    for (JsonNode s : a) {
      into.add(
          new Source(
              ssrc(s.path("s").asText()),
              media,
              s.has("n") ? s.get("n").asText() : null,
              s.has("m") ? s.get("m").asText() : null,
              "d".equals(s.path("v").asText()) ? "desktop" : null));
    }
  }

  private static void readGroups(JsonNode a, MediaType media, Set<SsrcGroup> into)
      throws InvalidSources {
    for (JsonNode g : a) {
      if (!g.isArray()) {
        // An object here has no elements to read by index (SourceCodecFuzzTest,
        // crash-group-that-is-an-object).
        throw new InvalidSources("json-message group is not an array: " + g.getNodeType());
      }
      List<Long> ssrcs = new ArrayList<>();
      for (int i = 1; i < g.size(); i++) {
        ssrcs.add(ssrc(g.get(i).asText()));
      }
      into.add(new SsrcGroup("s".equals(g.path(0).asText()) ? "SIM" : "FID", ssrcs, media));
    }
  }

  /**
   * Colibri2 {@code sources}: one {@code media-source} per signalled track, holding its SSRCs and
   * the groups that start with one of them, without msid or owner (shared/WIRE.md §3).
   *
   * <p>A track is a set of SSRCs that SIM or FID groups, or one msid, tie together; a camera sent
   * as three simulcast layers with RTX is one track of six SSRCs. Its name is the one the
   * participant signalled; a participant that signals none (Jitsi clients without source-name
   * signalling) gets the name Jitsi clients give such a track themselves, {@code <endpoint>-v0},
   * {@code -v1}..., {@code -a0} for audio, so that the bridge's names match the receivers'.
   */
  public static Element toColibri(String owner, EndpointSources set, String colibriNs) {
    Element sources = new Element("sources", colibriNs);
    Map<Long, Element> bySsrc = new LinkedHashMap<>();
    int[] index = new int[MediaType.values().length];
    for (List<Source> track : tracks(set)) {
      Source first = track.get(0);
      String name = null;
      for (Source s : track) {
        if (name == null && s.name() != null) {
          name = s.name();
        }
      }
      int n = index[first.media().ordinal()]++;
      if (name == null) {
        name = owner + (first.media() == MediaType.AUDIO ? "-a" : "-v") + n;
      }
      Element ms =
          sources
              .addChild("media-source", colibriNs)
              .attr("type", first.media().wire())
              .attr("id", name);
      for (Source s : track) {
        ms.addChild("source", NS_SSMA)
            .attr("ssrc", s.ssrc())
            .attr("name", name)
            .attr("videoType", s.videoType());
        bySsrc.put(s.ssrc(), ms);
      }
    }
    for (SsrcGroup g : set.groups()) {
      Element ms = g.ssrcs().isEmpty() ? null : bySsrc.get(g.ssrcs().get(0));
      if (ms == null) {
        continue;
      }
      Element ge = ms.addChild("ssrc-group", NS_SSMA).attr("semantics", g.semantics());
      g.ssrcs().forEach(ssrc -> ge.addChild("source", NS_SSMA).attr("ssrc", ssrc));
    }
    return sources;
  }

  /**
   * The set's sources split into tracks, in the order of their first source: sources of one media
   * joined by a group, by one msid, or by one signalled name.
   */
  static List<List<Source>> tracks(EndpointSources set) {
    Map<Long, Long> parent = new HashMap<>();
    Map<Long, Source> bySsrc = new LinkedHashMap<>();
    for (Source s : set.sources()) {
      bySsrc.put(s.ssrc(), s);
      parent.put(s.ssrc(), s.ssrc());
    }
    Map<String, Long> byKey = new HashMap<>();
    for (Source s : set.sources()) {
      for (String key : new String[] {s.msid(), s.name()}) {
        if (key != null) {
          Long other = byKey.putIfAbsent(s.media() + " " + key, s.ssrc());
          if (other != null) {
            union(parent, other, s.ssrc());
          }
        }
      }
    }
    for (SsrcGroup g : set.groups()) {
      for (long ssrc : g.ssrcs()) {
        Source s = bySsrc.get(ssrc);
        Source head = bySsrc.get(g.ssrcs().get(0));
        if (s != null && head != null && s.media() == head.media()) {
          union(parent, head.ssrc(), ssrc);
        }
      }
    }
    Map<Long, List<Source>> tracks = new LinkedHashMap<>();
    for (Source s : bySsrc.values()) {
      tracks.computeIfAbsent(root(parent, s.ssrc()), r -> new ArrayList<>()).add(s);
    }
    return new ArrayList<>(tracks.values());
  }

  private static long root(Map<Long, Long> parent, long ssrc) {
    long r = ssrc;
    while (parent.get(r) != r) {
      r = parent.get(r);
    }
    parent.put(ssrc, r);
    return r;
  }

  private static void union(Map<Long, Long> parent, long a, long b) {
    long ra = root(parent, a);
    long rb = root(parent, b);
    if (ra != rb) {
      parent.put(rb, ra);
    }
  }

  /** Reads Colibri2 {@code media-source}s (the bridge's feedback sources). */
  public static EndpointSources fromColibri(Element sources) throws InvalidSources {
    Set<Source> out = new LinkedHashSet<>();
    Set<SsrcGroup> groups = new LinkedHashSet<>();
    for (Element ms : sources.elements("media-source", null)) {
      MediaType media = MediaType.parse(ms.attr("type"));
      if (media == null) {
        throw new InvalidSources("media-source type " + ms.attr("type"));
      }
      for (Element s : ms.elements("source", NS_SSMA)) {
        String name = s.attr("name") != null ? s.attr("name") : ms.attr("id");
        out.add(new Source(ssrc(s.attr("ssrc")), media, name, null, s.attr("videoType")));
      }
      for (Element g : ms.elements("ssrc-group", NS_SSMA)) {
        groups.add(group(g, media));
      }
    }
    return new EndpointSources(out, groups);
  }
}
