package org.huddle.xmpp.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.limits.ByteRate;

/**
 * Prosody's {@code mod_limits} for a TCP connection: bytes read are taken from a {@link ByteRate};
 * when the client has sent more than its rate allows, the channel stops reading (auto-read off) for
 * as long as it takes to be back under. The client is slowed, not disconnected: TCP's own flow
 * control holds it back, and what it sent is still handled, in order.
 */
final class ReadRateLimiter extends ChannelInboundHandlerAdapter {
  private final ByteRate rate;
  private final Runnable throttled;
  private boolean paused;

  /**
   * @param throttled called (on the event loop) each time reading is paused
   */
  ReadRateLimiter(ByteRate rate, Runnable throttled) {
    this.rate = rate;
    this.throttled = throttled;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      Duration pause = rate.take(buf.readableBytes(), System.nanoTime());
      if (!pause.isZero() && !paused) {
        paused = true;
        ctx.channel().config().setAutoRead(false);
        throttled.run();
        ctx.executor()
            .schedule(
                () -> {
                  paused = false;
                  ctx.channel().config().setAutoRead(true);
                },
                pause.toNanos(),
                TimeUnit.NANOSECONDS);
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (paused) {
      ctx.channel().config().setAutoRead(true);
    }
  }
}
