package org.huddle.focus.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a participant may signal, and what a source-remove means. */
class SourceRulesTest {
  /** A simulcast camera (three layers, each with RTX), a microphone and a screen share. */
  static EndpointSources sender(long base, String owner) {
    String msid = owner + "-video-0 track-v";
    Set<Source> s =
        new java.util.LinkedHashSet<>(
            List.of(
                new Source(base, MediaType.AUDIO, owner + "-a0", owner + "-audio-0 track-a", null),
                new Source(base + 1, MediaType.VIDEO, owner + "-v0", msid, "camera"),
                new Source(base + 2, MediaType.VIDEO, owner + "-v0", msid, "camera"),
                new Source(base + 3, MediaType.VIDEO, owner + "-v0", msid, "camera"),
                new Source(base + 11, MediaType.VIDEO, owner + "-v0", msid, "camera"),
                new Source(base + 12, MediaType.VIDEO, owner + "-v0", msid, "camera"),
                new Source(base + 13, MediaType.VIDEO, owner + "-v0", msid, "camera"),
                new Source(
                    base + 20, MediaType.VIDEO, owner + "-v1", owner + "-screen t", "desktop")));
    Set<SsrcGroup> g =
        new java.util.LinkedHashSet<>(
            List.of(
                new SsrcGroup("SIM", List.of(base + 1, base + 2, base + 3), MediaType.VIDEO),
                new SsrcGroup("FID", List.of(base + 1, base + 11), MediaType.VIDEO),
                new SsrcGroup("FID", List.of(base + 2, base + 12), MediaType.VIDEO),
                new SsrcGroup("FID", List.of(base + 3, base + 13), MediaType.VIDEO)));
    return new EndpointSources(s, g);
  }

  @Nested
  class Rules {
    final SourceRules rules = new SourceRules(20, 20);

    @Test
    void acceptsABrowsersSimulcastCamera() throws Exception {
      rules.checkAdd(EndpointSources.EMPTY, sender(1000, "a"), SourceMap.EMPTY);
    }

    @Test
    void refusesAnSsrcAnotherParticipantUses() {
      assertThatThrownBy(
              () ->
                  rules.checkAdd(
                      EndpointSources.EMPTY,
                      sender(1000, "a"),
                      SourceMap.of("b", sender(1000, "b"))))
          .hasMessageContaining("another participant");
    }

    @Test
    void refusesTooManySsrcsAndBadGroups() {
      assertThatThrownBy(
              () ->
                  new SourceRules(5, 20)
                      .checkAdd(EndpointSources.EMPTY, sender(1, "a"), SourceMap.EMPTY))
          .hasMessageContaining("more than 5");
      EndpointSources fidOfThree =
          new EndpointSources(
              Set.of(
                  new Source(1, MediaType.VIDEO, "a-v0", null, null),
                  new Source(2, MediaType.VIDEO, "a-v0", null, null),
                  new Source(3, MediaType.VIDEO, "a-v0", null, null)),
              Set.of(new SsrcGroup("FID", List.of(1L, 2L, 3L), MediaType.VIDEO)));
      assertThatThrownBy(() -> rules.checkAdd(EndpointSources.EMPTY, fidOfThree, SourceMap.EMPTY))
          .hasMessageContaining("FID");
      EndpointSources foreignGroup =
          new EndpointSources(
              Set.of(new Source(1, MediaType.VIDEO, "a-v0", null, null)),
              Set.of(new SsrcGroup("SIM", List.of(1L, 9L), MediaType.VIDEO)));
      assertThatThrownBy(() -> rules.checkAdd(EndpointSources.EMPTY, foreignGroup, SourceMap.EMPTY))
          .hasMessageContaining("unknown SSRC 9");
    }
  }

  @Test
  void aSourceRemoveMeansTheNamedSsrcsAndTheGroupsWhollyAmongThem() {
    EndpointSources all = sender(1000, "a");
    EndpointSources request =
        new EndpointSources(Set.of(new Source(1020, MediaType.VIDEO, null, null, null)), Set.of());
    EndpointSources named = all.named(request);
    assertThat(named.ssrcs()).containsExactly(1020L);
    assertThat(all.minus(named).ssrcs()).hasSize(7).doesNotContain(1020L);
  }
}
