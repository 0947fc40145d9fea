package org.malcomedge.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts fixed at build time (the project version), read from a resource Maven fills in. */
public final class BuildInfo {

    private static final String VERSION = load().getProperty("version", "unknown");

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
