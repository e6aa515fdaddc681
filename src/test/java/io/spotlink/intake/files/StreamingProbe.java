package io.spotlink.intake.files;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;

/**
 * Reads a generated order file of many megabytes through the parsers, in a JVM started with a small heap by
 * {@link OrderFileStreamingTest}: it only gets through when rows are streamed. Arguments: json|csv, row count.
 * Prints the number of rows read.
 */
final class StreamingProbe {

    private StreamingProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean json = args[0].equals("json");
        int count = Integer.parseInt(args[1]);
        OrderFileParser parser = new OrderFileParser(Map.of("source_order_id", "source_order_id",
                "first_name", "recipient.first_name", "notes", "metadata.notes"));
        int read = 0;
        try (OrderRows rows = parser.open(json ? "big.json" : "big.csv",
                StrictTextReader.open(generated(json, count), StandardCharsets.UTF_8))) {
            while (rows.hasNext()) {
                rows.next();
                read++;
            }
        }
        System.out.println("ROWS " + read);
    }

    /** The file's bytes, made as they are read: never in memory as a whole. */
    private static InputStream generated(boolean json, int count) {
        String padding = "x".repeat(400);
        return new SequenceInputStream(new Enumeration<>() {
            private int i = -1;

            @Override
            public boolean hasMoreElements() {
                return i <= count;
            }

            @Override
            public InputStream nextElement() {
                String part;
                if (i == -1) {
                    part = json ? "[" : "source_order_id,first_name,notes\n";
                } else if (i == count) {
                    part = json ? "]" : "";
                } else if (json) {
                    part = (i > 0 ? "," : "") + "{\"source_order_id\":\"S-" + i + "\",\"recipient\":{\"first_name\":\""
                            + padding + "\"}}\n";
                } else {
                    part = "S-" + i + "," + padding + "," + padding + "\n";
                }
                i++;
                return new java.io.ByteArrayInputStream(part.getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
