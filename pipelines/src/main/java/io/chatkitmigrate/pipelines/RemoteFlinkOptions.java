package io.chatkitmigrate.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Flink's {@code --flinkMaster}, read without Flink's classes, to tell a remote cluster from an
 * embedded one.
 */
@Hidden
public interface RemoteFlinkOptions extends PipelineOptions {
  // Beam wants every interface declaring a property to give it the same default: Flink's.
  @Default.String("[auto]")
  String getFlinkMaster();

  void setFlinkMaster(String value);
}
