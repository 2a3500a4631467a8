package io.chatkitmigrate.pipelines;

import io.chatkitmigrate.pipelines.OptionGroup.Task;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A rehearsal on a slice of the export: some rooms, with everything they need and nothing dangling.
 */
public interface SliceOptions extends PipelineOptions {
  @OptionGroup(Task.INPUT_OUTPUT)
  @Description(
      "Convert only these Chatkit rooms (ids, comma-separated), their members, messages, cursors"
          + " and every user they name.")
  @Default.String("")
  String getRooms();

  void setRooms(String value);

  @OptionGroup(Task.INPUT_OUTPUT)
  @Description(
      "Convert a seeded share of the rooms (0 < x < 1) with everything they need; see --seed.")
  @Default.Double(0)
  double getSampleRooms();

  void setSampleRooms(double value);

  @OptionGroup(Task.INPUT_OUTPUT)
  @Description(
      "With --sampleRooms: the seed that chooses the rooms (the same seed, the same rooms).")
  @Default.Long(1)
  long getSeed();

  void setSeed(long value);
}
