package io.spotlink.intake.files;

import java.nio.charset.Charset;

/**
 * What an order file may be: its charset when it has no byte-order mark, its largest size (refused before it is
 * read), its most rows, and how many of its rows are submitted at once.
 */
public record FileIntakeLimits(Charset charset, long maxBytes, int maxRows, int concurrency) {

    public FileIntakeLimits {
        if (maxBytes < 1 || maxRows < 1 || concurrency < 1) {
            throw new IllegalArgumentException("spotlink.intake.files.max-bytes, max-rows and concurrency must be "
                    + "at least 1");
        }
    }
}
