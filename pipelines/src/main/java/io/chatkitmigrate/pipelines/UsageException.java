package io.chatkitmigrate.pipelines;

/** A mistake in how the tool was called: one line for the user, exit code 2. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message, null, false, false);
  }
}
