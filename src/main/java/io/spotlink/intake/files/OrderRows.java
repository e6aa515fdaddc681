package io.spotlink.intake.files;

import java.io.Closeable;
import java.util.Iterator;

/**
 * The orders of one file, read one at a time so memory stays flat in the file's size. A problem with the whole
 * file (not JSON, unbalanced quotes, a bad byte) surfaces as {@link FileRefusedException} from hasNext or next.
 */
public interface OrderRows extends Iterator<OrderFileParser.ParsedRow>, Closeable {
}
