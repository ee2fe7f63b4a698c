package org.huddle.videobridge.pipeline;

import java.util.function.IntSupplier;
import org.huddle.rtp.AudioLevel;
import org.huddle.videobridge.packet.Packet;

/** Reads the RFC 6464 audio level of audio packets and reports it for speaker detection. */
public final class AudioLevelReader extends Node.Observer {
  /** Receives levels. */
  @FunctionalInterface
  public interface Listener {
    void level(String endpointId, int level, long nanos);
  }

  private final IntSupplier extensionId;
  private final Listener listener;

  public AudioLevelReader(PipelineStats stats, IntSupplier extensionId, Listener listener) {
    super("audio-level-reader", stats);
    this.extensionId = extensionId;
    this.listener = listener;
  }

  @Override
  protected void observe(PacketInfo p) {
    if (!p.audio) {
      return;
    }
    Packet k = p.packet();
    int level = AudioLevel.read(k.buffer(), k.offset(), k.length(), extensionId.getAsInt());
    p.audioLevel = level;
    if (level >= 0) {
      listener.level(p.senderId, level, p.receivedNanos());
    }
  }
}
