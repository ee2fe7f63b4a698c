package org.huddle.videobridge.pipeline;

import org.huddle.rtp.PacketClass;
import org.huddle.videobridge.packet.Packet;

/** Sets each datagram's class by its first byte (RFC 7983 §7), for the demux after it. */
public final class PacketClassifier extends Node {
  public PacketClassifier(PipelineStats stats) {
    super("classifier", stats);
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    Packet k = p.packet();
    p.packetClass = PacketClass.of(k.buffer(), k.offset(), k.length());
    return p;
  }
}
