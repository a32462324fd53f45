package dev.reactio.http;

import dev.reactio.http.testing.HttpBinServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded {@link HttpBinServer} per test class, started before its first test and closed
 * after its last (nested classes share their outer class's server):
 * {@code @RegisterExtension static final HttpBin httpbin = new HttpBin();}.
 */
final class HttpBin implements BeforeAllCallback, AfterAllCallback {

    private HttpBinServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = HttpBinServer.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() == null && server != null) {
            server.close();
            server = null;
        }
    }

    /** @return the server's base URL, {@code http://127.0.0.1:port} */
    String baseUrl() {
        return server.baseUrl();
    }
}
