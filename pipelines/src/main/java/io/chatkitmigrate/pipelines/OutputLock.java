package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.chatkitmigrate.schemas.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The lock that makes one run at a time the owner of an output folder: {@code .lock} in it, created
 * only if absent (a hard link on a local disk, an upload with {@code ifGenerationMatch=0} on Cloud
 * Storage). It names its holder so that a lock a killed run left behind can be recognised.
 */
final class OutputLock implements AutoCloseable {

  /** Who holds a folder. {@code processStarted} tells a live pid from a reused one. */
  record Holder(String run, String host, long pid, String processStarted, String started) {
    static Holder current(String run) {
      ProcessHandle self = ProcessHandle.current();
      return new Holder(run, hostName(), self.pid(), processStart(self), Instant.now().toString());
    }

    byte[] toJson() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("run", run);
      node.put("host", host);
      node.put("pid", pid);
      node.put("process_started", processStarted);
      node.put("started", started);
      return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Holder fromJson(byte[] bytes) {
      try {
        JsonNode node = Json.tree(new String(bytes, StandardCharsets.UTF_8));
        return new Holder(
            node.path("run").asText("?"),
            node.path("host").asText("?"),
            node.path("pid").asLong(-1),
            node.path("process_started").asText(""),
            node.path("started").asText("?"));
      } catch (RuntimeException e) {
        return new Holder("?", "?", -1, "", "?");
      }
    }

    /**
     * True only when the holder provably runs no more: its host is this one and its process is
     * gone.
     */
    boolean deadHere() {
      if (!host.equals(hostName()) || pid < 0) {
        return false;
      }
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return true;
      }
      // The same pid started at another time is another process; without both times, assume it is
      // the holder.
      String now = processStart(process.get());
      return !processStarted.isEmpty() && !now.isEmpty() && !now.equals(processStarted);
    }

    String describe() {
      return "run " + run + ", started " + started + " on host " + host + ", pid " + pid;
    }
  }

  /** Where the lock lives: a local file or a Cloud Storage object. */
  interface Place {
    /** Writes the lock unless one exists; false when one does. */
    boolean createIfAbsent(byte[] content) throws IOException;

    /** The lock's content, or empty when there is none. */
    Optional<byte[]> read() throws IOException;

    /**
     * Removes the lock if it still holds exactly this content (so never someone else's newer lock).
     */
    void deleteIf(byte[] content) throws IOException;
  }

  private final Place place;
  private final byte[] content;
  private final Holder holder;
  private final Thread onExit;
  private boolean released;

  private OutputLock(Place place, Holder holder) {
    this.place = place;
    this.holder = holder;
    this.content = holder.toJson();
    // Ctrl-C or a plain kill still lets the folder go; only kill -9 leaves the lock, and the next
    // run sees it is stale.
    this.onExit = new Thread(this::releaseQuietly, "release-output-lock");
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** The holder's {@code run} id is this run's. */
  Holder holder() {
    return holder;
  }

  /** Outcome of an attempt: the lock, or who holds the folder. */
  record Attempt(OutputLock lock, Holder heldBy) {}

  /**
   * Takes the lock. A lock left by a run that provably ended (on this host, its process gone) is
   * taken over, and so is any lock when {@code breakLock}; the note says so.
   */
  static Attempt acquire(Place place, String run, boolean breakLock, StringBuilder note)
      throws IOException {
    Holder me = Holder.current(run);
    for (int attempt = 0; attempt < 3; attempt++) {
      if (place.createIfAbsent(me.toJson())) {
        return new Attempt(new OutputLock(place, me), null);
      }
      Optional<byte[]> found = place.read();
      if (found.isEmpty()) {
        continue;
      }
      Holder other = Holder.fromJson(found.get());
      boolean dead = other.deadHere();
      if (!dead && !breakLock) {
        return new Attempt(null, other);
      }
      note.append(
          dead
              ? "found the lock of a run that is no longer running ("
                  + other.describe()
                  + "); taking the folder over\n"
              : "broke the lock of " + other.describe() + " (--breakLock)\n");
      place.deleteIf(found.get());
    }
    throw new IOException(
        "could not take the lock: it changed hands three times while this run tried");
  }

  @Override
  public void close() throws IOException {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook releases it
    }
    release();
  }

  private synchronized void release() throws IOException {
    if (!released) {
      place.deleteIf(content);
      released = true;
    }
  }

  private void releaseQuietly() {
    try {
      release();
    } catch (IOException | RuntimeException e) {
      System.err.println("chatkit-migrate: could not remove the output lock: " + e);
    }
  }

  /** The lock of an output folder, local or gs://. */
  static Place placeFor(String root, PipelineOptions options) {
    if (root.startsWith("gs://")) {
      return new GcsPlace(storage(options.as(GcsOptions.class)), root + OwnFiles.LOCK);
    }
    return new LocalPlace(Path.of(root, OwnFiles.LOCK));
  }

  static final class LocalPlace implements Place {
    private final Path lock;

    LocalPlace(Path lock) {
      this.lock = lock;
    }

    @Override
    public boolean createIfAbsent(byte[] content) throws IOException {
      // Written whole aside, then linked: the lock never exists half-written.
      Path aside = Files.createTempFile(lock.getParent(), ".lock-", ".next");
      try {
        Files.write(aside, content);
        Files.createLink(lock, aside);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException noLinks) {
        return createNew(content);
      } finally {
        Files.deleteIfExists(aside);
      }
    }

    private boolean createNew(byte[] content) throws IOException {
      try {
        Files.write(lock, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override
    public Optional<byte[]> read() throws IOException {
      try {
        return Optional.of(Files.readAllBytes(lock));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override
    public void deleteIf(byte[] content) throws IOException {
      Optional<byte[]> now = read();
      if (now.isPresent() && Arrays.equals(now.get(), content)) {
        Files.deleteIfExists(lock);
      }
    }
  }

  static final class GcsPlace implements Place {
    private final Storage storage;
    private final BlobId id;

    GcsPlace(Storage storage, String location) {
      this.storage = storage;
      String path = location.substring("gs://".length());
      int slash = path.indexOf('/');
      this.id = BlobId.of(path.substring(0, slash), path.substring(slash + 1));
    }

    @Override
    public boolean createIfAbsent(byte[] content) throws IOException {
      try {
        storage.create(
            BlobInfo.newBuilder(id).setContentType("application/json").build(),
            content,
            Storage.BlobTargetOption.doesNotExist());
        return true;
      } catch (StorageException e) {
        if (e.getCode() == 412) {
          return false;
        }
        throw new IOException(e.getMessage(), e);
      }
    }

    @Override
    public Optional<byte[]> read() throws IOException {
      try {
        Blob blob = storage.get(id);
        return blob == null ? Optional.empty() : Optional.of(blob.getContent());
      } catch (StorageException e) {
        throw new IOException(e.getMessage(), e);
      }
    }

    @Override
    public void deleteIf(byte[] content) throws IOException {
      try {
        Blob blob = storage.get(id);
        if (blob != null && Arrays.equals(blob.getContent(), content)) {
          // Only that generation: a lock someone took in the meantime stays.
          storage.delete(id, Storage.BlobSourceOption.generationMatch(blob.getGeneration()));
        }
      } catch (StorageException e) {
        if (e.getCode() != 412 && e.getCode() != 404) {
          throw new IOException(e.getMessage(), e);
        }
      }
    }
  }

  /**
   * The Cloud Storage client Beam's own file system would use: its endpoint, and no credentials for
   * a local fake.
   */
  static Storage storage(GcsOptions gcs) {
    StorageOptions.Builder builder = StorageOptions.newBuilder();
    if (gcs.getProject() != null) {
      builder.setProjectId(gcs.getProject());
    }
    if (gcs.getGcsEndpoint() != null && !gcs.getGcsEndpoint().isBlank()) {
      URI endpoint = URI.create(gcs.getGcsEndpoint());
      builder.setHost(endpoint.getScheme() + "://" + endpoint.getRawAuthority());
    }
    if (gcs.getCredentialFactoryClass() == NoopCredentialFactory.class) {
      builder.setCredentials(NoCredentials.getInstance());
      if (gcs.getProject() == null) {
        builder.setProjectId("anonymous");
      }
    }
    return builder.build().getService();
  }

  private static String host;

  static synchronized String hostName() {
    if (host == null) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        String env = System.getenv("HOSTNAME");
        host = env != null ? env : "unknown";
      }
    }
    return host;
  }

  private static String processStart(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse("");
  }
}
