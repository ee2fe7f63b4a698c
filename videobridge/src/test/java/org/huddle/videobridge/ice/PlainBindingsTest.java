package org.huddle.videobridge.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The media ports answer plain Binding requests as a STUN server does, within limits. */
class PlainBindingsTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  final Map<String, Long> counted = new ConcurrentHashMap<>();
  final Counters counters = (name, n) -> counted.merge(name, n, Long::sum);

  @Nested
  class Answer {
    final AtomicLong now = new AtomicLong();
    final PlainBindings bindings = new PlainBindings("udp-port", counters, now::get);
    final InetSocketAddress from = new InetSocketAddress("198.51.100.7", 40000);

    @Test
    void carriesTheTransactionIdAndTheSourceAsXorMappedAddress() {
      byte[] request = StunMessagesTest.message(0x0001);
      byte[] response = bindings.answer(request, 0, request.length, from);
      assertThat(StunMessages.type(response, 0)).isEqualTo(StunMessages.BINDING_SUCCESS);
      assertThat(StunMessages.hasTransactionId(response, 0, StunMessagesTest.TID)).isTrue();
      assertThat(StunMessages.mappedAddress(response, 0, response.length)).isEqualTo(from);
      assertThat(response.length).isEqualTo(request.length + 12);
      assertThat(counted).containsEntry("udp-port.binding-answered", 1L);
    }

    @Test
    void onlyARequestWithoutUsernameIsPlain() {
      byte[] plain = StunMessagesTest.message(0x0001, 0x8028, new byte[4]);
      byte[] ice = StunMessagesTest.message(0x0001, 0x0006, StunMessagesTest.username("a:b"));
      byte[] response = StunMessagesTest.message(0x0101);
      assertThat(PlainBindings.isPlainBindingRequest(plain, 0, plain.length)).isTrue();
      assertThat(PlainBindings.isPlainBindingRequest(ice, 0, ice.length)).isFalse();
      assertThat(PlainBindings.isPlainBindingRequest(response, 0, response.length)).isFalse();
    }

    @Test
    void tenASecondPerSourceThenDroppedAndCounted() {
      byte[] request = StunMessagesTest.message(0x0001);
      for (int i = 0; i < 10; i++) {
        assertThat(bindings.answer(request, 0, request.length, from)).isNotNull();
      }
      assertThat(bindings.answer(request, 0, request.length, from)).isNull();
      InetSocketAddress other = new InetSocketAddress("198.51.100.8", 40000);
      assertThat(bindings.answer(request, 0, request.length, other)).isNotNull();
      now.addAndGet(1_000_000_000L);
      assertThat(bindings.answer(request, 0, request.length, from)).isNotNull();
      assertThat(counted)
          .containsEntry("udp-port.dropped.binding-rate-limited", 1L)
          .containsEntry("udp-port.binding-answered", 12L);
    }

    @Test
    void anIpv6SourceNeedsARequestLargeEnoughThatTheAnswerIsAtMost12BytesMore() throws Exception {
      InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5000);
      byte[] bare = StunMessagesTest.message(0x0001);
      byte[] padded = StunMessagesTest.message(0x0001, 0x8022, new byte[8]);
      assertThat(bindings.answer(bare, 0, bare.length, v6)).isNull();
      byte[] response = bindings.answer(padded, 0, padded.length, v6);
      assertThat(response.length).isLessThanOrEqualTo(padded.length + 12);
      assertThat(StunMessages.mappedAddress(response, 0, response.length)).isEqualTo(v6);
      assertThat(counted).containsEntry("udp-port.dropped.binding-too-small", 1L);
    }
  }

  @Nested
  class OnTheSharedPorts {
    @Test
    void theUdpPortAnswersAStrangersPlainBindingRequestButNotOneWithAUsername() throws Exception {
      try (UdpPort port = new UdpPort(new InetSocketAddress(LOOPBACK, 0), counters);
          DatagramSocket client = new DatagramSocket(0, LOOPBACK)) {
        client.setSoTimeout(2000);
        InetSocketAddress to = new InetSocketAddress(LOOPBACK, port.localAddress().getPort());
        byte[] request = StunMessagesTest.message(0x0001);
        client.send(new DatagramPacket(request, request.length, to));
        DatagramPacket p = new DatagramPacket(new byte[100], 100);
        client.receive(p);
        assertThat(StunMessages.mappedAddress(p.getData(), 0, p.getLength()))
            .isEqualTo(client.getLocalSocketAddress());

        byte[] ice = StunMessagesTest.message(0x0001, 0x0006, StunMessagesTest.username("x:y"));
        client.send(new DatagramPacket(ice, ice.length, to));
        client.setSoTimeout(300);
        try {
          client.receive(p);
          throw new AssertionError("an ICE check for no agent was answered");
        } catch (SocketTimeoutException expected) {
          assertThat(counted).containsEntry("udp-port.dropped.unknown-ufrag", 1L);
        }
      }
    }

    @Test
    void theTcpPortAnswersFramedPlainBindingRequests() throws Exception {
      try (TcpPort port = new TcpPort(new InetSocketAddress(LOOPBACK, 0), 0, counters);
          Socket s = new Socket(LOOPBACK, port.localAddress().getPort())) {
        s.setSoTimeout(2000);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] request = StunMessagesTest.message(0x0001);
        for (int i = 0; i < 2; i++) {
          out.writeShort(request.length);
          out.write(request);
          out.flush();
          byte[] response = new byte[in.readUnsignedShort()];
          in.readFully(response);
          assertThat(StunMessages.mappedAddress(response, 0, response.length))
              .isEqualTo(s.getLocalSocketAddress());
        }
        assertThat(counted).containsEntry("tcp-port.binding-answered", 2L);
      }
    }
  }
}
