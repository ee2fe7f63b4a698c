package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
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
}
