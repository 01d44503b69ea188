package io.smartoperator.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher, counting every request by client, verb and resource, timing how long
 * the server spent on it, and writing a request log.
 *
 * <p>Events are counted and acknowledged but not stored: nothing in the benchmark reads them, and
 * the CRUD mock scans its whole store on every request, so tens of thousands of stored Events
 * would slow every later request of the operator (not of the floor) for a reason a real API server
 * does not have.
 *
 * <p>For the same reason it finds an object by its key: the CRUD mock finds the object of a
 * create, update or patch by scanning its whole store in insertion order, so a request costs
 * O(objects) and depends on where the object happens to sit (an update moves it to the end). A
 * real API server looks the key up. Reads by name, lists and deletes still scan, as before.
 */
final class CountingDispatcher extends KubernetesCrudDispatcher {
  /** Clients tag themselves with this User-Agent prefix; the rest of the agent names the client. */
  static final String AGENT_PREFIX = "smart-operator-bench/";
  private static final Pattern EVENT_CREATE = Pattern.compile("^/api/v1/namespaces/[^/]+/events/?(\\?.*)?$");
  /** Write bodies logged per kind of call, enough to see what a write changes without a huge log. */
  private static final int BODIES_PER_CALL = 20;
  private static final int BODY_CHARS = 2000;

  private final RequestCounts counts = new RequestCounts();
  private final BufferedWriter log;
  private final long startNanos = System.nanoTime();
  private final AtomicLong eventVersion = new AtomicLong();
  private final Map<ApiCall, AtomicInteger> bodiesLogged = new ConcurrentHashMap<>();
  /** While set, every write is logged with its body (the steady-state window). */
  private volatile boolean logAllBodies;
  /** Store keys by plural/namespace/name, kept in step with the store by {@link #processEvent}. */
  private final Map<String, Set<AttributeSet>> keysByName = new ConcurrentHashMap<>();
  /** Compare every indexed lookup with the mock's own scan (for tests of this class). */
  private final boolean checkIndex = Boolean.getBoolean("bench.checkIndex");
  private final AtomicLong indexMismatches = new AtomicLong();

  CountingDispatcher(Path requestLog) {
    try {
      this.log = requestLog == null ? null : Files.newBufferedWriter(requestLog, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RequestCounts counts() {
    return counts;
  }

  /** Lookups where the index and the scan disagreed; null unless -Dbench.checkIndex=true. */
  Long indexMismatches() {
    return checkIndex ? indexMismatches.get() : null;
  }

  void logAllWriteBodies(boolean on) {
    logAllBodies = on;
  }

  /** A line in the request log, e.g. to mark where a phase starts. */
  void mark(String text) {
    write(String.format("%10.3f ---- %s", seconds(), text));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long start = System.nanoTime();
    // getBytes() leaves the body in place for the CRUD dispatcher to read.
    String body = "GET".equals(request.getMethod()) || request.getBody() == null ? null
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    MockResponse response;
    if ("POST".equals(request.getMethod()) && EVENT_CREATE.matcher(request.getPath()).matches()) {
      response = acceptEvent(body);
    } else {
      response = super.dispatch(request);
    }
    long nanos = System.nanoTime() - start;
    ApiCall call = ApiCall.of(client(request), request.getMethod(), request.getPath());
    int code = response == null ? 500 : response.code();
    counts.record(call, code, nanos);
    if (log != null) {
      StringBuilder line = new StringBuilder(String.format("%10.3f %-8s %-6s %-3d %-22s %s %.1fms",
          seconds(), call.client(), call.verb(), code, call.resource(), request.getPath(), nanos / 1e6));
      if (call.isWrite() && body != null && (logAllBodies
          || bodiesLogged.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet() <= BODIES_PER_CALL)) {
        line.append("\n           body: ").append(body.length() <= BODY_CHARS ? body : body.substring(0, BODY_CHARS) + "...");
      }
      write(line.toString());
    }
    return response;
  }

  private MockResponse acceptEvent(String body) {
    var event = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(body, io.fabric8.kubernetes.api.model.Event.class);
    event.getMetadata().setUid(UUID.randomUUID().toString());
    event.getMetadata().setResourceVersion(String.valueOf(eventVersion.incrementAndGet()));
    return new MockResponse().setResponseCode(201)
        .setBody(io.fabric8.kubernetes.client.utils.Serialization.asJson(event));
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    String id = nameKey(query);
    if (id == null) {
      return super.findResource(query);
    }
    Map.Entry<AttributeSet, String> found = null;
    for (AttributeSet key : keysByName.getOrDefault(id, Set.of())) {
      String value = map.get(key);
      if (value != null && key.matches(query)) {
        found = new AbstractMap.SimpleImmutableEntry<>(key, value);
        break;
      }
    }
    if (checkIndex) {
      var scanned = super.findResource(query);
      if (!Objects.equals(scanned == null ? null : scanned.getKey(), found == null ? null : found.getKey())) {
        indexMismatches.incrementAndGet();
        mark("index lookup " + found + " differs from the scan's " + scanned + " for " + query);
        return scanned;
      }
    }
    return found;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) {
      String id = nameKey(oldAttributes);
      if (id != null) {
        keysByName.computeIfPresent(id, (k, keys) -> {
          keys.remove(oldAttributes);
          return keys.isEmpty() ? null : keys;
        });
      }
    }
    if (newState != null) {
      // The key the store now holds the object under, computed as KubernetesCrudDispatcher does.
      var extractor = (KubernetesAttributesExtractor) attributeExtractor;
      AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!key.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        key = AttributeSet.merge(pathAttributes, key);
      }
      String id = nameKey(key);
      if (id != null) {
        keysByName.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(key);
      }
    }
  }

  /** "plural/namespace/name" when the set names one namespaced object exactly; else null (then the mock scans). */
  private static String nameKey(AttributeSet attributes) {
    String plural = single(attributes, KubernetesAttributesExtractor.PLURAL);
    String namespace = single(attributes, KubernetesAttributesExtractor.NAMESPACE);
    String name = single(attributes, KubernetesAttributesExtractor.NAME);
    return plural == null || namespace == null || name == null ? null : plural + "/" + namespace + "/" + name;
  }

  private static String single(AttributeSet attributes, String key) {
    Attribute a = attributes.getAttribute(key);
    if (a == null || a.getType() != AttributeType.WITH || a.getValues().size() != 1) {
      return null;
    }
    String value = a.getValues().get(0).toString();
    return value == null || "*".equals(value) ? null : value;
  }

  static String client(RecordedRequest request) {
    String agent = request.getHeader("User-Agent");
    return agent != null && agent.startsWith(AGENT_PREFIX) ? agent.substring(AGENT_PREFIX.length()) : "other";
  }

  private double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void write(String line) {
    if (log == null) {
      return;
    }
    synchronized (log) {
      try {
        log.write(line);
        log.newLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  void closeLog() {
    if (log != null) {
      synchronized (log) {
        try {
          log.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
