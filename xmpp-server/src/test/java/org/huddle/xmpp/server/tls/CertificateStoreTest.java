package org.huddle.xmpp.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server context offers the operator's key, RSA or EC as certbot and openssl make them, in TLS
 * 1.2 and 1.3, over a real loopback socket; the client sees that certificate.
 */
class CertificateStoreTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "rsa:2048, TLSv1.3",
    "rsa:2048, TLSv1.2",
    "ec:P-256, TLSv1.3",
    "ec:P-256, TLSv1.2",
    "ec:P-384, TLSv1.3"
  })
  void handshakesWithTheOperatorsKey(String keySpec, String protocol) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    openssl(keySpec, cert, key);
    SslContext server =
        CertificateStore.open(Optional.of(cert), Optional.of(key), dir, List.of("meet.example"))
            .serverContext();
    X509Certificate expected =
        CertificateStore.open(Optional.of(cert), Optional.of(key), dir, List.of("meet.example"))
            .x509();

    CompletableFuture<String> served = new CompletableFuture<>();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel listener =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(server.newHandler(ch.alloc()))
                          .addLast(new LineBasedFrameDecoder(100))
                          .addLast(
                              new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf in) {
                                  served.complete(in.toString(StandardCharsets.US_ASCII));
                                }

                                @Override
                                public void exceptionCaught(
                                    ChannelHandlerContext ctx, Throwable e) {
                                  served.completeExceptionally(e);
                                  ctx.close();
                                }
                              });
                    }
                  })
              .bind(InetAddress.getLoopbackAddress(), 0)
              .sync()
              .channel();
      int port = ((InetSocketAddress) listener.localAddress()).getPort();
      SSLContext client = trusting(expected);
      try (SSLSocket s =
          (SSLSocket)
              client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
        s.setEnabledProtocols(new String[] {protocol});
        s.startHandshake();
        assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
        assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(expected);
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("ping");
      }
      listener.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static void openssl(String keySpec, Path cert, Path key) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes"));
    if (keySpec.startsWith("ec:")) {
      command.addAll(
          List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + keySpec.substring(3)));
    } else {
      command.addAll(List.of("-newkey", keySpec));
    }
    command.addAll(List.of("-days", "2", "-subj", "/CN=meet.example"));
    command.addAll(List.of("-keyout", key.toString(), "-out", cert.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("openssl (the test needs the openssl command): %s", out).isZero();
    assertThat(Files.readString(key)).contains("-----BEGIN PRIVATE KEY-----");
  }

  /** A client that trusts exactly that certificate. */
  private static SSLContext trusting(X509Certificate certificate) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("server", certificate);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    return client;
  }
}
