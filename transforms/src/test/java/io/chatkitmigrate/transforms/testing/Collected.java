package io.chatkitmigrate.transforms.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Gathers a PCollection's elements on the Direct runner so a test can compare whole outputs of two
 * reads after the run (PAssert needs the expected values before it, which these tests do not have).
 */
public final class Collected<T> extends PTransform<PCollection<T>, PDone> {
  private static final Map<String, ConcurrentLinkedQueue<Object>> SINKS = new ConcurrentHashMap<>();
  private final String id = UUID.randomUUID().toString();

  public static <T> Collected<T> create() {
    Collected<T> c = new Collected<>();
    SINKS.put(c.id, new ConcurrentLinkedQueue<>());
    return c;
  }

  @SuppressWarnings("unchecked")
  public List<T> elements() {
    return new ArrayList<>((ConcurrentLinkedQueue<T>) (ConcurrentLinkedQueue<?>) SINKS.get(id));
  }

  @Override
  public PDone expand(PCollection<T> input) {
    String key = id;
    input.apply(
        "Collect",
        ParDo.of(
            new DoFn<T, Void>() {
              @ProcessElement
              public void process(@Element T element) {
                SINKS.get(key).add(element);
              }
            }));
    return PDone.in(input.getPipeline());
  }
}
