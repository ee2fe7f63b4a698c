package org.huddle.focus.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.muc.EntityCapsTest.exodus;
import static org.huddle.focus.muc.EntityCapsTest.psi;
import static org.huddle.focus.muc.EntityCapsTest.sha1;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.junit.jupiter.api.Test;

class CapsCacheTest {
  static final EntityCaps EXODUS = sha1("QgayPKawpkPSDYmwT/WM94uAlu0=");
  static final EntityCaps PSI = sha1("q07IKJEyjvHSyhy//CH0CxmKi8w=");

  @Test
  void aProvedVersionIsKnownAfterwardsAndAnUnprovedOneIsNot() {
    CapsCache cache = new CapsCache(10);
    assertThat(cache.lookup(EXODUS)).isNull();
    assertThat(cache.learn(EXODUS, exodus())).isTrue();
    assertThat(cache.lookup(EXODUS).elements("feature", Namespaces.DISCO_INFO)).hasSize(4);
    assertThat(cache.learn(PSI, exodus())).as("an answer that hashes to another ver").isFalse();
    assertThat(cache.lookup(PSI)).isNull();
  }

  @Test
  void whatIsKeptIsACopyTheAnswerCannotChangeLater() {
    CapsCache cache = new CapsCache(10);
    Element answer = exodus();
    cache.learn(EXODUS, answer);
    answer.addChild("feature", Namespaces.DISCO_INFO).attr("var", "urn:xmpp:jingle:1");
    assertThat(cache.lookup(EXODUS).elements("feature", Namespaces.DISCO_INFO)).hasSize(4);
  }

  @Test
  void theLeastRecentlyUsedVersionGoesWhenFull() {
    CapsCache cache = new CapsCache(1);
    cache.learn(EXODUS, exodus());
    cache.learn(PSI, psi());
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.lookup(EXODUS)).isNull();
    assertThat(cache.lookup(PSI)).isNotNull();
  }

  @Test
  void sizeZeroKeepsNothing() {
    CapsCache cache = new CapsCache(0);
    assertThat(cache.learn(EXODUS, exodus())).isFalse();
    assertThat(cache.lookup(EXODUS)).isNull();
  }
}
