package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.bridge.BridgeRegistry;
import org.huddle.focus.conference.ConferenceEvent.BridgeLost;
import org.huddle.focus.conference.ConferenceEvent.ParticipantJoined;
import org.huddle.focus.conference.ConferenceEvent.ParticipantLeft;
import org.huddle.focus.conference.ConferenceEvent.SourcesChanged;
import org.huddle.focus.jingle.JingleRouter;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conference state object without sockets: stanzas in (room presence, Jingle requests, bridge
 * events), and out the stanzas it sends and the events it fires. The {@link Wire} answers every
 * request at once and the queue runs on the calling thread, so each input has been handled when the
 * call returns.
 */
class ConferenceTransitionsTest {
  static final String ROOM = Harness.ROOM;
  static final String BREWERY = Harness.BREWERY;

  final Harness harness = new Harness();
  final Wire wire = harness.wire;
  final JingleRouter router = harness.router;
  final BridgeRegistry registry = harness.registry;
  final ConferenceEvents events = new ConferenceEvents();
  final List<ConferenceEvent> fired = new ArrayList<>();
  final List<Conference> ended = new ArrayList<>();
  Conference conference;
  Bridge bridge;

  @BeforeEach
  void start() {
    for (Class<? extends ConferenceEvent> type :
        List.of(
            ParticipantJoined.class,
            ParticipantLeft.class,
            SourcesChanged.class,
            BridgeLost.class)) {
      events.on(type, fired::add);
    }
    bridge = announce("jvb-1");
    conference = new Conference(harness.ctx, events, ROOM, ended::add);
    conference.start();
    conference.onPresence(self());
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  Bridge announce(String nick) {
    return harness.announce(nick);
  }

  static Element self() {
    return Harness.self();
  }

  static Element presence(String nick, String type) {
    return Harness.presence(nick, type);
  }

  static String jid(String nick) {
    return ROOM + "/" + nick;
  }

  void join(String... nicks) {
    for (String nick : nicks) {
      conference.onPresence(presence(nick, null));
    }
  }

  /** The sid of the last session-initiate sent to this participant. */
  String sid(String nick) {
    List<Element> iqs = wire.jingleIqs(jid(nick));
    for (int i = iqs.size() - 1; i >= 0; i--) {
      Element j = Xml.payload(iqs.get(i));
      if ("session-initiate".equals(j.attr("action"))) {
        return j.attr("sid");
      }
    }
    throw new AssertionError("no session-initiate to " + nick);
  }

  /** A Jingle request from the participant on its session, through the router. */
  Element request(String nick, Element jingle) {
    Element iq = Xml.iq("set", "focus@auth.meet.jitsi/focus", jingle).attr("from", jid(nick));
    iq.attr("id", "r" + System.nanoTime());
    return router.handle(iq).join();
  }

  /** A session-accept with a transport and one audio source. */
  Element accept(String nick, long ssrc) {
    Element j = Jingle.of("session-accept", sid(nick)).toElement();
    Element content = j.addChild("content", WireNamespaces.JINGLE).attr("name", "audio");
    Element d = content.addChild("description", WireNamespaces.RTP).attr("media", "audio");
    d.addChild("source", WireNamespaces.SSMA).attr("ssrc", ssrc).attr("name", nick + "-a0");
    content.addChild("transport", WireNamespaces.ICE_UDP).attr("ufrag", "x").attr("pwd", "y");
    return request(nick, j);
  }

  @Nested
  class Membership {
    @Test
    void aJoinFiresParticipantJoinedWithTheSize() {
      join("alice", "bob");
      assertThat(fired)
          .containsExactly(
              new ParticipantJoined(ROOM, "alice", 1), new ParticipantJoined(ROOM, "bob", 2));
      assertThat(conference.size()).isEqualTo(2);
    }

    @Test
    void theFirstParticipantIsMadeOwnerAndNobodyElseOnceTheRoomSaysSo() {
      join("alice");
      assertThat(ownerGrants()).containsExactly("alice@meet.jitsi");
      Element owner = presence("alice", null);
      owner
          .child("x", Namespaces.MUC_USER)
          .child("item", Namespaces.MUC_USER)
          .attr("affiliation", "owner");
      conference.onPresence(owner);
      join("bob");
      assertThat(ownerGrants()).containsExactly("alice@meet.jitsi");
    }

    /** The real JIDs the focus asked the room to make owners, in order. */
    List<String> ownerGrants() {
      return wire.out.stream()
          .filter(s -> ROOM.equals(s.attr("to")))
          .map(Xml::payload)
          .filter(q -> q != null && q.is("query", Namespaces.MUC_ADMIN))
          .map(q -> q.child("item", Namespaces.MUC_ADMIN).attr("jid"))
          .toList();
    }

    @Test
    void theLastToLeaveEndsTheConferenceAndLeavesNothingBehind() {
      join("alice", "bob");
      accept("alice", 1111);
      conference.onPresence(presence("alice", "unavailable"));
      conference.onPresence(presence("bob", "unavailable"));
      assertThat(fired)
          .contains(new ParticipantLeft(ROOM, "alice", 1), new ParticipantLeft(ROOM, "bob", 0));
      assertThat(conference.state()).isEqualTo(Phase.ENDED);
      assertThat(ended).containsExactly(conference);
      assertThat(router.size()).isZero();
      assertThat(bridge.conferences()).isZero();
      assertThat(bridge.endpoints()).isZero();
    }
  }

  @Nested
  class Media {
    @Test
    void nobodyIsInvitedUntilTwoAreThere() {
      join("alice");
      assertThat(wire.colibri()).isEmpty();
      join("bob");
      assertThat(wire.colibri()).hasSize(2);
      assertThat(wire.jingle(jid("alice"))).containsExactly("session-initiate");
      assertThat(wire.jingle(jid("bob"))).containsExactly("session-initiate");
      assertThat(conference.bridge()).isSameAs(bridge);
    }

    @Test
    void anAcceptFiresSourcesChangedAndTellsTheOthersOnceTheyAccept() {
      join("alice", "bob");
      assertThat(accept("alice", 1111).attr("type")).isEqualTo("result");
      assertThat(fired)
          .anyMatch(e -> e instanceof SourcesChanged s && s.participant().equals("alice"));
      // Bob's session is only offered: alice's sources wait for his accept, then go out.
      assertThat(wire.jingle(jid("bob"))).containsExactly("session-initiate");
      assertThat(accept("bob", 2222).attr("type")).isEqualTo("result");
      assertThat(wire.jingle(jid("bob"))).containsExactly("session-initiate", "source-add");
      assertThat(wire.jingle(jid("alice"))).containsExactly("session-initiate", "source-add");
    }

    @Test
    void aSecondAcceptIsOutOfOrderAndChangesNothing() {
      join("alice", "bob");
      accept("alice", 1111);
      int sent = wire.out.size();
      Element again = accept("alice", 3333);
      assertThat(Xml.errorCondition(again)).isEqualTo("unexpected-request");
      assertThat(wire.out).hasSize(sent);
    }

    @Test
    void aLostBridgeMovesEveryoneAndFiresBridgeLost() {
      join("alice", "bob");
      accept("alice", 1111);
      Bridge other = announce("jvb-2");
      registry.presence(
          Xml.stanza("presence", Map.of("from", BREWERY + "/jvb-1", "type", "unavailable")));
      conference.onBridgeLost(bridge, "left the brewery");
      assertThat(fired).contains(new BridgeLost(ROOM, bridge, "bridge jvb-1 left the brewery", 2));
      assertThat(wire.jingle(jid("alice")))
          .containsExactly("session-initiate", "session-terminate", "session-initiate");
      assertThat(conference.bridge()).isSameAs(other);
      assertThat(bridge.conferences()).isZero();
    }

    @Test
    void anotherBridgesLossChangesNothing() {
      join("alice", "bob");
      conference.onBridgeLost(announce("jvb-2"), "left the brewery");
      assertThat(fired).noneMatch(e -> e instanceof BridgeLost);
      assertThat(conference.bridge()).isSameAs(bridge);
    }

    @Test
    void aParticipantWhoLeavesHasItsSourcesRemovedFromTheOthers() {
      join("alice", "bob", "carol");
      accept("alice", 1111);
      accept("bob", 2222);
      conference.onPresence(presence("alice", "unavailable"));
      assertThat(wire.jingle(jid("bob"))).endsWith("source-remove");
      assertThat(fired)
          .anyMatch(
              e ->
                  e instanceof SourcesChanged s
                      && s.participant().equals("alice")
                      && s.removed().ssrcs().contains(1111L));
    }
  }
}
