package org.huddle.signalling.smack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jxmpp.JxmppContext;

/**
 * What Smack hands a connection, read back by each connection's own reader within its own limits.
 * The stanzas go through Smack's own stanza parser, as on a connection.
 */
class StanzaReaderTest {
  static {
    new StanzaReader(); // the shared provider is in place before Smack reads anything here
  }

  static Stanza smackReads(String xml) throws Exception {
    return PacketParserUtils.parseStanza(
        PacketParserUtils.getParserFor(xml), null, JxmppContext.getDefaultContext());
  }

  static String conferenceModify(int endpoints) {
    StringBuilder b =
        new StringBuilder(
                "<iq xmlns='jabber:client' type='set' id='c1' from='focus@auth.meet.jitsi/focus'")
            .append(
                " to='jvb@auth.meet.jitsi/b'><conference-modify xmlns='jitsi:colibri2' meeting-id='m'>");
    for (int i = 0; i < endpoints; i++) {
      b.append("<endpoint id='e").append(i).append("' create='true'/>");
    }
    return b.append("</conference-modify></iq>").toString();
  }

  @Nested
  class Smack {
    @Test
    void oneSharedProviderReadsEveryPayloadTheRolesRead() {
      new StanzaReader(100);
      new StanzaReader();
      List<Object> providers = new ArrayList<>();
      for (List<String> p : StanzaReader.PAYLOADS) {
        providers.add(ProviderManager.getIQProvider(p.get(0), p.get(1)));
      }
      assertThat(providers).doesNotContainNull();
      assertThat(new HashSet<>(providers)).hasSize(1);
      assertThat(providers.get(0)).isInstanceOf(ElementIqProvider.class);
    }

    @Test
    void aRequestArrivesAsAnElementIqUnderItsPayloadsName() throws Exception {
      new StanzaReader();
      Stanza s = smackReads(conferenceModify(2));
      assertThat(s).isInstanceOf(ElementIq.class);
      IQ iq = (IQ) s;
      // The key Smack routes requests to a connection's IQRequestHandler by.
      assertThat(iq.getChildElementName()).isEqualTo("conference-modify");
      assertThat(iq.getChildElementNamespace()).isEqualTo(WireNamespaces.COLIBRI2);
      assertThat(iq.getType()).isEqualTo(IQ.Type.set);
    }

    /**
     * Why the shared provider: without one Smack hands over an UnparsedIQ, whose text keeps only
     * the payload's own namespace. Should this fail, Smack keeps them, and the provider could go.
     */
    @Test
    void withoutAProviderSmacksTextLosesTheNamespacesInsideThePayload() throws Exception {
      Stanza s =
          smackReads(
              "<iq xmlns='jabber:client' type='result' id='u1'><query xmlns='urn:example'>"
                  + "<inner xmlns='urn:other'/></query></iq>");
      assertThat(s).isInstanceOf(UnparsedIQ.class);
      Element payload = new StanzaReader().payload((IQ) s);
      assertThat(payload.namespace()).isEqualTo("urn:example");
      assertThat(payload.elements().get(0).namespace()).isNotEqualTo("urn:other");
    }
  }

  @Nested
  class Reading {
    @Test
    void readsThePayloadWithItsNamespaceAndChildren() throws Exception {
      Element payload = new StanzaReader().payload((IQ) smackReads(conferenceModify(3)));
      assertThat(payload.name()).isEqualTo("conference-modify");
      assertThat(payload.namespace()).isEqualTo(WireNamespaces.COLIBRI2);
      assertThat(payload.attr("meeting-id")).isEqualTo("m");
      assertThat(payload.elements()).hasSize(3);
      assertThat(payload.elements().get(2).namespace()).isEqualTo(WireNamespaces.COLIBRI2);
      assertThat(payload.elements().get(2).attr("id")).isEqualTo("e2");
    }

    @Test
    void readsTheWholeStanzaWithItsAttributesPayloadAndError() throws Exception {
      Element iq =
          new StanzaReader()
              .read(
                  smackReads(
                      "<iq xmlns='jabber:client' type='error' id='j1' from='a@b/c' to='d@e/f'>"
                          + "<jingle xmlns='urn:xmpp:jingle:1' action='source-add' sid='s'/>"
                          + "<error type='modify'><bad-request"
                          + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
      assertThat(iq.attr("type")).isEqualTo("error");
      assertThat(iq.attr("id")).isEqualTo("j1");
      assertThat(iq.attr("from")).isEqualTo("a@b/c");
      assertThat(iq.attr("to")).isEqualTo("d@e/f");
      assertThat(iq.child("jingle", WireNamespaces.JINGLE).attr("action")).isEqualTo("source-add");
      Element error = iq.child("error", null);
      assertThat(error).isNotNull();
      assertThat(error.child("bad-request", "urn:ietf:params:xml:ns:xmpp-stanzas")).isNotNull();
    }

    @Test
    void keepsTheNamespacesOfNestedElementsAndPrefixedAttributes() throws Exception {
      Element payload =
          new StanzaReader()
              .payload(
                  (IQ)
                      smackReads(
                          "<iq xmlns='jabber:client' type='result' id='r1'>"
                              + "<conference-modified xmlns='jitsi:colibri2' meeting-id='m'>"
                              + "<endpoint id='e1'><transport><transport"
                              + " xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u'"
                              + " pwd='p'><fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0'"
                              + " hash='sha-256' setup='actpass'>AB:CD</fingerprint>"
                              + "<candidate foundation='1' port='10000'/></transport>"
                              + "<web-socket xmlns='http://jitsi.org/protocol/colibri'"
                              + " url='wss://x/'/></transport></endpoint>"
                              + "<x xmlns='urn:example' xmlns:p='urn:p' p:a='1'/>"
                              + "</conference-modified></iq>"));
      Element outer = payload.child("endpoint", WireNamespaces.COLIBRI2).child("transport", null);
      assertThat(outer.namespace()).isEqualTo(WireNamespaces.COLIBRI2);
      Element ice = outer.child("transport", WireNamespaces.ICE_UDP);
      assertThat(ice.attr("ufrag")).isEqualTo("u");
      assertThat(ice.child("fingerprint", "urn:xmpp:jingle:apps:dtls:0").text()).isEqualTo("AB:CD");
      assertThat(ice.child("candidate", WireNamespaces.ICE_UDP).attr("port")).isEqualTo("10000");
      assertThat(outer.child("web-socket", WireNamespaces.COLIBRI).attr("url"))
          .isEqualTo("wss://x/");
      assertThat(payload.child("x", "urn:example").attr("p:a")).isEqualTo("1");
    }

    @Test
    void anElementIqIsItsOwnPayload() {
      Element payload = new Element("healthcheck", WireNamespaces.HEALTHCHECK);
      assertThat(new StanzaReader().payload(new ElementIq(payload))).isSameAs(payload);
    }
  }

  @Nested
  class Limits {
    @Test
    void noReaderMayAskForMoreThanTheSharedCeiling() {
      assertThatThrownBy(() -> new StanzaReader(StanzaReader.DEFAULT_MAX_ELEMENTS + 1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachReaderKeepsItsOwnLimitOnTheSameStanza() throws Exception {
      IQ iq = (IQ) smackReads(conferenceModify(99)); // 100 elements
      StanzaReader small = new StanzaReader(99);
      StanzaReader large = new StanzaReader(100);
      assertThatThrownBy(() -> small.payload(iq))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("more than 99 elements");
      assertThat(large.payload(iq).elements()).hasSize(99);
      // Reading with one changed nothing for the other, nor for a reader made later.
      assertThatThrownBy(() -> small.payload(iq)).isInstanceOf(IllegalArgumentException.class);
      assertThat(new StanzaReader().payload(iq).elements()).hasSize(99);
    }

    @Test
    void aPayloadNestedDeeperThanTheCodecAllowsIsRefused() throws Exception {
      String deep = "<x xmlns='urn:example'>".repeat(40) + "</x>".repeat(40);
      IQ iq = (IQ) smackReads("<iq xmlns='jabber:client' type='set' id='d1'>" + deep + "</iq>");
      assertThatThrownBy(() -> new StanzaReader().payload(iq))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
