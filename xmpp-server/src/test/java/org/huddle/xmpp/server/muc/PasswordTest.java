package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Password-protected rooms (XEP-0045 §7.2.6), the password concern. */
class PasswordTest extends Rooms {
  Peer owner;

  @BeforeEach
  void occupants() {
    owner = t.anonymous("owner");
    enters(owner, "owner");
  }

  private void protect(String secret) {
    configures(
        owner,
        "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
            + "<field var='muc#roomconfig_roomsecret'><value>"
            + secret
            + "</value></field>");
  }

  private static void entersWith(Peer peer, String nick, String password) {
    peer.sends(
        "<presence to='{room}/"
            + nick
            + "'><x xmlns='"
            + MUC
            + "'><password>"
            + password
            + "</password></x></presence>");
  }

  @Test
  void aPasswordKeepsOutThoseWhoDoNotHaveIt() {
    protect("opensesame");
    Peer guest = t.anonymous("guest");
    asksToEnter(guest, "guest");
    guest.receives(
        "<presence type='error' from='{room}/guest'><error>"
            + "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
    Peer wrong = t.anonymous("wrong");
    entersWith(wrong, "w", "nope");
    wrong.receives("<presence type='error' from='{room}/w'><error/></presence>");
    Peer right = t.anonymous("right");
    entersWith(right, "r", "opensesame");
    right.eventuallyReceives(
        "<presence from='{room}/r'><x xmlns='"
            + MUC
            + "#user'><status code='110'/></x></presence>");
  }

  @Test
  void theFormNeverEchoesThePassword() {
    protect("topsecret");
    owner.sends("<iq type='get' id='form' to='{room}'><query xmlns='" + OWNER + "'/></iq>");
    Element form =
        owner.receives(
            "<iq type='result' id='form'><query xmlns='"
                + OWNER
                + "'><x xmlns='jabber:x:data'>"
                + "<field var='muc#roomconfig_passwordprotectedroom'><value>{*}</value></field>"
                + "</x></query></iq>");
    assertThat(form.toXml()).doesNotContain("topsecret");
    Element protectedField =
        form.firstElement().firstElement().elements("field", "jabber:x:data").stream()
            .filter(f -> "muc#roomconfig_passwordprotectedroom".equals(f.attr("var")))
            .findFirst()
            .orElseThrow();
    assertThat(protectedField.childText("value", "jabber:x:data")).isIn("1", "true");
  }

  /** Someone already in the room with {@code password}: it stays when the password changes. */
  private Peer occupantWith(String nick, String password) {
    Peer p = t.anonymous(nick);
    entersWith(p, nick, password);
    p.eventuallyReceives(
        "<presence from='{room}/"
            + nick
            + "'><x xmlns='"
            + MUC
            + "#user'><status code='110'/></x></presence>");
    p.eventuallyReceives("<message from='{*}' type='groupchat'><subject/></message>");
    return p;
  }

  /** What Jitsi's client submits for {@code conference.lock(key)}; {@code unlock()} is lock(''). */
  private static void jitsiLock(Peer moderator, String key) {
    moderator.sends(
        "<iq type='get' id='lock-form' to='{room}'><query xmlns='" + OWNER + "'/></iq>");
    moderator.eventuallyReceives(
        "<iq type='result' id='lock-form'><query xmlns='"
            + OWNER
            + "'><x xmlns='jabber:x:data'><field var='muc#roomconfig_roomsecret'/></x></query></iq>");
    configures(
        moderator,
        "<field var='muc#roomconfig_roomsecret'><value>"
            + key
            + "</value></field>"
            + "<field var='muc#roomconfig_passwordprotectedroom'><value>"
            + (key.isEmpty() ? "0" : "1")
            + "</value></field>"
            + "<field var='muc#roomconfig_whois'><value>anyone</value></field>");
  }

  private static void hearsTheConfigurationChanged(Peer occupant) {
    occupant.eventuallyReceives(
        "<message type='groupchat' from='{room}'><x xmlns='"
            + MUC
            + "#user'><status code='104'/></x></message>");
  }

  private static void refused(Peer peer, String nick, String password) {
    if (password == null) {
      asksToEnter(peer, nick);
    } else {
      entersWith(peer, nick, password);
    }
    peer.receives(
        "<presence type='error' from='{room}/"
            + nick
            + "'><error type='auth'>"
            + "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
  }

  private void admitted(String nick, String password) {
    occupantWith(nick, password);
  }

  /** The room's disco#info features, as a client reads them after a 104. */
  private List<String> features(Peer peer) {
    peer.sends(
        "<iq type='get' id='disco' to='{room}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    Element result =
        peer.eventuallyReceives(
            "<iq type='result' id='disco'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    return result
        .firstElement()
        .elements("feature", "http://jabber.org/protocol/disco#info")
        .stream()
        .map(f -> f.attr("var"))
        .toList();
  }

  @Nested
  class AModerator {
    @Test
    void changesItAndTheOldOneNoLongerOpensWhileThoseInStay() {
      protect("first-one");
      Peer guest = occupantWith("guest", "first-one");
      jitsiLock(owner, "second-one");
      hearsTheConfigurationChanged(guest);
      refused(t.anonymous("late"), "late", "first-one");
      admitted("later", "second-one");
      guest.eventuallyReceives("<presence from='{room}/later'/>");
      assertThat(features(guest)).contains("muc_passwordprotected");
    }

    @Test
    void removesItAsJitsisUnlockDoesAndAnyoneEntersWithout() {
      protect("first-one");
      Peer guest = occupantWith("guest", "first-one");
      assertThat(features(guest)).contains("muc_passwordprotected").doesNotContain("muc_unsecured");
      jitsiLock(owner, "");
      hearsTheConfigurationChanged(guest);
      assertThat(features(guest)).contains("muc_unsecured").doesNotContain("muc_passwordprotected");
      Peer anyone = t.anonymous("anyone");
      enters(anyone, "anyone");
    }

    @Test
    void setsOneOnAnOpenRoomAsJitsisLockDoes() {
      Peer guest = t.anonymous("guest");
      enters(guest, "guest");
      jitsiLock(owner, "now-locked");
      hearsTheConfigurationChanged(guest);
      assertThat(features(guest)).contains("muc_passwordprotected");
      refused(t.anonymous("late"), "late", null);
      admitted("later", "now-locked");
    }

    @Test
    void removesItWithAnEmptySecretAlone() {
      protect("first-one");
      configures(owner, "<field var='muc#roomconfig_roomsecret'><value></value></field>");
      Peer anyone = t.anonymous("anyone");
      enters(anyone, "anyone");
    }

    @Test
    void keepsItWhenTheFormComesBackAsItWasSentOrSaysNothingAboutIt() {
      protect("kept-one");
      configures(
          owner,
          "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
              + "<field var='muc#roomconfig_roomsecret'><value/></field>");
      configures(owner, "<field var='muc#roomconfig_whois'><value>anyone</value></field>");
      refused(t.anonymous("late"), "late", null);
      admitted("later", "kept-one");
    }

    @Test
    void madeOwnerByAnotherOwnerChangesItToo() {
      protect("first-one");
      Peer guest = occupantWith("guest", "first-one");
      owner.sends(
          "<iq type='set' id='grant' to='{room}'><query xmlns='"
              + ADMIN
              + "'><item nick='guest' affiliation='owner'/></query></iq>");
      owner.eventuallyReceives("<iq type='result' id='grant'/>");
      guest.eventuallyReceives(
          "<presence from='{room}/guest'><x xmlns='"
              + MUC
              + "#user'><item affiliation='owner' role='moderator'/></x></presence>");
      jitsiLock(guest, "guests-one");
      refused(t.anonymous("late"), "late", "first-one");
      admitted("later", "guests-one");
    }
  }

  @Nested
  class SomeoneWhoIsNoModerator {
    @Test
    void isForbiddenTheFormAndCannotChangeOrRemoveIt() {
      protect("first-one");
      Peer guest = occupantWith("guest", "first-one");
      guest.sends("<iq type='get' id='form' to='{room}'><query xmlns='" + OWNER + "'/></iq>");
      guest.receives(
          "<iq type='error' id='form'><error type='auth'>"
              + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
      for (String key : List.of("", "guests-one")) {
        guest.sends(
            "<iq type='set' id='set' to='{room}'><query xmlns='"
                + OWNER
                + "'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='muc#roomconfig_roomsecret'><value>"
                + key
                + "</value></field></x></query></iq>");
        guest.receives(
            "<iq type='error' id='set'><error type='auth'>"
                + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
      }
      refused(t.anonymous("late"), "late", "guests-one");
      admitted("later", "first-one");
    }
  }
}
