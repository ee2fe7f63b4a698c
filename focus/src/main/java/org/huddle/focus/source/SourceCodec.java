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
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.MediaSource;
import org.huddle.signalling.colibri2.Sources;
import org.huddle.signalling.jingle.RtpDescription;
import org.huddle.signalling.jingle.SsmaSource;
import org.huddle.xmpp.codec.Element;

/**
 * Sources on the wire (docs/wire.md#sources): XEP-0339 elements inside Jingle {@code description},
 * Jitsi's compact {@code json-message} form, and Colibri2 {@code media-source}; the elements
 * themselves are the signalling module's.
 */
public final class SourceCodec {
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
      Element desc = content.child(RtpDescription.ELEMENT, RtpDescription.NAMESPACE);
      String mediaName =
          desc != null && desc.attr("media") != null ? desc.attr("media") : content.attr("name");
      MediaType media = MediaType.parse(mediaName);
      List<Element> holders = desc == null ? List.of(content) : List.of(desc, content);
      for (Element holder : holders) {
        for (Element s : holder.elements(SsmaSource.ELEMENT, SsmaSource.NAMESPACE)) {
          if (media == null) {
            throw new InvalidSources(
                "a source in content '" + content.attr("name") + "' has no media type");
          }
          sources.add(source(read(SsmaSource::parse, s), media));
        }
        for (Element g :
            holder.elements(
                org.huddle.signalling.jingle.SsrcGroup.ELEMENT,
                org.huddle.signalling.jingle.SsrcGroup.NAMESPACE)) {
          if (media == null) {
            throw new InvalidSources("an ssrc-group has no media type");
          }
          groups.add(group(read(org.huddle.signalling.jingle.SsrcGroup::parse, g), media));
        }
      }
    }
    return new EndpointSources(sources, groups);
  }

  private interface Reader<T> {
    T parse(Element e) throws SignallingException;
  }

  /** Reads a wire element; a malformed one, or an SSRC of 0, is invalid. */
  private static <T> T read(Reader<T> reader, Element e) throws InvalidSources {
    try {
      return reader.parse(e);
    } catch (SignallingException ex) {
      throw new InvalidSources(ex.getMessage());
    }
  }

  private static Source source(SsmaSource s, MediaType media) throws InvalidSources {
    return new Source(nonZero(s.ssrc()), media, s.name(), s.msid(), s.videoType());
  }

  private static SsrcGroup group(org.huddle.signalling.jingle.SsrcGroup g, MediaType media)
      throws InvalidSources {
    for (long ssrc : g.ssrcs()) {
      nonZero(ssrc);
    }
    return new SsrcGroup(g.semantics() == null ? "" : g.semantics(), g.ssrcs(), media);
  }

  private static long nonZero(long ssrc) throws InvalidSources {
    if (ssrc == 0) {
      throw new InvalidSources("ssrc out of range: 0");
    }
    return ssrc;
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
                out.computeIfAbsent(s.media(), m -> new ArrayList<>())
                    .add(
                        new SsmaSource(s.ssrc(), s.name(), s.videoType(), s.msid(), owner)
                            .toElement());
              }
              for (SsrcGroup g : set.groups()) {
                out.computeIfAbsent(g.media(), m -> new ArrayList<>()).add(wire(g).toElement());
              }
            });
    return out;
  }

  private static org.huddle.signalling.jingle.SsrcGroup wire(SsrcGroup g) {
    return new org.huddle.signalling.jingle.SsrcGroup(g.semantics(), g.ssrcs());
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
   * the groups that start with one of them, without msid or owner (docs/wire.md#colibri2-sources).
   *
   * <p>A track is a set of SSRCs that SIM or FID groups, or one msid, tie together; a camera sent
   * as three simulcast layers with RTX is one track of six SSRCs. Its name is the one the
   * participant signalled; a participant that signals none (Jitsi clients without source-name
   * signalling) gets the name Jitsi clients give such a track themselves, {@code <endpoint>-v0},
   * {@code -v1}..., {@code -a0} for audio, so that the bridge's names match the receivers'.
   */
  public static Sources toColibri(String owner, EndpointSources set) {
    List<String> names = new ArrayList<>();
    List<MediaType> types = new ArrayList<>();
    List<List<SsmaSource>> sources = new ArrayList<>();
    List<List<org.huddle.signalling.jingle.SsrcGroup>> groups = new ArrayList<>();
    Map<Long, Integer> bySsrc = new LinkedHashMap<>();
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
      List<SsmaSource> members = new ArrayList<>();
      for (Source s : track) {
        members.add(new SsmaSource(s.ssrc(), name, s.videoType(), null, null));
        bySsrc.put(s.ssrc(), names.size());
      }
      names.add(name);
      types.add(first.media());
      sources.add(members);
      groups.add(new ArrayList<>());
    }
    for (SsrcGroup g : set.groups()) {
      Integer track = g.ssrcs().isEmpty() ? null : bySsrc.get(g.ssrcs().get(0));
      if (track != null) {
        groups.get(track).add(wire(g));
      }
    }
    List<MediaSource> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(new MediaSource(types.get(i).wire(), names.get(i), sources.get(i), groups.get(i)));
    }
    return new Sources(out);
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
  public static EndpointSources fromColibri(Sources sources) throws InvalidSources {
    Set<Source> out = new LinkedHashSet<>();
    Set<SsrcGroup> groups = new LinkedHashSet<>();
    for (MediaSource ms : sources.mediaSources()) {
      MediaType media = MediaType.parse(ms.type());
      if (media == null) {
        throw new InvalidSources("media-source type " + ms.type());
      }
      for (SsmaSource s : ms.sources()) {
        String name = s.name() != null ? s.name() : ms.id();
        out.add(new Source(nonZero(s.ssrc()), media, name, null, s.videoType()));
      }
      for (var g : ms.groups()) {
        groups.add(group(g, media));
      }
    }
    return new EndpointSources(out, groups);
  }
}
