package org.huddle.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlotGrantTest {
  static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  SlotGrant grant() {
    return new SlotGrant(
        SlotGrant.newKey("standup", "report.pdf"),
        "report.pdf",
        1234,
        "application/pdf",
        NOW.plusSeconds(300),
        "standup@muc.meet.jitsi",
        "alice@meet.jitsi/r1");
  }

  @Test
  void aSignedGrantVerifiesToTheSameGrant() {
    SlotGrant g = grant();
    assertThat(SlotGrant.verify(g.sign(SECRET), SECRET, NOW)).isEqualTo(g);
  }

  @Test
  void anotherSecretOrAChangedPayloadIsRefused() {
    String token = grant().sign(SECRET);
    assertThatThrownBy(() -> SlotGrant.verify(token, "other".getBytes(), NOW))
        .hasMessageContaining("signature");
    String forged =
        new SlotGrant(
                    grant().key(),
                    "x.html",
                    999_999_999,
                    "text/html",
                    NOW.plusSeconds(300),
                    "standup@muc.meet.jitsi",
                    "eve@meet.jitsi/r")
                .sign("other".getBytes())
                .split("\\.")[0]
            + token.substring(token.indexOf('.'));
    assertThatThrownBy(() -> SlotGrant.verify(forged, SECRET, NOW))
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> SlotGrant.verify("garbage", SECRET, NOW))
        .hasMessageContaining("not a slot token");
  }

  @Test
  void anExpiredGrantIsRefused() {
    String token = grant().sign(SECRET);
    assertThatThrownBy(() -> SlotGrant.verify(token, SECRET, NOW.plusSeconds(300)))
        .hasMessageContaining("expired");
  }

  @Test
  void keysAreSafePathsWhateverTheFileName() {
    String key = SlotGrant.newKey("Daily Standup", "../../etc/passwd\u00e9 <x>.html");
    assertThat(SlotGrant.wellFormedKey(key)).as(key).isTrue();
    assertThat(key).doesNotContain("..").startsWith("Daily_Standup/");
    assertThat(SlotGrant.newKey("r", "a")).isNotEqualTo(SlotGrant.newKey("r", "a"));
    assertThat(SlotGrant.wellFormedKey("r/../x")).isFalse();
  }
}
