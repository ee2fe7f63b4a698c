package org.huddle.videobridge.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SsrcSlotsTest {
  @Test
  void findsWhatWasAddedByItsSsrcAndRefusesMoreThanItsCapacity() {
    SsrcSlots<String> s = new SsrcSlots<>(2);
    assertThat(s.get(1)).isNull();
    assertThat(s.add(0xffffffffL, "high")).isTrue();
    assertThat(s.add(1, "one")).isTrue();
    assertThat(s.add(2, "two")).isFalse();
    assertThat(s.get(0xffffffffL)).isEqualTo("high");
    assertThat(s.get(1)).isEqualTo("one");
    assertThat(s.get(2)).isNull();
  }
}
