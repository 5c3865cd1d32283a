package dev.readygate.protocol.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A response body read as bounded lines: split where the chunks do not split, a line past the limit ends it, a silent body times out. */
@Timeout(10)
class K8sApiLinesTest {
    static final class Sub implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    static List<ByteBuffer> chunk(String s) {
        return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsAreSplitAtNewlinesAcrossChunks() throws Exception {
        Lines l = new Lines(1024, false);
        Sub s = new Sub();
        l.onSubscribe(s);
        l.onNext(chunk("{\"type\":\"ADD"));
        l.onNext(chunk("ED\"}\n{\"type\":\"BOOKMARK\"}\n{\"ty"));
        assertEquals("{\"type\":\"ADDED\"}", l.next(1_000_000_000L));
        assertEquals("{\"type\":\"BOOKMARK\"}", l.next(1_000_000_000L));
        assertNull(l.next(50_000_000L), "nothing more yet");
        l.onNext(chunk("pe\":\"MODIFIED\"}"));
        l.onComplete();
        assertEquals("{\"type\":\"MODIFIED\"}", l.next(1_000_000_000L), "the last line without a newline");
        assertNull(l.next(1_000_000_000L));
        assertTrue(l.ended());
        assertNull(l.error());
        assertTrue(s.requested.get() >= 3, "more is requested as lines are taken");
    }

    @Test
    void aLinePastTheLimitEndsTheBodyAndCancelsIt() throws Exception {
        Lines l = new Lines(16, false);
        Sub s = new Sub();
        l.onSubscribe(s);
        l.onNext(chunk("{\"type\":\"" + "x".repeat(40)));
        assertNull(l.next(1_000_000_000L));
        assertTrue(l.ended());
        assertTrue(l.error().contains("larger than"), l.error());
        assertTrue(s.cancelled.get());
    }

    @Test
    void aWholeBodyIsOneTextAndASilentOneTimesOut() throws Exception {
        Lines l = new Lines(1024, true);
        l.onSubscribe(new Sub());
        l.onNext(chunk("{\"kind\":\"DeploymentList\",\n\"items\":[]}"));
        l.onComplete();
        assertEquals("{\"kind\":\"DeploymentList\",\n\"items\":[]}", l.text(1_000_000_000L));
        Lines silent = new Lines(1024, true);
        silent.onSubscribe(new Sub());
        assertThrows(IOException.class, () -> silent.text(100_000_000L));
    }
}
