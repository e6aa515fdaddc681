package io.spotlink.intake.hl7;

import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpSocketException;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;

import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * camel-mllp's read buffer, which throws IllegalStateException when a frame outgrows {@code maxBufferSize} and then
 * leaves the connection unanswered. Here that frame is refused by the consumer (AE naming the limit, connection
 * closed) and camel-mllp sees the connection as gone.
 */
final class FrameLimitBuffer extends MllpSocketBuffer {

    private final GuardedMllpConsumer consumer;

    FrameLimitBuffer(MllpEndpoint endpoint, GuardedMllpConsumer consumer) {
        super(endpoint);
        this.consumer = consumer;
    }

    @Override
    public synchronized void readFrom(Socket socket, int receiveTimeout, int readTimeout)
            throws MllpSocketException, SocketTimeoutException {
        try {
            super.readFrom(socket, receiveTimeout, readTimeout);
        } catch (IllegalStateException overLimit) {
            byte[] read = toByteArray();
            byte[] head = Arrays.copyOfRange(read, Math.max(0, getStartOfBlockIndex() + 1), read.length);
            reset();
            consumer.refuseOversize(head, socket);
            throw new MllpSocketException("MLLP frame over max-frame-bytes: answered AE, connection closed");
        }
    }
}
