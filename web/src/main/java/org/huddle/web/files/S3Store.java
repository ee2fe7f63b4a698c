package org.huddle.web.files;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.huddle.web.FileShareConfig;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage...), through AWS SDK v2 over the
 * JDK's HTTP client. Uploads are spooled whole to a local folder first, and only a complete file is
 * put, so the bucket never holds part of one. Credentials come from the settings only: the SDK's
 * default chain would ask cloud metadata services, which a self-hosted server has no business with.
 */
public final class S3Store implements FileStore {
  private final S3Client s3;
  private final String bucket;
  private final Path spool;

  public S3Store(FileShareConfig.S3 config, Path spool) throws IOException {
    this.bucket = config.bucket();
    this.spool = spool;
    Files.createDirectories(spool);
    AwsCredentialsProvider credentials =
        config.accessKey().isBlank()
            ? AnonymousCredentialsProvider.create()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(config.pathStyle())
            // Checksums only where S3 requires them: other stores may not know the newer headers.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!config.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(config.endpoint()));
    }
    this.s3 = builder.build();
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw new IOException("bucket " + bucket + ": " + e.getMessage(), e);
      }
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  @Override
  public Path spool() {
    return spool;
  }

  @Override
  public void store(String key, Path complete, String contentType) throws IOException {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(complete));
    } catch (S3Exception e) {
      throw new IOException("S3 put " + key + ": " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(complete);
    }
  }

  @Override
  public Optional<Stored> open(String key) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key));
      return Optional.of(new Stored(in, in.response().contentLength()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      throw new IOException("S3 get " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new IOException("S3 head " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (S3Exception e) {
      throw new IOException("S3 delete " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> olderThan(Instant before, int limit) throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
        if (o.lastModified().isBefore(before)) {
          keys.add(o.key());
          if (keys.size() >= limit) {
            break;
          }
        }
      }
    } catch (S3Exception e) {
      throw new IOException("S3 list: " + e.getMessage(), e);
    }
    return keys;
  }

  @Override
  public void close() {
    s3.close();
  }
}
