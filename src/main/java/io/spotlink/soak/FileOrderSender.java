package io.spotlink.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Drops a batch of orders into the inbox atomically: written under a dot-name the bundle ignores, then renamed.
 * Alternates CSV and JSON (an array) files. A file in the folder is durable, so the batch is handed over.
 */
final class FileOrderSender {

    private final Path inbox;
    private int files;

    FileOrderSender(Path inbox) throws IOException {
        this.inbox = Files.createDirectories(inbox);
    }

    synchronized void drop(List<SoakOrder> batch) throws IOException {
        boolean csv = files++ % 2 == 0;
        String name = "soak-" + batch.get(0).sourceOrderId() + (csv ? ".csv" : ".json");
        String body = csv
                ? SoakOrder.csvHeader() + "\n" + batch.stream().map(SoakOrder::csvRow).collect(Collectors.joining("\n"))
                + "\n"
                : batch.stream().map(SoakOrder::json).collect(Collectors.joining(",\n", "[", "]"));
        Path temp = inbox.resolve("." + name + ".tmp");
        Files.writeString(temp, body, StandardCharsets.UTF_8);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
