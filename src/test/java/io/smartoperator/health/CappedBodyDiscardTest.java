package io.smartoperator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class CappedBodyDiscardTest {

  /** Counts what the subscriber asks for. */
  private static final class Subscription implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Test
  void readsAShortBodyToItsEnd() {
    CappedBodyDiscard body = new CappedBodyDiscard(4096);
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    body.onNext(List.of(ByteBuffer.allocate(100), ByteBuffer.allocate(200)));
    body.onComplete();

    assertThat(body.getBody().toCompletableFuture().join()).isEqualTo(300);
    assertThat(subscription.cancelled).isFalse();
    assertThat(subscription.requested).isEqualTo(2);
  }

  @Test
  void stopsAtTheCapAndAsksForNothingMore() {
    CappedBodyDiscard body = new CappedBodyDiscard(4096);
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    body.onNext(List.of(ByteBuffer.allocate(3000)));
    body.onNext(List.of(ByteBuffer.allocate(3000)));
    long requested = subscription.requested;
    body.onNext(List.of(ByteBuffer.allocate(3000))); // already in flight when it cancelled

    assertThat(subscription.cancelled).isTrue();
    assertThat(subscription.requested).isEqualTo(requested).isEqualTo(2);
    assertThat(body.getBody().toCompletableFuture().join()).isEqualTo(6000);
  }

  @Test
  void passesOnAnError() {
    CappedBodyDiscard body = new CappedBodyDiscard(10);
    body.onSubscribe(new Subscription());
    body.onError(new java.io.IOException("reset"));

    assertThat(body.getBody().toCompletableFuture()).isCompletedExceptionally();
  }
}
