package io.chatkitmigrate.schemas.chatkit;

import io.chatkitmigrate.schemas.Source;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;

/** A Chatkit role: a named set of permissions, {@code global} or {@code room} in scope. */
@DefaultCoder(SmileCoder.class)
public record ChatkitRole(String name, String scope, List<String> permissions, Source source) {}
