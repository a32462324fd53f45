package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.Task;
import io.micrometer.context.ContextRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Hooks;

/**
 * A task's registered ThreadLocals survive the hop onto a Netty event loop: the response
 * arrives on reactor-netty's thread, and the task's code after it still sees its creator's
 * values (Reactor's automatic context propagation). Global state is restored after each test.
 */
class ContextPropagationTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    static final String KEY = "reactio.test.requestId";

    @BeforeEach
    void enable() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, REQUEST_ID);
        Hooks.enableAutomaticContextPropagation();
        REQUEST_ID.set("request-1");
    }

    @AfterEach
    void disable() {
        REQUEST_ID.remove();
        Hooks.disableAutomaticContextPropagation();
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @Test
    void aTaskSeesItsCreatorsThreadLocalsAfterAResponseOnANettyEventLoop() throws Exception {
        try (ClientSession session = ClientSession.create()) {
            Task<String> task = Aio.createTask(session.get(httpbin.baseUrl() + "/get")
                    .map(response -> Thread.currentThread().getName() + " sees " + REQUEST_ID.get()));
            REQUEST_ID.set("changed after creation");

            assertThat(task.toFuture().get(20, TimeUnit.SECONDS)).matches("reactor-http-.* sees request-1");
        }
    }
}
