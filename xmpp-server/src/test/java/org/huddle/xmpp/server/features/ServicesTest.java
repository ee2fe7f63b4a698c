package org.huddle.xmpp.server.features;

import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the user host answers itself: ping, version, disco, roster, and unknown queries. */
class ServicesTest {
  @RegisterExtension static final TestServerExtension server = TestServerExtension.inMemory();
  static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  Peer c;

  @BeforeEach
  void login() {
    c = server.transcript().anonymous("c");
  }

  @Test
  void theServerAnswersPing() {
    c.sends("<iq type='get' id='ping' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
    c.receives("<iq type='result' id='ping' from='meet.jitsi'/>");
  }

  @Test
  void theServerReportsItsSoftwareVersion() {
    c.sends("<iq type='get' id='v' to='meet.jitsi'><query xmlns='jabber:iq:version'/></iq>");
    c.receives(
        "<iq type='result' id='v' from='meet.jitsi'><query xmlns='jabber:iq:version'>"
            + "<name>Huddle</name><version>{*}</version><os>{*}</os></query></iq>");
  }

  @Test
  void discoInfoListsTheServersIdentityAndFeatures() {
    c.sends(
        "<iq type='get' id='info' to='meet.jitsi'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    c.receives(
        "<iq type='result' id='info'><query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='server' type='im'/>"
            + "<feature var='urn:xmpp:ping'/><feature var='jabber:iq:version'/>"
            + "<feature var='http://jabber.org/protocol/disco#items'/></query></iq>");
  }

  @Test
  void discoItemsListsTheComponents() {
    c.sends(
        "<iq type='get' id='items' to='meet.jitsi'>"
            + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
    c.receives(
        "<iq type='result' id='items'><query xmlns='http://jabber.org/protocol/disco#items'>"
            + "<item jid='muc.meet.jitsi'/><item jid='internal-muc.meet.jitsi'/></query></iq>");
  }

  @Test
  void anAnonymousUserHasAnEmptyRoster() {
    c.sends("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
    org.huddle.xmpp.codec.Element result =
        c.receives("<iq type='result' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
    org.assertj.core.api.Assertions.assertThat(result.firstElement().elements()).isEmpty();
  }

  @Test
  void anUnknownIqIsServiceUnavailable() {
    c.sends("<iq type='get' id='u1' to='meet.jitsi'><query xmlns='urn:example:nope'/></iq>");
    c.receives(
        "<iq type='error' id='u1'><error><service-unavailable xmlns='"
            + STANZAS
            + "'/></error></iq>");
  }

  @Test
  void anIqWithTwoPayloadsIsABadRequest() {
    c.sends(
        "<iq type='get' id='u2' to='meet.jitsi'>"
            + "<ping xmlns='urn:xmpp:ping'/><ping xmlns='urn:xmpp:ping'/></iq>");
    c.receives(
        "<iq type='error' id='u2'><error><bad-request xmlns='" + STANZAS + "'/></error></iq>");
  }

  @Test
  void aDiscoQueryForAnUnknownNodeIsItemNotFound() {
    c.sends(
        "<iq type='get' id='n1' to='meet.jitsi'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info' node='nope'/></iq>");
    c.receives(
        "<iq type='error' id='n1'><error><item-not-found xmlns='" + STANZAS + "'/></error></iq>");
  }
}
