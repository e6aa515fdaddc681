package io.spotlink.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fastest EHR an MLLP sender can meet: on 127.0.0.1, reads each frame (buffered), answers MSA|AA with the
 * message's own MSH-10 and parses nothing else, so the benchmark measures the sender, not the listener. (The
 * demo's {@code MllpEhrListener} parses every message with HAPI and keeps it: right for tests, too slow here.)
 */
final class LoopbackEhr implements AutoCloseable {

    static final byte START = 0x0b;
    static final byte END = 0x1c;
    static final byte CR = 0x0d;

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-ehr");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong received = new AtomicLong();
    /** MSH-10 of every message, in arrival order, while recording (the backlog bench checks per-patient order). */
    private final java.util.Queue<String> controlIds = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean recording;
    private volatile long firstAt;
    private volatile long lastAt;

    LoopbackEhr() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    long received() {
        return received.get();
    }

    /** From now on, keeps each message's MSH-10 and the times of the first and the last message. */
    void record() {
        controlIds.clear();
        firstAt = 0;
        recording = true;
    }

    java.util.List<String> recorded() {
        return java.util.List.copyOf(controlIds);
    }

    /** Nanoseconds (System.nanoTime) of the first and the last message received while recording. */
    long firstAt() {
        return firstAt;
    }

    long lastAt() {
        return lastAt;
    }

    /** Seconds from the first to the last message received while recording. */
    double recordedSeconds() {
        return (lastAt - firstAt) / 1e9;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                threads.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            String message;
            while ((message = readFrame(in)) != null) {
                received.incrementAndGet();
                if (recording) {
                    long now = System.nanoTime();
                    if (firstAt == 0) {
                        firstAt = now;
                    }
                    lastAt = now;
                    controlIds.add(controlId(message));
                }
                out.write(START);
                out.write(("MSH|^~\\&|EHR|HOSPITAL|SPOTLINK|SPOT|20260101000000||ACK^R01^ACK|A" + received.get()
                        + "|P|2.5.1\rMSA|AA|" + controlId(message) + "\r").getBytes(StandardCharsets.UTF_8));
                out.write(END);
                out.write(CR);
                out.flush();
            }
        } catch (IOException gone) {
            // the sender closed the connection
        }
    }

    /** MSH-10: the tenth field of the first segment (MSH-1 is the separator itself). */
    static String controlId(String message) {
        String msh = message.substring(0, Math.max(0, message.indexOf('\r')) == 0 ? message.length()
                : message.indexOf('\r'));
        String[] fields = msh.split("\\|", -1);
        return fields.length > 9 ? fields[9] : "";
    }

    static String readFrame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != START) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(4096);
        while ((b = in.read()) >= 0) {
            if (b == END) {
                in.read(); // the CR after the end byte
                return frame.toString(StandardCharsets.UTF_8);
            }
            frame.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
