package io.chatkitmigrate.transforms.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mapping.md §2: custom data flattened, clashes prefixed, 5 KB limit. */
class CustomFieldsTest {
  @Test
  void keysClashingWithBuiltInOrReservedNamesArePrefixed() {
    CustomFields.Result r = CustomFields.flatten("{\"foo\":1,\"role\":\"boss\",\"online\":true,\"chatkit_role\":2}",
        UserRules.TAKEN);
    assertEquals("{\"foo\":1,\"chatkit_role\":\"boss\",\"chatkit_online\":true,\"chatkit_chatkit_role\":2}",
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
  void nothingOrAnEmptyObjectGivesNoFields() {
    for (String none : new String[] {null, "", "{}"}) {
      assertEquals(0, CustomFields.flatten(none, Set.of()).fields().size());
    }
    assertEquals(List.of(), List.copyOf(CustomFields.flatten("[1]", Set.of()).fields().keySet()));
  }
}
