package org.huddle.focus.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.selection.BridgeSelector.Selection;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BridgeSelectorTest {
  final Bridges bridges = new Bridges();
  final SelectionRequest request = new SelectionRequest("room@muc.meet.jitsi", "", "", 2);

  Selection select(BridgeStrategy strategy) {
    return new BridgeSelector(bridges.registry, strategy, 0.8, -1).select(request);
  }

  @Nested
  class LeastLoaded {
    @Test
    void takesTheBridgeWithTheLowestStress() {
      bridges.announce("a", 0.5, "");
      Bridge b = bridges.announce("b", 0.1, "");
      bridges.announce("c", 0.3, "");
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(b);
    }

    @Test
    void countsEndpointsJustAddedBeforeTheBridgeReportsThem() {
      Bridge a = bridges.announce("a", 0.10, "");
      Bridge b = bridges.announce("b", 0.12, "");
      for (int i = 0; i < 5; i++) {
        a.endpointAdded();
      }
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(b);
    }

    @Test
    void usesAnOverloadedBridgeOnlyWhenNothingElseIsLeft() {
      bridges.announce("hot", 0.9, "");
      Bridge warm = bridges.announce("warm", 0.85, "");
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(warm);
      Bridge cool = bridges.announce("cool", 0.79, "");
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(cool);
    }

    @Test
    void leavesOutBridgesThatShutDownOrSayTheyAreUnhealthy() {
      bridges.announce("draining", Map.of("stress_level", "0", "graceful_shutdown", "true"));
      bridges.announce("sick", Map.of("stress_level", "0", "healthy", "false"));
      Bridge ok = bridges.announce("ok", 0.5, "");
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(ok);
    }

    @Test
    void usesADrainingBridgeOnlyWhenNothingElseIsLeft() {
      Bridge draining = bridges.announce("draining", Map.of("stress_level", "0", "drain", "true"));
      Bridge busy = bridges.announce("busy", 0.95, "");
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(busy);
      bridges.announce("busy", Map.of("stress_level", "0.9", "drain", "true"));
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(draining);
    }

    @Test
    void leavesOutAFailedBridge() {
      Bridge a = bridges.announce("a", 0.0, "");
      Bridge b = bridges.announce("b", 0.5, "");
      bridges.registry.failed(a, "test");
      assertThat(select(BridgeStrategy.LEAST_LOADED).bridge()).isSameAs(b);
    }
  }

  @Nested
  class NoBridge {
    @Test
    void saysSoWhenTheBreweryIsEmpty() {
      Selection s = select(BridgeStrategy.LEAST_LOADED);
      assertThat(s.found()).isFalse();
      assertThat(s.reason()).contains("no videobridge");
    }

    @Test
    void aStrategysRefusalLeavesTheConferenceWithoutABridge() {
      bridges.announce("a", 0.1, "");
      Selection s =
          select(
              (candidates, r) -> {
                throw new BridgeStrategy.NoBridge("not today");
              });
      assertThat(s.found()).isFalse();
      assertThat(s.reason()).isEqualTo("not today");
    }
  }

  @Nested
  class Fallback {
    @Test
    void aStrategyThatThrowsGetsTheLeastLoaded() {
      Bridge low = bridges.announce("low", 0.1, "");
      bridges.announce("high", 0.5, "");
      Selection s =
          select(
              (candidates, r) -> {
                throw new IllegalStateException("bug");
              });
      assertThat(s.bridge()).isSameAs(low);
    }

    @Test
    void anEmptyAnswerMeansTheLeastLoaded() {
      Bridge low = bridges.announce("low", 0.1, "");
      bridges.announce("high", 0.5, "");
      assertThat(select((c, r) -> Optional.empty()).bridge()).isSameAs(low);
    }
  }

  @Nested
  class Split {
    @Test
    void spreadsConsecutiveConferencesOverTheBridges() {
      Bridge a = bridges.announce("a", 0.1, "");
      Bridge b = bridges.announce("b", 0.1, "");
      Bridge first = select(BridgeStrategy.SPLIT).bridge();
      first.conferenceAdded();
      Bridge second = select(BridgeStrategy.SPLIT).bridge();
      assertThat(java.util.List.of(first, second)).containsExactlyInAnyOrder(a, b);
    }
  }

  @Nested
  class Region {
    @Test
    void takesTheLeastLoadedInTheParticipantsRegionGroupElseInTheFocusRegion() {
      bridges.announce("eu", 0.1, "eu-central");
      Bridge usWest = bridges.announce("us-west", 0.5, "us-west");
      Bridge usEast = bridges.announce("us-east", 0.6, "us-east");
      RegionStrategy s =
          new RegionStrategy("us-east", java.util.List.of(java.util.List.of("us-east", "us-west")));
      BridgeSelector selector = new BridgeSelector(bridges.registry, s, 0.8, -1);
      assertThat(selector.select(new SelectionRequest("r@m", "us-east", "", 2)).bridge())
          .isSameAs(usWest);
      assertThat(selector.select(new SelectionRequest("r@m", "ap-south", "", 2)).bridge())
          .isSameAs(usWest);
      usWest.conferenceAdded();
      bridges.announce("us-west", 0.7, "us-west");
      assertThat(selector.select(new SelectionRequest("r@m", "us-west", "", 2)).bridge())
          .isSameAs(usEast);
      assertThat(selector.select(new SelectionRequest("r@m", "eu-central", "", 2)).bridge().nick())
          .isEqualTo("eu");
    }
  }
}
