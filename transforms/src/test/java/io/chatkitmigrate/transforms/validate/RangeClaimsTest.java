package io.chatkitmigrate.transforms.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.schemas.stream.validate.ItemRules.Claim;
import io.chatkitmigrate.transforms.validate.Claims.Claimed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A range sends each reference once for all its items that make it, and what it sends fails exactly
 * where every claim of every item, each decided on its own, would.
 */
class RangeClaimsTest {
  private static final Claim[] CLAIMS = Claim.values();
  private static final String[] TYPES = {"user", "channel", "member", "message", "reaction", null};

  /** What ranges send, by bucket. */
  private static final class Sent {
    final Map<Integer, List<ClaimBatch>> byBucket = new TreeMap<>();
    final int groups;

    Sent(int groups) {
      this.groups = groups;
    }

    RangeClaims range(String file, int perBatch, int maxHeld) {
      return new RangeClaims(
          file,
          groups,
          perBatch,
          maxHeld,
          hash -> true,
          (bucket, batch) -> {
            assertTrue(0 <= bucket && bucket < groups);
            assertTrue(batch.claims().size() <= perBatch);
            byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(batch);
          });
    }

    List<Claimed> claims() {
      List<Claimed> all = new ArrayList<>();
      byBucket.values().forEach(batches -> batches.forEach(b -> all.addAll(b.claims())));
      return all;
    }

    /** The errors the buckets find, as the pipeline decides them. */
    List<String> failures() {
      List<String> found = new ArrayList<>();
      byBucket.forEach(
          (bucket, batches) -> {
            for (ClaimBatch b : batches) {
              for (Claimed c : b.claims()) {
                assertEquals(bucket, Claims.bucket(c.claim().space(), c.key(), groups), "" + c);
              }
            }
            Claims.decide(batches, f -> found.add(f.failure().toString()));
          });
      found.sort(null);
      return found;
    }
  }

  /** Every claim decided on its own with all others on its key, as the sequential pass does. */
  private static List<String> eachOnItsOwn(List<Claimed> every) {
    Map<String, List<Claimed>> byKey = new HashMap<>();
    for (Claimed c : every) {
      byKey.computeIfAbsent(c.claim().space() + " " + c.key(), k -> new ArrayList<>()).add(c);
    }
    List<String> found = new ArrayList<>();
    byKey
        .values()
        .forEach(claims -> Claims.failures(claims).forEach(f -> found.add(f.failure().toString())));
    found.sort(null);
    return found;
  }

  private static List<String> key(ItemRules.Space space, Random random) {
    String user = "u" + random.nextInt(3);
    String channel = "c" + random.nextInt(2);
    String message = "m" + random.nextInt(3);
    return switch (space) {
      case USER -> List.of(user);
      case CHANNEL -> List.of("messaging", channel);
      case MEMBER -> List.of("messaging", channel, user);
      case MESSAGE -> List.of(message);
      case REACTION -> List.of(message, "like", user);
    };
  }

  @Test
  void whatRangesSendFailsExactlyWhereEveryClaimOnItsOwnWould() {
    Random random = new Random(20261206);
    long referencesMade = 0;
    long referencesSent = 0;
    for (int round = 0; round < 400; round++) {
      Sent sent = new Sent(1 + random.nextInt(3));
      int perBatch = 1 + random.nextInt(5);
      int maxHeld = random.nextBoolean() ? 1 + random.nextInt(3) : 1000;
      List<Claimed> every = new ArrayList<>();
      for (String file : List.of("part-1", "part-2")) {
        for (int range = 0; range < 3; range++) {
          RangeClaims claims = sent.range(file, perBatch, maxHeld);
          int items = random.nextInt(30);
          for (int line = 1; line <= items; line++) {
            long at = Position.of(range, line);
            String type = TYPES[random.nextInt(TYPES.length)];
            List<ItemFacts.Entry> entries = new ArrayList<>();
            // At most one id an item holds, as each type holds one; references and errors around
            // it.
            boolean holds = false;
            for (int n = random.nextInt(5); n > 0; n--) {
              Claim claim = CLAIMS[random.nextInt(CLAIMS.length)];
              if (random.nextInt(6) == 0 || claim.defines() && holds) {
                entries.add(ItemFacts.Entry.error("validation", "broken"));
                continue;
              }
              holds |= claim.defines();
              List<String> key = key(claim.space(), random);
              entries.add(ItemFacts.Entry.claim(claim, key.toArray(String[]::new)));
              every.add(new Claimed(file, at, entries.size(), type, claim, key));
              referencesMade += claim.defines() ? 0 : 1;
            }
            claims.item(new ItemFacts(file, at, type, 0, List.copyOf(entries)));
          }
          claims.finish();
        }
      }
      assertEquals(eachOnItsOwn(every), sent.failures(), "round " + round);
      referencesSent += sent.claims().stream().filter(c -> !c.defines()).count();
    }
    // The corpus of rounds does make references that go once for several items.
    assertTrue(3 * referencesSent < 2 * referencesMade, referencesSent + " of " + referencesMade);
  }

  @Test
  void aRangeOfMessagesSendsItsIdsAndEachUserAndChannelItRefersToOnce() {
    ItemRules rules = new ItemRules(5000);
    Sent sent = new Sent(4);
    RangeClaims claims =
        sent.range(
            "part-00009.jsonl", ValidateParts.CLAIMS_PER_BATCH, ValidateParts.REFERENCES_HELD);
    int messages = 10_000;
    long made = 0;
    for (int i = 1; i <= messages; i++) {
      String line =
          BrokenImports.item(
              "message",
              "\"id\":\"m"
                  + i
                  + "\",\"channel_type\":\"messaging\",\"channel_id\":\"c"
                  + i % 10
                  + "\",\"user\":\"u"
                  + i % 50
                  + "\",\"text\":\"hi\"");
      ItemFacts facts =
          ItemFacts.of(
              rules, "part-00009.jsonl", Position.of(0, i), line.getBytes(StandardCharsets.UTF_8));
      made += facts.entries().stream().filter(e -> e.claim() != null).count();
      claims.item(facts);
    }
    claims.finish();
    // Each message holds its id and refers to its channel and its sender.
    assertEquals(3L * messages, made);
    List<Claimed> all = sent.claims();
    assertEquals(messages + 10 + 50, all.size());
    Map<Claim, Integer> referrers = new TreeMap<>();
    for (Claimed c : all) {
      if (!c.defines()) {
        referrers.merge(c.claim(), c.later().size(), Integer::sum);
        int expected = c.claim() == Claim.USER ? messages / 50 - 1 : messages / 10 - 1;
        assertEquals(expected, c.later().size(), c.claim() + " " + c.key());
      }
    }
    assertEquals(Map.of(Claim.USER, messages - 50, Claim.CHANNEL, messages - 10), referrers);
    // No user or channel is defined in this part: every reference fails, each item on its own.
    List<String> failures = sent.failures();
    assertEquals(2 * messages, failures.size());
  }
}
