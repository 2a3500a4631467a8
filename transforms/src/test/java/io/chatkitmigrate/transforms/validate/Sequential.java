package io.chatkitmigrate.transforms.validate;

import io.chatkitmigrate.schemas.stream.validate.ImportValidator;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The sequential validator over the files a glob matches, in name order, as `validate` ran it. */
public final class Sequential {
  private Sequential() {}

  public static ValidationReport validate(
      String glob, int maxMessageLength, long maxPartBytes, int maxKept) throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    MatchResult match = FileSystems.match(List.of(glob), EmptyMatchTreatment.ALLOW).get(0);
    List<ImportValidator.Part> parts =
        match.status() != MatchResult.Status.OK
            ? List.of()
            : match.metadata().stream()
                .sorted(Comparator.comparing(m -> m.resourceId().toString()))
                .map(
                    m ->
                        new ImportValidator.Part(
                            m.resourceId().toString(),
                            m.sizeBytes(),
                            () -> Channels.newInputStream(FileSystems.open(m.resourceId()))))
                .toList();
    return new ImportValidator(maxMessageLength, maxPartBytes, maxKept).validate(parts);
  }
}
