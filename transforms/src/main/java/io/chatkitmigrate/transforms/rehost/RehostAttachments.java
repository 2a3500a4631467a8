package io.chatkitmigrate.transforms.rehost;

import com.google.auth.oauth2.ServiceAccountCredentials;
import io.chatkitmigrate.schemas.Finding;
import io.chatkitmigrate.schemas.chatkit.ChatkitMessage;
import io.chatkitmigrate.schemas.chatkit.MessagePart;
import io.chatkitmigrate.schemas.coders.SmileCoder;
import io.chatkitmigrate.transforms.Progress;
import io.chatkitmigrate.transforms.convert.Counters;
import io.chatkitmigrate.transforms.convert.Outputs;
import io.chatkitmigrate.transforms.join.Groups;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.commons.lang3.concurrent.BasicThreadFactory;

/**
 * Copies every attachment file the export links to into Cloud Storage and yields, for each URL that
 * now lives there, {@code (original URL, new URL)}; a URL that cannot be fetched keeps its link and
 * becomes a warning. URLs meet in hashed buckets so each is fetched once however many messages
 * share it; URLs the customer re-hosted already ({@code attachmentUrlMap}) are left alone.
 */
public final class RehostAttachments
    extends PTransform<PCollection<ChatkitMessage>, PCollectionTuple> {
  public static final TupleTag<KV<String, String>> REHOSTED = new TupleTag<>() {};
  public static final String NAMESPACE = "rehost";
  static final String ENTITY = "messages";

  private final RehostSettings settings;
  private final Set<String> alreadyMapped;
  private final int groups;

  public RehostAttachments(RehostSettings settings, Set<String> alreadyMapped, int groups) {
    this.settings = settings;
    this.alreadyMapped = Set.copyOf(alreadyMapped);
    this.groups = groups;
  }

  /**
   * The counters of the report: files stored this run, found from an earlier run, and not fetched.
   */
  public static Counter counter(AttachmentRehoster.Status status) {
    String name = status.name().toLowerCase(Locale.ROOT);
    return Progress.tallied(
        Metrics.counter(NAMESPACE, name), "attachments " + name.replace('_', ' '));
  }

  @Override
  public PCollectionTuple expand(PCollection<ChatkitMessage> messages) {
    int n = groups;
    Set<String> skip = alreadyMapped;
    PCollectionTuple out =
        messages
            .apply(
                "AttachmentUrls",
                ParDo.of(
                    new DoFn<ChatkitMessage, KV<Integer, AttachmentRef>>() {
                      @ProcessElement
                      public void process(
                          @Element ChatkitMessage m,
                          OutputReceiver<KV<Integer, AttachmentRef>> urls) {
                        for (MessagePart part : m.parts()) {
                          if (part.kind() != MessagePart.Kind.INLINE
                              && fetchable(part.url())
                              && !skip.contains(part.url())) {
                            String mime =
                                part.mimeType() != null
                                    ? part.mimeType()
                                    : part.legacyType() != null ? part.legacyType() + "/*" : null;
                            urls.output(
                                KV.of(
                                    Groups.of(part.url(), n),
                                    new AttachmentRef(part.url(), mime, m.source())));
                          }
                        }
                      }
                    }))
            .setCoder(KvCoder.of(VarIntCoder.of(), SmileCoder.of(AttachmentRef.class)))
            .apply("GroupByUrl", GroupByKey.create())
            .apply(
                "FetchAndStore",
                ParDo.of(new RehostFn(settings))
                    .withOutputTags(REHOSTED, TupleTagList.of(Outputs.WARNINGS)));
    out.get(REHOSTED).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    out.get(Outputs.WARNINGS).setCoder(SmileCoder.of(Finding.class));
    return out;
  }

  static boolean fetchable(String url) {
    return url != null
        && (url.regionMatches(true, 0, "https://", 0, 8)
            || url.regionMatches(true, 0, "http://", 0, 7));
  }

  /** Fetches and stores the distinct URLs of one bucket, {@code concurrency} at a time. */
  static final class RehostFn
      extends DoFn<KV<Integer, Iterable<AttachmentRef>>, KV<String, String>> {
    private final RehostSettings settings;
    private transient AttachmentRehoster rehoster;
    private transient ExecutorService pool;

    RehostFn(RehostSettings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() throws IOException {
      ServiceAccountCredentials signer = null;
      if (settings.signingKeyFile() != null) {
        // Read where the work runs, through Beam's file systems: the key may sit in gs:// beside
        // the export.
        try (InputStream in =
            Channels.newInputStream(
                FileSystems.open(
                    FileSystems.matchSingleFileSpec(settings.signingKeyFile()).resourceId()))) {
          signer = AttachmentRehoster.signer(in);
        }
      }
      rehoster = new AttachmentRehoster(settings, signer);
      pool =
          Executors.newFixedThreadPool(
              settings.concurrency(),
              new BasicThreadFactory.Builder().namingPattern("rehost-%d").daemon(true).build());
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Iterable<AttachmentRef>> bucket, MultiOutputReceiver out)
        throws InterruptedException, ExecutionException {
      Map<String, AttachmentRef> distinct = new LinkedHashMap<>();
      for (AttachmentRef ref : bucket.getValue()) {
        distinct.putIfAbsent(ref.url(), ref);
      }
      List<Future<AttachmentRehoster.Outcome>> pending = new ArrayList<>(distinct.size());
      for (AttachmentRef ref : distinct.values()) {
        pending.add(pool.submit(() -> rehoster.rehost(ref.url(), ref.mimeType())));
      }
      int i = 0;
      for (AttachmentRef ref : distinct.values()) {
        AttachmentRehoster.Outcome outcome = pending.get(i++).get();
        counter(outcome.status()).inc();
        if (outcome.status() == AttachmentRehoster.Status.FAILED) {
          out.get(Outputs.WARNINGS)
              .output(
                  Finding.of(
                      outcome.reason(),
                      ENTITY,
                      ref.source(),
                      "attachment "
                          + ref.url()
                          + " was not re-hosted and keeps its link: "
                          + outcome.detail()));
          Counters.reason("warning", outcome.reason()).inc();
        } else {
          out.get(REHOSTED).output(KV.of(ref.url(), outcome.url()));
        }
      }
    }

    @Teardown
    public void teardown() throws Exception {
      if (pool != null) {
        pool.shutdownNow();
      }
      if (rehoster != null) {
        rehoster.close();
      }
    }
  }
}
