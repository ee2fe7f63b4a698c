package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.conference.Harness.ROOM;

import java.util.Map;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.conference.ConferenceEvent.BridgeLost;
import org.huddle.focus.conference.ConferenceState.Timer;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.Step.Allocated;
import org.huddle.focus.conference.Step.ShowBridgeNotice;
import org.huddle.focus.conference.Step.TerminateAll;
import org.huddle.focus.selection.BridgeStrategy;
import org.huddle.focus.selection.SelectionRequest;
import org.huddle.focus.selection.TurnServer;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bridge placement alone: participants in the state in; the bridge chosen, Colibri2 sent, and the
 * steps it hands on (an offer per allocation, the sign, the sessions to end) out.
 */
class BridgePlacementTest {
  final Harness h = new Harness();
  final BridgePlacement placement = new BridgePlacement(h.state, h, h.ctx);

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void oneParticipantGetsNoBridge() {
    h.announce("jvb-1");
    h.joined("alice");
    placement.mediaNeeded();
    assertThat(h.state.bridge()).isNull();
    assertThat(h.wire.colibri()).isEmpty();
    assertThat(h.steps).isEmpty();
  }

  @Test
  void twoParticipantsAreAllocatedOnTheChosenBridgeAndEachIsHandedOnToBeOffered() {
    Bridge bridge = h.announce("jvb-1");
    Participant alice = h.joined("alice");
    Participant bob = h.joined("bob");
    placement.mediaNeeded();
    assertThat(h.state.bridge()).isSameAs(bridge);
    assertThat(bridge.conferences()).isEqualTo(1);
    assertThat(h.wire.colibri()).hasSize(2);
    assertThat(h.steps(Allocated.class))
        .extracting(Allocated::participant)
        .containsExactly(alice, bob);
    assertThat(h.steps(ShowBridgeNotice.class)).containsExactly(new ShowBridgeNotice(false));
    assertThat(alice.media()).isEqualTo(Media.ALLOCATING);
  }

  @Test
  void withoutABridgeTheRoomIsToldAndTheFocusTriesAgainWhenOneComes() {
    h.joined("alice");
    h.joined("bob");
    placement.mediaNeeded();
    assertThat(h.steps).containsExactly(new ShowBridgeNotice(true));
    assertThat(h.state.waiting()).isTrue();
    assertThat(h.state.armed(Timer.RETRY)).isTrue();
    Bridge bridge = h.announce("jvb-1");
    h.fire(h.config.bridge().selectionRetryInterval());
    assertThat(h.state.bridge()).isSameAs(bridge);
    assertThat(h.state.armed(Timer.RETRY)).isFalse();
    assertThat(h.steps(Allocated.class)).hasSize(2);
  }

  @Test
  void aMoveLeavesTheBridgeEndsEverySessionAndFiresBridgeLost() {
    Bridge bridge = h.announce("jvb-1");
    h.joined("alice");
    h.joined("bob");
    placement.mediaNeeded();
    h.steps.clear();
    h.registry.presence(
        Xml.stanza("presence", Map.of("from", Harness.BREWERY + "/jvb-1", "type", "unavailable")));
    placement.move("it left");
    assertThat(h.steps).startsWith(new TerminateAll("success", "moving"));
    assertThat(h.events)
        .filteredOn(e -> !(e instanceof ConferenceEvent.BridgeChosen))
        .containsExactly(new BridgeLost(ROOM, bridge, "it left", 2));
    assertThat(h.events.get(0))
        .as("the bridge the conference was put on")
        .isEqualTo(new ConferenceEvent.BridgeChosen(ROOM, h.state.meetingId(), "jvb-1"));
    assertThat(bridge.conferences()).isZero();
  }

  @Test
  void aParticipantLeftAloneLosesTheBridgeWhenTheTimerRunsOut() {
    Bridge bridge = h.announce("jvb-1");
    h.joined("alice");
    h.joined("bob");
    placement.mediaNeeded();
    h.state.remove("bob");
    placement.mediaNeeded();
    assertThat(h.state.armed(Timer.ALONE)).isTrue();
    h.steps.clear();
    h.fire(h.config.conference().singleParticipantTimeout());
    assertThat(h.state.bridge()).isNull();
    assertThat(bridge.conferences()).isZero();
    assertThat(h.steps).containsExactly(new TerminateAll("expired", "Idle session timeout"));
  }

  @Test
  void theHooksTurnServersGoToTheServerBeforeAnyOfferAndAgainOnlyWhenTheyChange() {
    java.util.concurrent.atomic.AtomicReference<java.util.List<TurnServer>> turn =
        new java.util.concurrent.atomic.AtomicReference<>(
            java.util.List.of(new TurnServer("turn", "turn1.example.org", 3478, "udp")));
    BridgeStrategy hook =
        new BridgeStrategy() {
          @Override
          public java.util.Optional<Bridge> select(
              java.util.List<Bridge> candidates, SelectionRequest request) {
            return java.util.Optional.empty();
          }

          @Override
          public Answer choose(java.util.List<Bridge> candidates, SelectionRequest request) {
            return new Answer(java.util.Optional.empty(), turn.get());
          }
        };
    try (Harness t = new Harness(hook)) {
      BridgePlacement p = new BridgePlacement(t.state, t, t.ctx);
      t.announce("jvb-1");
      t.joined("alice");
      t.joined("bob");
      p.mediaNeeded();
      java.util.List<Element> sets = meetingServices(t);
      assertThat(sets).hasSize(1);
      assertThat(sets.get(0).attr("to")).isEqualTo("meet.jitsi");
      Element q = Xml.payload(sets.get(0));
      assertThat(q.attr("room")).isEqualTo(ROOM);
      assertThat(q.elements("service", "urn:huddle:meeting-services:0"))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.attr("type")).isEqualTo("turn");
                assertThat(s.attr("host")).isEqualTo("turn1.example.org");
                assertThat(s.attr("port")).isEqualTo("3478");
                assertThat(s.attr("transport")).isEqualTo("udp");
              });
      int firstColibri = -1;
      for (int i = 0; i < t.wire.out.size() && firstColibri < 0; i++) {
        Element payload = Xml.payload(t.wire.out.get(i));
        if (payload != null && payload.name().equals("conference-modify")) {
          firstColibri = i;
        }
      }
      assertThat(firstColibri).as("a Colibri2 allocation").isNotNegative();
      assertThat(t.wire.out.indexOf(sets.get(0)))
          .as("before the first Colibri2 allocation")
          .isLessThan(firstColibri);

      p.move("same hook answer");
      assertThat(meetingServices(t)).as("unchanged: not sent again").hasSize(1);

      turn.set(java.util.List.of());
      p.move("the hook names none now");
      assertThat(meetingServices(t)).hasSize(2);
      assertThat(Xml.payload(meetingServices(t).get(1)).elements()).as("cleared").isEmpty();
    }
  }

  static java.util.List<Element> meetingServices(Harness t) {
    return t.wire.out.stream()
        .filter(
            s ->
                Xml.payload(s) != null
                    && Xml.payload(s).is("meeting-services", "urn:huddle:meeting-services:0"))
        .toList();
  }
}
