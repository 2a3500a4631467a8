package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.common.ReflectHelpers;

/**
 * Keeps a run's Cloud Storage settings ({@code --gcsEndpoint}, {@code --credentialFactoryClass},
 * {@code --impersonateServiceAccount}, {@code --project}, ...) in force on every thread of the JVM.
 *
 * <p>Beam keeps one file-system registry per JVM, rebuilt from whichever options were registered
 * last. Its Flink runner ships each Impulse source with default options ({@code
 * FlinkSource.boundedImpulse} uses {@code FlinkPipelineOptions.defaults()}), and a task that
 * deserialises them registers those defaults: until the next task registers the run's options
 * again, every thread's gs:// access goes to the public endpoint with Application Default
 * Credentials. A run on embedded Flink was seen reading its export from storage.googleapis.com
 * while the run named another endpoint and credentials.
 *
 * <p>Beam calls its registrars in class-name order, so this one runs before its Cloud Storage
 * registrar and can complete the options that one builds from: options that name no Cloud Storage
 * setting get those of the last options that named one. It registers no file system itself.
 *
 * <p>In the launcher's JVM (Direct, embedded Flink) the run's options are registered before any
 * task starts, so every later registration is completed. On a TaskManager of a Flink cluster,
 * default options a task registers before the first of the run's tasks has registered its own
 * cannot be completed; that window is the start of the TaskManager's first job.
 */
public final class GcsSettingsCarrier implements FileSystemRegistrar {
  private static final ObjectMapper BEAM_JSON =
      new ObjectMapper()
          .registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()));

  /**
   * Setters of the settings that decide where and as whom Cloud Storage is reached, by property:
   * those with no default or a constant one. Computed defaults (the project from gcloud's
   * configuration, a temporary location whose bucket Beam may check) are left for Beam to compute
   * where they are needed.
   */
  private static final Map<String, Method> SETTERS = setters();

  /**
   * Each setting's value in fresh options, to tell a named setting from a default Beam filled in.
   */
  private static final Map<String, JsonNode> DEFAULTS = defaults();

  private static final AtomicReference<Map<String, JsonNode>> LAST =
      new AtomicReference<>(Map.of());

  @Override
  public Iterable<FileSystem<?>> fromOptions(PipelineOptions options) {
    carry(options);
    return List.of();
  }

  /** Remembers the settings {@code options} name, or gives them the last ones if they name none. */
  static void carry(PipelineOptions options) {
    Map<String, JsonNode> named = named(options);
    if (!named.isEmpty()) {
      LAST.set(named);
      return;
    }
    GcsOptions gcs = options.as(GcsOptions.class);
    for (Map.Entry<String, JsonNode> setting : LAST.get().entrySet()) {
      Method setter = SETTERS.get(setting.getKey());
      try {
        setter.invoke(
            gcs, BEAM_JSON.convertValue(setting.getValue(), setter.getParameterTypes()[0]));
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw new IllegalStateException(
            "cannot carry the Cloud Storage setting " + setting.getKey(), e);
      }
    }
  }

  /** The Cloud Storage settings these options hold, as Beam would ship them (set or computed). */
  private static Map<String, JsonNode> named(PipelineOptions options) {
    JsonNode values = BEAM_JSON.valueToTree(options).path("options");
    Map<String, JsonNode> named = new LinkedHashMap<>();
    values
        .fields()
        .forEachRemaining(
            field -> {
              if (SETTERS.containsKey(field.getKey())
                  && !field
                      .getValue()
                      .equals(DEFAULTS.getOrDefault(field.getKey(), NullNode.getInstance()))) {
                named.put(field.getKey(), field.getValue());
              }
            });
    return named;
  }

  private static Map<String, Method> setters() {
    Map<String, Method> setters = new LinkedHashMap<>();
    for (Class<?> settings : List.of(GcpOptions.class, GcsOptions.class)) {
      for (Method getter : settings.getDeclaredMethods()) {
        String name = getter.getName();
        if (!name.startsWith("get")
            || getter.getParameterCount() != 0
            || getter.isAnnotationPresent(JsonIgnore.class)
            || getter.isAnnotationPresent(Default.InstanceFactory.class)) {
          continue;
        }
        String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
        try {
          setters.put(
              property, settings.getMethod("set" + name.substring(3), getter.getReturnType()));
        } catch (NoSuchMethodException readOnly) {
          // A computed value, not a setting.
        }
      }
    }
    return Map.copyOf(setters);
  }

  private static Map<String, JsonNode> defaults() {
    GcsOptions fresh = PipelineOptionsFactory.create().as(GcsOptions.class);
    for (Method setter : SETTERS.values()) {
      try {
        GcsOptions.class.getMethod("g" + setter.getName().substring(1)).invoke(fresh);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    BEAM_JSON
        .valueToTree(fresh)
        .path("options")
        .fields()
        .forEachRemaining(field -> defaults.put(field.getKey(), field.getValue()));
    return defaults;
  }
}
