package org.huddle.web.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.common.files.SlotGrant;
import org.huddle.records.Records;
import org.huddle.web.FileShareConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The URLs of XEP-0363 slots, {@code /files/<room>/<id>/<name>}. A PUT needs the slot's {@code
 * Authorization: Bearer <grant>}; its body is streamed to a spool file and counted, and one that is
 * larger than the slot declared (or than {@code size-limit}) gets 413 and leaves nothing behind. A
 * complete upload is moved into the store, recorded with the meeting, and answered 201. A GET is
 * open to whoever holds the URL, as Prosody's are (the id is 128 random bits); it is served as a
 * download unless its type is one a browser shows safely, never as HTML, with {@code nosniff} and a
 * sandboxing CSP.
 */
public final class FileShareHandler {
  public static final String PREFIX = "/files/";
  private static final Logger LOG = LoggerFactory.getLogger(FileShareHandler.class);

  private final FileShareConfig config;
  private final FileStore store;
  private final Records records;
  private final Clock clock;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();

  /**
   * @param records where uploads are recorded with their meeting, or null when records are off
   */
  public FileShareHandler(FileShareConfig config, FileStore store, Records records, Clock clock) {
    this.config = config;
    this.store = store;
    this.records = records;
    this.clock = clock;
  }

  /** Requests refused (bad grant, too large, short body, unknown file). */
  public long refused() {
    return refused.get();
  }

  /** Uploads stored. */
  public long stored() {
    return stored.get();
  }

  public void handle(Request request, Response response, Callback callback) throws IOException {
    String key = Request.getPathInContext(request).substring(PREFIX.length());
    response.getHeaders().put("Access-Control-Allow-Origin", "*");
    switch (request.getMethod()) {
      case "OPTIONS" -> {
        response.getHeaders().put("Access-Control-Allow-Methods", "GET, HEAD, PUT");
        response.getHeaders().put("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.getHeaders().put("Access-Control-Max-Age", "3600");
        response.setStatus(204);
        callback.succeeded();
      }
      case "PUT" -> put(key, request, response, callback);
      case "GET", "HEAD" -> get(key, request, response, callback);
      default -> {
        response.getHeaders().put("Allow", "GET, HEAD, PUT, OPTIONS");
        refuse(response, callback, 405, "method not allowed");
      }
    }
  }

  private void put(String key, Request request, Response response, Callback callback)
      throws IOException {
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth == null || !auth.startsWith("Bearer ")) {
      refuse(response, callback, 401, "a slot's Authorization header is needed");
      return;
    }
    SlotGrant grant;
    try {
      grant = SlotGrant.verify(auth.substring(7).trim(), config.secret(), clock.instant());
    } catch (IllegalArgumentException e) {
      refuse(response, callback, 403, e.getMessage());
      return;
    }
    if (!grant.key().equals(key) || !SlotGrant.wellFormedKey(key)) {
      refuse(response, callback, 403, "the slot is for another URL");
      return;
    }
    long declared = grant.size();
    long length = request.getLength();
    if (declared > config.sizeLimit() || length > declared) {
      refuse(response, callback, 413, "larger than the slot's " + declared + " bytes");
      return;
    }
    if (store.exists(key)) {
      refuse(response, callback, 409, "this slot was used already");
      return;
    }
    Path spool = store.spool().resolve(UUID.randomUUID() + ".part");
    long received;
    try {
      received = spool(Content.Source.asInputStream(request), spool, declared);
    } catch (IOException e) {
      Files.deleteIfExists(spool);
      throw e;
    }
    if (received > declared) {
      Files.deleteIfExists(spool);
      refuse(response, callback, 413, "larger than the slot's " + declared + " bytes");
      return;
    }
    if (received < declared) {
      Files.deleteIfExists(spool);
      refuse(response, callback, 400, "the body is shorter than the slot's " + declared + " bytes");
      return;
    }
    try {
      store.store(key, spool, grant.contentType());
    } finally {
      Files.deleteIfExists(spool);
    }
    stored.incrementAndGet();
    record(grant);
    response.setStatus(201);
    callback.succeeded();
  }

  /** Copies at most {@code declared + 1} bytes; returns how many came. */
  private static long spool(InputStream in, Path to, long declared) throws IOException {
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(to)) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > declared) {
          return total; // one byte too many is enough to refuse; the rest is not read
        }
        out.write(buf, 0, n);
      }
    }
    return total;
  }

  private void record(SlotGrant grant) {
    if (records == null) {
      return;
    }
    try {
      records
          .files()
          .add(
              grant.room(),
              grant.uploader(),
              grant.name(),
              grant.size(),
              grant.contentType(),
              grant.key(),
              clock.instant());
    } catch (RuntimeException e) {
      // the file is kept; the sweeper removes it by age, as it does any file it has no row for
      LOG.warn("file {} stored but not recorded: {}", grant.key(), e.toString());
    }
  }

  private void get(String key, Request request, Response response, Callback callback)
      throws IOException {
    Optional<FileStore.Stored> found =
        SlotGrant.wellFormedKey(key) ? store.open(key) : Optional.empty();
    if (found.isEmpty()) {
      refuse(response, callback, 404, "no such file");
      return;
    }
    Download.serve(key, found.get(), request, response, callback);
  }

  private void refuse(Response response, Callback callback, int status, String why) {
    refused.incrementAndGet();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (status == 413 || status == 400) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the rest of the body is unread
    }
    response.write(true, ByteBuffer.wrap((why + "\n").getBytes(StandardCharsets.UTF_8)), callback);
  }
}
