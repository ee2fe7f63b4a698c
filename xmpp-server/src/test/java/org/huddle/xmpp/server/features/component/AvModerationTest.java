package org.huddle.xmpp.server.features.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.xmpp.server.features.component.ComponentsTest.DURATION;
import static org.huddle.xmpp.server.features.component.ComponentsTest.JITMEET;
import static org.huddle.xmpp.server.features.component.ComponentsTest.entered;
import static org.huddle.xmpp.server.features.component.ComponentsTest.enters;
import static org.huddle.xmpp.server.features.component.ComponentsTest.json;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jitsi's A/V moderation component as lib-jitsi-meet's {@code AVModeration} and the focus meet it
 * (docs/wire.md, "A/V moderation"): moderators turn it on and off and decide who may unmute; every
 * occupant hears of the change, moderators get the whitelists, a participant hears it was allowed.
 */
class AvModerationTest {
  static final String AV = "avmoderation." + TestServer.DOMAIN;
  private static final AtomicInteger ROOMS = new AtomicInteger();

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(
          Map.of("HUDDLE_JITSI_COMPONENTS", "true"), "allow_unencrypted_plain_auth = true");

  Transcript t;
  Peer alice;
  Peer bob;

  @BeforeEach
  void aliceAndBob() {
    t = server.transcript();
    t.let("room", "avroom" + ROOMS.incrementAndGet() + "@" + TestServer.MUC).let("av", AV);
    alice = t.anonymous("alice");
    bob = t.anonymous("bob");
    entered(alice, "a1", "Alice");
    entered(bob, "b2", "Bob");
    alice.eventuallyReceives("<presence from='{room}/b2'/>");
  }

  /** lib-jitsi-meet's request: {@code <av_moderation/>} with attributes, to the component. */
  static void asks(Peer peer, String attributes) {
    peer.sends("<message to='{av}'><av_moderation " + attributes + "/></message>");
  }

  static long dropped() {
    return server.server().server().component(AV).dropped();
  }

  String room() {
    return t.value("room");
  }

  String enabled(boolean on, String actorNick, String media) {
    return "{\"type\":\"av_moderation\",\"room\":\""
        + room()
        + "\",\"enabled\":"
        + on
        + ",\"actor\":\""
        + room()
        + "/"
        + actorNick
        + "\",\"mediaType\":\""
        + media
        + "\"}";
  }

  String whitelists(String lists, boolean removed, String media) {
    return "{\"type\":\"av_moderation\",\"room\":\""
        + room()
        + "\",\"whitelists\":"
        + lists
        + (removed ? ",\"removed\":true" : "")
        + ",\"mediaType\":\""
        + media
        + "\"}";
  }

  /** Alice turns moderation of audio on; both hear it, she gets the whitelist with herself. */
  void aliceModeratesAudio() {
    asks(alice, "enable='true' mediaType='audio'");
    assertThat(json(alice, AV)).isEqualTo(enabled(true, "a1", "audio"));
    assertThat(json(bob, AV)).isEqualTo(enabled(true, "a1", "audio"));
    assertThat(json(alice, AV))
        .as("moderators are on the whitelist from the start")
        .isEqualTo(whitelists("{\"audio\":[\"" + room() + "/a1\"]}", false, "audio"));
    bob.receivesNothingMore();
  }

  @Test
  void theDomainAdvertisesTheComponent() {
    alice.sends(
        "<iq type='get' id='d1' to='"
            + TestServer.DOMAIN
            + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    alice.eventuallyReceives(
        "<iq type='result' id='d1'><query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='component' type='av_moderation' name='{av}'/>"
            + "</query></iq>");
  }

  @Test
  void aModeratorTurnsItOnAndOffAndEveryoneHears() {
    aliceModeratesAudio();
    asks(alice, "enable='true' mediaType='audio'");
    alice.receivesNothingMore(); // already on: nothing changes, nobody is told again
    asks(alice, "enable='false' mediaType='audio'");
    assertThat(json(alice, AV)).isEqualTo(enabled(false, "a1", "audio"));
    assertThat(json(bob, AV)).isEqualTo(enabled(false, "a1", "audio"));
    alice.receivesNothingMore();
    bob.receivesNothingMore();
  }

  @Test
  void aModeratorAllowsAParticipantAndTakesItBack() {
    aliceModeratesAudio();
    asks(alice, "mediaType='audio' jidToWhitelist='{room}/b2'");
    assertThat(json(alice, AV))
        .isEqualTo(
            whitelists(
                "{\"audio\":[\"" + room() + "/a1\",\"" + room() + "/b2\"]}", false, "audio"));
    assertThat(json(bob, AV))
        .as("the participant hears only that it may unmute, not the list")
        .isEqualTo(
            "{\"type\":\"av_moderation\",\"room\":\""
                + room()
                + "\",\"approved\":true,\"mediaType\":\"audio\"}");
    asks(alice, "mediaType='audio' jidToBlacklist='{room}/b2'");
    assertThat(json(alice, AV))
        .isEqualTo(whitelists("{\"audio\":[\"" + room() + "/a1\"]}", true, "audio"));
    assertThat(json(bob, AV))
        .isEqualTo(
            "{\"type\":\"av_moderation\",\"room\":\""
                + room()
                + "\",\"removed\":true,\"mediaType\":\"audio\"}");
    alice.receivesNothingMore();
    bob.receivesNothingMore();
  }

  @Test
  void withoutModerationAnApprovalIsAPleaseUnmute() {
    asks(alice, "mediaType='video' jidToWhitelist='{room}/b2'");
    assertThat(json(bob, AV))
        .isEqualTo(
            "{\"type\":\"av_moderation\",\"room\":\""
                + room()
                + "\",\"approved\":true,\"mediaType\":\"video\",\"from\":\""
                + room()
                + "/a1\"}");
    alice.receivesNothingMore();
  }

  @Test
  void aParticipantIsForbidden() {
    bob.sends(
        "<message to='{av}' id='f1'><av_moderation enable='true' mediaType='audio'/></message>");
    bob.eventuallyReceives(
        "<message type='error' id='f1' from='{av}'><error type='auth'>"
            + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    bob.sends(
        "<message to='{av}' id='f2'><av_moderation mediaType='audio' jidToWhitelist='{room}/b2'/>"
            + "</message>");
    bob.eventuallyReceives(
        "<message type='error' id='f2' from='{av}'><error type='auth'>"
            + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    alice.receivesNothingMore();
    bob.receivesNothingMore();
  }

  @Test
  void aJoinerLearnsAndANewModeratorIsAllowed() {
    aliceModeratesAudio();
    Peer carol = t.anonymous("carol");
    enters(carol, "c3", "Carol");
    carol.receivesInAnyOrder(
        "<message from='" + DURATION + "'/>",
        "<message from='{av}'><json-message xmlns='" + JITMEET + "'/></message>");
    alice.eventuallyReceives("<presence from='{room}/c3'/>");
    // Alice makes Bob a moderator: he is put on the whitelist, and every moderator hears.
    alice.sends(
        "<iq type='set' id='r1' to='{room}'><query xmlns='http://jabber.org/protocol/muc#admin'>"
            + "<item nick='b2' role='moderator'/></query></iq>");
    String both =
        whitelists("{\"audio\":[\"" + room() + "/a1\",\"" + room() + "/b2\"]}", false, "audio");
    assertThat(json(alice, AV)).isEqualTo(both);
    assertThat(json(bob, AV)).isEqualTo(both);
    carol.eventuallyReceives("<presence from='{room}/b2'/>"); // Bob's new role, nothing more
    carol.receivesNothingMore();
  }

  @Test
  void theStateGoesWithTheRoom() {
    aliceModeratesAudio();
    alice.sends(
        "<message to='endconference." + TestServer.DOMAIN + "'><end_conference/></message>");
    alice.eventuallyReceives("<presence type='unavailable' from='{room}/a1'/>");
    bob.eventuallyReceives("<presence type='unavailable' from='{room}/b2'/>");
    Peer carol = t.anonymous("carol");
    enters(carol, "c3", "Carol");
    carol.receives("<message from='" + DURATION + "'/>");
    carol.receivesNothingMore(); // the new room of that name is not moderated
  }

  @Nested
  class JsonForm {
    void sends(Peer peer, String id, String json) {
      peer.sends(
          "<message to='{av}' id='"
              + id
              + "'><json-message xmlns='"
              + JITMEET
              + "'>"
              + json
              + "</json-message></message>");
    }

    @Test
    void theSameRequestsAsJsonWork() {
      sends(
          alice,
          "j1",
          "{\"type\":\"av_moderation\",\"enable\":true,\"mediaType\":\"video\",\"room\":\""
              + room()
              + "\"}");
      assertThat(json(bob, AV)).isEqualTo(enabled(true, "a1", "video"));
      sends(
          alice,
          "j2",
          "{\"type\":\"av_moderation\",\"mediaType\":\"video\",\"jidToWhitelist\":\""
              + room()
              + "/b2\"}");
      assertThat(json(bob, AV)).contains("\"approved\":true,\"mediaType\":\"video\"");
    }

    @Test
    void malformedOrOversizedJsonIsDroppedCountedAndAnswered() {
      long before = dropped();
      sends(alice, "b1", "{not json");
      alice.eventuallyReceives(
          "<message type='error' id='b1' from='{av}'><error type='modify'>"
              + "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
      sends(alice, "b2", "{\"type\":\"av_moderation\",\"enable\":\"yes\",\"mediaType\":\"audio\"}");
      alice.eventuallyReceives(
          "<message type='error' id='b2' from='{av}'><error type='modify'>"
              + "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
      sends(alice, "b3", "{\"type\":\"av_moderation\",\"enable\":true,\"mediaType\":\"smell\"}");
      alice.eventuallyReceives(
          "<message type='error' id='b3' from='{av}'><error type='modify'>"
              + "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
      sends(
          alice,
          "b4",
          "{\"type\":\"av_moderation\",\"pad\":\""
              + "x".repeat(AvModerationRequest.MAX_JSON)
              + "\",\"enable\":true,\"mediaType\":\"audio\"}");
      alice.eventuallyReceives(
          "<message type='error' id='b4' from='{av}'><error type='modify'>"
              + "<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
              + "</message>");
      alice.sends("<message to='{av}' id='b5'><body>moderate!</body></message>");
      alice.eventuallyReceives(
          "<message type='error' id='b5' from='{av}'><error type='modify'>"
              + "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
      assertThat(dropped()).isEqualTo(before + 5);
      alice.receivesNothingMore();
      bob.receivesNothingMore();
      // The component still serves the sender afterwards.
      asks(alice, "enable='true' mediaType='audio'");
      assertThat(json(bob, AV)).isEqualTo(enabled(true, "a1", "audio"));
    }

    @Test
    void anotherRoomOrAParticipantNotThereIsNotFound() {
      sends(
          alice,
          "n1",
          "{\"type\":\"av_moderation\",\"enable\":true,\"mediaType\":\"audio\",\"room\":\"other@"
              + TestServer.MUC
              + "\"}");
      alice.eventuallyReceives(
          "<message type='error' id='n1' from='{av}'><error type='cancel'>"
              + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
      alice.sends(
          "<message to='{av}' id='n2'><av_moderation mediaType='audio' jidToWhitelist='{room}/zz'/>"
              + "</message>");
      alice.eventuallyReceives(
          "<message type='error' id='n2' from='{av}'><error type='cancel'>"
              + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    }
  }
}
