package io.chatkitmigrate.transforms.convert;

import io.chatkitmigrate.schemas.Finding;
import org.apache.beam.sdk.values.TupleTag;

/** The outputs the conversion stages share: import lines by type, the id map, findings. */
public final class Outputs {
  private Outputs() {}

  public static final TupleTag<String> USER_LINES = new TupleTag<>() {};
  public static final TupleTag<String> CHANNEL_LINES = new TupleTag<>() {};
  public static final TupleTag<String> MEMBER_LINES = new TupleTag<>() {};
  public static final TupleTag<String> MESSAGE_LINES = new TupleTag<>() {};

  /** Lines of {@code id-map.ndjson}: ids that changed on the way to Stream. */
  public static final TupleTag<String> ID_MAP = new TupleTag<>() {};

  /** One line per member: the unread count Chatkit showed and the one Stream will compute. */
  public static final TupleTag<String> READ_STATE = new TupleTag<>() {};

  public static final TupleTag<Finding> REJECTED = new TupleTag<>() {};
  public static final TupleTag<Finding> WARNINGS = new TupleTag<>() {};
}
