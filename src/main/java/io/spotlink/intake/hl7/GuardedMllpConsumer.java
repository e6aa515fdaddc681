package io.spotlink.intake.hl7;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.TcpServerConsumerValidationRunnable;
import org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * camel-mllp's listener with three gaps of 4.14 closed, everything else left to it:
 * <ul>
 *   <li>camel-mllp checks each new connection on an unbounded thread pool before {@code maxConcurrentConsumers}
 *   applies, so a flood of connections makes a thread each. Here a connection beyond {@code maxConcurrentConsumers}
 *   (counting those being checked) is reset at once, and the check runs on a pool of at most that many threads.</li>
 *   <li>A frame over {@code maxBufferSize} makes camel-mllp's buffer throw: on a connection's first frame the
 *   connection is then neither read nor answered nor closed. {@link FrameLimitBuffer} catches it and calls
 *   {@link #refuseOversize}: the rest of the frame is discarded unread, the route answers AE naming the limit
 *   (header {@link #FRAME_TOO_LARGE}, body the frame's first bytes), and the connection is closed.</li>
 *   <li>camel-mllp reads byte 3 (MSH-1) of the original to check the ACK, so a frame under 4 bytes resets the
 *   connection after the route ran; and with hl7Headers it reads the byte before a CR, so a frame that begins
 *   with CR resets it before the route runs. Such frames go through the route here and their ACK is written
 *   directly.</li>
 * </ul>
 */
public class GuardedMllpConsumer extends MllpTcpServerConsumer {

    /** Header of the exchange of a frame over the limit: the limit in bytes; the body holds the frame's first bytes. */
    public static final String FRAME_TOO_LARGE = "SpotlinkMllpFrameTooLarge";
    private static final Logger LOG = LoggerFactory.getLogger("io.spotlink.intake.hl7.MllpConnection");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int maxConnections;
    private final ThreadPoolExecutor checks;
    private final AtomicInteger checking = new AtomicInteger();

    public GuardedMllpConsumer(MllpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        maxConnections = getConfiguration().getMaxConcurrentConsumers();
        checks = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "mllp-check-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void validateConsumer(Socket socket) {
        FrameLimitBuffer buffer = new FrameLimitBuffer(getEndpoint(), this);
        // camel-mllp keeps the consumer of a connection it refused in this map: forget the closed ones
        getConsumerRunnables().keySet().removeIf(consumer -> consumer.getSocket().isClosed());
        if (checking.get() + getConsumerRunnables().size() >= maxConnections) {
            LOG.warn("MLLP connection from {} reset: {} connections already open (max-connections)",
                    socket.getRemoteSocketAddress(), maxConnections);
            buffer.resetSocket(socket);
            return;
        }
        checking.incrementAndGet();
        try {
            Runnable check = new TcpServerConsumerValidationRunnable(this, socket, buffer);
            checks.execute(() -> {
                try {
                    check.run();
                } finally {
                    checking.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException | IllegalStateException e) {
            checking.decrementAndGet();
            buffer.resetSocket(socket);
        }
    }

    @Override
    public void processMessage(byte[] frame, TcpSocketConsumerRunnable connection) {
        // camel-mllp's hl7Headers reading fails (index -1) on a frame that begins with CR: run that one here too
        if (frame != null && frame.length >= 4 && frame[0] != '\r') {
            super.processMessage(frame, connection);
            return;
        }
        getConsumerRunnables().put(connection, System.currentTimeMillis());
        getEndpoint().updateLastConnectionActivityTicks();
        try {
            answer(frame == null ? new byte[0] : frame, null, connection.getSocket());
        } catch (IOException e) {
            connection.resetSocket("the ACK of a short MLLP frame could not be written");
        }
    }

    /**
     * A frame over {@code maxBufferSize}: what follows of it is read and dropped (until its end block, at most a few
     * read timeouts), the route answers AE, and the connection is closed.
     */
    void refuseOversize(byte[] head, Socket socket) {
        int limit = getConfiguration().getMaxBufferSize();
        LOG.warn("MLLP frame from {} over max-frame-bytes ({} bytes): answered AE, connection closed",
                socket.getRemoteSocketAddress(), limit);
        try {
            discardRestOfFrame(socket);
            answer(head, limit, socket);
            socket.shutdownOutput();
            discardUntilClosed(socket);
        } catch (IOException e) {
            LOG.info("MLLP connection from {} closed while refusing an oversize frame ({})",
                    socket.getRemoteSocketAddress(), e.getClass().getSimpleName());
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** Runs the route on a frame camel-mllp cannot answer itself, and writes the ACK the route made. */
    private void answer(byte[] payload, Integer tooLarge, Socket socket) throws IOException {
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        exchange.getIn().setBody(payload, byte[].class);
        if (tooLarge != null) {
            exchange.getIn().setHeader(FRAME_TOO_LARGE, tooLarge);
        }
        byte[] ack;
        try {
            createUoW(exchange);
            getProcessor().process(exchange);
            ack = exchange.getProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, byte[].class);
        } catch (Exception e) {
            getExceptionHandler().handleException("MLLP frame not processed", exchange, e);
            ack = null;
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
        if (ack == null) {
            throw new IOException("the route made no ACK");
        }
        OutputStream out = socket.getOutputStream();
        out.write(0x0b);
        out.write(ack);
        out.write(new byte[] {0x1c, 0x0d});
        out.flush();
    }

    private void discardRestOfFrame(Socket socket) throws IOException {
        int readTimeout = getConfiguration().getReadTimeout();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5L * readTimeout);
        socket.setSoTimeout(readTimeout);
        InputStream in = socket.getInputStream();
        byte[] scratch = new byte[8192];
        try {
            while (System.nanoTime() < deadline) {
                int n = in.read(scratch);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (scratch[i] == 0x1c) {
                        return;
                    }
                }
            }
        } catch (SocketTimeoutException stalled) {
            // the sender stopped: answer now
        }
    }

    private void discardUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(getConfiguration().getReadTimeout());
        try {
            InputStream in = socket.getInputStream();
            byte[] scratch = new byte[1024];
            while (in.read(scratch) >= 0) {
                // the frame's last CR, or whatever the peer still sends before it reads the AE and closes
            }
        } catch (SocketTimeoutException | java.net.SocketException done) {
            // close anyway
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        super.doShutdown();
        checks.shutdownNow();
    }
}
