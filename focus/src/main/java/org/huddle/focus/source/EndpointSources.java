package org.huddle.focus.source;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** One endpoint's sources and groups; immutable. */
public record EndpointSources(Set<Source> sources, Set<SsrcGroup> groups) {
  public static final EndpointSources EMPTY = new EndpointSources(Set.of(), Set.of());

  public EndpointSources {
    sources = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(sources));
    groups = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(groups));
  }

  public boolean isEmpty() {
    return sources.isEmpty() && groups.isEmpty();
  }

  public EndpointSources plus(EndpointSources other) {
    Set<Source> s = new LinkedHashSet<>(sources);
    s.addAll(other.sources);
    Set<SsrcGroup> g = new LinkedHashSet<>(groups);
    g.addAll(other.groups);
    return new EndpointSources(s, g);
  }

  public EndpointSources minus(EndpointSources other) {
    Set<Source> s = new LinkedHashSet<>(sources);
    s.removeAll(other.sources);
    Set<SsrcGroup> g = new LinkedHashSet<>(groups);
    g.removeAll(other.groups);
    return new EndpointSources(s, g);
  }

  /**
   * The part of this set that {@code request} names by SSRC: those sources, and the groups all of
   * whose SSRCs are among them. What a {@code source-remove} means, whatever else it repeats.
   */
  public EndpointSources named(EndpointSources request) {
    Set<Long> wanted = request.ssrcs();
    request.groups.forEach(g -> wanted.addAll(g.ssrcs()));
    Set<Source> s = new LinkedHashSet<>();
    for (Source source : sources) {
      if (wanted.contains(source.ssrc())) {
        s.add(source);
      }
    }
    Set<SsrcGroup> g = new LinkedHashSet<>();
    for (SsrcGroup group : groups) {
      if (wanted.containsAll(group.ssrcs())) {
        g.add(group);
      }
    }
    return new EndpointSources(s, g);
  }

  /**
   * These sources with the msid Jicofo gives the bridge's own streams ({@code mixedmslabel
   * mixedlabel<media>0}), so that clients treat them as mixed.
   */
  public EndpointSources asMixed() {
    Set<Source> named = new LinkedHashSet<>();
    for (Source s : sources) {
      String label = "mixedmslabel mixedlabel" + s.media().wire() + "0";
      named.add(new Source(s.ssrc(), s.media(), s.name(), label, s.videoType()));
    }
    return new EndpointSources(named, groups);
  }

  /** The SSRCs of all sources. */
  public Set<Long> ssrcs() {
    Set<Long> out = new HashSet<>();
    sources.forEach(s -> out.add(s.ssrc()));
    return out;
  }

  /**
   * What a receiver needs of a simulcast sender: the first SSRC of each SIM group and its RTX, the
   * bridge rewriting every layer to that SSRC. The SIM groups go; FID groups of dropped layers go.
   */
  public EndpointSources stripSimulcast() {
    Set<Long> drop = new HashSet<>();
    Set<SsrcGroup> keptGroups = new LinkedHashSet<>();
    for (SsrcGroup g : groups) {
      if (g.isSimulcast()) {
        drop.addAll(g.ssrcs().subList(1, g.ssrcs().size()));
      }
    }
    for (SsrcGroup g : groups) {
      if (g.isSimulcast()) {
        continue;
      }
      if (g.isFid() && g.ssrcs().size() == 2 && drop.contains(g.ssrcs().get(0))) {
        drop.add(g.ssrcs().get(1));
        continue;
      }
      keptGroups.add(g);
    }
    Set<Source> kept = new LinkedHashSet<>();
    for (Source s : sources) {
      if (!drop.contains(s.ssrc())) {
        kept.add(s);
      }
    }
    return new EndpointSources(kept, keptGroups);
  }
}
