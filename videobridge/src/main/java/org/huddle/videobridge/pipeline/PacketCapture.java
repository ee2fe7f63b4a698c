package org.huddle.videobridge.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.videobridge.packet.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A debugging aid, off unless a folder is configured: writes the first packets of each video stream
 * an endpoint sends, decrypted and with RTX undone, one hex line per packet, to {@code
 * <dir>/<endpoint>-<codec>-<ssrc>.hex}. The test corpora of real browser packets come from here.
 */
public final class PacketCapture extends Node.Observer {
  private static final Logger LOG = LoggerFactory.getLogger(PacketCapture.class);
  private static final int MAX_STREAMS = 32;

  private final Path dir;
  private final String endpointId;
  private final int perStream;
  private final Map<Long, Integer> counts = new ConcurrentHashMap<>();

  public PacketCapture(PipelineStats stats, Path dir, String endpointId, int perStream) {
    super("packet-capture", stats);
    this.dir = dir;
    this.endpointId = endpointId.replaceAll("[^A-Za-z0-9_-]", "_");
    this.perStream = perStream;
  }

  @Override
  protected void observe(PacketInfo p) {
    if (p.audio || (counts.size() >= MAX_STREAMS && !counts.containsKey(p.ssrc))) {
      return;
    }
    int n = counts.merge(p.ssrc, 1, Integer::sum);
    if (n > perStream) {
      return;
    }
    Packet k = p.packet();
    String line = HexFormat.of().formatHex(k.buffer(), k.offset(), k.offset() + k.length()) + "\n";
    Path file =
        dir.resolve(
            endpointId + "-" + p.codec.name().toLowerCase(Locale.ROOT) + "-" + p.ssrc + ".hex");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          file,
          line,
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException | UncheckedIOException e) {
      if (n == 1) {
        LOG.warn("cannot write the packet capture {}: {}", file, e.getMessage());
      }
    }
  }
}
