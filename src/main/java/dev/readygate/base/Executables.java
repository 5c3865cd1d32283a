package dev.readygate.base;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Where a program name leads, as execvp finds it. */
public final class Executables {
    private Executables() {
    }

    /**
     * The executable NAME resolves to: itself when it holds a '/', else the first executable file of that name in the
     * folders of {@code path} (a PATH value; an empty entry is the current folder; null: /usr/bin:/bin); null when none.
     */
    public static String find(String name, String path) {
        try {
            if (name.contains("/")) return Files.isExecutable(Path.of(name)) && !Files.isDirectory(Path.of(name)) ? name : null;
            for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator, -1)) {
                Path f = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isExecutable(f) && !Files.isDirectory(f)) return f.toString();
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }
}
