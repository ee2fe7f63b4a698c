package org.huddle.auth.plugins.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/** One RS256 key, read from a PEM file at start ({@code jwt_public_key_file}). */
public final class FileKeySource implements KeySource {
  private final PublicKey key;

  public FileKeySource(Path file) {
    try {
      this.key = PemKeys.parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("jwt_public_key_file " + file + " cannot be read", e);
    } catch (TokenException e) {
      throw new IllegalArgumentException("jwt_public_key_file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public PublicKey key(String kid) {
    return key;
  }
}
