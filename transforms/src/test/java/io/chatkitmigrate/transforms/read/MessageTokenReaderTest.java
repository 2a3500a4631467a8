package io.chatkitmigrate.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The token reader gives exactly the record the tree gives, or leaves the text to the tree: on
 * random messages of every near-miss of the plain shape (other shapes, wrong types, nulls,
 * duplicate keys, extra keys, trailing text, bad timestamps, escapes), and on the example export.
 */
class MessageTokenReaderTest {
  private static final Source SOURCE = new Source("messages.ndjson", 3, -1, 120, 0);

  @Test
  void givesTheTreesRecordOrNothingOnRandomMessages() {
    SplittableRandom random = new SplittableRandom(20261206);
    int plain = 0;
    int left = 0;
    Map<String, Integer> shapes = new TreeMap<>();
    for (int i = 0; i < 30_000; i++) {
      String text = message(random);
      ChatkitMessage fast = MessageTokenReader.read(text, SOURCE);
      ChatkitRecordParser.Result tree =
          ChatkitRecordParser.parseTree(Entity.MESSAGES, text, SOURCE);
      if (fast != null) {
        plain++;
        assertNull(tree.rejection(), text);
        assertEquals(tree.record(), fast, text);
        shapes.merge(fast.shape() + (fast.isFragment() ? " fragment" : ""), 1, Integer::sum);
      } else {
        left++;
      }
      ChatkitRecordParser.Result parsed = ChatkitRecordParser.parse(Entity.MESSAGES, text, SOURCE);
      assertEquals(tree, parsed, text);
    }
    // Both sides must be well exercised, or the test proves nothing.
    assertTrue(plain > 5_000 && left > 5_000, plain + " plain, " + left + " left to the tree");
    for (String shape :
        List.of(
            "EXPORT",
            "API",
            "LEGACY_V2",
            "EXPORT fragment",
            "API fragment",
            "LEGACY_V2 fragment")) {
      assertTrue(shapes.getOrDefault(shape, 0) > 100, "read plainly: " + shapes);
    }
  }

  @Test
  void readsTheExamplesPlainMessagesAsTheTreeDoes() throws IOException {
    int plain = 0;
    for (String line :
        Files.readAllLines(
            Path.of(
                "..", "examples", "small-export", "messages", "messages-00001-of-00002.ndjson"))) {
      ChatkitMessage fast = MessageTokenReader.read(line, SOURCE);
      if (fast != null) {
        plain++;
        assertEquals(ChatkitRecordParser.parseTree(Entity.MESSAGES, line, SOURCE).record(), fast);
      }
    }
    assertTrue(plain > 0, "no message of the example is of the plain shape");
  }

  private static final String[] STRINGS = {
    "\"r1\"", "\"alice\"", "\"\"", "\"é \\\"q\\\" \\ud83d\\ude00\"", "\"\\ud800\"", "\"a\\\\ud800\""
  };
  private static final String[] TIMES = {
    "\"2019-06-01T10:01:00Z\"",
    "\"2019-06-01T10:01:00.123456+02:00\"",
    "\"yesterday\"",
    "\"+12019-06-01T10:01:00Z\"",
    "null",
    "17"
  };
  private static final String[] IDS = {
    "1", "-7", "9223372036854775807", "9223372036854775808", "1.0", "\"5\"", "null", "0"
  };

  private static String message(SplittableRandom r) {
    int shape = r.nextInt(20); // export, API or legacy, each sometimes with the others' keys
    boolean api = shape >= 12 && shape < 17;
    boolean legacy = shape >= 17;
    List<String> fields = new ArrayList<>();
    fields.add("\"id\":" + pick(r, IDS, 0.93));
    fields.add("\"room_id\":" + (r.nextInt(10) == 0 ? "42" : pick(r, STRINGS, 0.96)));
    fields.add(
        (api || legacy ? r.nextInt(10) > 0 : r.nextInt(10) == 0 ? true : false)
            ? "\"user_id\":" + (r.nextInt(15) == 0 ? "null" : pick(r, STRINGS, 0.96))
            : "\"sender_id\":" + (r.nextInt(15) == 0 ? "null" : pick(r, STRINGS, 0.96)));
    if (r.nextInt(12) == 0) {
      fields.add("\"sender_id\":\"also\"");
    }
    if (legacy) {
      fields.add("\"text\":" + (r.nextInt(15) == 0 ? "null" : pick(r, STRINGS, 0.9)));
    } else {
      fields.add("\"parts\":" + parts(r, api));
    }
    fields.add("\"created_at\":" + pick(r, TIMES, 0.95));
    if (r.nextBoolean()) {
      fields.add("\"updated_at\":" + pick(r, TIMES, 0.95));
    }
    if (r.nextInt(4) == 0) {
      fields.add("\"deleted_at\":" + pick(r, TIMES, 0.8));
    }
    if (r.nextInt(6) == 0) {
      // A fragment, sometimes half of one or out of range.
      int f = r.nextInt(10);
      if (f > 0) {
        fields.add("\"part_index\":" + (f == 1 ? "-1" : f == 2 ? "\"0\"" : "0"));
      }
      if (f != 3) {
        fields.add("\"part_count\":" + (f == 4 ? "2147483648" : "2"));
      }
    }
    int odd = r.nextInt(20);
    if (odd == 1) {
      fields.add(legacy ? "\"parts\":[]" : "\"text\":\"legacy\"");
    } else if (odd == 2) {
      fields.add("\"custom\":{\"k\":[1,2]}");
    } else if (odd == 3) {
      fields.add(fields.get(r.nextInt(fields.size())));
    } else if (odd == 4) {
      fields.remove(r.nextInt(fields.size()));
    } else if (odd == 5) {
      fields.add("\"attachment\":{\"type\":\"image\",\"resource_link\":\"https://x/i\"}");
    }
    shuffle(r, fields);
    String text = "{" + String.join(",", fields) + "}";
    int tail = r.nextInt(40);
    return tail == 0 ? text + " {}" : tail == 1 ? text.substring(0, text.length() - 1) : text;
  }

  private static String parts(SplittableRandom r, boolean api) {
    int shape = r.nextInt(20);
    if (shape == 0) {
      return "null";
    } else if (shape == 1) {
      return "{}";
    }
    List<String> parts = new ArrayList<>();
    if (shape == 2) {
      // Around the most parts a whole message may have.
      for (int i = 9 + r.nextInt(4); i > 0; i--) {
        parts.add("{\"part_type\":\"inline\",\"payload\":{\"content\":\"p\"}}");
      }
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      parts.add(api && r.nextInt(8) > 0 ? apiPart(r) : part(r));
    }
    return "[" + String.join(",", parts) + "]";
  }

  private static String part(SplittableRandom r) {
    int kind = r.nextInt(14);
    if (kind == 0) {
      return "{\"type\":\"text/plain\",\"content\":\"api shape\"}";
    } else if (kind == 1) {
      return "\"not an object\"";
    } else if (kind == 2) {
      return "{\"part_type\":\"attachment\",\"payload\":{\"type\":\"image/png\",\"name\":\"a.png\","
          + "\"size\":3,\"download_url\":\"https://x/a.png\",\"custom_data\":{\"n\":1.5}}}";
    }
    List<String> payload = new ArrayList<>();
    boolean url = kind < 6;
    if (r.nextInt(5) > 0) {
      payload.add("\"type\":" + (r.nextInt(20) == 0 ? "3" : "\"text/plain\""));
    }
    payload.add(
        (url ? "\"url\":" : "\"content\":") + (r.nextInt(20) == 0 ? "null" : pick(r, STRINGS, 1)));
    int odd = r.nextInt(15);
    if (odd == 0) {
      payload.add(url ? "\"content\":\"both\"" : "\"url\":\"https://both\"");
    } else if (odd == 1) {
      payload.add("\"extra\":true");
    } else if (odd == 2) {
      payload.add(payload.get(0));
    }
    shuffle(r, payload);
    List<String> fields = new ArrayList<>();
    fields.add(
        "\"part_type\":" + (r.nextInt(20) == 0 ? "\"sticker\"" : url ? "\"url\"" : "\"inline\""));
    fields.add("\"payload\":{" + String.join(",", payload) + "}");
    if (r.nextInt(25) == 0) {
      fields.add("\"part_type\":\"inline\"");
    }
    shuffle(r, fields);
    return "{" + String.join(",", fields) + "}";
  }

  private static String apiPart(SplittableRandom r) {
    List<String> fields = new ArrayList<>();
    if (r.nextInt(5) > 0) {
      fields.add("\"type\":" + (r.nextInt(20) == 0 ? "3" : "\"text/plain\""));
    }
    int body = r.nextInt(12);
    if (body != 0) {
      fields.add(
          (body < 9 ? "\"content\":" : "\"url\":")
              + (r.nextInt(20) == 0 ? "null" : pick(r, STRINGS, 1)));
    }
    if (body == 11) {
      fields.add("\"content\":\"and content\"");
    } else if (body == 10) {
      fields.add("\"attachment\":{\"download_url\":\"https://x/f\"}");
    } else if (r.nextInt(20) == 0) {
      fields.add(fields.isEmpty() ? "\"payload\":{}" : fields.get(0));
    }
    shuffle(r, fields);
    return "{" + String.join(",", fields) + "}";
  }

  /** The first value with probability {@code first}, else any. */
  private static String pick(SplittableRandom r, String[] values, double first) {
    return r.nextDouble() < first ? values[0] : values[r.nextInt(values.length)];
  }

  private static void shuffle(SplittableRandom r, List<String> values) {
    for (int i = values.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      values.set(i, values.set(j, values.get(i)));
    }
  }
}
