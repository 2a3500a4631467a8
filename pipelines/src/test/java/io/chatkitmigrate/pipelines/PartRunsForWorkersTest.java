package io.chatkitmigrate.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** Runs of parts follow the workers a cluster offers, not the launcher's cores, within bounds. */
class PartRunsForWorkersTest {
  @Test
  void flinksParallelismSetsTheRunsWithinTwoAndTheMost() {
    SlotsOptions options = PipelineOptionsFactory.as(SlotsOptions.class);
    options.setParallelism(12);
    assertEquals(12, MigratePipeline.partRuns(options));
    options.setParallelism(64);
    assertEquals(MigratePipeline.MAX_PART_RUNS, MigratePipeline.partRuns(options));
    options.setParallelism(1);
    assertEquals(2, MigratePipeline.partRuns(options));
    assertEquals(
        Math.min(
            MigratePipeline.MAX_PART_RUNS, Math.max(2, Runtime.getRuntime().availableProcessors())),
        MigratePipeline.partRuns(PipelineOptionsFactory.create()),
        "without --parallelism, the launcher's cores");
  }
}
