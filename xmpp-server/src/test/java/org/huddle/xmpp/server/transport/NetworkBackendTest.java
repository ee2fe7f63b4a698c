package org.huddle.xmpp.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

class NetworkBackendTest {
  @Test
  void epollLoadsOnLinuxX8664AndIsTheDefaultsChoice() {
    if (System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64")) {
      assertThat(Epoll.isAvailable())
          .as("Netty's native epoll library (%s)", String.valueOf(Epoll.unavailabilityCause()))
          .isTrue();
    }
    NetworkBackend b = NetworkBackend.choose("epoll");
    assertThat(b).isEqualTo(Epoll.isAvailable() ? NetworkBackend.EPOLL : NetworkBackend.NIO);
    assertThat(b.serverChannel())
        .isEqualTo(
            b == NetworkBackend.EPOLL
                ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class);
  }

  @Test
  void prosodysOtherNamesMeanNioAndAnythingElseIsRefused() {
    for (String name : new String[] {"nio", "select", "event", " NIO "}) {
      assertThat(NetworkBackend.choose(name)).as(name).isEqualTo(NetworkBackend.NIO);
    }
    assertThatThrownBy(() -> NetworkBackend.choose("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("network_backend");
  }
}
