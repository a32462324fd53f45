package dev.reactio.streams;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The registry of open files for tests: every {@link ChannelFile} whose channel is open. Installed
 * as {@link ChannelFile#watcher} for the whole test run (a JUnit {@link LauncherSessionListener},
 * registered in {@code META-INF/services}), so that it sees every file any test opens; production
 * code keeps no such registry.
 */
public final class OpenFiles implements LauncherSessionListener, ChannelFile.Watcher {

    /** Every file whose channel is open. */
    static final Set<ChannelFile> OPEN = ConcurrentHashMap.newKeySet();

    private static final OpenFiles INSTANCE = new OpenFiles();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    /** Installs the registry (again); idempotent. */
    static void install() {
        ChannelFile.watcher = INSTANCE;
    }

    @Override
    public void opened(ChannelFile file) {
        OPEN.add(file);
    }

    @Override
    public void closed(ChannelFile file) {
        OPEN.remove(file);
    }
}
