package io.spotlink.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * HTTP load from a fixed pool of N worker threads, each sending one request after the other on its own connection
 * for a set time (a closed loop, as N hospital connections would). Every answer is counted by status; the
 * requests it sends are numbered, so each can carry a unique order id.
 */
final class HttpLoad {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();

    /** What one run counted. */
    record Result(int connections, Duration took, Map<Integer, Long> statuses, long failures) {

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        double rate(int status) {
            return count(status) / (took.toNanos() / 1e9);
        }

        String summary(int status) {
            return String.format(Locale.ROOT, "%,.0f/s (%,d x %d in %.1f s%s)", rate(status), count(status), status,
                    took.toNanos() / 1e9, statuses.size() > 1 || failures > 0 ? ", also " + others(status) : "");
        }

        private String others(int status) {
            Map<Integer, Long> rest = new TreeMap<>(statuses);
            rest.remove(status);
            return rest + (failures > 0 ? " and " + failures + " failed requests" : "");
        }
    }

    /** Sends {@code request.apply(n)} from {@code connections} workers until {@code duration} has passed. */
    Result run(int connections, Duration duration, LongFunction<HttpRequest> request) throws Exception {
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                running.add(workers.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            int status = client.send(request.apply(sequence.incrementAndGet()),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        } catch (java.io.IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Map<Integer, Long> counted = new TreeMap<>();
        statuses.forEach((status, n) -> counted.put(status, n.get()));
        return new Result(connections, took, counted, failures.get());
    }
}
