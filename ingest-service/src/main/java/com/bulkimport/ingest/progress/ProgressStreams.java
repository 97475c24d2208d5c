package com.bulkimport.ingest.progress;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.bulkimport.events.ImportGateDecided.LicenceShortfall;
import com.bulkimport.ingest.view.ImportStatus;
import com.bulkimport.ingest.view.ImportView;
import com.bulkimport.ingest.web.ApiErrorCode;
import com.bulkimport.ingest.web.ProblemException;

/**
 * The open progress streams of this instance. One thread looks at every open stream's import a few
 * times a second and sends an event when its status, counts, emails, shortfall or notes changed
 * (changes faster than that are sent as one event with the latest figures), a heartbeat comment
 * when nothing was sent for a while, and ends the stream after the final status. All writes to a
 * stream happen on that one thread, so a stream never sees two writers.
 * <p>
 * Bounded: at most {@code maxStreams} streams at once (one more is refused with 503 and
 * Retry-After), each at most {@code maxDuration} long.
 */
public class ProgressStreams implements AutoCloseable {

    /** The name of every event of the stream; its data is the status shape without the row errors. */
    public static final String EVENT = "status";
    private static final Logger log = LoggerFactory.getLogger(ProgressStreams.class);

    private final BiFunction<String, String, Optional<ImportView>> imports;
    private final ProgressSettings settings;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-streams");
        t.setDaemon(true);
        return t;
    });

    /** @param imports finds an import by account and id, as the status answer does */
    public ProgressStreams(BiFunction<String, String, Optional<ImportView>> imports, ProgressSettings settings) {
        this.imports = imports;
        this.settings = settings;
        long every = settings.pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream on an import the caller may see; its first event, the current state, is sent at once. */
    public SseEmitter open(String accountId, String importId) {
        if (open.size() >= settings.maxStreams()) {
            throw ApiErrorCode.TOO_MANY_STREAMS.refused(settings.maxStreams());
        }
        Stream stream = new Stream(accountId, importId, new SseEmitter(settings.maxDuration().toMillis()));
        stream.emitter.onCompletion(() -> open.remove(stream));
        stream.emitter.onTimeout(() -> close(stream));
        stream.emitter.onError(e -> open.remove(stream));
        open.add(stream);
        ticker.execute(() -> look(stream));
        return stream.emitter;
    }

    /** Streams open now (for tests and metrics). */
    public int openStreams() {
        return open.size();
    }

    private void tick() {
        for (Stream stream : open) {
            look(stream);
        }
    }

    private void look(Stream stream) {
        if (!open.contains(stream)) {
            return;
        }
        try {
            Optional<ImportView> view = imports.apply(stream.accountId, stream.importId);
            if (view.isPresent() && !Snapshot.of(view.get()).equals(stream.lastSent)) {
                send(stream, view.get());
                if (!view.get().active()) {
                    close(stream);
                }
            } else if (System.nanoTime() - stream.lastWrite > settings.heartbeat().toNanos()) {
                stream.emitter.send(SseEmitter.event().comment("heartbeat"));
                stream.lastWrite = System.nanoTime();
            }
        } catch (ProblemException viewNotReady) {
            // The view is being restored: nothing to say yet; the stream waits for it.
        } catch (IOException | IllegalStateException gone) {
            // The browser left: forget the stream.
            open.remove(stream);
        } catch (RuntimeException e) {
            log.warn("Progress stream of import {} failed; closing it", stream.importId, e);
            open.remove(stream);
            stream.emitter.completeWithError(e);
        }
    }

    private static void send(Stream stream, ImportView view) throws IOException {
        stream.sequence++;
        SseEmitter.SseEventBuilder event = SseEmitter.event().name(EVENT).id(Long.toString(stream.sequence))
                .data(view, MediaType.APPLICATION_JSON);
        if (stream.sequence == 1) {
            event.reconnectTime(3000);
        }
        stream.emitter.send(event);
        stream.lastSent = Snapshot.of(view);
        stream.lastWrite = System.nanoTime();
    }

    private void close(Stream stream) {
        open.remove(stream);
        stream.emitter.complete();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        open.forEach(s -> s.emitter.complete());
        open.clear();
    }

    /** What a change is: anything the progress shows but the time of the update. */
    private record Snapshot(ImportStatus status, int rowCount, ImportView.Counts counts, ImportView.Emails emails,
            List<LicenceShortfall> shortfall, List<String> notes) {
        static Snapshot of(ImportView v) {
            return new Snapshot(v.status(), v.rowCount(), v.counts(), v.emails(), v.licenceShortfall(), v.notes());
        }
    }

    /** One open stream: written by the ticker thread only. */
    private static final class Stream {
        final String accountId;
        final String importId;
        final SseEmitter emitter;
        Snapshot lastSent;
        long lastWrite = System.nanoTime();
        long sequence;

        Stream(String accountId, String importId, SseEmitter emitter) {
            this.accountId = accountId;
            this.importId = importId;
            this.emitter = emitter;
        }
    }
}
