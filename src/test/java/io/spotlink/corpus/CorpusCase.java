package io.spotlink.corpus;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One bad input of the corpus: {@code bad-input/<channel>/<name>.<ext>} and its expected outcome beside it in
 * {@code <name>.expect} (description, outcome, contains, and per-channel options).
 */
record CorpusCase(String channel, String name, Path input, Properties expect) {

    static final Path ROOT = Path.of("src/test/resources/bad-input");

    static List<CorpusCase> all(String onlyChannel) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 2)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".expect"))
                    .filter(p -> onlyChannel == null || onlyChannel.isBlank()
                            || p.getParent().getFileName().toString().equals(onlyChannel))
                    .sorted().map(CorpusCase::load).toList();
        }
    }

    private static CorpusCase load(Path expectFile) {
        String file = expectFile.getFileName().toString();
        String name = file.substring(0, file.length() - ".expect".length());
        Properties expect = new Properties();
        try (Reader reader = Files.newBufferedReader(expectFile, StandardCharsets.UTF_8);
             Stream<Path> siblings = Files.list(expectFile.getParent())) {
            expect.load(reader);
            Path input = siblings.filter(p -> {
                String n = p.getFileName().toString();
                return !n.endsWith(".expect") && n.startsWith(name + ".") && n.indexOf('.', name.length() + 1) < 0;
            }).findFirst().orElseThrow(() -> new IllegalStateException("no input file beside " + expectFile));
            return new CorpusCase(expectFile.getParent().getFileName().toString(), name, input, expect);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String outcome() {
        return expect.getProperty("outcome", "").strip().toUpperCase(Locale.ROOT);
    }

    List<String> contains() {
        String value = expect.getProperty("contains", "");
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    String option(String key, String fallback) {
        return expect.getProperty(key, fallback).strip();
    }

    byte[] bytes() throws IOException {
        return Files.readAllBytes(input);
    }

    @Override
    public String toString() {
        return channel + "/" + name;
    }
}
