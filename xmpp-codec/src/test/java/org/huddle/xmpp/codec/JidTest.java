package org.huddle.xmpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JidTest {
  @Test
  void splitsAtTheFirstSlashThenTheFirstAt() throws Exception {
    Jid j = Jid.of("room@muc.meet.jitsi/nick@with/slash");
    assertThat(j.local()).isEqualTo("room");
    assertThat(j.domain()).isEqualTo("muc.meet.jitsi");
    assertThat(j.resource()).isEqualTo("nick@with/slash");
    assertThat(j.bare().toString()).isEqualTo("room@muc.meet.jitsi");
  }

  @Test
  void foldsCaseInLocalAndDomainButNotResource() throws Exception {
    assertThat(Jid.of("Focus@Auth.Meet.Jitsi/Focus").toString())
        .isEqualTo("focus@auth.meet.jitsi/Focus");
  }

  @Test
  void normalizesNonAsciiThroughStringprep() throws Exception {
    assertThat(Jid.of("STRAßE@EXAMPLE.com").local()).isEqualTo("strasse");
    assertThat(Jid.of("ÄÖ@ＥＸＡＭＰＬＥ.com").toString()).isEqualTo("äö@example.com");
    assertThat(Jid.of("x@y/Ⅸ").resource()).isEqualTo("IX");
  }

  @Test
  void roomNamesInChineseAndCyrillicAreOneRoomWhateverTheirCaseOrComposition() throws Exception {
    // The app lower-cases and composes room names (web/frontend/app/js/room-name.js); a client
    // that does not still reaches the same room, as with Prosody.
    assertThat(Jid.of("会议室@muc.meet.jitsi").local()).isEqualTo("会议室");
    assertThat(Jid.of("Планёрка@muc.meet.jitsi").local()).isEqualTo("планёрка");
    assertThat(Jid.of("ПЛАН\u0415\u0308РКА@muc.meet.jitsi").local()).isEqualTo("планёрка");
    assertThat(Jid.of("планёрка@muc.meet.jitsi/Аня").resource()).isEqualTo("Аня");
  }

  @Test
  void dropsATrailingDotFromTheDomain() throws Exception {
    assertThat(Jid.of("a@meet.jitsi.").domain()).isEqualTo("meet.jitsi");
  }

  @Test
  void rejectsMalformedAddresses() {
    assertThatThrownBy(() -> Jid.of("")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("@meet.jitsi")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a@")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a@b/")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a b@c")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a@b c")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a<b@c")).isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("x".repeat(1024) + "@c"))
        .isInstanceOf(JidFormatException.class);
    assertThatThrownBy(() -> Jid.of("a@b..c")).isInstanceOf(JidFormatException.class);
  }

  @Test
  void equalityIsOnTheNormalizedForm() throws Exception {
    assertThat(Jid.of("A@B/r")).isEqualTo(Jid.of("a@b/r")).hasSameHashCodeAs(Jid.of("a@b/r"));
    assertThat(Jid.of("a@b/R")).isNotEqualTo(Jid.of("a@b/r"));
  }
}
