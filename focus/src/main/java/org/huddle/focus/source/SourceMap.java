package org.huddle.focus.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sources by owner (endpoint id, or {@code jvb} for the bridge's own); immutable. */
public record SourceMap(Map<String, EndpointSources> owners) {
  public static final SourceMap EMPTY = new SourceMap(Map.of());

  public SourceMap {
    Map<String, EndpointSources> m = new LinkedHashMap<>();
    owners.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            m.put(k, v);
          }
        });
    owners = Collections.unmodifiableMap(m);
  }

  public static SourceMap of(String owner, EndpointSources sources) {
    return new SourceMap(Map.of(owner, sources));
  }

  public boolean isEmpty() {
    return owners.isEmpty();
  }

  public EndpointSources get(String owner) {
    return owners.getOrDefault(owner, EndpointSources.EMPTY);
  }

  public SourceMap plus(SourceMap other) {
    Map<String, EndpointSources> m = new LinkedHashMap<>(owners);
    other.owners.forEach((k, v) -> m.merge(k, v, EndpointSources::plus));
    return new SourceMap(m);
  }

  public SourceMap minus(SourceMap other) {
    Map<String, EndpointSources> m = new LinkedHashMap<>(owners);
    other.owners.forEach((k, v) -> m.computeIfPresent(k, (key, mine) -> mine.minus(v)));
    return new SourceMap(m);
  }

  public SourceMap without(String owner) {
    Map<String, EndpointSources> m = new LinkedHashMap<>(owners);
    m.remove(owner);
    return new SourceMap(m);
  }

  public SourceMap with(String owner, EndpointSources sources) {
    Map<String, EndpointSources> m = new LinkedHashMap<>(owners);
    m.put(owner, sources);
    return new SourceMap(m);
  }

  /** Each owner's sources with simulcast stripped. */
  public SourceMap stripSimulcast() {
    Map<String, EndpointSources> m = new LinkedHashMap<>();
    owners.forEach((k, v) -> m.put(k, v.stripSimulcast()));
    return new SourceMap(m);
  }
}
