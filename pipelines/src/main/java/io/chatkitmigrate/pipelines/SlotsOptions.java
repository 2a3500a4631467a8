package io.chatkitmigrate.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The Flink runner's --parallelism, read without a dependency on the runner: the workers a cluster
 * offers, which the launcher's own cores say nothing about. Declared as the runner declares it.
 */
public interface SlotsOptions extends PipelineOptions {
  @Description(
      "The degree of parallelism to be used when distributing operations onto workers. If the"
          + " parallelism is not set, the configured Flink default is used, or 1 if none can be"
          + " found.")
  @Default.Integer(-1)
  Integer getParallelism();

  void setParallelism(Integer value);
}
