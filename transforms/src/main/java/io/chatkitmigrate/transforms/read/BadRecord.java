package io.chatkitmigrate.transforms.read;

/** Thrown while parsing one record: the reason code and a sentence for the user. */
final class BadRecord extends Exception {
  final String reason;

  BadRecord(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  static BadRecord missing(String field) {
    return new BadRecord("missing_field", "required field \"" + field + "\" is missing");
  }

  static BadRecord wrongType(String field, String expected, String actual) {
    return new BadRecord(
        "wrong_type", "field \"" + field + "\" should be " + expected + " but is " + actual);
  }
}
