package io.chatkitmigrate.transforms.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream imports broken one rule at a time, and valid ones of several parts and types: the corpus
 * on which the sequential validator and the pipeline must report the same.
 */
public final class BrokenImports {
  private BrokenImports() {}

  /** One import: its parts by file name, in the order written, and the validator's limits. */
  public record Case(String name, Map<String, byte[]> parts, long maxPartBytes, int maxKept) {
    /** Writes the parts into a fresh folder under {@code root}; returns the folder. */
    public Path write(Path root) throws IOException {
      Path dir = Files.createDirectories(root.resolve(name));
      for (Map.Entry<String, byte[]> p : parts.entrySet()) {
        Files.write(dir.resolve(p.getKey()), p.getValue());
      }
      return dir;
    }
  }

  static final String U = item("user", "\"id\":\"alice\"");
  static final String U2 = item("user", "\"id\":\"bob\"");
  static final String C = channel("c1", "alice", "");
  static final String M = member("c1", "bob", "");
  static final String R =
      item(
          "reaction",
          """
          "message_id":"m1","type":"like","user_id":"bob","created_at":"2020-01-01T00:00:00Z\"\
          """);

  static String item(String type, String data) {
    return "{\"type\":\"" + type + "\",\"data\":{" + data + "}}";
  }

  static String user(String extra) {
    return item("user", "\"id\":\"carol\"" + extra);
  }

  static String channel(String id, String creator, String extra) {
    return item(
        "channel",
        "\"id\":\"" + id + "\",\"type\":\"messaging\",\"created_by\":\"" + creator + "\"" + extra);
  }

  static String member(String channel, String user, String extra) {
    return item(
        "member",
        "\"channel_type\":\"messaging\",\"channel_id\":\""
            + channel
            + "\",\"user_id\":\""
            + user
            + "\""
            + extra);
  }

  static String msg(String id, String extra) {
    return item(
        "message",
        "\"id\":\""
            + id
            + "\",\"channel_type\":\"messaging\",\"channel_id\":\"c1\",\"user\":\"alice\""
            + extra);
  }

  /** A message by a user no item holds, in a channel no item holds. */
  static String ghostMessage(String id) {
    return item(
        "message",
        "\"id\":\""
            + id
            + "\",\"channel_type\":\"messaging\",\"channel_id\":\"c9\",\"user\":\"ghost\"");
  }

  static String reaction(String data) {
    return item("reaction", data);
  }

  static String big(int chars) {
    return "x".repeat(chars);
  }

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(String name, String... lines) {
    add(name, 300_000_000L, 1000, Map.of("part-00001.jsonl", lines));
  }

  private static void add(
      String name, long maxPartBytes, int maxKept, Map<String, String[]> parts) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    parts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            p ->
                bytes.put(
                    p.getKey(),
                    (String.join("\n", p.getValue()) + "\n").getBytes(StandardCharsets.UTF_8)));
    CASES.add(new Case(name, bytes, maxPartBytes, maxKept));
  }

  /** A valid base every broken case builds on: users, a channel, a member, a message. */
  private static String[] base(String... more) {
    List<String> lines = new ArrayList<>(List.of(U, U2, C, M, msg("m1", "")));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }

  static {
    // Valid: several parts, a part of several types, blank lines and CRLF line ends.
    add(
        "valid-several-parts",
        300_000_000L,
        1000,
        Map.of(
            "part-00001.jsonl",
            new String[] {U, U2},
            "part-00002.jsonl",
            new String[] {C, M, msg("m1", ",\"text\":\"hi\"")},
            "part-00003.jsonl",
            new String[] {
              msg("m2", ",\"type\":\"reply\",\"parent_id\":\"m1\",\"quoted_message_id\":\"m1\""), R
            }));
    add("valid-one-part-every-type", base(R));
    Map<String, byte[]> crlf = new LinkedHashMap<>();
    crlf.put(
        "part-00001.jsonl",
        (U + "\r\n\r\n   \n" + U2 + "\r\n\t\n" + C).getBytes(StandardCharsets.UTF_8));
    CASES.add(new Case("valid-blank-lines-crlf-no-final-newline", crlf, 300_000_000L, 1000));

    add(
        "valid-with-a-blank-part",
        300_000_000L,
        1000,
        Map.of(
            "part-00001.jsonl", new String[] {U, U2},
            "part-00002.jsonl", new String[] {"", "  "},
            "part-00003.jsonl", new String[] {C, M}));
    // Parts of many lines, which travel in several blocks: errors on both sides of a block's end.
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(item("user", "\"id\":\"u" + i + "\""));
    }
    many.set(ValidateParts.BLOCK_LINES - 1, "{\"type\":\"user\",");
    many.set(ValidateParts.BLOCK_LINES, item("user", "\"id\":\"u7\""));
    many.add(channel("c1", "u4999", ""));
    many.add("");
    many.add(member("c1", "u" + ValidateParts.BLOCK_LINES, ""));
    many.add(item("user", "\"id\":\"late\""));
    add(
        "many-lines-across-blocks",
        300_000_000L,
        1000,
        Map.of(
            "part-00001.jsonl",
            many.toArray(String[]::new),
            "part-00002.jsonl",
            many.subList(0, 3000).toArray(String[]::new)));

    // parse
    add("parse-invalid-json", U, "{\"type\":\"user\",");
    add("parse-not-an-object", U, "[1,2]");
    add("parse-unknown-type", U, item("bogus", "\"id\":\"x\""));
    add("parse-no-data", U, "{\"type\":\"user\",\"data\":3}");
    Map<String, byte[]> latin = new LinkedHashMap<>();
    byte[] good = (U + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad =
        "{\"type\":\"user\",\"data\":{\"id\":\"caf\u00e9\"}}\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] both = new byte[good.length + bad.length];
    System.arraycopy(good, 0, both, 0, good.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    latin.put("part-00001.jsonl", both);
    CASES.add(new Case("parse-not-utf8", latin, 300_000_000L, 1000));
    add(
        "parse-lone-surrogate-escape",
        U,
        item("user", "\"id\":\"x\",\"name\":\"\\ud83d\\ude00\""),
        item("user", "\"id\":\"y\",\"name\":\"\\ud83d\""));

    // order, within a part and across parts
    add("order-within-a-part", U, C, U2, M);
    add(
        "order-across-parts",
        300_000_000L,
        1000,
        Map.of(
            "part-00001.jsonl", new String[] {U, C},
            "part-00002.jsonl", new String[] {U2, M},
            "part-00003.jsonl", new String[] {msg("m1", "")}));

    // validation: user
    add("user-id-characters", item("user", "\"id\":\"a:b\""));
    add("user-id-missing", item("user", "\"name\":\"x\""));
    add("user-reserved-field", user(",\"online\":true"));
    add("user-timestamp", user(",\"created_at\":\"yesterday\""));
    add("user-role-not-string", user(",\"role\":3"));
    add("user-invisible-not-boolean", user(",\"invisible\":\"yes\""));
    add("user-teams-not-strings", user(",\"teams\":[1]"));
    add("user-custom-too-large", user(",\"bio\":\"" + big(6000) + "\""));
    // channel
    add("channel-type-missing", U, item("channel", "\"id\":\"c1\",\"created_by\":\"alice\""));
    add(
        "channel-updated-at",
        U,
        channel("c1", "alice", ",\"updated_at\":\"2020-01-01T00:00:00Z\""));
    add("channel-frozen-not-boolean", U, channel("c1", "alice", ",\"frozen\":1"));
    add("channel-id-too-long", U, channel(big(65), "alice", ""));
    // member
    add("member-invited-not-boolean", U, U2, C, member("c1", "bob", ",\"invited\":\"no\""));
    add("member-role-not-string", U, U2, C, member("c1", "bob", ",\"channel_role\":false"));
    add(
        "member-user-missing",
        U,
        U2,
        C,
        item("member", "\"channel_type\":\"messaging\",\"channel_id\":\"c1\""));
    // message
    add("message-id-comma", base(msg("a,b", "")));
    add(
        "message-user-id-key",
        base(
            item(
                "message",
                """
                "id":"m2","channel_type":"messaging","channel_id":"c1","user_id":"alice\"\
                """)));
    add("message-type", base(msg("m2", ",\"type\":\"bogus\"")));
    add("message-deleted-at", base(msg("m2", ",\"deleted_at\":\"2020-01-01T00:00:00Z\"")));
    add("message-reply-no-parent", base(msg("m2", ",\"type\":\"reply\"")));
    add("message-pinned-alone", base(msg("m2", ",\"pinned_at\":\"2020-01-01T00:00:00Z\"")));
    add("message-text-too-long", base(msg("m2", ",\"text\":\"" + big(5001) + "\"")));
    add("message-attachments-not-array", base(msg("m2", ",\"attachments\":{}")));
    add(
        "message-too-many-attachments",
        base(
            msg(
                "m2",
                ",\"attachments\":["
                    + String.join(",", java.util.Collections.nCopies(31, "{\"type\":\"file\"}"))
                    + "]")));
    add("attachment-no-type", base(msg("m2", ",\"attachments\":[{\"title\":\"t\"}]")));
    add(
        "attachment-not-https",
        base(
            msg("m2", ",\"attachments\":[{\"type\":\"image\",\"image_url\":\"http://x/p.png\"}]")));
    add(
        "attachment-reserved",
        base(msg("m2", ",\"attachments\":[{\"type\":\"image\",\"actions\":[]}]")));
    add(
        "attachment-title-not-string",
        base(msg("m2", ",\"attachments\":[{\"type\":\"image\",\"title\":1}]")));
    add(
        "attachment-file-size",
        base(msg("m2", ",\"attachments\":[{\"type\":\"file\",\"file_size\":-1}]")));
    add(
        "attachment-custom-too-large",
        base(msg("m2", ",\"attachments\":[{\"type\":\"file\",\"note\":\"" + big(6000) + "\"}]")));
    add("message-reserved", base(msg("m2", ",\"latest_reactions\":[]")));
    add("message-text-not-string", base(msg("m2", ",\"text\":5")));
    // reaction
    add(
        "reaction-message-id-missing",
        base(
            reaction(
                "\"type\":\"like\",\"user_id\":\"bob\",\"created_at\":\"2020-01-01T00:00:00Z\"")));
    add(
        "reaction-created-at-missing",
        base(reaction("\"message_id\":\"m1\",\"type\":\"like\",\"user_id\":\"bob\"")));
    add(
        "reaction-type-too-long",
        base(
            reaction(
                "\"message_id\":\"m1\",\"type\":\""
                    + big(31)
                    + "\",\"user_id\":\"bob\",\"created_at\":\"2020-01-01T00:00:00Z\"")));

    // reference, one per claim that refers
    add("reference-created-by", U, channel("c1", "nobody", ""));
    add("reference-member-user", U, C, member("c1", "nobody", ""));
    add("reference-member-channel", U, U2, C, member("c9", "bob", ""));
    add(
        "reference-parent-later",
        base(msg("m2", ",\"type\":\"reply\",\"parent_id\":\"m3\""), msg("m3", "")));
    add("reference-parent-itself", base(msg("m2", ",\"type\":\"reply\",\"parent_id\":\"m2\"")));
    add("reference-quoted-unknown", base(msg("m2", ",\"quoted_message_id\":\"zz\"")));
    add(
        "reference-reacted-message",
        base(
            reaction(
                """
                "message_id":"zz","type":"like","user_id":"bob",\
                "created_at":"2020-01-01T00:00:00Z\"\
                """)));
    add(
        "reference-to-a-later-part",
        300_000_000L,
        1000,
        Map.of(
            "part-00001.jsonl", new String[] {U, channel("c1", "bob", "")},
            "part-00002.jsonl", new String[] {U2}));

    // references made by several items of a range: an owner between them, and none at all
    add(
        "reference-owner-between-referrers",
        base(
            msg("m2", ",\"parent_id\":\"m5\""),
            msg("m3", ",\"parent_id\":\"m5\",\"quoted_message_id\":\"m5\""),
            msg("m4", ",\"parent_id\":\"m5\""),
            msg("m5", ""),
            msg("m6", ",\"parent_id\":\"m5\""),
            msg("m7", ",\"quoted_message_id\":\"m5\"")));
    add(
        "reference-many-to-nobody",
        U,
        U2,
        C,
        member("c1", "ghost", ""),
        member("c9", "ghost", ""),
        member("c9", "bob", ""),
        ghostMessage("m1"),
        msg("m2", ""),
        ghostMessage("m3"),
        ghostMessage("m4"));

    // duplicate, one per id
    add(
        "duplicate-user-across-parts",
        300_000_000L,
        1000,
        Map.of("part-00001.jsonl", new String[] {U, U2}, "part-00002.jsonl", new String[] {U}));
    add("duplicate-channel", U, C, C);
    add("duplicate-member", U, U2, C, M, M, M);
    add("duplicate-message", base(msg("m1", ",\"text\":\"again\"")));
    add("duplicate-reaction", base(R, R));

    // part_too_large, and a cap on kept errors with errors in every part
    add(
        "part-too-large",
        120,
        1000,
        Map.of(
            "part-00001.jsonl", new String[] {U, U2, C},
            "part-00002.jsonl", new String[] {M}));
    Map<String, String[]> mixed =
        Map.of(
            "part-00001.jsonl", new String[] {C, C, "[]", U},
            "part-00002.jsonl", new String[] {U, M, "{", msg("a,b", ",\"type\":\"x\"")},
            "part-00003.jsonl", new String[] {U, U});
    add("mixed-errors-across-parts", 300_000_000L, 1000, mixed);
    add(
        "many-errors-few-kept",
        300_000_000L,
        3,
        Map.of(
            "part-00001.jsonl", new String[] {C, C, "[]", U},
            "part-00002.jsonl", new String[] {U, M, "{", msg("a,b", ",\"type\":\"x\"")},
            "part-00003.jsonl", new String[] {U, U}));
  }

  /** The case of that name. */
  public static Case named(String name) {
    return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Every case, valid ones first. */
  public static List<Case> all() {
    return List.copyOf(CASES);
  }
}
