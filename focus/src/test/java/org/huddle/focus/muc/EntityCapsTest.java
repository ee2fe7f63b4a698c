package org.huddle.focus.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** XEP-0115's verification string and hash, on the XEP's own examples and on our web app's caps. */
class EntityCapsTest {

  static Element query(List<String[]> identities, List<String> features) {
    Element q = new Element("query", Namespaces.DISCO_INFO);
    for (String[] i : identities) {
      Element e = q.addChild("identity", Namespaces.DISCO_INFO);
      e.attr("category", i[0]).attr("type", i[1]).attr("name", i[3]);
      if (!i[2].isEmpty()) {
        e.attr("xml:lang", i[2]);
      }
    }
    for (String f : features) {
      q.addChild("feature", Namespaces.DISCO_INFO).attr("var", f);
    }
    return q;
  }

  static final List<String> EXODUS_FEATURES =
      List.of(
          "http://jabber.org/protocol/muc",
          "http://jabber.org/protocol/disco#info",
          "http://jabber.org/protocol/caps",
          "http://jabber.org/protocol/disco#items");

  /** §5.2, the simple example. */
  static Element exodus() {
    return query(
        List.<String[]>of(new String[] {"client", "pc", "", "Exodus 0.9.1"}), EXODUS_FEATURES);
  }

  /** §5.3, the complex example: two identities in two languages and a software-info form. */
  static Element psi() {
    Element q =
        query(
            List.of(
                new String[] {"client", "pc", "en", "Psi 0.11"},
                new String[] {"client", "pc", "el", "Ψ 0.11"}),
            EXODUS_FEATURES);
    Element x = q.addChild("x", Namespaces.DATA_FORMS).attr("type", "result");
    field(x, "os_version", "10.5.1");
    field(x, "FORM_TYPE", "urn:xmpp:dataforms:softwareinfo").attr("type", "hidden");
    field(x, "ip_version", "ipv6", "ipv4");
    field(x, "os", "Mac");
    field(x, "software", "Psi");
    field(x, "software_version", "0.11");
    return q;
  }

  static Element field(Element form, String var, String... values) {
    Element f = form.addChild("field", Namespaces.DATA_FORMS).attr("var", var);
    for (String v : values) {
      f.addChild("value", Namespaces.DATA_FORMS).text(v);
    }
    return f;
  }

  static EntityCaps sha1(String ver) {
    return new EntityCaps("sha-1", "https://example.org", ver);
  }

  @Nested
  class TheXepsExamples {
    @Test
    void theSimpleExampleHashesToItsVer() {
      assertThat(EntityCaps.verificationString(exodus()))
          .isEqualTo(
              "client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<"
                  + "http://jabber.org/protocol/disco#info<"
                  + "http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<");
      assertThat(sha1("QgayPKawpkPSDYmwT/WM94uAlu0=").verifies(exodus())).isTrue();
    }

    @Test
    void theComplexExampleSortsIdentitiesByLanguageAndFormFieldsAndValues() {
      assertThat(EntityCaps.verificationString(psi()))
          .isEqualTo(
              "client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<"
                  + "http://jabber.org/protocol/disco#info<"
                  + "http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<"
                  + "urn:xmpp:dataforms:softwareinfo<ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<"
                  + "software<Psi<software_version<0.11<");
      assertThat(sha1("q07IKJEyjvHSyhy//CH0CxmKi8w=").verifies(psi())).isTrue();
    }
  }

  @Nested
  class WhatIsNotBelieved {
    @Test
    void anotherFeatureSetDoesNotVerify() {
      Element q = exodus();
      q.addChild("feature", Namespaces.DISCO_INFO).attr("var", "urn:xmpp:jingle:1");
      assertThat(sha1("QgayPKawpkPSDYmwT/WM94uAlu0=").verifies(q)).isFalse();
    }

    @Test
    void aDuplicateFeatureIsRefusedEvenWhenItWouldHash() {
      Element q = exodus();
      q.addChild("feature", Namespaces.DISCO_INFO).attr("var", "http://jabber.org/protocol/muc");
      assertThat(EntityCaps.verificationString(q)).isNull();
    }

    @Test
    void aFormWithoutFormTypeIsRefused() {
      Element q = exodus();
      field(q.addChild("x", Namespaces.DATA_FORMS), "os", "Mac");
      assertThat(EntityCaps.verificationString(q)).isNull();
    }

    @Test
    void onlySha1IsVerified() {
      EntityCaps md5 = new EntityCaps("md5", "n", "QgayPKawpkPSDYmwT/WM94uAlu0=");
      assertThat(md5.verifiable()).isFalse();
      assertThat(md5.verifies(exodus())).isFalse();
    }
  }

  @Nested
  class FromPresence {
    @Test
    void readsTheCapsElement() {
      Element p = new Element("presence", "jabber:client");
      p.addChild(EntityCaps.ELEMENT, EntityCaps.NAMESPACE)
          .attr("hash", "sha-1")
          .attr("node", "https://jitsi.org/jitsi-meet")
          .attr("ver", "abc=");
      assertThat(EntityCaps.of(p))
          .isEqualTo(new EntityCaps("sha-1", "https://jitsi.org/jitsi-meet", "abc="));
    }

    @Test
    void theLegacyFormWithoutHashOrAnEmptyVerIsNone() {
      Element legacy = new Element("presence", "jabber:client");
      legacy.addChild("c", EntityCaps.NAMESPACE).attr("node", "n").attr("ver", "1.0");
      Element empty = new Element("presence", "jabber:client");
      empty
          .addChild("c", EntityCaps.NAMESPACE)
          .attr("hash", "sha-1")
          .attr("node", "n")
          .attr("ver", "");
      assertThat(EntityCaps.of(legacy)).isNull();
      assertThat(EntityCaps.of(empty)).isNull();
      assertThat(EntityCaps.of(new Element("presence", "jabber:client"))).isNull();
    }

    /**
     * The web app's own caps (web/frontend/app/js/xmpp/presence.js: capsInput, hashed with SHA-1):
     * what its disco#info answer lists hashes to the ver its presence carries.
     */
    @Test
    void theWebAppsVerMatchesItsDiscoAnswer() {
      Element answer =
          query(
              List.<String[]>of(new String[] {"client", "web", "", "Huddle"}),
              List.of(
                  "http://jabber.org/protocol/disco#info",
                  "urn:xmpp:jingle:1",
                  "urn:xmpp:jingle:apps:rtp:1",
                  "urn:xmpp:jingle:apps:rtp:audio",
                  "urn:xmpp:jingle:apps:rtp:video",
                  "urn:xmpp:jingle:transports:ice-udp:1",
                  "urn:xmpp:jingle:apps:dtls:0",
                  "urn:ietf:rfc:4588",
                  "urn:ietf:rfc:5761",
                  "urn:ietf:rfc:5888",
                  "http://jitsi.org/tcc",
                  "http://jitsi.org/source-name",
                  "http://jitsi.org/receive-multiple-video-streams",
                  "http://jitsi.org/json-encoded-sources"));
      assertThat(sha1("JxjfGCTcgp/T3j4jSKe42qrhoYQ=").verifies(answer)).isTrue();
    }
  }
}
