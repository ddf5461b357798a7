package io.keygate.auth.access.webhook;

/**
 * One way out of the outbox (the signed webhook, mail, a chat incoming webhook). The dispatcher
 * owns retries, backoff and the health record; a channel only sends one delivery and says whether
 * it worked by returning or throwing.
 */
public interface OutboxChannel {

	/** The name rows carry in {@code webhook_outbox.channel}, e.g. {@code mail}. */
	String name();

	/** Whether the channel is configured; rows of a channel that is not stay queued. */
	boolean enabled();

	/** Sends one delivery; throws {@link DeliveryFailedException} (or any runtime exception) when it did not go out. */
	void send(WebhookOutbox.Delivery delivery) throws DeliveryFailedException;

	/** A delivery that did not go out, with what the far end or the network said. */
	final class DeliveryFailedException extends Exception {

		private static final long serialVersionUID = 1L;

		public DeliveryFailedException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
