package org.huddle.videobridge.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StunMessagesTest {
  static final byte[] TID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  /** A message of the given type with attributes (type, value) padded to 4 bytes. */
  static byte[] message(int type, Object... attributes) {
    ByteBuffer body = ByteBuffer.allocate(512);
    for (int i = 0; i < attributes.length; i += 2) {
      byte[] v = (byte[]) attributes[i + 1];
      body.putShort((short) (int) (Integer) attributes[i]).putShort((short) v.length).put(v);
      body.put(new byte[(4 - v.length % 4) % 4]);
    }
    ByteBuffer m = ByteBuffer.allocate(20 + body.position());
    m.putShort((short) type).putShort((short) body.position()).putInt(0x2112A442).put(TID);
    m.put(body.array(), 0, body.position());
    return m.array();
  }

  static byte[] username(String u) {
    return u.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  class WellFormed {
    @Test
    void aBindingRequestWithPaddedAttributesIs() {
      byte[] m = message(0x0001, 0x0006, username("abcd:efg"), 0x0024, new byte[4]);
      assertThat(StunMessages.isWellFormed(m, 0, m.length)).isTrue();
    }

    @Test
    void noPrefixOfAMessageIs() {
      byte[] m = message(0x0001, 0x0006, username("abcd:efg"));
      for (int len = 0; len < m.length; len++) {
        assertThat(StunMessages.isWellFormed(m, 0, len)).as("first %d bytes", len).isFalse();
      }
    }

    @Test
    void aWrongCookieTopBitsLengthOrAnAttributeRunningPastTheEndIsNot() {
      byte[] m = message(0x0001, 0x0006, username("abcd:efg"));
      byte[] cookie = m.clone();
      cookie[4] = 0x22;
      byte[] topBits = m.clone();
      topBits[0] = (byte) 0x40;
      byte[] length = m.clone();
      length[3] += 4;
      byte[] attribute = m.clone();
      attribute[23] = 13; // USERNAME claims 13 bytes: padded to 16, past the 12 there are
      for (byte[] bad : new byte[][] {cookie, topBits, length, attribute}) {
        assertThat(StunMessages.isWellFormed(bad, 0, bad.length)).isFalse();
      }
    }

    @Test
    void aMessageInsideALargerBufferIsReadAtItsOffset() {
      byte[] m = message(0x0001, 0x0006, username("abcd:efg"));
      byte[] buf = new byte[m.length + 7];
      System.arraycopy(m, 0, buf, 5, m.length);
      assertThat(StunMessages.isWellFormed(buf, 5, m.length)).isTrue();
      assertThat(StunMessages.localUfrag(buf, 5, m.length)).isEqualTo("abcd");
    }

    @Test
    void randomBytesNeverThrow() {
      Random r = new Random(7);
      for (int i = 0; i < 20_000; i++) {
        byte[] b = new byte[r.nextInt(80)];
        r.nextBytes(b);
        if (b.length > 8 && r.nextBoolean()) {
          b[4] = 0x21;
          b[5] = 0x12;
          b[6] = (byte) 0xa4;
          b[7] = 0x42;
          b[0] &= 0x3f;
        }
        StunMessages.isWellFormed(b, 0, b.length);
        StunMessages.localUfrag(b, 0, b.length);
        StunMessages.mappedAddress(b, 0, b.length);
      }
    }
  }

  @Nested
  class Username {
    @Test
    void theLocalUfragIsTheUsernameBeforeTheColon() {
      byte[] m = message(0x0001, 0x0024, new byte[4], 0x0006, username("bridgeUfrag:peer"));
      assertThat(StunMessages.localUfrag(m, 0, m.length)).isEqualTo("bridgeUfrag");
    }

    @Test
    void withoutAColonOrUsernameOrInAResponseThereIsNone() {
      byte[] noColon = message(0x0001, 0x0006, username("nocolon"));
      byte[] none = message(0x0001, 0x0024, new byte[4]);
      byte[] response = message(0x0101, 0x0006, username("a:b"));
      for (byte[] m : new byte[][] {noColon, none, response}) {
        assertThat(StunMessages.localUfrag(m, 0, m.length)).isNull();
      }
    }
  }

  @Nested
  class MappedAddress {
    static byte[] xor(InetSocketAddress a, byte[] header) {
      byte[] ip = a.getAddress().getAddress();
      ByteBuffer v = ByteBuffer.allocate(4 + ip.length);
      v.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2)).putShort((short) (a.getPort() ^ 0x2112));
      for (int i = 0; i < ip.length; i++) {
        v.put((byte) (ip[i] ^ header[4 + i]));
      }
      return v.array();
    }

    @Test
    void anIpv4XorMappedAddressIsUnmasked() throws Exception {
      InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 41000);
      byte[] header = message(0x0101);
      byte[] m = message(0x0101, 0x0020, xor(a, header));
      assertThat(StunMessages.mappedAddress(m, 0, m.length)).isEqualTo(a);
    }

    @Test
    void anIpv6XorMappedAddressIsUnmaskedWithTheTransactionId() throws Exception {
      InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("2001:db8::5"), 3478);
      byte[] m = message(0x0101, 0x0020, xor(a, message(0x0101)));
      assertThat(StunMessages.mappedAddress(m, 0, m.length)).isEqualTo(a);
    }

    @Test
    void anOldServersPlainMappedAddressIsRead() throws Exception {
      byte[] v = {0, 1, (byte) 0x0d, (byte) 0x96, (byte) 198, 51, 100, 9};
      byte[] m = message(0x0101, 0x0001, v);
      assertThat(StunMessages.mappedAddress(m, 0, m.length))
          .isEqualTo(new InetSocketAddress(InetAddress.getByName("198.51.100.9"), 3478));
    }

    @Test
    void aRequestOrAShortAttributeHasNone() {
      byte[] request = message(0x0001, 0x0020, new byte[8]);
      byte[] shortValue = message(0x0101, 0x0020, new byte[5]);
      for (byte[] m : new byte[][] {request, shortValue}) {
        assertThat(StunMessages.mappedAddress(m, 0, m.length)).isNull();
      }
    }

    @Test
    void theBindingRequestWeSendIsWellFormedAndCarriesItsTransactionId() {
      byte[] r = StunMessages.bindingRequest(TID);
      assertThat(StunMessages.isWellFormed(r, 0, r.length)).isTrue();
      assertThat(StunMessages.type(r, 0)).isEqualTo(StunMessages.BINDING_REQUEST);
      assertThat(StunMessages.hasTransactionId(r, 0, TID)).isTrue();
      assertThat(StunMessages.hasTransactionId(r, 0, Arrays.copyOf(TID, 12))).isTrue();
      byte[] other = TID.clone();
      other[11] = 0;
      assertThat(StunMessages.hasTransactionId(r, 0, other)).isFalse();
    }
  }
}
