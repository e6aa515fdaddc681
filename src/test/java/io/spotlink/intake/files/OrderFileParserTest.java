package io.spotlink.intake.files;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reading of order files, without the bundle: charsets, byte-order marks, structure. */
class OrderFileParserTest {

    private static final OrderFileParser PARSER = new OrderFileParser(Map.of("source_order_id", "source_order_id",
            "first_name", "recipient.first_name", "test_codes", "test_codes"));

    private static List<OrderFileParser.ParsedRow> rows(String name, byte[] bytes, Charset charset)
            throws IOException {
        List<OrderFileParser.ParsedRow> rows = new ArrayList<>();
        try (OrderRows stream = PARSER.open(name, StrictTextReader.open(new ByteArrayInputStream(bytes), charset))) {
            stream.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void excelsUtf8ByteOrderMarkIsSkippedSoTheFirstColumnIsKnown() throws Exception {
        byte[] csv = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "source_order_id,first_name,test_codes\nB-1,Jürgen,LIPID\n".getBytes(StandardCharsets.UTF_8));
        List<OrderFileParser.ParsedRow> rows = rows("bom.csv", csv, StandardCharsets.UTF_8);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).order().sourceOrderId()).isEqualTo("B-1");
        assertThat(rows.get(0).order().recipient().firstName()).isEqualTo("Jürgen");
    }

    @Test
    void aUtf16ByteOrderMarkChoosesUtf16WhateverIsConfigured() throws Exception {
        byte[] csv = concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "source_order_id,first_name,test_codes\nB-2,Zoë,LIPID\n".getBytes(StandardCharsets.UTF_16LE));
        List<OrderFileParser.ParsedRow> rows = rows("utf16.csv", csv, StandardCharsets.UTF_8);
        assertThat(rows.get(0).order().recipient().firstName()).isEqualTo("Zoë");
    }

    @Test
    void latin1BytesUnderUtf8AreRefusedWithTheirLineNeverMangled() {
        byte[] csv = "source_order_id,first_name,test_codes\nL-1,Ann,LIPID\nL-2,Jürgen,LIPID\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> rows("latin1.csv", csv, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("not valid UTF-8")
                .hasMessageContaining("line 3");
    }

    @Test
    void theSameLatin1BytesAreReadWhenLatin1IsConfigured() throws Exception {
        byte[] csv = "source_order_id,first_name,test_codes\nL-2,Jürgen,LIPID\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(rows("latin1.csv", csv, StandardCharsets.ISO_8859_1).get(0).order().recipient().firstName())
                .isEqualTo("Jürgen");
    }

    @Test
    void utf16WithoutAByteOrderMarkIsRefusedAsNotText() {
        byte[] csv = "source_order_id,first_name,test_codes\nU-1,Ann,LIPID\n".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> rows("utf16.csv", csv, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("NUL");
    }

    @Test
    void twoJsonValuesInOneFileAreRefusedNeverReducedToTheFirst() {
        byte[] json = "{\"source_order_id\":\"J-1\"}\n{\"source_order_id\":\"J-2\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows("lines.json", json, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("second JSON value")
                .hasMessageContaining("line 2");
    }

    @Test
    void aJsonArrayIsStreamedElementByElementAndDuplicateKeysAreRefused() throws Exception {
        byte[] ok = "[{\"source_order_id\":\"J-1\"},{\"source_order_id\":\"J-2\"}]".getBytes(StandardCharsets.UTF_8);
        assertThat(rows("a.json", ok, StandardCharsets.UTF_8)).extracting(r -> r.order().sourceOrderId())
                .containsExactly("J-1", "J-2");
        byte[] dup = "[{\"source_order_id\":\"J-1\",\"source_order_id\":\"J-2\"}]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows("d.json", dup, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("duplicate key");
        byte[] trailing = "[{\"source_order_id\":\"J-1\"}] []".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows("t.json", trailing, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("second JSON value");
    }

    @Test
    void anUnclosedQuoteRefusesTheCsv() {
        byte[] csv = "source_order_id,first_name,test_codes\nQ-1,\"Ann,LIPID\nQ-2,Bo,LIPID\n"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows("q.csv", csv, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("quoted value");
    }

    @Test
    void aCsvWithoutAHeaderRowIsRefusedWithoutQuotingItsFirstOrder() {
        byte[] csv = "H-1,Zerelda,LIPID\nH-2,Ann,LIPID\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows("nohead.csv", csv, StandardCharsets.UTF_8))
                .isInstanceOf(FileRefusedException.class).hasMessageContaining("no known column")
                .hasMessageNotContaining("Zerelda");
    }
}
