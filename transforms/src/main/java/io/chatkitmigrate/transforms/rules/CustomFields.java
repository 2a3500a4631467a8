package io.chatkitmigrate.transforms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Numbers;
import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.stream.StreamFields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Chatkit {@code custom_data} to Stream's flat custom fields: a key that Stream already gives a
 * meaning to is prefixed {@code chatkit_}, so nothing the customer stored is dropped or lands on a
 * built-in field.
 */
public final class CustomFields {
  static final String PREFIX = "chatkit_";

  private CustomFields() {}

  /**
   * The outcome: the fields, whether they are over Stream's 5 KB limit, and the numbers a 64-bit
   * float (how Stream keeps custom numbers) would round, each as "where: value" (they are imported
   * as written).
   */
  public record Result(
      Map<String, Object> fields, boolean tooLarge, int bytes, List<String> imprecise) {
    public static final Result EMPTY = new Result(Map.of(), false, 0, List.of());

    /**
     * The warning that tells where a float would round a custom number, or null when none would.
     */
    public Finding precisionWarning(String entity, Source source) {
      if (imprecise.isEmpty()) {
        return null;
      }
      return Finding.of(
          "number_precision",
          entity,
          source,
          "custom_data holds "
              + String.join(", ", imprecise)
              + ": imported exactly as written, but Stream keeps custom numbers as 64-bit floats,"
              + " which round "
              + (imprecise.size() == 1 ? "it" : "them")
              + " to about 17 significant digits");
    }
  }

  /**
   * @param customDataJson the {@code custom_data} object as JSON text, or null
   * @param taken names that may not be used as custom keys (built-in and reserved)
   */
  public static Result flatten(String customDataJson, Set<String> taken) {
    if (customDataJson == null || customDataJson.isBlank()) {
      return Result.EMPTY;
    }
    JsonNode node = Json.treeOrText(customDataJson);
    if (!(node instanceof ObjectNode object) || object.isEmpty()) {
      return Result.EMPTY;
    }
    List<String> imprecise = new ArrayList<>();
    findImprecise(object, "custom_data", imprecise);
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      while (taken.contains(key) || fields.containsKey(key)) {
        key = PREFIX + key;
      }
      fields.put(key, entry.getValue());
    }
    int bytes = Json.write(fields).getBytes(StandardCharsets.UTF_8).length;
    return new Result(
        fields, bytes > StreamFields.MAX_CUSTOM_DATA_BYTES, bytes, List.copyOf(imprecise));
  }

  private static void findImprecise(JsonNode node, String path, List<String> out) {
    if (node.isNumber()) {
      if (!Numbers.exactInDouble(node)) {
        out.add(path + ": " + node);
      }
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(e -> findImprecise(e.getValue(), path + "." + e.getKey(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findImprecise(node.get(i), path + "[" + i + "]", out);
      }
    }
  }

  public static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toUnmodifiableSet());
  }
}
