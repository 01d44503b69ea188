package io.smartoperator.gateway.discovery;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a cap: past the cap the rest is not read (the subscription is
 * cancelled), so a huge or endless answer costs at most {@code cap} bytes of memory.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Bytes> {
  /** The bytes received, and whether more were on offer than the cap allowed. */
  record Bytes(byte[] bytes, boolean cut) {
    static final Bytes EMPTY = new Bytes(new byte[0], false);
  }

  private final int cap;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CompletableFuture<Bytes> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  CappedBody(int cap) {
    this.cap = cap;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int room = cap - received.size();
      int take = Math.min(room, buffer.remaining());
      byte[] chunk = new byte[take];
      buffer.get(chunk);
      received.write(chunk, 0, take);
      if (buffer.hasRemaining()) {
        subscription.cancel();
        result.complete(new Bytes(received.toByteArray(), true));
        return;
      }
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(new Bytes(received.toByteArray(), false));
  }

  @Override
  public CompletionStage<Bytes> getBody() {
    return result;
  }
}
