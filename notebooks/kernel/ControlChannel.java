package org.rapaio.jupyter.kernel.channels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * pase4j's replacement for rapaio-jupyter-kernel 3.0.1's control channel (interrupt and shutdown requests),
 * compiled by {@code notebooks/install-kernel.sh} into the jar that goes before the kernel's on the class path.
 *
 * <p>The original handles an {@code interrupt_request} like a shell request: it makes the interrupt the
 * "current message" that the kernel shares between its threads and then runs every pending after-action. Both
 * belong to the cell that is running on the shell thread: its error, its {@code execute_reply} and its closing
 * {@code idle} are lost, or sent as answers to the interrupt, and the notebook shows the cell as running
 * ({@code In [*]}) forever. The original also sends the {@code interrupt_reply} on the shell socket, where the
 * control client's identity is unknown, so nobody receives it.
 *
 * <p>Here an interrupt touches no shared state: its reply goes back on this channel and the running cell is
 * interrupted through {@link RapaioExecutionControl#interruptAll()}; the cell then ends on its own thread with
 * an "InterruptedException" error and its reply. Other control requests (shutdown) are handled as before.
 */
public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger(ControlChannel.class.getSimpleName());
    private static final long LOOP_SLEEP = 50;
    private static final AtomicInteger ID = new AtomicInteger();

    private volatile LoopThread loopThread;

    /**
     * @param channels the kernel's channels
     * @param context the ZeroMQ context
     * @param hmacGenerator signs the messages
     */
    public ControlChannel(Channels channels, ZMQ.Context context, HMACDigest hmacGenerator) {
        super(channels, "ControlChannel", context, SocketType.ROUTER, hmacGenerator);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void bind(ConnectionProperties connProps) {
        if (loopThread != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        String name = "Control-" + ID.getAndIncrement();
        String address = connProps.formatAddress(connProps.controlPort());
        LOGGER.info(logPrefix + "Binding to " + address);
        socket.bind(address);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);

        loopThread = new LoopThread(name, LOOP_SLEEP, () -> {
            if (poller.poll(0) <= 0) {
                return;
            }
            Message<?> message = readMessage();
            MessageType<?> type = message.header().type();
            if (type == MessageType.CONTROL_INTERRUPT_REQUEST) {
                LOGGER.info(logPrefix + "Interrupting the running cell");
                sendMessage(new Message<>(message.getId(), MessageType.CONTROL_INTERRUPT_REPLY, new ControlInterruptReply()));
                RapaioExecutionControl.interruptAll();
                return;
            }
            MessageHandler handler = channels.getHandler(type);
            if (handler == null) {
                LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
                return;
            }
            LOGGER.info(logPrefix + "Handling message: " + type.name());
            channels.setMsgId(message.getId());
            try {
                handler.handle(message);
            } catch (Exception e) {
                LOGGER.severe(logPrefix + "Exception handling " + type.name() + ". "
                        + e.getClass().getSimpleName() + ": " + e.getLocalizedMessage());
            } finally {
                channels.runAfterActions();
            }
            if (channels.isMarkedForShutdown()) {
                LOGGER.info(name + " shutting down connection marked for shutdown.");
                channels.close();
            }
        });
        loopThread.start();
    }

    @Override
    public void close() {
        if (loopThread != null) {
            loopThread.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        if (loopThread != null) {
            try {
                loopThread.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
