package dev.readygate.protocol.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as lines (a watch's JSON events, one per line) or as one text (a list), bounded: a line or a body
 * longer than {@code max} bytes ends it with an error. The reader takes lines with a timeout and is interruptible; the
 * next chunk is requested only when few lines wait, so a fast server cannot fill memory. {@link #close()} cancels the
 * response.
 */
final class Lines implements HttpResponse.BodySubscriber<Lines>, AutoCloseable {
    /** Put after the last line. */
    private static final String END = new String("end");
    private static final int QUEUE = 64;

    private final int max;
    private final boolean whole;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CompletableFuture<Lines> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean waiting;
    private volatile String error;
    private volatile boolean ended;

    /** @param whole the body is one text (no splitting at newlines) */
    Lines(int max, boolean whole) {
        this.max = max;
        this.whole = whole;
    }

    @Override
    public CompletionStage<Lines> getBody() {
        body.complete(this);
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            while (b.hasRemaining()) {
                byte c = b.get();
                if (c == '\n' && !whole) {
                    flush();
                } else {
                    line.write(c);
                    if (line.size() > max) {
                        fail((whole ? "the response" : "a watch event") + " is larger than " + max / (1 << 20) + " MiB");
                        return;
                    }
                }
            }
        }
        if (queue.size() < QUEUE) subscription.request(1);
        else waiting = true;
    }

    private void flush() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!s.isBlank()) queue.add(s);
    }

    private void fail(String why) {
        error = why;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
        queue.add(END);
    }

    @Override
    public void onError(Throwable t) {
        if (ended) return;
        error = "the connection broke (" + t.getClass().getSimpleName() + ")";
        queue.add(END);
    }

    @Override
    public void onComplete() {
        if (line.size() > 0 || whole) flush();
        queue.add(END);
    }

    /**
     * The next line; null when the body ended ({@link #error()} says whether cleanly) or nothing came within the timeout
     * ({@link #ended()} false).
     */
    String next(long nanos) throws InterruptedException {
        if (ended) return null;
        String s = queue.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        if (s == END) {
            ended = true;
            return null;
        }
        if (waiting && queue.size() < QUEUE / 2) {
            waiting = false;
            subscription.request(1);
        }
        return s;
    }

    /** The body ended (cleanly or not). */
    boolean ended() {
        return ended;
    }

    /** Why the body ended early, or null. */
    String error() {
        return error;
    }

    @Override
    public void close() {
        ended = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }

    /** Reads the rest of the body within the timeout: the whole text, or its lines joined (at most 100 lines). */
    String text(long nanos) throws InterruptedException, IOException {
        long end = System.nanoTime() + nanos;
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (true) {
            String s = next(end - System.nanoTime());
            if (s == null) {
                if (!ended) throw new java.net.http.HttpTimeoutException("no complete response in time");
                break;
            }
            if (++n > 100) throw new IOException("a response of more than 100 lines");
            if (sb.length() > 0) sb.append('\n');
            sb.append(s);
        }
        if (error != null) throw new IOException(error);
        return sb.toString();
    }
}
