package dev.reactio.samples.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The chat server with three scripted clients: every line each client receives, in order. */
class ChatServerSampleTest {

    /** Repeated: a broadcast over a live view of the members greeted newcomers with an old line, 1 run in 10. */
    @RepeatedTest(30)
    void everyClientGetsTheBroadcastsInOrderAndLeavesCleanly() {
        Transcript transcript = Transcript.atScale(0);

        ChatServerSample.main(transcript.ctx()).block(Transcript.HANG_GUARD);

        assertThat(transcript.lines().get(0)).startsWith("Chat server on /127.0.0.1:");
        assertThat(transcript.lines().subList(1, transcript.lines().size()))
                .containsExactly(
                        "[alice] Welcome, guest-1! Send /nick NAME to choose a name, /quit to leave.",
                        "[alice] * guest-1 is now alice",
                        "[bob] Welcome, guest-2! Send /nick NAME to choose a name, /quit to leave.",
                        "[alice] * guest-2 joined",
                        "[bob] * guest-2 is now bob",
                        "[alice] * guest-2 is now bob",
                        "[carol] Welcome, guest-3! Send /nick NAME to choose a name, /quit to leave.",
                        "[alice] * guest-3 joined",
                        "[bob] * guest-3 joined",
                        "[carol] * guest-3 is now carol",
                        "[alice] * guest-3 is now carol",
                        "[bob] * guest-3 is now carol",
                        "[bob] alice: Hello, everyone!",
                        "[carol] alice: Hello, everyone!",
                        "[alice] bob: Hi Alice!",
                        "[carol] bob: Hi Alice!",
                        "[alice] * bob left",
                        "[carol] * bob left",
                        "[alice] * carol left",
                        "Chat server closed");
    }

    @Test
    void aClientThatFallsTooFarBehindIsDisconnectedWithoutHoldingUpTheOthers() {
        ChatServerSample.Room room = new ChatServerSample.Room();
        ChatServerSample.Room.Member slow = new ChatServerSample.Room.Member(1);

        for (int i = 0; i <= ChatServerSample.OUTBOX; i++) {
            room.send(slow, "line " + i); // nobody drains this outbox
        }

        assertThat(slow.outbox.qsize()).isZero(); // shut down immediately: its lines are dropped
        room.send(slow, "one more"); // does not throw
    }
}
