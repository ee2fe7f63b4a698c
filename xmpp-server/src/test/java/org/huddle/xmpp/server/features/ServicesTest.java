package org.huddle.xmpp.server.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class ServicesTest {
  static TestServer server;
  Clients clients;
  XMPPTCPConnection c;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void login() throws Exception {
    clients = new Clients(server);
    c = clients.anonymous();
  }

  @AfterEach
  void closeClients() {
    clients.close();
  }

  @Test
  void theServerAnswersPing() throws Exception {
    assertThat(PingManager.getInstanceFor(c).pingMyServer()).isTrue();
  }

  @Test
  void theServerReportsItsSoftwareVersion() throws Exception {
    Version v =
        VersionManager.getInstanceFor(c).getVersion(JidCreate.domainBareFrom(TestServer.DOMAIN));
    assertThat(v.getName()).isEqualTo("Huddle");
    assertThat(v.getVersion()).isNotBlank();
    assertThat(v.getOs()).isNotBlank();
  }

  @Test
  void discoInfoListsTheServersIdentityAndFeatures() throws Exception {
    DiscoverInfo info =
        ServiceDiscoveryManager.getInstanceFor(c)
            .discoverInfo(JidCreate.domainBareFrom(TestServer.DOMAIN));
    assertThat(info.hasIdentity("server", "im")).isTrue();
    assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
    assertThat(info.containsFeature("jabber:iq:version")).isTrue();
    assertThat(info.containsFeature("http://jabber.org/protocol/disco#items")).isTrue();
  }

  @Test
  void discoItemsListsTheComponents() throws Exception {
    DiscoverItems items =
        ServiceDiscoveryManager.getInstanceFor(c)
            .discoverItems(JidCreate.domainBareFrom(TestServer.DOMAIN));
    assertThat(items.getItems())
        .extracting(i -> i.getEntityID().toString())
        .contains("muc.meet.jitsi", "internal-muc.meet.jitsi");
  }

  @Test
  void anAnonymousUserHasAnEmptyRoster() throws Exception {
    Roster roster = Roster.getInstanceFor(c);
    roster.reloadAndWait();
    assertThat(roster.isLoaded()).isTrue();
    assertThat(roster.getEntries()).isEmpty();
  }

  @Test
  void anUnknownIqIsServiceUnavailable() throws Exception {
    try (RawClient raw = loggedInRaw()) {
      raw.send("<iq type='get' id='u1' to='meet.jitsi'><query xmlns='urn:example:nope'/></iq>");
      String got = raw.readUntil("id='u1'", Duration.ofSeconds(5));
      assertThat(got).contains("type='error'");
      assertThat(raw.readUntil("</iq>", Duration.ofSeconds(5)))
          .contains("<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>");
    }
  }

  @Test
  void anIqWithTwoPayloadsIsABadRequest() throws Exception {
    try (RawClient raw = loggedInRaw()) {
      raw.send(
          "<iq type='get' id='u2' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/><ping xmlns='urn:xmpp:ping'/></iq>");
      raw.readUntil("id='u2'", Duration.ofSeconds(5));
      assertThat(raw.readUntil("</iq>", 2, Duration.ofSeconds(5))).contains("<bad-request");
    }
  }

  @Test
  void aDiscoQueryForAnUnknownNodeIsItemNotFound() throws Exception {
    DiscoverInfo query =
        DiscoverInfo.builder("n1")
            .to(JidCreate.domainBareFrom(TestServer.DOMAIN))
            .setNode("nope")
            .build();
    assertThatThrownBy(() -> c.sendIqRequestAndWaitForResponse(query))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.item_not_found));
  }

  static RawClient loggedInRaw() throws Exception {
    RawClient raw = new RawClient(server.port());
    raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
    raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    raw.readUntil("<success", Duration.ofSeconds(5));
    raw.send(RawClient.HEADER).readUntil("<bind", Duration.ofSeconds(5));
    raw.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    raw.readUntil("</jid>", Duration.ofSeconds(5));
    return raw;
  }
}
