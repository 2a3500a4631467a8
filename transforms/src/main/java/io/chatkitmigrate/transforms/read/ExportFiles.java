package io.chatkitmigrate.transforms.read;

import io.chatkitmigrate.schemas.Finding;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The files an {@code --input} names. Local folders are walked here rather than by Beam's matcher,
 * which follows every link (a link to "." read each file 41 times, one to ".." read the whole disk)
 * and walks the parent of an input that does not exist. Each real file is listed once; a link into
 * the input's own tree or to a folder that holds it is not followed, a link out of it is followed;
 * each is a warning.
 */
public final class ExportFiles {
  private ExportFiles() {}

  /** One file to read: its path as seen from the input (through links), and its size. */
  public record File(String path, long size) {}

  /**
   * @param exists false when a local input names nothing at all (no file, no folder, no glob)
   * @param warnings links not followed or followed out of the input (entity {@code file})
   * @param rejected entries that cannot be read: dangling links, FIFOs, folders that refuse a
   *     listing
   */
  public record Listing(
      boolean exists, List<File> files, List<Finding> warnings, List<Finding> rejected) {
    public long bytes() {
      return files.stream().mapToLong(File::size).sum();
    }
  }

  public static Listing list(String input) throws IOException {
    if (input.contains("://")) {
      return remote(input);
    }
    boolean glob = isGlob(input);
    Path path = Path.of(input).toAbsolutePath().normalize();
    if (!glob) {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return new Listing(false, List.of(), List.of(), List.of());
      }
      if (!Files.isDirectory(path)) {
        return single(path);
      }
      Walk walk = new Walk(path, p -> true);
      walk.run();
      return walk.listing();
    }
    Path root = globRoot(path);
    PathMatcher matcher = path.getFileSystem().getPathMatcher("glob:" + path);
    if (!Files.isDirectory(root)) {
      return new Listing(true, List.of(), List.of(), List.of());
    }
    Walk walk = new Walk(root, matcher);
    walk.run();
    return walk.listing();
  }

  /**
   * A file named on its own is read even through a link; only a link to nothing or a FIFO is
   * refused.
   */
  private static Listing single(Path path) {
    if (Files.isRegularFile(path)) {
      try {
        return new Listing(
            true, List.of(new File(path.toString(), Files.size(path))), List.of(), List.of());
      } catch (IOException e) {
        return new Listing(
            true,
            List.of(),
            List.of(),
            List.of(Finding.forFile("unreadable_file", path.toString(), "cannot be read: " + e)));
      }
    }
    String what =
        Files.exists(path) ? "not a regular file (a FIFO, socket or device)" : "a link to nothing";
    return new Listing(
        true,
        List.of(),
        List.of(),
        List.of(Finding.forFile("unreadable_file", path.toString(), what + ": not read")));
  }

  static boolean isGlob(String input) {
    return input.contains("*") || input.contains("?") || input.contains("[") || input.contains("{");
  }

  /** The deepest folder of a glob without wildcards. */
  private static Path globRoot(Path glob) {
    Path root = glob.getRoot();
    for (Path part : glob) {
      if (isGlob(part.toString())) {
        break;
      }
      root = root.resolve(part);
    }
    return root;
  }

  /** Object stores have no links: Beam's matcher lists them. */
  private static Listing remote(String input) throws IOException {
    MatchResult match =
        FileSystems.match(List.of(ReadExport.toGlob(input)), EmptyMatchTreatment.ALLOW).get(0);
    List<File> files = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        if (!m.resourceId().isDirectory()) {
          files.add(new File(m.resourceId().toString(), m.sizeBytes()));
        }
      }
    }
    files.sort(Comparator.comparing(File::path));
    return new Listing(true, files, List.of(), List.of());
  }

  /** A walk over real folders only, then over the links found on the way, each real target once. */
  private static final class Walk {
    private final Path root;
    private final Path rootReal;
    private final PathMatcher wanted;
    private final Set<Path> seenFiles = new HashSet<>();
    private final Set<Path> walkedFolders = new HashSet<>();

    /** Links still to resolve: the link as seen from the input, and where it is on disk. */
    private final Deque<Path[]> links = new ArrayDeque<>();

    private final List<File> files = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();
    private final List<Finding> rejected = new ArrayList<>();

    Walk(Path root, PathMatcher wanted) throws IOException {
      this.root = root;
      this.rootReal = root.toRealPath();
      this.wanted = wanted;
    }

    void run() throws IOException {
      walk(root, rootReal);
      resolveLinks();
    }

    Listing listing() throws IOException {
      resolveLinks();
      files.sort(Comparator.comparing(File::path));
      warnings.sort(Comparator.comparing(Finding::source));
      rejected.sort(Comparator.comparing(Finding::source));
      return new Listing(true, List.copyOf(files), List.copyOf(warnings), List.copyOf(rejected));
    }

    /** Walks the real folder {@code real}, naming what it finds as if below {@code shown}. */
    private void walk(Path shown, Path real) throws IOException {
      Files.walkFileTree(
          real,
          EnumSet.noneOf(FileVisitOption.class),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return walkedFolders.add(d) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              entry(shown.resolve(real.relativize(f)), f, attrs);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              Path seen = shown.resolve(real.relativize(f));
              if (wanted.matches(seen) || Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                rejected.add(
                    Finding.forFile("unreadable_file", seen.toString(), "cannot be listed: " + e));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    }

    private void entry(Path shown, Path onDisk) throws IOException {
      entry(
          shown,
          onDisk,
          Files.readAttributes(onDisk, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    private void entry(Path shown, Path onDisk, BasicFileAttributes attrs) {
      if (attrs.isSymbolicLink()) {
        links.add(new Path[] {shown, onDisk});
      } else if (attrs.isRegularFile()) {
        if (wanted.matches(shown) && seenFiles.add(onDisk)) {
          files.add(new File(shown.toString(), attrs.size()));
        }
      } else if (!attrs.isDirectory() && wanted.matches(shown)) {
        rejected.add(
            Finding.forFile(
                "unreadable_file",
                shown.toString(),
                "not a regular file (a FIFO, socket or device): not read"));
      }
    }

    private void resolveLinks() throws IOException {
      while (!links.isEmpty()) {
        Path[] link = links.poll();
        Path shown = link[0];
        Path target;
        try {
          target = link[1].toRealPath();
        } catch (IOException e) {
          if (wanted.matches(shown)) {
            rejected.add(
                Finding.forFile(
                    "unreadable_file",
                    shown.toString(),
                    "a link to nothing (" + e + "): not read"));
          }
          continue;
        }
        if (Files.isDirectory(target)) {
          folderLink(shown, link[1], target);
        } else if (wanted.matches(shown)) {
          if (seenFiles.contains(target)) {
            warnings.add(
                Finding.forFile(
                    "link_already_read",
                    shown.toString(),
                    "a link to "
                        + target
                        + ", which is read once, under its own name: not read again"));
          } else {
            if (!target.startsWith(rootReal)) {
              warnings.add(
                  Finding.forFile(
                      "link_outside_input",
                      shown.toString(),
                      "a link to " + target + ", outside the input: read as part of the export"));
            }
            entry(shown, target);
          }
        }
      }
    }

    private void folderLink(Path shown, Path onDisk, Path target) throws IOException {
      if (rootReal.startsWith(target) || onDisk.getParent().startsWith(target)) {
        warnings.add(
            Finding.forFile(
                "link_loop",
                shown.toString(),
                "a link to "
                    + target
                    + ", which holds "
                    + (rootReal.startsWith(target) ? "the input" : "the link")
                    + " itself: not followed"));
      } else if (target.startsWith(rootReal) || walkedFolders.contains(target)) {
        warnings.add(
            Finding.forFile(
                "link_already_read",
                shown.toString(),
                "a link to "
                    + target
                    + ", whose files are read once, under their own names: not followed"));
      } else {
        warnings.add(
            Finding.forFile(
                "link_outside_input",
                shown.toString(),
                "a link to "
                    + target
                    + ", outside the input: followed, its files read as part of the export"));
        walk(shown, target);
      }
    }
  }
}
