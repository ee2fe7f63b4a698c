package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.conference.JingleRequests.AddSources;
import org.huddle.focus.conference.JingleRequests.Decision;
import org.huddle.focus.conference.JingleRequests.End;
import org.huddle.focus.conference.JingleRequests.Refuse;
import org.huddle.focus.conference.JingleRequests.Restart;
import org.huddle.focus.conference.SourceSignaling.Defer;
import org.huddle.focus.conference.SourceSignaling.Send;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.MediaType;
import org.huddle.focus.source.Source;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.source.SourceRules;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The conference's components: participants in, decisions out, nothing changed. */
class DecisionsTest {
  static final String ROOM = "standup@conference.meet.jitsi";

  static Participant participant(String nick, String affiliation, long order) {
    Element p = Xml.stanza("presence", Map.of("from", ROOM + "/" + nick));
    p.addChild("x", Namespaces.MUC_USER)
        .addChild("item", Namespaces.MUC_USER)
        .attr("jid", nick + "@meet.jitsi/web")
        .attr("affiliation", affiliation);
    return new Participant(Occupant.parse(p), order);
  }

  static Participant offered(String nick) {
    Participant p = participant(nick, "none", 0);
    p.allocating(null, List.of());
    p.offered(new JingleSession(ROOM + "/" + nick, null, "focus@auth/focus", false), null);
    return p;
  }

  static Participant active(String nick, long... ssrcs) {
    Participant p = offered(nick);
    p.accepted(sources(ssrcs));
    return p;
  }

  static EndpointSources sources(long... ssrcs) {
    Set<Source> s = new java.util.LinkedHashSet<>();
    for (long ssrc : ssrcs) {
      s.add(new Source(ssrc, MediaType.AUDIO, null, null, null));
    }
    return new EndpointSources(s, Set.of());
  }

  @Nested
  class Signalling {
    final SourceSignaling signalling = new SourceSignaling(false);

    @Test
    void anActiveReceiverIsSentTheChangeAndAnOfferedOneKeepsIt() {
      Participant from = active("alice", 1);
      Participant bob = active("bob", 2);
      Participant carol = offered("carol");
      Participant dave = participant("dave", "none", 3);
      List<SourceSignaling.Update> updates =
          signalling.changed(from, sources(1), true, List.of(from, bob, carol, dave));
      SourceMap change = SourceMap.of("alice", sources(1));
      assertThat(updates)
          .containsExactly(new Send(bob, "source-add", change), new Defer(carol, change, true));
    }

    @Test
    void anOfferCarriesTheOthersAndTheBridgesSources() {
      Participant alice = active("alice", 1);
      Participant bob = active("bob", 2);
      SourceMap offer = signalling.offer(alice, List.of(alice, bob), sources(9));
      assertThat(offer.owners().keySet()).containsExactly("bob", "jvb");
    }

    @Test
    void aRemovalWaitingForAnAcceptCancelsTheAdditionItFollows() {
      Participant carol = offered("carol");
      SourceMap change = SourceMap.of("alice", sources(1));
      carol.defer(change, true);
      carol.defer(change, false);
      assertThat(carol.takePending())
          .containsExactly(new Participant.Pending("source-remove", change));
      assertThat(carol.takePending()).isEmpty();
    }
  }

  @Nested
  class Requests {
    final JingleRequests requests = new JingleRequests(new SourceRules(20, 20));

    Element jingle(String action, long... ssrcs) {
      Element j = Jingle.of(action, "s1").toElement();
      Element d =
          j.addChild("content", WireNamespaces.JINGLE)
              .attr("name", "audio")
              .addChild("description", WireNamespaces.RTP)
              .attr("media", "audio");
      for (long ssrc : ssrcs) {
        d.addChild("source", WireNamespaces.SSMA).attr("ssrc", ssrc);
      }
      return j;
    }

    @Test
    void anAcceptOnAnActiveSessionIsRefusedAsOutOfOrder() {
      Decision d =
          requests.decide(active("alice", 1), "session-accept", jingle("x"), SourceMap.EMPTY, "b");
      assertThat(d)
          .isEqualTo(
              new Refuse("unexpected-request", "the session is not pending", "out-of-order"));
    }

    @Test
    void anAcceptWithoutTransportIsABadRequest() {
      Decision d =
          requests.decide(offered("alice"), "session-accept", jingle("x"), SourceMap.EMPTY, "b");
      assertThat(d).isInstanceOf(Refuse.class);
      assertThat(((Refuse) d).condition()).isEqualTo("bad-request");
    }

    @Test
    void aSourceAddOfAnotherParticipantsSsrcIsABadRequest() {
      SourceMap others = SourceMap.of("bob", sources(2));
      Decision d =
          requests.decide(active("alice", 1), "source-add", jingle("source-add", 2), others, "b");
      assertThat(((Refuse) d).condition()).isEqualTo("bad-request");
    }

    @Test
    void aSourceAddNamesWhatIsNew() {
      Decision d =
          requests.decide(
              active("alice", 1), "source-add", jingle("source-add", 1, 3), SourceMap.EMPTY, "b");
      assertThat(d).isEqualTo(new AddSources(sources(1, 3), sources(3)));
    }

    @Test
    void aTerminateWithRestartAsksForANewSessionWithoutTerminatingTheOld() {
      Element j = Jingle.of("session-terminate", "s1").toElement();
      assertThat(requests.decide(active("alice"), "session-terminate", j, SourceMap.EMPTY, "b"))
          .isEqualTo(new End());
      j.addChild("bridge-session", WireNamespaces.FOCUS).attr("restart", "true");
      Decision d = requests.decide(active("alice"), "session-terminate", j, SourceMap.EMPTY, "b");
      assertThat(d).isInstanceOf(Restart.class);
      assertThat(((Restart) d).terminate()).isFalse();
    }

    @Test
    void anIceFailureOnAnOldBridgeSessionIsItemNotFound() {
      Element j = Jingle.of("session-info", "s1").toElement();
      j.addChild("bridge-session", WireNamespaces.FOCUS)
          .attr("id", "old")
          .attr("ice-restart", "true");
      Decision d = requests.decide(active("alice"), "session-info", j, SourceMap.EMPTY, "new");
      assertThat(((Refuse) d).condition()).isEqualTo("item-not-found");
      d = requests.decide(active("alice"), "session-info", j, SourceMap.EMPTY, "old");
      assertThat(((Restart) d).terminate()).isTrue();
    }

    @Test
    void anActionTheFocusDoesNotDoIsNotImplemented() {
      Decision d =
          requests.decide(
              active("alice"), "content-add", jingle("content-add"), SourceMap.EMPTY, "b");
      assertThat(((Refuse) d).condition()).isEqualTo("feature-not-implemented");
    }
  }

  @Nested
  class Owners {
    final Admission noAuth = new Admission(FocusConfig.defaults());

    @Test
    void theLongestPresentIsMadeOwnerWhenNobodyOwnsTheRoom() {
      Participant alice = participant("alice", "none", 0);
      Participant bob = participant("bob", "none", 1);
      assertThat(new Moderators(true, noAuth).toGrant(List.of(bob, alice))).containsExactly(alice);
    }

    @Test
    void nobodyIsMadeOwnerWhileSomeoneOwnsTheRoom() {
      Participant alice = participant("alice", "none", 0);
      Participant owner = participant("bob", "owner", 1);
      assertThat(new Moderators(true, noAuth).toGrant(List.of(alice, owner))).isEmpty();
    }

    @Test
    void aParticipantAlreadyAskedForIsNotAskedForAgain() {
      Participant alice = participant("alice", "none", 0);
      alice.markOwnerRequested();
      assertThat(new Moderators(true, noAuth).toGrant(List.of(alice))).isEmpty();
      assertThat(new Moderators(false, noAuth).toGrant(List.of(participant("b", "none", 1))))
          .isEmpty();
    }
  }
}
