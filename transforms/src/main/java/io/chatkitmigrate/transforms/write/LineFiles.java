package io.chatkitmigrate.transforms.write;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/** The files a job wrote a small collection into, read back by the launcher, local or gs://. */
public final class LineFiles {
  private LineFiles() {}

  /** The files a glob matches, in name order; none when it matches nothing. */
  public static List<ResourceId> sorted(String glob) throws IOException {
    MatchResult match = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0);
    if (match.status() != MatchResult.Status.OK) {
      return List.of();
    }
    return match.metadata().stream()
        .map(MatchResult.Metadata::resourceId)
        .sorted(Comparator.comparing(ResourceId::toString))
        .toList();
  }

  /** Every non-blank line of the files a glob matches, in file-name order. */
  public static void forEachLine(String glob, Consumer<String> action) throws IOException {
    for (ResourceId file : sorted(glob)) {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  Channels.newInputStream(FileSystems.open(file)), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            action.accept(line);
          }
        }
      }
    }
  }
}
