package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.Source;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/conversion.md §5: custom data flattened, clashes prefixed, 5 KB limit. */
class CustomFieldsTest {
  @Test
  void keysClashingWithBuiltInOrReservedNamesArePrefixed() {
    CustomFields.Result r =
        CustomFields.flatten(
            "{\"foo\":1,\"role\":\"boss\",\"online\":true,\"chatkit_role\":2}", UserRules.TAKEN);
    assertEquals(
        "{\"foo\":1,\"chatkit_role\":\"boss\",\"chatkit_online\":true,\"chatkit_chatkit_role\":2}",
        Json.write(r.fields()));
    assertFalse(r.tooLarge());
  }

  @Test
  void customDataOverFiveKilobytesIsFlagged() {
    String big = "{\"blob\":\"" + "x".repeat(6 * 1024) + "\"}";
    assertTrue(CustomFields.flatten(big, Set.of()).tooLarge());
    String fits = "{\"blob\":\"" + "x".repeat(5 * 1024 - 20) + "\"}";
    assertFalse(CustomFields.flatten(fits, Set.of()).tooLarge());
  }

  @Test
  void numbersKeepTheirDigitsAndThoseAFloatWouldRoundAreNamed() {
    String custom =
        "{\"a\":0.1,\"b\":9007199254740993,\"c\":{\"d\":[1.00000000000000000001,2]},"
            + "\"e\":123456789012345678901234567890,\"f\":9007199254740992,\"g\":1.5e300}";
    CustomFields.Result r = CustomFields.flatten(custom, Set.of());
    assertEquals(custom, Json.write(r.fields()).replace("1.5E+300", "1.5e300"));
    assertEquals(
        List.of(
            "custom_data.b: 9007199254740993",
            "custom_data.c.d[0]: 1.00000000000000000001",
            "custom_data.e: 123456789012345678901234567890"),
        r.imprecise());
    Finding w = r.precisionWarning("users", new Source("users.ndjson", 4, -1, 0, 10));
    assertEquals("number_precision", w.reason());
    assertEquals(4L, w.line());
    assertTrue(w.detail().contains("custom_data.e: 123456789012345678901234567890"), w.detail());
    assertEquals(
        null,
        CustomFields.flatten("{\"a\":0.1,\"b\":-0}", Set.of())
            .precisionWarning("users", new Source("users.ndjson", 4, -1, 0, 10)));
  }

  @Test
  void nothingOrAnEmptyObjectGivesNoFields() {
    for (String none : new String[] {null, "", "{}"}) {
      assertEquals(0, CustomFields.flatten(none, Set.of()).fields().size());
    }
    assertEquals(List.of(), List.copyOf(CustomFields.flatten("[1]", Set.of()).fields().keySet()));
  }
}
