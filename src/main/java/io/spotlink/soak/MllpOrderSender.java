package io.spotlink.soak;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** ORM^O01 over MLLP on a fresh connection; AA settles it, AE refuses it, AR or no ACK is resent. */
final class MllpOrderSender {

    private final java.util.List<Integer> ports;
    private final AtomicLong controlIds = new AtomicLong();

    /** With several instances, attempts go round their listeners. */
    MllpOrderSender(java.util.List<Integer> ports) {
        this.ports = java.util.List.copyOf(ports);
    }

    Resender.Outcome attempt(SoakOrder order, StringBuilder detail) throws Exception {
        try (Socket socket = new Socket()) {
            long n = controlIds.incrementAndGet();
            socket.connect(new InetSocketAddress("127.0.0.1", ports.get((int) (n % ports.size()))), 3000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(order.orm("SOAK" + n).getBytes(StandardCharsets.UTF_8));
            out.write(new byte[]{0x1c, 0x0d});
            out.flush();
            String ack = readFrame(socket.getInputStream());
            String code = ackCode(ack);
            detail.append("ACK ").append(code);
            return switch (code) {
                case "AA", "CA" -> Resender.Outcome.ACCEPTED;
                case "AE", "CE" -> Resender.Outcome.REFUSED;
                default -> Resender.Outcome.RETRY;
            };
        }
    }

    static String ackCode(String ack) {
        if (ack == null) {
            return "none";
        }
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                String[] fields = segment.split("\\|", -1);
                return fields.length > 1 ? fields[1] : "none";
            }
        }
        return "none";
    }

    private static String readFrame(InputStream in) throws java.io.IOException {
        int b;
        while ((b = in.read()) != 0x0b) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0 && b != 0x1c) {
            frame.write(b);
        }
        return b < 0 ? null : frame.toString(StandardCharsets.UTF_8);
    }
}
