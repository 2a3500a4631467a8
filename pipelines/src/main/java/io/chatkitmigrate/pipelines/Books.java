package io.chatkitmigrate.pipelines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.Json;
import io.chatkitmigrate.schemas.chatkit.Entity;
import io.chatkitmigrate.transforms.convert.Counters;
import io.chatkitmigrate.transforms.read.ReadExport;
import io.chatkitmigrate.transforms.rehost.AttachmentRehoster;
import io.chatkitmigrate.transforms.rehost.RehostAttachments;
import io.chatkitmigrate.transforms.slice.SliceExport;
import io.chatkitmigrate.transforms.stream.DeliverToStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The run's books, from its counters: per entity, read = written + merged + rejected. A run whose
 * books do not balance has lost or invented records, and fails.
 */
public record Books(
    Map<Entity, Line> lines,
    Map<String, Long> items,
    Map<String, Long> rejectedReasons,
    Map<String, Long> warningReasons,
    Map<String, Long> messagesPerMonth,
    Map<String, Long> attachments,
    Map<String, Long> delivery,
    Map<String, Long> filesRejected,
    Map<String, Long> fileWarnings) {

  /**
   * One entity's line of the books.
   *
   * @param inWarnings of the rejected, those whose line is in warnings/ (the contract's choice), by
   *     reason
   */
  public record Line(
      long read, long written, long merged, long rejected, Map<String, Long> inWarnings) {
    public boolean balances() {
      return read == written + merged + rejected;
    }
  }

  public static Books of(PipelineResult result) {
    Map<String, Long> counters = new TreeMap<>();
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    for (MetricResult<Long> c : metrics.getCounters()) {
      String namespace = c.getName().getNamespace();
      String name = c.getName().getName();
      long value = committedOrAttempted(c);
      String key =
          (namespace.equals(ReadExport.class.getName()) ? "read:" : namespace + ":") + name;
      counters.merge(key, value, Long::sum);
    }
    Map<Entity, Line> lines = new LinkedHashMap<>();
    Map<String, Long> rejectedReasons = new TreeMap<>();
    for (Entity e : Entity.values()) {
      String w = e.word();
      long readRejected = 0;
      for (Map.Entry<String, Long> c : counters.entrySet()) {
        String prefix = "read:rejected_" + w + "_";
        if (c.getKey().startsWith(prefix)) {
          readRejected += c.getValue();
          rejectedReasons.merge(c.getKey().substring(prefix.length()), c.getValue(), Long::sum);
        }
      }
      Map<String, Long> inWarnings = new TreeMap<>();
      String inWarningsPrefix = Counters.NAMESPACE + ":rejected_in_warnings_" + w + "_";
      counters.forEach(
          (key, value) -> {
            if (key.startsWith(inWarningsPrefix) && value > 0) {
              inWarnings.put(key.substring(inWarningsPrefix.length()), value);
            }
          });
      lines.put(
          e,
          new Line(
              // A slice's books are of the slice; what it left out is in the report's slice
              // section.
              counters.getOrDefault("read:read_" + w, 0L)
                  - counters.getOrDefault(SliceExport.NAMESPACE + ":outside_" + w, 0L),
              counters.getOrDefault(Counters.NAMESPACE + ":written_" + w, 0L),
              counters.getOrDefault(Counters.NAMESPACE + ":merged_" + w, 0L),
              readRejected + counters.getOrDefault(Counters.NAMESPACE + ":rejected_" + w, 0L),
              inWarnings));
    }
    Map<String, Long> items = new LinkedHashMap<>();
    Map<String, Long> warningReasons = new TreeMap<>();
    Map<String, Long> months = new TreeMap<>();
    Map<String, Long> attachments = new TreeMap<>();
    Map<String, Long> delivery = new TreeMap<>();
    String prefix = Counters.NAMESPACE + ":";
    counters.forEach(
        (key, value) -> {
          if (key.startsWith(prefix + "items_")) {
            items.put(key.substring((prefix + "items_").length()), value);
          } else if (key.startsWith(prefix + "rejected_reason_")) {
            rejectedReasons.merge(
                key.substring((prefix + "rejected_reason_").length()), value, Long::sum);
          } else if (key.startsWith(prefix + "warning_reason_")) {
            warningReasons.merge(
                key.substring((prefix + "warning_reason_").length()), value, Long::sum);
          } else if (key.startsWith(DeliverToStream.NAMESPACE + ":")) {
            delivery.put(key.substring(DeliverToStream.NAMESPACE.length() + 1), value);
          } else if (key.startsWith(RehostAttachments.NAMESPACE + ":")) {
            attachments.put(key.substring(RehostAttachments.NAMESPACE.length() + 1), value);
          } else if (key.startsWith(Counters.MONTHS + ":")) {
            months.put(key.substring(Counters.MONTHS.length() + 1), value);
          }
        });
    // Findings about whole files are outside the per-entity books; they are listed, and counted
    // here by reason.
    Map<String, Long> filesRejected = new TreeMap<>();
    Map<String, Long> fileWarnings = new TreeMap<>();
    counters.forEach(
        (key, value) -> {
          if (key.startsWith("read:" + ReadExport.FILE_REJECTED_PREFIX)) {
            filesRejected.put(
                key.substring(("read:" + ReadExport.FILE_REJECTED_PREFIX).length()), value);
          } else if (key.startsWith("read:" + ReadExport.FILE_WARNING_PREFIX)) {
            fileWarnings.put(
                key.substring(("read:" + ReadExport.FILE_WARNING_PREFIX).length()), value);
          }
        });
    filesRejected.forEach((reason, n) -> rejectedReasons.merge(reason, n, Long::sum));
    fileWarnings.forEach((reason, n) -> warningReasons.merge(reason, n, Long::sum));
    return new Books(
        lines,
        items,
        rejectedReasons,
        warningReasons,
        months,
        attachments,
        delivery,
        filesRejected,
        fileWarnings);
  }

  /** What a slice left out, by entity (empty for a whole export). */
  public static Map<String, Long> outsideSlice(PipelineResult result) {
    Map<String, Long> outside = new TreeMap<>();
    for (MetricResult<Long> c :
        result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (c.getName().getNamespace().equals(SliceExport.NAMESPACE)
          && c.getName().getName().startsWith("outside_")) {
        outside.merge(
            c.getName().getName().substring("outside_".length()),
            committedOrAttempted(c),
            Long::sum);
      }
    }
    return outside;
  }

  private static long committedOrAttempted(MetricResult<Long> c) {
    try {
      Long committed = c.getCommitted();
      return committed != null ? committed : c.getAttempted();
    } catch (UnsupportedOperationException e) {
      return c.getAttempted();
    }
  }

  /** Files that should have been read whole but were not (cut, unreadable, missing shards). */
  public long filesRejectedCount() {
    return filesRejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balance() {
    return lines.values().stream().allMatch(Line::balances);
  }

  public ObjectNode toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    ObjectNode entities = node.putObject("entities");
    lines.forEach(
        (e, l) -> {
          ObjectNode line = entities.putObject(e.word());
          line.put("read", l.read());
          line.put("written", l.written());
          line.put("merged", l.merged());
          line.put("rejected", l.rejected());
          if (!l.inWarnings().isEmpty()) {
            ObjectNode where = line.putObject("rejected_in_warnings");
            l.inWarnings().forEach(where::put);
          }
          line.put("balances", l.balances());
        });
    ObjectNode files = node.putObject("files");
    ObjectNode filesRejectedNode = files.putObject("rejected");
    filesRejected.forEach(filesRejectedNode::put);
    ObjectNode fileWarningsNode = files.putObject("warnings");
    fileWarnings.forEach(fileWarningsNode::put);
    ObjectNode itemNode = node.putObject("items");
    items.forEach(itemNode::put);
    ObjectNode rejected = node.putObject("rejected_by_reason");
    rejectedReasons.forEach(rejected::put);
    ObjectNode warnings = node.putObject("warnings_by_reason");
    warningReasons.forEach(warnings::put);
    ObjectNode months = node.putObject("messages_per_month");
    messagesPerMonth.forEach(months::put);
    if (!attachments.isEmpty()) {
      ObjectNode rehosted = node.putObject("attachments");
      for (AttachmentRehoster.Status status : AttachmentRehoster.Status.values()) {
        String name = status.name().toLowerCase(Locale.ROOT);
        rehosted.put(name, attachments.getOrDefault(name, 0L));
      }
    }
    if (!delivery.isEmpty()) {
      ObjectNode sink = node.putObject("delivery");
      for (String type : List.of("user", "channel", "member", "message", "read")) {
        ObjectNode line = sink.putObject(type);
        for (String outcome : List.of("sent", "already_there", "rejected", "skipped")) {
          line.put(outcome, delivery.getOrDefault(type + "_" + outcome, 0L));
        }
      }
    }
    return node;
  }

  /**
   * Where the items in the assembled parts differ from the items the run counted, one line per type
   * ("message: 49965 counted, 0 in the parts"); empty when they agree.
   */
  public List<String> itemDifferences(Map<String, Long> inParts) {
    Map<String, Long> counted = new TreeMap<>(items);
    inParts.keySet().forEach(type -> counted.putIfAbsent(type, 0L));
    List<String> differences = new ArrayList<>();
    counted.forEach(
        (type, n) -> {
          long found = inParts.getOrDefault(type, 0L);
          if (found != n) {
            differences.add(type + ": " + n + " counted, " + found + " in the parts");
          }
        });
    return differences;
  }

  /** Items Stream refused through the REST sink. */
  public long deliveryRefused() {
    return delivery.entrySet().stream()
        .filter(e -> e.getKey().endsWith("_rejected"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The books as the table printed at the end of a run. */
  public String table() {
    StringBuilder s =
        new StringBuilder(
            String.format(
                "%-11s %10s %10s %10s %10s  %s%n",
                "entity", "read", "written", "merged", "rejected", "balance"));
    lines.forEach(
        (e, l) ->
            s.append(
                String.format(
                    "%-11s %10d %10d %10d %10d  %s%n",
                    e.word(),
                    l.read(),
                    l.written(),
                    l.merged(),
                    l.rejected(),
                    l.balances() ? "ok" : "DOES NOT ADD UP")));
    lines.forEach(
        (e, l) -> {
          if (!l.inWarnings().isEmpty()) {
            s.append(
                String.format(
                    "(%d of the %d rejected %s are in warnings/, as the contract lists them: %s)%n",
                    l.inWarnings().values().stream().mapToLong(Long::longValue).sum(),
                    l.rejected(),
                    e.word(),
                    l.inWarnings()));
          }
        });
    return s.toString();
  }
}
