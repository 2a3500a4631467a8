package io.chatkitmigrate.pipelines.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.transforms.stream.StreamClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read calls of spec §4 at their documented page maxima, through the sinks' {@link
 * StreamClient} (its retries, backoff and rate-limit waits), counting every call by endpoint. Never
 * a {@code data} body on a channel query: that would create the channel it reads.
 */
final class StreamReads {
  static final int USERS_PAGE = 100;
  static final int CHANNELS_PAGE = 30;
  static final int MESSAGES_PAGE = 300;
  static final int MEMBERS_PAGE = 100;

  /** Calls made by one unit of work, by endpoint. */
  static final class Calls {
    final Map<String, Long> byEndpoint = new TreeMap<>();

    void add(String endpoint) {
      byEndpoint.merge(endpoint, 1L, Long::sum);
    }
  }

  private final StreamClient client;

  StreamReads(StreamClient client) {
    this.client = client;
  }

  private JsonNode answer(StreamClient.Result r, String what) throws IOException {
    if (r.status() != StreamClient.Status.OK) {
      throw new IOException(
          "Stream refused " + what + " (HTTP " + r.httpStatus() + "): " + r.error());
    }
    return r.body();
  }

  private static String payload(Object o) {
    return URLEncoder.encode(Json.write(o), StandardCharsets.UTF_8);
  }

  /** The users of these ids that Stream has, deactivated ones included. */
  JsonNode users(List<String> ids, Calls calls) throws IOException {
    calls.add("query_users");
    return answer(
            client.get(
                "query_users",
                "/users?payload="
                    + payload(
                        Map.of(
                            "filter_conditions",
                            Map.of("id", Map.of("$in", ids)),
                            "limit",
                            USERS_PAGE,
                            "offset",
                            0,
                            "include_deactivated_users",
                            true))),
            "query users")
        .path("users");
  }

  /** Up to 30 channels with their newest 300 messages, first 100 members and read entries. */
  JsonNode channels(List<String> cids, Calls calls) throws IOException {
    calls.add("query_channels");
    return answer(
            client.post(
                "query_channels",
                "/channels",
                Map.of(
                    "filter_conditions",
                    Map.of("cid", Map.of("$in", cids)),
                    "limit",
                    CHANNELS_PAGE,
                    "offset",
                    0,
                    "state",
                    true,
                    "watch",
                    false,
                    "presence",
                    false,
                    "message_limit",
                    MESSAGES_PAGE,
                    "member_limit",
                    MEMBERS_PAGE)),
            "query channels")
        .path("channels");
  }

  /** The 300 messages before {@code idLt}, oldest first. */
  JsonNode messagesBefore(String cid, String idLt, Calls calls) throws IOException {
    calls.add("channel");
    return answer(
            client.post(
                "channel",
                channelPath(cid) + "/query",
                Map.of(
                    "state",
                    true,
                    "watch",
                    false,
                    "presence",
                    false,
                    "messages",
                    Map.of("limit", MESSAGES_PAGE, "id_lt", idLt),
                    "members",
                    Map.of("limit", 0, "offset", 0))),
            "a channel query of " + cid)
        .path("messages");
  }

  /** The channel's members after {@code afterUser} by user id (keyset paging, no offset limit). */
  JsonNode members(String cid, String afterUser, Calls calls) throws IOException {
    calls.add("query_members");
    int colon = cid.indexOf(':');
    ObjectNode p =
        Json.MAPPER
            .createObjectNode()
            .put("type", cid.substring(0, colon))
            .put("id", cid.substring(colon + 1));
    p.putObject("filter_conditions");
    p.putArray("sort").addObject().put("field", "user_id").put("direction", 1);
    p.put("limit", MEMBERS_PAGE);
    if (afterUser != null) {
      p.put("user_id_gt", afterUser);
    }
    return answer(
            client.get("query_members", "/members?payload=" + payload(p)),
            "query members of " + cid)
        .path("members");
  }

  /** One member's read entry: a channel query naming the user always includes it. */
  JsonNode readOf(String cid, String user, Calls calls) throws IOException {
    calls.add("query_channels");
    JsonNode channels =
        answer(
                client.post(
                    "query_channels",
                    "/channels",
                    Map.of(
                        "filter_conditions",
                        Map.of("cid", Map.of("$in", List.of(cid))),
                        "limit",
                        1,
                        "state",
                        true,
                        "watch",
                        false,
                        "presence",
                        false,
                        "message_limit",
                        0,
                        "member_limit",
                        0,
                        "user_id",
                        user)),
                "the read state of " + user)
            .path("channels");
    for (JsonNode r : channels.path(0).path("read")) {
      if (r.path("user").path("id").asText().equals(user)) {
        return r;
      }
    }
    return null;
  }

  private static String channelPath(String cid) {
    int colon = cid.indexOf(':');
    return "/channels/"
        + StreamClient.segment(cid.substring(0, colon))
        + "/"
        + StreamClient.segment(cid.substring(colon + 1));
  }
}
