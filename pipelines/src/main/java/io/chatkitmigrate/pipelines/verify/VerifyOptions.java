package io.chatkitmigrate.pipelines.verify;

import io.chatkitmigrate.pipelines.OptionGroup;
import io.chatkitmigrate.pipelines.OptionGroup.Task;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How {@code verify} reads the app back; {@code migrate} and {@code upload} take them too, to
 * verify after delivery.
 */
public interface VerifyOptions extends PipelineOptions {
  @OptionGroup(Task.DELIVERY)
  @Description(
      "Read the Stream app back and compare it with the migration: full (everything) or sample (a"
          + " seeded share of the channels, each checked completely, plus every user). 'verify'"
          + " defaults to full; on migrate and upload, --verify alone means full, after a delivery"
          + " that succeeded.")
  @Default.String("")
  String getVerify();

  void setVerify(String value);

  @OptionGroup(Task.DELIVERY)
  @Description("With --verify=sample: the share of the channels checked (0 < x <= 1).")
  @Default.Double(0.01)
  double getVerifySample();

  void setVerifySample(double value);

  @OptionGroup(Task.DELIVERY)
  @Description(
      "With --verify=sample: the seed that chooses the channels (the same seed, the same"
          + " channels).")
  @Default.Long(1)
  long getVerifySeed();

  void setVerifySeed(long value);

  @OptionGroup(Task.DELIVERY)
  @Description(
      "How the app was filled: import-api (timestamps compared exactly) or rest (order only); by"
          + " default upload-state.json in the folder means import-api, a report naming --sink=rest"
          + " means rest.")
  @Default.String("")
  String getVerifyAs();

  void setVerifyAs(String value);
}
