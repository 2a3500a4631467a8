package io.chatkitmigrate.transforms.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatkitmigrate.schemas.stream.validate.ItemRules;
import io.chatkitmigrate.schemas.stream.validate.ValidationReport;
import java.io.Serializable;
import java.util.Comparator;

/**
 * One error, placed where a sequential pass finds it: by part, line, and its rank among the line's
 * errors; the line is a {@link Position} until the report keeps the error and numbers it. {@code
 * bytes} is the line, read again only for the errors a report keeps (null until then, and for an
 * error of the part itself).
 */
record Found(
    String file, long line, int seq, String kind, String message, String type, byte[] bytes)
    implements Serializable {
  static final Comparator<Found> ORDER = new Order(false);

  /** By part, line and rank on the line; or the reverse. Serializable, as accumulators hold it. */
  record Order(boolean latestFirst) implements Comparator<Found>, Serializable {
    @Override
    public int compare(Found a, Found b) {
      int c = a.file.compareTo(b.file);
      if (c == 0) {
        c = Long.compare(a.line, b.line);
      }
      if (c == 0) {
        c = Integer.compare(a.seq, b.seq);
      }
      return latestFirst ? -c : c;
    }
  }

  Found atLine(long lineNumber) {
    return new Found(file, lineNumber, seq, kind, message, type, bytes);
  }

  Found inFile(String name) {
    return new Found(name, line, seq, kind, message, type, bytes);
  }

  Found withBytes(byte[] lineBytes) {
    return new Found(file, line, seq, kind, message, type, lineBytes);
  }

  /** The error as a report keeps it, with the item read again from the line as it was checked. */
  ObjectNode toJson() {
    JsonNode item = null;
    if (bytes != null) {
      ItemRules.Parsed parsed = ItemRules.parse(0, bytes, 0, bytes.length);
      item = parsed.problem() != null ? parsed.node() : parsed.data();
    }
    return ValidationReport.errorJson(kind, message, type, item, file, line);
  }
}
