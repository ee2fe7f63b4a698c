package org.huddle.focus.source;

import java.util.HashSet;
import java.util.Set;

/**
 * What a participant may signal (Jicofo's rules): SSRCs in range and unique in the conference,
 * groups of known semantics over the participant's own SSRCs, FID groups of two, and at most so
 * many SSRCs and groups.
 *
 * @param maxSsrcs SSRCs per participant
 * @param maxGroups groups per participant
 */
public record SourceRules(int maxSsrcs, int maxGroups) {

  /**
   * Checks {@code added} against what the participant already has and what the others signalled.
   *
   * @param own the participant's current sources
   * @param added the sources to add
   * @param others every other owner's sources
   * @throws SourceCodec.InvalidSources naming the first problem
   */
  public void checkAdd(EndpointSources own, EndpointSources added, SourceMap others)
      throws SourceCodec.InvalidSources {
    Set<Long> used = new HashSet<>();
    for (EndpointSources s : others.owners().values()) {
      used.addAll(s.ssrcs());
    }
    Set<Long> mine = new HashSet<>(own.ssrcs());
    for (Source s : added.sources()) {
      if (used.contains(s.ssrc())) {
        throw new SourceCodec.InvalidSources(
            "SSRC " + s.ssrc() + " is used by another participant");
      }
      if (!mine.add(s.ssrc()) && !own.sources().contains(s)) {
        throw new SourceCodec.InvalidSources("SSRC " + s.ssrc() + " is signalled twice");
      }
    }
    EndpointSources all = own.plus(added);
    if (all.sources().size() > maxSsrcs) {
      throw new SourceCodec.InvalidSources("more than " + maxSsrcs + " SSRCs");
    }
    if (all.groups().size() > maxGroups) {
      throw new SourceCodec.InvalidSources("more than " + maxGroups + " SSRC groups");
    }
    for (SsrcGroup g : added.groups()) {
      if (!g.isSimulcast() && !g.isFid()) {
        throw new SourceCodec.InvalidSources(
            "unknown ssrc-group semantics '" + g.semantics() + "'");
      }
      if (g.isFid() && g.ssrcs().size() != 2) {
        throw new SourceCodec.InvalidSources("an FID group has two SSRCs, not " + g.ssrcs().size());
      }
      if (g.ssrcs().isEmpty()) {
        throw new SourceCodec.InvalidSources("an empty ssrc-group");
      }
      for (long ssrc : g.ssrcs()) {
        if (!mine.contains(ssrc)) {
          throw new SourceCodec.InvalidSources(
              "group " + g.semantics() + " names unknown SSRC " + ssrc);
        }
      }
    }
  }
}
