package io.spotlink.intake.jms;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JmsOrderTextTest {

    @Test
    void theUtf8LengthIsCountedWithoutEncodingAndMatchesTheEncoding() {
        for (String text : new String[] {"", "abc", "Müller", "東京", "emoji \uD83D\uDE00 end", "x".repeat(1000)}) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            assertThat(JmsOrderText.utf8LengthExceeds(text, bytes)).as(text).isFalse();
            assertThat(JmsOrderText.utf8LengthExceeds(text, bytes - 1L)).as(text).isTrue();
        }
    }
}
