package com.bulkimport.e2e;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * RocksDB's native library for the service JVMs a test starts, taken out of its jar once per run.
 * Without it, RocksDB writes its 15 MB library to a new temporary file at every JVM start and
 * deletes it only when the JVM exits normally: every service a test kills (SIGKILL, as the chaos
 * runs and the benchmark stop them) left one behind in {@code /tmp}, over a thousand in a day of
 * runs. With it, RocksDB loads the library from {@code java.library.path} as it is; on a machine
 * whose library is not known here (or does not load, musl), RocksDB takes it out of its jar as before.
 */
final class RocksDbLibrary {

    private RocksDbLibrary() {
    }

    /** The JVM options that load the library from {@code folder} (taken out there if missing); none when not found. */
    static List<String> jvmOptions(Path folder) throws IOException {
        Optional<String> name = libraryName();
        Optional<String> jar = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(entry -> new File(entry).getName().startsWith("rocksdbjni-") && entry.endsWith(".jar"))
                .findFirst();
        if (name.isEmpty() || jar.isEmpty()) {
            return List.of();
        }
        Path library = folder.resolve(name.get());
        if (!Files.exists(library)) {
            try (ZipFile zip = new ZipFile(jar.get())) {
                var entry = zip.getEntry(name.get());
                if (entry == null) {
                    return List.of();
                }
                Files.createDirectories(folder);
                Path partial = Files.createTempFile(folder, name.get(), ".part");
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return List.of("-Djava.library.path=" + folder.toAbsolutePath());
    }

    /** The library's name in the jar for this machine, as RocksDB looks for it (Linux, x86-64 or arm64). */
    private static Optional<String> libraryName() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return Optional.empty();
        }
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> Optional.of("librocksdbjni-linux64.so");
            case "aarch64" -> Optional.of("librocksdbjni-linux-aarch64.so");
            default -> Optional.empty();
        };
    }
}
