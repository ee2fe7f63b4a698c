package org.huddle.videobridge.ice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the bridge's own STUN reading (docs/fuzzing.md): the checks that pick
 * a datagram or ICE-TCP frame for ice4j, the ufrag that routes an ICE-TCP connection, the answer to
 * a plain Binding request and the mapped address of a STUN server's answer. ice4j parses the rest
 * and is fuzzed by its own project, not here.
 *
 * <p>Input: the datagram first, then the source address the fuzzer picks at the end.
 */
class StunMessagesFuzzTest {
  @FuzzTest
  void aDatagramIsReadConsistentlyAndAPlainRequestIsAnsweredWithItsSource(FuzzedDataProvider data)
      throws UnknownHostException {
    boolean v6 = data.consumeBoolean();
    int port = data.consumeInt(0, 0xffff);
    ByteBuffer address = ByteBuffer.allocate(v6 ? 16 : 8);
    address.putLong(data.consumeLong());
    if (v6) {
      address.putLong(data.consumeLong());
    }
    InetSocketAddress source =
        new InetSocketAddress(
            InetAddress.getByAddress(Arrays.copyOf(address.array(), v6 ? 16 : 4)), port);
    byte[] m = data.consumeRemainingAsBytes();

    boolean wellFormed = StunMessages.isWellFormed(m, 0, m.length);
    if (wellFormed) {
      assertThat(m.length).isGreaterThanOrEqualTo(StunMessages.HEADER);
      assertThat((m.length - StunMessages.HEADER) % 4).isZero();
    }
    String ufrag = StunMessages.localUfrag(m, 0, m.length);
    if (ufrag != null) {
      assertThat(wellFormed).isTrue();
      assertThat(StunMessages.type(m, 0)).isEqualTo(StunMessages.BINDING_REQUEST);
      assertThat(ufrag).isNotEmpty().doesNotContain(":");
    }
    InetSocketAddress mapped = StunMessages.mappedAddress(m, 0, m.length);
    if (mapped != null) {
      assertThat(wellFormed).isTrue();
      assertThat(StunMessages.type(m, 0)).isEqualTo(StunMessages.BINDING_SUCCESS);
    }
    if (PlainBindings.isPlainBindingRequest(m, 0, m.length)) {
      byte[] answer = StunMessages.bindingSuccess(m, 0, source);
      assertThat(StunMessages.isWellFormed(answer, 0, answer.length)).isTrue();
      assertThat(StunMessages.type(answer, 0)).isEqualTo(StunMessages.BINDING_SUCCESS);
      assertThat(StunMessages.hasTransactionId(answer, 0, Arrays.copyOfRange(m, 8, 20))).isTrue();
      assertThat(StunMessages.mappedAddress(answer, 0, answer.length)).isEqualTo(source);
      assertThat(StunMessages.localUfrag(answer, 0, answer.length)).isNull();
    }
  }
}
