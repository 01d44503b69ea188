package io.smartoperator.health;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body and throws it away, up to a cap. Reading a short body to its end lets the
 * connection go back to the pool; at the cap it cancels the subscription, which closes the
 * connection, so an endless body costs a probe no more than the cap (plus one buffer in flight).
 * The body's value is the number of bytes taken in.
 */
final class CappedBodyDiscard implements BodySubscriber<Long> {
  private final long cap;
  private final CompletableFuture<Long> bytes = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private long read;

  CappedBodyDiscard(long cap) {
    this.cap = cap;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (bytes.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      read += buffer.remaining();
      buffer.position(buffer.limit());
    }
    if (read >= cap) {
      subscription.cancel();
      bytes.complete(read);
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable error) {
    bytes.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    bytes.complete(read);
  }

  @Override
  public CompletionStage<Long> getBody() {
    return bytes;
  }
}
