package io.spotlink.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;

/** A hospital engine's side of MLLP, over a real socket: sends one framed message and reads the framed reply. */
public final class MllpClient {

    private MllpClient() {
    }

    public static byte[] send(int port, byte[] message) throws IOException {
        return sendBytes(port, frame(message), 30_000)
                .orElseThrow(() -> new IOException("connection closed before a reply"));
    }

    /** {@code message} in an MLLP frame: VT, the bytes, FS CR. */
    public static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 3];
        framed[0] = 0x0b;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[framed.length - 2] = 0x1c;
        framed[framed.length - 1] = 0x0d;
        return framed;
    }

    /**
     * Sends {@code bytes} exactly as given (framing included or not) and reads one framed reply. Empty when the peer
     * closed or reset the connection without a reply; an IOException when nothing came within {@code timeoutMillis}.
     */
    public static Optional<byte[]> sendBytes(int port, byte[] bytes, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (SocketException e) {
                return Optional.empty();
            }
            return readReply(socket.getInputStream());
        }
    }

    /** One framed reply from {@code in}; empty when the stream ends (or is reset) before a whole one came. */
    public static Optional<byte[]> readReply(InputStream in) throws IOException {
        try {
            int b;
            while ((b = in.read()) != 0x0b) {
                if (b < 0) {
                    return Optional.empty();
                }
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            while ((b = in.read()) != 0x1c) {
                if (b < 0) {
                    return Optional.empty();
                }
                reply.write(b);
            }
            return Optional.of(reply.toByteArray());
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
